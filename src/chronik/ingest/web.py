"""Web inputs: WARC/WARC.gz crawls, RSS/Atom feeds, and http(s) URLs.

* WARC: every HTML ``response`` (or ``resource``) record goes through the HTML path
  of :class:`~chronik.ingest.readers.Reader` (trafilatura); the record's target URI
  is the article id and URL, its WARC-Date the fallback date. Records are streamed.
* RSS/Atom (feedparser): one article per entry, from the entry's own content.
  For a feed fetched from a URL, entries that carry only a teaser (shorter than
  ``TEASER_CHARS``) are replaced by the linked page, as a reader would click through.
* URLs: fetched with httpx and dispatched by content type or name.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from .readers import Article, InputError, Reader, Rejected, decode, make_article

TEASER_CHARS = 600
TIMEOUT_S = 20.0
_URL = re.compile(r"^https?://", re.IGNORECASE)
_BLOCK_END = re.compile(r"(?i)<\s*(?:br\s*/?|/p|/div|/li|/h[1-6]|/blockquote|/tr)\s*>")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FEED_TYPES = ("rss", "atom", "xml")


def read_inputs(inputs: Iterable[str | Path], reader: Reader) -> Iterator[Article | Rejected]:
    """Like :meth:`Reader.read`, and http(s) URLs too."""
    for item in inputs:
        if _URL.match(str(item)):
            yield from read_url(str(item), reader)
        else:
            yield from reader.read([item])


def read(path: Path, suffix: str, reader: Reader) -> Iterator[Article | Rejected]:
    """A local WARC or feed file (called by :meth:`Reader.read_file`)."""
    if suffix in (".warc", ".warc.gz"):
        with path.open("rb") as fh:
            yield from read_warc(fh, str(path), reader)
    else:
        yield from read_feed(path.read_bytes(), str(path), reader)


# -- WARC -------------------------------------------------------------------
def read_warc(stream: IO[bytes], origin: str, reader: Reader) -> Iterator[Article | Rejected]:
    """Articles from the HTML records of a WARC (gzipped or not); other records are ignored."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        for record in ArchiveIterator(stream):
            if record.rec_type not in ("response", "resource"):
                continue
            if not _is_html(record):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{origin}#{uri}"
            try:
                raw = record.content_stream().read(reader.max_bytes + 1)
                if len(raw) > reader.max_bytes:
                    raise InputError(f"record is over the limit of {reader.max_bytes:,} bytes")
                article = reader.from_html(decode(raw, where), where)
            except InputError as exc:
                yield Rejected(where, str(exc))
                continue
            yield _fill(article, id=uri, url=uri, date=_date(record.rec_headers.get_header("WARC-Date")))
    except ArchiveLoadFailed as exc:
        yield Rejected(origin, f"not a valid WARC file: {exc}")


def _is_html(record) -> bool:
    if record.rec_type == "response":
        if record.http_headers is None or record.http_headers.get_statuscode() != "200":
            return False
        ctype = record.http_headers.get_header("Content-Type") or ""
    else:
        ctype = record.rec_headers.get_header("Content-Type") or ""
    return ctype.split(";")[0].strip().lower() in _HTML_TYPES


def _fill(article: Article, id: str | None = None, **fields: Any) -> Article:
    """Fields the page itself did not provide; ``id`` (a URL or feed guid) replaces the text-hash id."""
    update = {k: v for k, v in fields.items() if v is not None and getattr(article, k) is None}
    if id:
        update["id"] = id
    return article.model_copy(update=update) if update else article


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


# -- RSS / Atom -------------------------------------------------------------
def read_feed(data: bytes, origin: str, reader: Reader, client=None) -> Iterator[Article | Rejected]:
    """One article per feed entry; with an http ``client``, teaser entries are replaced by the linked page."""
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        why = f": {feed.bozo_exception}" if feed.bozo else " with entries"
        yield Rejected(origin, f"not an RSS/Atom feed{why}")
        return
    source = feed.feed.get("title")
    for i, entry in enumerate(feed.entries, 1):
        where = f"{origin}#{entry.get('id') or entry.get('link') or i}"
        try:
            yield _entry_article(entry, where, source, reader, client)
        except InputError as exc:
            yield Rejected(where, str(exc))


