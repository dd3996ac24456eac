"""What every reader shares: the result types, the limits, decoding and field validation.

Readers (``readers.py`` for files and stdin, ``web.py`` for WARC, feeds and URLs) sit on
this module and never on each other's internals, so one bad input is always a
:class:`Rejected` naming the input and the reason, never an exception that stops a batch.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol, cast

from ..record import Article, Genre, content_id, text_digest

DEFAULT_MAX_BYTES = 5_000_000
# JSON nesting deeper than this in an input object (e.g. its ``extra`` fields) is refused:
# nothing a news article carries needs it, and very deep values break serialisers.
MAX_DEPTH = 32
# Publication dates outside this range are refused: date arithmetic near year 1 or 9999 overflows,
# and no article of either century exists.
MIN_DATE, MAX_DATE = dt.date(1000, 1, 1), dt.date(2999, 12, 31)
TOO_DEEP = f"JSON nested deeper than {MAX_DEPTH} levels"
KNOWN_FIELDS = {"id", "text", "title", "date", "url", "source", "lang", "genre"}
STRING_FIELDS = ("title", "url", "source", "lang")

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0/C1 control characters other than tab, newline, carriage return and form feed
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# a valid UTF-8 multi-byte sequence: proof that a file was meant as UTF-8
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


@dataclass(frozen=True)
class Rejected:
    """An input that could not become an article, and why."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


class InputError(ValueError):
    """Raised inside readers; turned into a :class:`Rejected` for the batch."""


__all__ = ["DEFAULT_MAX_BYTES", "InputError", "Parser", "Rejected", "content_id", "decode", "make_article",
           "parse_date", "text_digest"]


class Parser(Protocol):
    """What the web readers need from the file reader (so that ``web`` never imports ``readers``)."""

    max_bytes: int
    defaults: dict[str, Any] | None

    def parse_bytes(self, data: bytes, origin: str, suffix: str) -> Iterator[Article | Rejected]: ...

    def from_html(self, html: str, origin: str) -> Article: ...


def parse_date(value: Any, origin: str = "input", field: str = "date") -> dt.date | None:
    """An ISO date or datetime (string or object) as a date; None for empty; refuses odd years."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        date = value.date()
    elif isinstance(value, dt.date):
        date = value
    elif isinstance(value, str):
        text = value.strip()
        try:
            date = dt.date.fromisoformat(text[:10])
        except ValueError:
            raise InputError(f"{field} {text[:40]!r} is not an ISO date (YYYY-MM-DD)") from None
    else:
        raise InputError(f"{field} must be a string (YYYY-MM-DD), not {_type(value)}")
    if not MIN_DATE <= date <= MAX_DATE:
        raise InputError(f"{field} {date.isoformat()} is out of range ({MIN_DATE} to {MAX_DATE})")
    return date


def decode(data: bytes, origin: str = "input") -> str:
    """Bytes to text.

    A byte-order mark decides (UTF-8/16/32); then UTF-8; a file that is UTF-8 with some
    invalid bytes is refused naming the first one (guessing another encoding would
    mangle every umlaut); otherwise the legacy encoding is detected (Latin-1,
    Windows-1252 …). NUL characters anywhere mean binary or corrupt: refused.
    """
    if not data.strip():
        raise InputError("empty input")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return check_text(data[len(bom):].decode(encoding))
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {encoding.upper()} at byte {exc.start + len(bom)} (byte-order mark says {encoding})") from None
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes), not text")
    try:
        return check_text(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        if _UTF8_MULTIBYTE.search(data):
            bad = len(data.decode("utf-8", errors="replace")) - len(data.decode("utf-8", errors="ignore"))
            raise InputError(
                f"invalid UTF-8 at byte {exc.start} ({bad} bad byte sequence(s) in a UTF-8 text); "
                "fix or re-encode the file"
            ) from None
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("could not detect the text encoding (binary or corrupt file?)")
    text = str(best)
    if _looks_binary(text):
        raise InputError("binary file, not text")
    return check_text(text)


def check_text(text: str) -> str:
    """Decoded text as readers pass it on: NUL refused, other control characters dropped."""
    if "\x00" in text:
        raise InputError("text contains NUL characters (binary or corrupt input)")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError("text contains unpaired surrogate characters (corrupt input)") from None
    return _CONTROL.sub("", text)


def clean_field(value: str, collapse: bool = True) -> str:
    """A metadata value (id, title, url …) as stored: control characters and NUL dropped,
    unpaired surrogates replaced, white space stripped (and its runs collapsed)."""
    value = _CONTROL.sub("", value.replace("\x00", ""))
    value = value.encode("utf-8", errors="replace").decode("utf-8")
    return " ".join(value.split()) if collapse else value.strip()


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    control = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return control > len(sample) * 0.05


def depth(value: Any, limit: int = MAX_DEPTH) -> int:
    """Nesting depth of a JSON-like value, counting no further than ``limit + 1`` (no recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if not isinstance(item, (dict, list, tuple)):
            continue
        deepest = max(deepest, level)
        if deepest > limit:
            return deepest
        stack.extend((v, level + 1) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


def make_article(fields: Any, origin: str, defaults: dict[str, Any] | None = None) -> Article:
    """Validate one input object (a JSONL line, a JSON file, an API body) into an Article.

    Every refusal names the field: wrong types are never stored as Python reprs.
    """
    if not isinstance(fields, dict):
        raise InputError(f"expected a JSON object, got {_type(fields)}")
    merged = {**(defaults or {}), **{k: v for k, v in fields.items() if v is not None}}
    text = merged.get("text")
    if not isinstance(text, str):
        raise InputError("missing 'text' field" if text is None else f"'text' must be a string, not {_type(text)}")
    text = check_text(text)
    if not text.strip():
        raise InputError("'text' is empty")
    genre = merged.get("genre") or "news"
    if genre not in ("news", "narrative"):
        raise InputError(f"'genre' {str(genre)[:40]!r} must be 'news' or 'narrative'")
    article_id = merged.get("id")
    if isinstance(article_id, bool) or not isinstance(article_id, str | int | None):
        raise InputError(f"'id' must be a string, not {_type(article_id)}")
    article_id = clean_field(str(article_id), collapse=False) if article_id is not None else ""
    if len(article_id) > 2000:
        raise InputError("'id' is longer than 2,000 characters")
    meta: dict[str, str | None] = {}
    for name in STRING_FIELDS:
        value = merged.get(name)
        if value is not None and not isinstance(value, str):
            raise InputError(f"'{name}' must be a string, not {_type(value)}")
        meta[name] = (clean_field(value) or None) if value is not None else None
    extra = {k: v for k, v in merged.items() if k not in KNOWN_FIELDS}
    for key, value in extra.items():
        if depth(value) >= MAX_DEPTH:
            raise InputError(f"field {str(key)[:40]!r} is {TOO_DEEP}")
    return Article(
        id=article_id or content_id(text),
        text=text,
        date=parse_date(merged.get("date"), origin),
        genre=cast(Genre, genre),
        extra=extra,
        origin=origin,
        **meta,
    )


def _type(value: Any) -> str:
    return {dict: "an object", list: "a list", bool: "a boolean", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )
