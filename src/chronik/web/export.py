"""Result lists as CSV or JSONL, streamed page by page (the API's and the web page's ``format=``).

A list is read in pages of :data:`CHUNK` rows, each page on the reading thread's own
connection, so an export never holds a connection (or a lock) while the client reads.
At most :data:`MAX_EXPORT` rows: a bigger export is what ``chronik export`` is for.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import Any

from fastapi.responses import StreamingResponse

from ..store.sqlite import plain

FORMATS = ("csv", "jsonl")
CHUNK = 500
MAX_EXPORT = 100_000
MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}
# columns of each list, in order (rows may carry more; those are left out of CSV, kept in JSONL)
COLUMNS = {
    "search": ["hit", "article", "title", "date", "source", "speaker", "speaker_kb", "kind", "quote_id", "snippet"],
    "statements": ["article", "title", "source", "quote_id", "kind", "date", "date_source", "speaker",
                   "speaker_mention", "speaker_kb", "cue", "text", "start", "end"],
    "entities": ["id", "name", "type", "qid", "articles"],
    "pledges": ["article", "title", "date", "pledge_id", "actor", "actor_kb", "target", "deadline", "evidence"],
    "articles": ["id", "title", "date", "source", "lang"],
    "events": ["article", "title", "event", "type", "date", "time", "trigger", "actor", "actor_kb", "target",
               "target_kb", "place", "place_kb", "evidence", "quote", "confidence"],
}


def cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula (=, +, -, @ first)."""
    if isinstance(value, str):
        value = plain(value) or ""
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + value
    return value


def lines(fetch: Callable[[int, int], list[dict[str, Any]]], fmt: str, columns: list[str]) -> Iterator[str]:
    """The rows ``fetch(limit, offset)`` returns, page after page, as CSV (with a header) or JSONL."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        yield "\ufeff" + buffer.getvalue()  # the BOM lets spreadsheet programs read UTF-8
    offset = 0
    while offset < MAX_EXPORT:
        rows = fetch(min(CHUNK, MAX_EXPORT - offset), offset)
        if not rows:
            break
        if fmt == "csv":
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
            writer.writerows({k: cell(v) for k, v in row.items()} for row in rows)
            yield buffer.getvalue()
        else:
            yield "".join(json.dumps({k: plain(v) if isinstance(v, str) else v for k, v in row.items()},
                                     ensure_ascii=False) + "\n" for row in rows)
        offset += len(rows)
        if len(rows) < CHUNK:
            break


def streamed(fetch: Callable[[int, int], list[dict[str, Any]]], fmt: str, name: str,
             total: int | None = None) -> StreamingResponse:
    """A streamed download of a result list named ``name`` (a key of :data:`COLUMNS`)."""
    headers = {"content-disposition": f'attachment; filename="chronik-{name}.{fmt}"'}
    if total is not None:
        headers["x-total-count"] = str(total)
    return StreamingResponse(lines(fetch, fmt, COLUMNS[name]), media_type=MEDIA[fmt], headers=headers)
