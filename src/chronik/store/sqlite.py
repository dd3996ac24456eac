"""The knowledge base in one SQLite file: records, full-text search, statements by speaker.

The full record is stored as JSON (the source of truth); the tables beside it
(statements, entities, times, pledges) and the FTS5 indexes are projections of
it for querying. One article is written in one transaction, so a crash never
leaves half an article.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..ingest.readers import text_digest
from ..record import Record
from .migrations import migrate

AddResult = str  # "added" | "updated" | "unchanged"


def fts_query(text: str) -> str:
    """User words to a safe FTS5 query: every word a quoted phrase, all required.

    ``Zwei-Prozent-Ziel`` stays one phrase; quotes, ``*``, ``-`` and ``OR`` lose any
    operator meaning, so no input can break (or inject into) the query.
    A trailing ``*`` on a word keeps prefix search.
    """
    terms = []
    for word in text.split():
        prefix = word.endswith("*") and len(word) > 1
        word = word.rstrip("*").replace('"', '""')
        if word.strip('"'):
            terms.append(f'"{word}"' + ("*" if prefix else ""))
    return " ".join(terms)


class Store:
    """A Chronik knowledge base backed by one SQLite file.

    >>> with Store("chronik.db") as kb:  # doctest: +SKIP
    ...     kb.add(record)
    ...     kb.search("Zwei-Prozent-Ziel")
    """

    def __init__(self, path: str | Path = "chronik.db", *, readonly: bool = False):
        self.path = Path(path)
        if readonly:
            if not self.path.exists():
                raise FileNotFoundError(f"no knowledge base at {self.path}")
            uri = f"file:{self.path.resolve()}?mode=ro"
            self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA busy_timeout = 30000")
        if not readonly:
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            migrate(self.conn)

    # -- context manager -------------------------------------------------
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # -- writing ---------------------------------------------------------
    def add(self, record: Record, *, source_file: str | None = None) -> AddResult:
        """Store one record; the same article (id and text) again changes nothing."""
        digest = text_digest(record.text)
        row = self.conn.execute("SELECT rowid, content_hash FROM articles WHERE id = ?", (record.id,)).fetchone()
        if row is not None and row["content_hash"] == digest:
            return "unchanged"
        with self.conn:  # one transaction per article
            if row is not None:
                self._delete(row["rowid"])
            self._insert(record, digest, source_file)
        return "updated" if row is not None else "added"

    def add_many(self, records: Iterable[Record]) -> dict[str, int]:
        counts = {"added": 0, "updated": 0, "unchanged": 0}
        for record in records:
            counts[self.add(record)] += 1
        return counts

    def has(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def known_hashes(self) -> dict[str, str]:
        """Article id → text digest of everything stored (to skip work on re-ingest)."""
        return dict(self.conn.execute("SELECT id, content_hash FROM articles").fetchall())

    def delete(self, article_id: str) -> bool:
        row = self.conn.execute("SELECT rowid FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return False
        with self.conn:
            self._delete(row["rowid"])
        return True

    def _delete(self, rowid: int) -> None:
        c = self.conn
        for table in ("statements", "entities", "times", "pledges"):
            c.execute(f"DELETE FROM {table} WHERE article = ?", (rowid,))
        c.execute("DELETE FROM articles WHERE rowid = ?", (rowid,))

    def _insert(self, record: Record, digest: str, source_file: str | None) -> None:
        c = self.conn
        prov = record.provenance
        cur = c.execute(
            "INSERT INTO articles (id, content_hash, title, date, url, source, lang, genre, text, record,"
            " source_file, ingested_at, chronik_version, models)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.id,
                digest,
                record.title,
                _iso(record.date),
                record.url,
                record.source,
                record.lang,
                record.genre,
                record.text,
                record.to_json(),
                source_file or (prov.source_file if prov else None),
                _iso(prov.ingested_at if prov else None) or dt.datetime.now(dt.timezone.utc).isoformat(),
                prov.chronik_version if prov else None,
                json.dumps(prov.models) if prov else None,
            ),
        )
        art = cur.lastrowid
        names = {e.id: e.name for e in record.entities}
        c.executemany(
            "INSERT INTO entities (article, local_id, name, type, qid, mentions) VALUES (?, ?, ?, ?, ?, ?)",
            [(art, e.id, e.name, e.type, e.qid, len(e.mentions)) for e in record.entities],
        )
        c.executemany(
            "INSERT INTO statements (article, quote_id, kind, text, speaker, speaker_mention, speaker_entity,"
            " cue, date, date_source, start, end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    art,
                    q.id,
                    q.kind,
                    " … ".join(p.text for p in q.content),
                    names.get(q.speaker.entity) if q.speaker and q.speaker.entity else (q.speaker.text if q.speaker else None),
                    q.speaker.text if q.speaker else None,
                    q.speaker.entity if q.speaker else None,
                    q.cue.text if q.cue else None,
                    q.time or _iso(record.date),
                    q.time_source or ("article" if record.date else None),
                    min(p.start for p in q.content) if q.content else None,
                    max(p.end for p in q.content) if q.content else None,
                )
                for q in record.quotes
            ],
        )
        c.executemany(
            "INSERT INTO times (article, start, end, text, type, value, mod, role) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(art, t.start, t.end, t.text, t.type, t.value, t.mod, t.role) for t in record.times],
        )
        c.executemany(
            "INSERT INTO pledges (article, pledge_id, actor, actor_entity, target, deadline, evidence)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    art,
                    p.id,
                    (names.get(p.actor.entity) or p.actor.text) if p.actor else None,
                    p.actor.entity if p.actor else None,
                    p.target.text,
                    p.deadline,
                    p.evidence.text,
                )
                for p in record.pledges
            ],
        )

    # -- reading ---------------------------------------------------------
    def get(self, article_id: str) -> Record | None:
        row = self.conn.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
        return Record.model_validate_json(row["record"]) if row else None

    def provenance(self, article_id: str) -> dict[str, Any] | None:
        row = self.conn.execute(
            "SELECT source_file, ingested_at, chronik_version, models FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return dict(row) if row else None

    def records(self) -> Iterator[Record]:
        for row in self.conn.execute("SELECT record FROM articles ORDER BY rowid"):
            yield Record.model_validate_json(row["record"])

    def count(self, table: str = "articles") -> int:
        if table not in {"articles", "statements", "entities", "times", "pledges"}:
            raise ValueError(f"unknown table {table!r}")
        return self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def articles(self, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT id, title, date, source, lang, substr(text, 1, 200) AS snippet FROM articles"
            " ORDER BY date DESC, rowid DESC LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [dict(r) for r in rows]

    def search(
        self,
        query: str,
        *,
        what: str = "all",
        limit: int = 20,
        offset: int = 0,
        date_from: str | None = None,
        date_to: str | None = None,
        speaker: str | None = None,
        kind: str | None = None,
    ) -> list[dict[str, Any]]:
        """Full-text search over article text and statements, best matches first."""
        match = fts_query(query)
        if not match:
            return []
        hits: list[dict[str, Any]] = []
        if what in ("all", "articles") and not (speaker or kind):
            sql = (
                "SELECT 'article' AS hit, a.id AS article, a.title, a.date, NULL AS speaker, NULL AS kind,"
                " snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet, bm25(articles_fts) AS score"
                " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
                " WHERE articles_fts MATCH ?"
            )
            args: list[Any] = [match]
            sql, args = _date_filter(sql, args, "a.date", date_from, date_to)
            hits += [dict(r) for r in self.conn.execute(sql + " ORDER BY score LIMIT ?", (*args, limit + offset))]
        if what in ("all", "statements"):
            sql = (
                "SELECT 'statement' AS hit, a.id AS article, a.title, s.date, s.speaker, s.kind,"
                " snippet(statements_fts, 0, '[', ']', '…', 16) AS snippet, bm25(statements_fts) AS score"
                " FROM statements_fts JOIN statements s ON s.rowid = statements_fts.rowid"
                " JOIN articles a ON a.rowid = s.article WHERE statements_fts MATCH ?"
            )
            args = [match]
            sql, args = _date_filter(sql, args, "s.date", date_from, date_to)
            if speaker:
                sql += " AND (s.speaker LIKE ? ESCAPE '\\' OR s.speaker_mention LIKE ? ESCAPE '\\')"
                args += [_like(speaker)] * 2
            if kind:
                sql += " AND s.kind = ?"
                args.append(kind)
            hits += [dict(r) for r in self.conn.execute(sql + " ORDER BY score LIMIT ?", (*args, limit + offset))]
        hits.sort(key=lambda h: h["score"])
        return hits[offset : offset + limit]

    def statements(
        self,
        *,
        speaker: str | None = None,
        kind: str | None = None,
        article: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Statements, filtered by speaker (name or mention, substring), kind, article and date."""
        sql = (
            "SELECT a.id AS article, a.title, s.quote_id, s.kind, s.speaker, s.speaker_mention, s.speaker_entity,"
            " s.cue, s.date, s.date_source, s.text, s.start, s.end FROM statements s"
            " JOIN articles a ON a.rowid = s.article WHERE 1=1"
        )
        args: list[Any] = []
        if speaker:
            sql += " AND (s.speaker LIKE ? ESCAPE '\\' OR s.speaker_mention LIKE ? ESCAPE '\\')"
            args += [_like(speaker)] * 2
        if kind:
            sql += " AND s.kind = ?"
            args.append(kind)
        if article:
            sql += " AND a.id = ?"
            args.append(article)
        sql, args = _date_filter(sql, args, "s.date", date_from, date_to)
        sql += " ORDER BY s.date, a.rowid, s.start LIMIT ? OFFSET ?"
        return [dict(r) for r in self.conn.execute(sql, (*args, limit, offset))]

    def pledges(self, *, actor: str | None = None, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        sql = (
            "SELECT a.id AS article, a.title, a.date, p.pledge_id, p.actor, p.actor_entity, p.target,"
            " p.deadline, p.evidence FROM pledges p JOIN articles a ON a.rowid = p.article WHERE 1=1"
        )
        args: list[Any] = []
        if actor:
            sql += " AND p.actor LIKE ? ESCAPE '\\'"
            args.append(_like(actor))
        sql += " ORDER BY p.deadline IS NULL, p.deadline, a.date LIMIT ? OFFSET ?"
        return [dict(r) for r in self.conn.execute(sql, (*args, limit, offset))]

    def stats(self) -> dict[str, int]:
        return {t: self.count(t) for t in ("articles", "statements", "entities", "times", "pledges")}


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _date_filter(sql: str, args: list[Any], column: str, date_from: str | None, date_to: str | None):
    if date_from:
        sql += f" AND {column} >= ?"
        args = [*args, date_from]
    if date_to:
        # "2020" or "2020-02" as an upper bound include the whole year or month
        sql += f" AND substr({column}, 1, ?) <= ?"
        args = [*args, len(date_to), date_to]
    return sql, args
