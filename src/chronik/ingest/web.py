"""Web inputs: WARC/WARC.gz crawls, RSS/Atom feeds, and http(s) URLs.

* WARC: every HTML ``response`` (or ``resource``) record goes through the HTML path
  of :class:`~chronik.ingest.readers.Reader` (trafilatura); the record's target URI
  is the article id and URL, its WARC-Date the fallback date. Records are streamed.
* RSS/Atom (feedparser): one article per entry, from the entry's own content.
  For a feed fetched from a URL, entries that carry only a teaser (shorter than
  ``TEASER_CHARS``) are replaced by the linked page, as a reader would click through.
* URLs: fetched with httpx and dispatched by content type or name. Every fetch (a
  redirect and a feed's teaser link too) is refused when the host resolves to a
  loopback, private, link-local or otherwise non-public address, unless the reader
  allows private URLs; every fetch has an overall deadline besides the per-read timeout.

This module reads through the :class:`~chronik.ingest.base.Parser` protocol and never
imports ``readers`` (which calls in here for URLs, WARCs and feeds).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import socket
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..record import Article
from .base import InputError, Parser, Rejected, decode, make_article

TEASER_CHARS = 600
TIMEOUT_S = 20.0  # per network read
MAX_REDIRECTS = 5
MIN_RATE = 100_000  # bytes/s a transfer must average to go on past the overall deadline
_URL = re.compile(r"^https?://", re.IGNORECASE)
_BLOCK_END = re.compile(r"(?i)<\s*(?:br\s*/?|/p|/div|/li|/h[1-6]|/blockquote|/tr)\s*>")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FEED_TYPES = ("rss", "atom", "xml")


def read_inputs(inputs: Iterable[str | Path], reader: Parser) -> Iterator[Article | Rejected]:
    """Old name of :meth:`Reader.read` (which takes URLs itself)."""
    return reader.read(inputs)  # type: ignore[attr-defined]


def read(path: Path, suffix: str, reader: Parser) -> Iterator[Article | Rejected]:
    """A local WARC or feed file (called by :meth:`Reader.read_file`)."""
    if suffix in (".warc", ".warc.gz"):
        with path.open("rb") as fh:
            yield from read_warc(fh, str(path), reader)
    else:
        yield from read_feed(path.read_bytes(), str(path), reader)


# -- WARC -------------------------------------------------------------------
def read_warc(stream: IO[bytes], origin: str, reader: Parser) -> Iterator[Article | Rejected]:
    """Articles from the HTML records of a WARC (gzipped or not); other records are ignored.

    A file with no WARC record at all is rejected, and so is a record cut short (a
    truncated download): its declared length is checked against what could be read.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    records = damaged = 0
    try:
        for record in ArchiveIterator(stream):
            if not _is_warc_record(record):
                damaged += 1
                continue
            records += 1
            if record.rec_type not in ("response", "resource"):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{origin}#{uri}"
            if not _is_html(record):
                continue
            try:
                raw = record.content_stream().read(reader.max_bytes + 1)
                if len(raw) > reader.max_bytes:
                    raise InputError(f"record is over the limit of {reader.max_bytes:,} bytes (--max-bytes)")
                record.raw_stream.read()  # to the end of the block, so that its length can be checked
                if _truncated(record):
                    raise InputError("record is truncated (the file ends inside it)")
                article = reader.from_html(decode(raw, where), where)
            except InputError as exc:
                yield Rejected(where, str(exc))
                continue
            yield _fill(article, id=uri, url=uri, date=_date(record.rec_headers.get_header("WARC-Date")))
    except ArchiveLoadFailed as exc:
        yield Rejected(origin, f"not a valid WARC file: {str(exc).strip()[:200]}")
        return
    except (OSError, EOFError, ValueError) as exc:  # zlib and gzip errors of a damaged file
        yield Rejected(origin, f"WARC file is damaged after {records} record(s): {exc}")
        return
    if records == 0:
        yield Rejected(origin, "not a valid WARC file: no WARC records found")
    elif damaged:
        yield Rejected(origin, f"{damaged} damaged record(s) without WARC headers skipped")
    if _gzip_truncated(stream):
        yield Rejected(origin, "the gzip file is truncated: its last record is incomplete and was not read")


def _is_warc_record(record) -> bool:
    """warcio reads almost anything as an (ARC) record; a real one has a WARC-Record-ID or an http(s) URI."""
    headers = record.rec_headers
    return bool(
        record.rec_type
        and (headers.get_header("WARC-Record-ID") or (headers.get_header("uri") or "").startswith(("http", "dns:")))
    )


def _gzip_truncated(stream: IO[bytes]) -> bool:
    """Whether a seekable gzipped stream ends before its end-of-stream marker (warcio stops silently there)."""
    import gzip
    import zlib

    try:
        stream.seek(0)
        if stream.read(2) != b"\x1f\x8b":
            return False
        stream.seek(0)
        with gzip.GzipFile(fileobj=stream) as gz:
            while gz.read(1 << 20):
                pass
    except (EOFError, gzip.BadGzipFile, zlib.error):
        return True
    except (OSError, ValueError, AttributeError):  # not seekable (stdin)
        return False
    return False


