"""Events in the knowledge base: one row per record event, its actor, target and place linked to KB entities.

Filled on ingest from :func:`chronik.projection.event_rows` (the same values as the Parquet
``events`` table); read by ``chronik events``, ``/api/events`` and the entity and story pages.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from ..projection import event_rows
from ..record import Record
from . import kb

COLUMNS = ("a.id AS article, a.title, a.source, e.event_id AS event, e.type, e.trigger, e.actor, e.actor_entity,"
           " e.actor_kb, e.target, e.target_entity, e.target_kb, e.place, e.place_kb, e.time, e.date, e.evidence,"
           " e.start, e.end, e.quote_id AS quote, e.confidence")


def insert(conn: sqlite3.Connection, article: int, record: Record, links: dict[str, str | None]) -> int:
    """Store the events of ``record`` (stored as article ``article``); ``links`` maps local entity ids to KB ids."""
    def kb_id(local: str | None) -> str | None:
        return links.get(local) if local else None

    rows = [
        (article, r["event"], r["type"], r["trigger"], r["actor"], r["actor_entity"], kb_id(r["actor_entity"]),
         r["target"], r["target_entity"], kb_id(r["target_entity"]), r["place"], kb_id(r["place_entity"]),
         r["time"], r["date"], r["evidence"], r["start"], r["end"], r["quote"], r["confidence"])
        for r in event_rows(record)
    ]
    conn.executemany(
        "INSERT INTO events (article, event_id, type, trigger, actor, actor_entity, actor_kb, target, target_entity,"
        " target_kb, place, place_kb, time, date, evidence, start, end, quote_id, confidence)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


_JOIN = " JOIN articles a ON a.rowid = e.article"
_ARTICLE = re.compile(r"(?<![\w.])a\.")  # a column of the articles (alias a)


def _where(conn: sqlite3.Connection, *, type: str | None = None, actor: str | None = None,
           entity: str | None = None, article: str | None = None, date_from: str | None = None,
           date_to: str | None = None, articles: list[str] | None = None) -> tuple[str, list[Any]]:
    sql, args = f" FROM events e{_JOIN} WHERE 1=1", []
    if type:
        sql += " AND e.type = ?"
        args.append(type)
    for value, both in ((actor, False), (entity, True)):
        if not value:
            continue
        cols = ("e.actor_kb", "e.target_kb") if both else ("e.actor_kb",)
        kb_id = kb.resolve_id(conn, value)
        if conn.execute("SELECT 1 FROM kb_entities WHERE id = ?", (kb_id,)).fetchone():
            sql += " AND (" + " OR ".join(f"{c} = ?" for c in cols) + ")"
            args += [kb_id] * len(cols)
        else:
            names = ("e.actor", "e.target") if both else ("e.actor",)
            sql += " AND (" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in names) + ")"
            args += [_like(value)] * len(names)
    if article:
        sql += " AND a.id = ?"
        args.append(article)
    if articles is not None:
        sql += f" AND a.id IN ({', '.join('?' * len(articles))})"
        args += articles
    if date_from:
        sql += " AND e.date >= ?"
        args.append(date_from)
    if date_to:  # "2020-02" covers every day of February: compare against the bound's last key
        sql += " AND e.date <= ?"
        args.append(date_to + "\uffff")
    return sql, args


def find(conn: sqlite3.Connection, *, limit: int = 100, offset: int = 0, **filters: Any) -> list[dict[str, Any]]:
    """Events by date (undated last), then article and position."""
    body, args = _where(conn, **filters)
    # the page's rows from the sort keys first, then their columns: sorted with every column (the evidence
    # text too), an entity's 8,000 events cost 7 ms for a page of 200 instead of 2 (bench/load.py)
    # and without the join to the articles where no filter reads them: a row looked up in the articles for
    # each of an entity's events (660 on average on 100,000 articles) only to be sorted
    bare = body if _ARTICLE.search(body.partition(" WHERE ")[2]) else body.replace(_JOIN, "", 1)
    keys = [r[0] for r in conn.execute(f"SELECT e.rowid{bare} ORDER BY e.date NULLS LAST, e.article, e.start"
                                       " LIMIT ? OFFSET ?", (*args, limit, offset))]
    if not keys:
        return []
    found = {r["_key"]: dict(r) for r in conn.execute(
        f"SELECT e.rowid AS _key, {COLUMNS} FROM events e JOIN articles a ON a.rowid = e.article"
        f" WHERE e.rowid IN ({', '.join('?' * len(keys))})", keys)}
    return [{k: v for k, v in found[key].items() if k != "_key"} for key in keys]


def total(conn: sqlite3.Connection, **filters: Any) -> int:
    body, args = _where(conn, **filters)
    return conn.execute(f"SELECT count(*){body}", args).fetchone()[0]


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