def _entry_article(entry, where: str, source: str | None, reader: Reader, client) -> Article:
    text = html_to_text(_entry_html(entry))
    link = entry.get("link")
    fields = {
        "id": entry.get("id") or link,
        "title": entry.get("title"),
        "url": link,
        "source": source,
        "date": _struct_date(entry.get("published_parsed") or entry.get("updated_parsed")),
    }
    if client is not None and link and _URL.match(link) and len(text) < TEASER_CHARS:
        try:
            page = reader.from_html(decode(_fetch(client, link, reader.max_bytes)[1], link), where)
            return _fill(page, **fields)
        except InputError:
            pass  # the linked page is unreachable or empty: the teaser is better than nothing
    return make_article({**fields, "text": text}, where, reader.defaults)


def _entry_html(entry) -> str:
    contents = entry.get("content") or []
    if contents and contents[0].get("value"):
        return contents[0]["value"]
    return entry.get("summary") or ""


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment, paragraphs kept apart by blank lines."""
    if "<" not in html:
        return html.strip()
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(_BLOCK_END.sub("\n\n", html), create_parent="div")
    except Exception:  # lxml raises several types on junk; the raw text is still usable
        return html.strip()
    text = _SPACES.sub(" ", root.text_content())
    return _BLANK_LINES.sub("\n\n", text).strip()


def _struct_date(value) -> dt.date | None:
    return dt.date(value.tm_year, value.tm_mon, value.tm_mday) if value else None


# -- URLs -------------------------------------------------------------------
def read_url(url: str, reader: Reader) -> Iterator[Article | Rejected]:
    """An article page, a feed or a WARC, fetched over http(s)."""
    import httpx

    from ..version import __version__

    with httpx.Client(
        timeout=TIMEOUT_S, follow_redirects=True, headers={"User-Agent": f"chronik/{__version__}"}
    ) as client:
        try:
            kind = _url_kind(url, "")
            if kind == "warc":  # crawls are large: stream to disk, not memory
                with tempfile.TemporaryFile() as tmp:
                    _download(client, url, tmp)
                    tmp.seek(0)
                    yield from read_warc(tmp, url, reader)
                return
            ctype, body = _fetch(client, url, reader.max_bytes)
        except InputError as exc:
            yield Rejected(url, str(exc))
            return
        kind = _url_kind(url, ctype, body)
        if kind == "feed":
            yield from read_feed(body, url, reader, client)
        elif kind == "warc":
            yield from read_warc(_bytes_io(body), url, reader)
        elif kind == "html":
            yield from (
                _fill(a, id=url, url=url) if isinstance(a, Article) else a
                for a in reader.parse_bytes(body, url, ".html")
            )
        else:
            yield from reader.parse_bytes(body, url, kind)


def _url_kind(url: str, ctype: str, body: bytes = b"") -> str:
    """warc, feed, html, or the reader suffix (.json, .jsonl, .txt) for anything else."""
    path = url.split("?", 1)[0].lower()
    if path.endswith((".warc", ".warc.gz")) or "warc" in ctype:
        return "warc"
    if path.endswith((".rss", ".atom")) or (any(t in ctype for t in _FEED_TYPES) and "html" not in ctype):
        return "feed"
    head = body[:512].lstrip().lower()
    if head.startswith((b"<?xml", b"<rss", b"<feed")):
        return "feed"
    if "html" in ctype or head.startswith(b"<"):
        return "html"
    if path.endswith(".json") or head.startswith(b"["):
        return ".json"
    return ".jsonl" if path.endswith((".jsonl", ".ndjson")) or head.startswith(b"{") else ".txt"


def _fetch(client, url: str, limit: int) -> tuple[str, bytes]:
    """Content type and body of ``url``; InputError on errors or bodies over ``limit``."""
    import httpx

    try:
        with client.stream("GET", url) as resp:
            if resp.status_code >= 400:
                raise InputError(f"HTTP {resp.status_code}")
            body = bytearray()
            for chunk in resp.iter_bytes():
                body += chunk
                if len(body) > limit:
                    raise InputError(f"response is over the limit of {limit:,} bytes (--max-bytes)")
            return resp.headers.get("content-type", "").lower(), bytes(body)
    except httpx.HTTPError as exc:
        raise InputError(f"cannot fetch: {exc}") from None


def _download(client, url: str, fh: IO[bytes]) -> None:
    import httpx

    try:
        with client.stream("GET", url) as resp:
            if resp.status_code >= 400:
                raise InputError(f"HTTP {resp.status_code}")
            for chunk in resp.iter_bytes():
                fh.write(chunk)
    except httpx.HTTPError as exc:
        raise InputError(f"cannot fetch: {exc}") from None


def _bytes_io(body: bytes) -> IO[bytes]:
    import io

    return io.BytesIO(body)