def _truncated(record) -> bool:
    """Whether fewer bytes of the record block arrived than its Content-Length declares."""
    declared = record.rec_headers.get_header("Content-Length")
    limit = getattr(record.raw_stream, "limit", None)  # warcio's LimitReader counts down what is left
    return bool(declared and declared.isdigit() and limit)


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
def read_feed(data: bytes, origin: str, reader: Parser, client=None) -> Iterator[Article | Rejected]:
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


def _entry_article(entry, where: str, source: str | None, reader: Parser, client) -> Article:
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
def read_url(url: str, reader: Parser) -> Iterator[Article | Rejected]:
    """An article page, a feed or a WARC, fetched over http(s)."""
    import httpx

    from ..version import __version__

    with httpx.Client(
        timeout=TIMEOUT_S, follow_redirects=False, headers={"User-Agent": f"chronik/{__version__}"}
    ) as client:
        client.chronik_policy = _policy(reader)  # type: ignore[attr-defined]
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


def _policy(reader: Parser) -> dict[str, Any]:
    return {
        "allow_private": bool(getattr(reader, "allow_private_urls", False)),
        "deadline_s": float(getattr(reader, "url_deadline_s", 60.0)),
    }


def check_target(url: str, allow_private: bool = False) -> None:
    """Refuse a URL that is not http(s), or whose host resolves to a non-public address.

    Loopback, private (RFC 1918, fc00::/7), link-local (169.254/16, cloud metadata),
    carrier-grade NAT, multicast, reserved and unspecified addresses are refused, so a
    crawl of the web cannot be turned against the machine or network it runs in.
    """
    import httpx

    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as exc:
        raise InputError(f"invalid URL: {exc}") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise InputError(f"refused: only http(s) URLs with a host can be fetched, not {url[:100]!r}")
    if allow_private:
        return
    host = parsed.host
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        addresses = _resolve(host, parsed.port or (443 if parsed.scheme == "https" else 80))
    for address in addresses:
        mapped = getattr(address, "ipv4_mapped", None) or address
        if not mapped.is_global or mapped.is_multicast:
            raise InputError(
                f"refused: {host} is {_address_kind(mapped)} address ({mapped}); "
                "pass --allow-private-urls to fetch from private networks"
            )


def _resolve(host: str, port: int) -> list:
    """Every address ``host`` resolves to (all are checked: one private address is enough to refuse)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise InputError(f"cannot resolve {host}: {exc}") from None
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def _address_kind(address) -> str:
    if address.is_loopback:
        return "a loopback"
    if address.is_link_local:
        return "a link-local"
    if address.is_private:
        return "a private"
    return "a non-public"


def _open(client, url: str, deadline: float):
    """A streamed GET of ``url``, redirects followed by hand so that every hop is checked."""
    import httpx

    policy = getattr(client, "chronik_policy", {"allow_private": False})
    for _ in range(MAX_REDIRECTS + 1):
        check_target(url, policy["allow_private"])
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise InputError("took longer than the overall deadline")
        timeout = httpx.Timeout(TIMEOUT_S, connect=min(TIMEOUT_S, remaining))  # reads: see _chunks
        request = client.build_request("GET", url, timeout=timeout)
        resp = client.send(request, stream=True)
        if not resp.is_redirect:
            return resp
        location = resp.headers.get("location", "")
        resp.close()
        url = str(resp.url.join(location))
    raise InputError(f"more than {MAX_REDIRECTS} redirects")


def _chunks(client, url: str) -> Iterator[tuple[str, bytes]]:
    """(content type, chunk) pairs of ``url``'s body, within the overall deadline.

    Past the deadline a transfer goes on only while it averages ``MIN_RATE`` (a large
    WARC download); a server that trickles is cut off there.
    """
    import httpx

    policy = getattr(client, "chronik_policy", {"deadline_s": 60.0})
    started = time.monotonic()
    deadline = started + policy["deadline_s"]
    try:
        resp = _open(client, url, deadline)
        try:
            if resp.status_code >= 400:
                raise InputError(f"HTTP {resp.status_code}")
            ctype = resp.headers.get("content-type", "").lower()
            received = 0
            for chunk in resp.iter_bytes():
                received += len(chunk)
                now = time.monotonic()
                if now > deadline and received < MIN_RATE * (now - started):
                    raise InputError(
                        f"took longer than the overall deadline of {policy['deadline_s']:g} s "
                        f"({received:,} bytes received)"
                    )
                yield ctype, chunk
        finally:
            resp.close()
    except httpx.HTTPError as exc:
        raise InputError(f"cannot fetch: {exc}") from None


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
    """Content type and body of ``url``; InputError on errors, refused targets or bodies over ``limit``."""
    body, ctype = bytearray(), ""
    for kind, chunk in _chunks(client, url):
        ctype = kind
        body += chunk
        if len(body) > limit:
            raise InputError(f"response is over the limit of {limit:,} bytes (--max-bytes)")
    return ctype, bytes(body)


def _download(client, url: str, fh: IO[bytes]) -> None:
    for _, chunk in _chunks(client, url):
        fh.write(chunk)


def _bytes_io(body: bytes) -> IO[bytes]:
    import io

    return io.BytesIO(body)
