"""Readers: files, directories, JSON/JSONL, HTML and stdin in, :class:`Article` objects out.

Every reader yields either an ``Article`` or a :class:`Rejected` naming the input and
the reason, so one bad file or line never stops a batch.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..record import Article, content_id, text_digest  # noqa: F401  (text_digest re-exported)

DEFAULT_MAX_BYTES = 5_000_000
KNOWN_FIELDS = {"id", "text", "title", "date", "url", "source", "lang", "genre"}
TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
WARC_SUFFIXES = {".warc", ".warc.gz"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}

# A .txt file may start with "key: value" lines, then a blank line, then the text.
_HEADER_LINE = re.compile(r"^(id|title|date|url|source|lang|genre):[ \t]*(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Rejected:
    """An input that could not become an article, and why."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


class InputError(ValueError):
    """Raised inside readers; turned into a :class:`Rejected` for the batch."""


def parse_date(value: Any, origin: str = "input") -> dt.date | None:
    """An ISO date or datetime (string or object) as a date; None for empty."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise InputError(f"date {text!r} is not an ISO date (YYYY-MM-DD)") from None


def decode(data: bytes, origin: str) -> str:
    """Bytes to text: UTF-8 first, else detect (Latin-1, Windows-1252 …); binary is refused."""
    if not data.strip():
        raise InputError("empty input")
    if b"\x00" in data[:8192]:
        raise InputError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("could not detect the text encoding (binary or corrupt file?)")
    text = str(best)
    if _looks_binary(text):
        raise InputError("binary file, not text")
    return text


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    control = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return control > len(sample) * 0.05


def make_article(fields: dict[str, Any], origin: str, defaults: dict[str, Any] | None = None) -> Article:
    """Validate one input object (a JSONL line, a JSON file) into an Article."""
    if not isinstance(fields, dict):
        raise InputError(f"expected a JSON object, got {type(fields).__name__}")
    merged = {**(defaults or {}), **{k: v for k, v in fields.items() if v is not None}}
    text = merged.get("text")
    if not isinstance(text, str):
        raise InputError("missing 'text' field" if text is None else "'text' is not a string")
    if not text.strip():
        raise InputError("'text' is empty")
    genre = merged.get("genre") or "news"
    if genre not in ("news", "narrative"):
        raise InputError(f"genre {genre!r} must be 'news' or 'narrative'")
    return Article(
        id=str(merged.get("id") or content_id(text)),
        text=text,
        title=merged.get("title"),
        date=parse_date(merged.get("date"), origin),
        url=merged.get("url"),
        source=merged.get("source"),
        lang=merged.get("lang"),
        genre=genre,
        extra={k: v for k, v in merged.items() if k not in KNOWN_FIELDS},
        origin=origin,
    )


@dataclass
class Reader:
    """Turns paths (files, directories, ``-`` for stdin) into articles.

    ``defaults`` fill fields the input lacks (e.g. ``{"date": "2020-02-14"}`` from ``--date``).
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    defaults: dict[str, Any] | None = None

    def read(self, inputs: Iterable[str | Path]) -> Iterator[Article | Rejected]:
        for item in inputs:
            if str(item) == "-":
                yield from self._read_stream(sys.stdin.buffer.read(), "<stdin>")
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

    def _read_stream(self, data: bytes, origin: str) -> Iterator[Article | Rejected]:
        if len(data) > self.max_bytes and not data.lstrip().startswith(b"{"):
            yield Rejected(origin, f"input is over the limit of {self.max_bytes:,} bytes")
            return
        stripped = data.lstrip()
        suffix = ".jsonl" if stripped.startswith(b"{") else ".html" if stripped[:1] == b"<" else ".txt"
        yield from self.parse_bytes(data, origin, suffix)

    def parse_bytes(self, data: bytes, origin: str, suffix: str) -> Iterator[Article | Rejected]:
        try:
            text = decode(data, origin)
        except InputError as exc:
            yield Rejected(origin, str(exc))
            return
        if suffix in JSON_SUFFIXES:
            yield from self._parse_json(text, origin, suffix)
            return
        try:
            if suffix in HTML_SUFFIXES:
                yield self.from_html(text, origin)
            else:
                yield self._from_txt(text, origin)
        except InputError as exc:
            yield Rejected(origin, str(exc))

    def _parse_json(self, text: str, origin: str, suffix: str) -> Iterator[Article | Rejected]:
        stripped = text.lstrip()
        if suffix == ".json" and stripped.startswith(("[", "{")):
            try:
                doc = json.loads(text)
            except json.JSONDecodeError:
                doc = None  # maybe JSON lines under a .json name: fall through
            if doc is not None:
                items = doc if isinstance(doc, list) else [doc]
                for i, item in enumerate(items, 1):
                    where = f"{origin}[{i}]" if isinstance(doc, list) else origin
                    yield self._guard(lambda item=item, where=where: make_article(item, where, self.defaults), where)
                return
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            where = f"{origin}:{lineno}"
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Rejected(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
                continue
            yield self._guard(lambda item=item, where=where: make_article(item, where, self.defaults), where)

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
        return make_article(fields, origin, self.defaults)

    def from_html(self, html: str, origin: str) -> Article:
        import trafilatura

        text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
        if not text or not text.strip():
            raise InputError("no article text found in the HTML")
        meta = trafilatura.extract_metadata(html)
        fields: dict[str, Any] = {"text": text}
        if meta is not None:
            fields.update(title=meta.title, url=meta.url, source=meta.sitename)
            if meta.date:
                fields["date"] = meta.date
        return make_article(fields, origin, self.defaults)


def _is_sidecar(path: Path) -> bool:
    """``article.json`` beside ``article.txt`` is that text's metadata, not an article."""
    return path.suffix.lower() == ".json" and path.with_suffix(".txt").is_file()


def _sidecar(path: Path) -> dict[str, Any]:
    """Metadata from ``article.json`` next to ``article.txt`` (as the bundled example has)."""
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(meta, dict):
        return {}
    return {k: v for k, v in meta.items() if k not in ("text", "text_file", "note")}


def _suffix(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return ".warc.gz"
    return path.suffix.lower()
