"""Readers: files, directories, JSON/JSONL, HTML, stdin and http(s) URLs in, :class:`Article` objects out.

:meth:`Reader.read` is the one entry point. Every reader yields either an ``Article``
or a :class:`Rejected` naming the input and the reason, so one bad file or line never
stops a batch. JSON lines are streamed (from files and stdin alike) with a limit per
line, so an input of any size runs in constant memory.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

from ..record import Article
from .base import (
    DEFAULT_MAX_BYTES,
    KNOWN_FIELDS,
    TOO_DEEP,
    InputError,
    Rejected,
    content_id,
    decode,
    make_article,
    parse_date,
    text_digest,
)

__all__ = [
    "DEFAULT_MAX_BYTES", "KNOWN_FIELDS", "InputError", "Reader", "Rejected", "content_id", "decode",
    "make_article", "parse_date", "text_digest",
]

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
WARC_SUFFIXES = {".warc", ".warc.gz"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
_URL = re.compile(r"^https?://", re.IGNORECASE)
_WIDE_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)

# A .txt file may start with "key: value" lines, then a blank line, then the text.
_HEADER_LINE = re.compile(r"^(id|title|date|url|source|lang|genre):[ \t]*(.*)$", re.IGNORECASE)
# Photo captions and credits are not article text: "Bild: dpa", "Foto: Michael Kappeler/dpa", "© Reuters"
_CREDIT = re.compile(
    r"^\s*(?:(?:Bild|Bilder|Foto|Fotos|Grafik|Illustration|Video|Bildquelle|Fotoquelle|Quelle Bild|Copyright)"
    r"(?:/Quelle)?\s*(?::|©)|©|\(c\)\s)",
    re.IGNORECASE,
)
_CREDIT_TAIL = re.compile(r"\s*[(\[]?\b(?:Bild|Foto|Fotos|Grafik)\s*:\s*[^()\[\]\n]{1,60}[)\]]?\s*$")
# a caption marked as such at its end: "… in Kiew. (Archivbild)"
_CAPTION_MARK = re.compile(r"[(\[](?:Archiv|Symbol)(?:bild|foto)[)\]]\s*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;…\"“”»«)\]]\s*$")
_HEADLINE_END = re.compile(r"[.!?:;…,][\"“”»«)\]]*\s*$")  # a headline may end in a closing quote: „Masterplan“
_HTML_STRIP = re.compile(r"(?is)<(figure|figcaption|picture|noscript)\b.*?</\1\s*>")


@dataclass
class Reader:
    """Turns inputs (files, directories, ``-`` for stdin, http(s) URLs) into articles.

    ``defaults`` fill fields the input lacks (e.g. ``{"date": "2020-02-14"}`` from ``--date``).
    ``max_bytes`` bounds every article: a text file, an HTML page, a JSON line, a WARC record.
    URL fetches refuse loopback, private and link-local addresses unless ``allow_private_urls``.
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    defaults: dict[str, Any] | None = None
    allow_private_urls: bool = False
    url_deadline_s: float = 60.0

    def read(self, inputs: Iterable[str | Path]) -> Iterator[Article | Rejected]:
        for item in inputs:
            if str(item) == "-":
                yield from self.read_stream(sys.stdin.buffer, "<stdin>")
                continue
            if _URL.match(str(item)):
                from . import web

                yield from web.read_url(str(item), self)
                continue
            path = Path(item)
            if path.is_dir():
                for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                    if not _is_sidecar(child):
                        yield from self.read_file(child)
            elif path.exists():
                yield from self.read_file(path)
            else:
                yield Rejected(str(path), "no such file or directory")

    def read_file(self, path: Path) -> Iterator[Article | Rejected]:
        origin = str(path)
        suffix = _suffix(path)
        try:
            size = path.stat().st_size
            if suffix in (".jsonl", ".ndjson"):
                with path.open("rb") as fh:  # streamed: the limit applies per line
                    yield from self.read_jsonl(fh, origin)
                return
            # a WARC is a container: its limit applies per record (in web.py), not to the crawl
            if size > self.max_bytes and suffix not in WARC_SUFFIXES:
                raise InputError(f"file is {size:,} bytes, over the limit of {self.max_bytes:,} (--max-bytes)")
            if suffix in WARC_SUFFIXES or suffix in FEED_SUFFIXES:
                from . import web  # optional formats live apart

                yield from web.read(path, suffix, self)
                return
            if suffix not in TEXT_SUFFIXES | JSON_SUFFIXES | HTML_SUFFIXES:
                raise InputError(
                    f"unknown file type {suffix or '(none)'!r}; "
                    "expected .txt, .json, .jsonl, .html, .warc(.gz), .rss/.atom/.xml"
                )
            data = path.read_bytes()
        except InputError as exc:
            yield Rejected(origin, str(exc))
            return
        except OSError as exc:
            yield Rejected(origin, f"cannot read: {exc.strerror or exc}")
            return
        yield from self.parse_bytes(data, origin, suffix)

    def read_stream(self, stream: IO[bytes], origin: str) -> Iterator[Article | Rejected]:
        """A byte stream (stdin): JSON lines are streamed; anything else is one article within the limit."""
        buf = _peekable(stream)
        head = buf.peek(64)[:64]
        while head[:1].isspace() and head:
            buf.read(1)
            head = buf.peek(64)[:64]
        if head.lstrip(codecs.BOM_UTF8)[:1] == b"{":
            yield from self.read_jsonl(buf, origin)
            return
        data = buf.read(self.max_bytes + 1)
        if len(data) > self.max_bytes:
            yield Rejected(origin, f"input is over the limit of {self.max_bytes:,} bytes (--max-bytes)")
            return
        suffix = ".html" if data.lstrip()[:1] == b"<" else ".txt"
        yield from self.parse_bytes(data, origin, suffix)

    def read_jsonl(self, stream: IO[bytes], origin: str) -> Iterator[Article | Rejected]:
        """One article per JSON line, streamed; a line over ``max_bytes`` is rejected and skipped."""
        buf = _peekable(stream)
        head = buf.peek(4)[:4]
        wide = next((enc for bom, enc in _WIDE_BOMS if head.startswith(bom)), None)
        lines = _text_lines(buf, self.max_bytes, wide) if wide else _byte_lines(buf, self.max_bytes)
        try:
            for lineno, (line, whole) in enumerate(lines, 1):
                where = f"{origin}:{lineno}"
                if not whole:
                    yield Rejected(where, f"line is over the limit of {self.max_bytes:,} bytes (--max-bytes)")
                    continue
                if isinstance(line, bytes):
                    if lineno == 1:
                        line = line.removeprefix(codecs.BOM_UTF8)
                    try:
                        text = line.decode("utf-8")
                    except UnicodeDecodeError as exc:
                        yield Rejected(where, f"invalid UTF-8 at column {exc.start + 1} (JSON lines must be UTF-8)")
                        continue
                else:
                    text = str(line)
                if text.strip():
                    yield self._json_item(text, where)
        except InputError as exc:
            yield Rejected(origin, str(exc))

    def _json_item(self, line: str, where: str) -> Article | Rejected:
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            return Rejected(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
        except RecursionError:
            return Rejected(where, TOO_DEEP)
        return self._guard(lambda: make_article(item, where, self.defaults), where)

    def parse_bytes(self, data: bytes, origin: str, suffix: str) -> Iterator[Article | Rejected]:
        if suffix in (".jsonl", ".ndjson"):
            yield from self.read_jsonl(io.BytesIO(data), origin)
            return
        try:
            text = decode(data, origin)
        except InputError as exc:
            yield Rejected(origin, str(exc))
            return
        if suffix in JSON_SUFFIXES:
            yield from self._parse_json(text, origin)
            return
        try:
            if suffix in HTML_SUFFIXES:
                yield self.from_html(text, origin)
            else:
                yield self._from_txt(text, origin)
        except InputError as exc:
            yield Rejected(origin, str(exc))

    def _parse_json(self, text: str, origin: str) -> Iterator[Article | Rejected]:
        """A .json file: one object, a list of objects, or JSON lines under a .json name."""
        if text.lstrip().startswith(("[", "{")):
            try:
                doc = json.loads(text)
            except json.JSONDecodeError:
                doc = None  # maybe JSON lines under a .json name: fall through
            except RecursionError:
                yield Rejected(origin, TOO_DEEP)
                return
            if doc is not None:
                items = doc if isinstance(doc, list) else [doc]
                for i, item in enumerate(items, 1):
                    where = f"{origin}[{i}]" if isinstance(doc, list) else origin
                    yield self._guard(lambda item=item, where=where: make_article(item, where, self.defaults), where)
                return
        for lineno, line in enumerate(text.splitlines(), 1):
            if line.strip():
                yield self._json_item(line, f"{origin}:{lineno}")

    @staticmethod
    def _guard(build, origin: str) -> Article | Rejected:
        try:
            return build()
        except InputError as exc:
            return Rejected(origin, str(exc))
        except ValueError as exc:  # pydantic validation of odd field types
            return Rejected(origin, f"invalid field: {exc}".splitlines()[0])

    def _from_txt(self, text: str, origin: str) -> Article:
        fields: dict[str, Any] = {}
        lines = text.splitlines(keepends=True)
        header_end = 0
        for i, line in enumerate(lines):
            m = _HEADER_LINE.match(line.rstrip("\r\n"))
            if m:
                fields[m.group(1).lower()] = m.group(2).strip()
                continue
            if fields and not line.strip():
                header_end = i + 1
            break
        if header_end:
            text = "".join(lines[header_end:])
        else:
            fields = {}
        fields["text"] = text.strip("\n\r\ufeff")
        sidecar = Path(origin).with_suffix(".json")
        if Path(origin).suffix != ".json" and sidecar.is_file():
            fields = {**_sidecar(sidecar), **fields}
        if not fields.get("title"):
            headline = _headline(fields["text"])
            if headline:
                fields["title"] = headline  # the text keeps it: the id and the offsets stay as they were
        return make_article(fields, origin, self.defaults)

    def from_html(self, html: str, origin: str) -> Article:
        import trafilatura

        text = trafilatura.extract(
            clean_html(html), include_comments=False, include_tables=False, favor_precision=True
        )
        text = join_broken_lines(drop_credits(text or ""))
        if not text.strip():
            raise InputError("no article text found in the HTML")
        meta = trafilatura.extract_metadata(html)
        fields: dict[str, Any] = {"text": text}
        if meta is not None:
            fields.update(title=meta.title, url=meta.url, source=meta.sitename)
            if meta.date:
                fields["date"] = meta.date
        return make_article(fields, origin, self.defaults)


def _headline(text: str) -> str | None:
    """A first line that reads as a headline: short, not a sentence, a blank line after it, text after that.

    Pasted news starts with its headline ("Scholz kündigt Investitionen an"); a first paragraph
    ends in punctuation, and a dateline ("BERLIN (dpa) -") runs on into its sentence.
    """
    first, sep, rest = text.partition("\n")
    first = first.strip()
    if not sep or not rest.startswith(("\n", "\r\n")) or not rest.strip():
        return None
    if not first or len(first) > 200 or _HEADLINE_END.search(first):
        return None
    return first


def clean_html(html: str) -> str:
    """HTML as a browser would lay it out: figures and captions gone, source line breaks are spaces.

    A newline inside an HTML paragraph is white space, not a line break; extractors that
    keep it split a sentence (and a quote running over it) in two. ``<pre>`` is rare in news.
    """
    html = _HTML_STRIP.sub(" ", html)
    return re.sub(r"[ \t]*\r?\n[ \t\r\n]*", " ", html)


def drop_credits(text: str) -> str:
    """Drop caption and credit lines: "Bild: dpa", "Foto: …/dpa", "© Reuters", and a caption
    ending in its credit ("Die Ministerin in Berlin Foto: Anja Beispiel"); a credit at the
    end of a full sentence is cut off, the sentence kept."""
    kept = []
    for line in text.splitlines():
        if (_CREDIT.match(line) or _CAPTION_MARK.search(line)) and len(line) < 300:
            continue
        tail = _CREDIT_TAIL.search(line)
        if tail:
            rest = line[: tail.start()].rstrip()
            if len(line) < 300 and not _SENTENCE_END.search(rest):
                continue  # a caption: a phrase, then the credit
            line = rest
        kept.append(line)
    return "\n".join(kept)


def join_broken_lines(text: str) -> str:
    """Join a line that stops mid-sentence with a next line starting in lower case (a hard break)."""
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        if out and out[-1].strip() and line[:1].islower() and not _SENTENCE_END.search(out[-1]):
            out[-1] = out[-1].rstrip() + " " + line.lstrip()
        else:
            out.append(line)
    return "\n".join(out)


def _byte_lines(stream: IO[bytes], limit: int) -> Iterator[tuple[bytes, bool]]:
    """Lines of a byte stream; a line over ``limit`` comes back empty with ``whole=False`` (skipped to its end)."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of this line in bounded pieces
                line = stream.readline(1 << 20)
            yield b"", False
            continue
        yield line, True


def _text_lines(stream: IO[bytes], limit: int, encoding: str) -> Iterator[tuple[str, bool]]:
    """Lines of a UTF-16/32 stream (BOM first), with the same per-line limit in characters."""
    reader = io.TextIOWrapper(stream, encoding=encoding)
    try:
        while True:
            line = reader.readline(limit + 1)
            if not line:
                return
            if len(line) > limit and not line.endswith("\n"):
                while line and not line.endswith("\n"):
                    line = reader.readline(1 << 20)
                yield "", False
                continue
            yield line, True
    except UnicodeDecodeError as exc:
        raise InputError(f"invalid {encoding.upper()} text: {exc.reason}") from None
    finally:
        reader.detach()  # closing the wrapper would close stdin


def _is_sidecar(path: Path) -> bool:
    """``article.json`` beside ``article.txt`` is that text's metadata, not an article."""
    return path.suffix.lower() == ".json" and path.with_suffix(".txt").is_file()


def _sidecar(path: Path) -> dict[str, Any]:
    """Metadata from ``article.json`` next to ``article.txt`` (as the bundled example has)."""
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(meta, dict):
        return {}
    return {k: v for k, v in meta.items() if k not in ("text", "text_file", "note")}


def _suffix(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return ".warc.gz"
    return path.suffix.lower()


def _peekable(stream: IO[bytes]) -> Any:
    """``stream`` itself when it can peek (a buffered file, stdin's buffer), else a buffered wrapper."""
    return stream if hasattr(stream, "peek") else io.BufferedReader(cast(Any, stream))
