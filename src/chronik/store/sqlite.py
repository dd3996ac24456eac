"""The knowledge base in one SQLite file (or a PostgreSQL database): records, full-text search, statements by speaker.

The full record is stored as JSON (the source of truth); the tables beside it
(statements, entities, times, pledges) and the FTS5 indexes are projections of
it for querying. One article is written in one transaction, so a crash never
leaves half an article.

The same code serves PostgreSQL (``Store("postgresql://user@host/db")``):
:mod:`chronik.store.postgres` gives it a connection that speaks SQLite's SQL there, and
:mod:`chronik.store.dialect` holds the one part that differs, full-text search.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import time
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

from .. import stories
from ..projection import to_rows
from ..record import Record, text_digest
from . import events as kb_events
from . import kb, postgres
from . import pledges as kb_pledges
from .dialect import PostgresSearch, SQLiteSearch, fts_query, words
from .migrations import COPIES_VERSION, PLEDGES_VERSION, SCHEMA_VERSION, SchemaError, migrate

AddResult = str  # "added" | "updated" | "unchanged"
FACET_SECONDS = 1.0  # all facets of one request together; one that runs out of it is left out (cf. Datasette)
SORTS = ("relevance", "date", "-date")
# a speaker as the KB names them now (after a merge too), else as the article named them
SPEAKER = "coalesce((SELECT k.name FROM kb_entities k WHERE k.id = s.speaker_kb), s.speaker)"
READ_MMAP_BYTES = 1 << 30  # read-only connections map up to this much of the file
RECORD_PAGE = 500  # records read per query on PostgreSQL (Store.records)
ENTITY_STATEMENTS = 50  # statements on an entity's page (newest first; all of them through the search)
MEMBER_HEADS = 500  # a speaker's statements first reported under another name, listed in the query up to this
COMMON_SHARE = 0.2  # a search whose every word is in this share of the store is expensive (Store.common_query)
QUERY_SECONDS = 5.0  # a read query running longer is interrupted (QueryTimeout): no request stalls the rest
COUNT_EXACT = 1000  # an estimated total (Store.search_total(estimate=True)) is counted exactly up to this
COUNT_SAMPLE = 16  # above it, the hits whose row id is a multiple of this are counted, times this
RANK_NEWEST = 2000  # relevance ranks the newest this many matches of a word search (Store._rank_window), if enough
WALK_SHARE = 0.01  # a word search sorted by date walks a date index when its words are in this share of the rows
FACET_EXACT = 1000  # facets over more statements than this are counted on a sample of about this many


# Tries to open a knowledge base that another process is creating at the same moment (3.3 s of waits in all).
OPEN_ATTEMPTS = 12
EXPENSIVE_LOCK = "chronik expensive "  # PostgreSQL: advisory locks (hash of this and the schema, slot) are the slots
SHARE_SECONDS = 60.0  # a word's share of a table (Store._share) is read again after this long
_SHARES: dict[tuple[str, str, str], tuple[float, float | None]] = {}  # (knowledge base, word, table) -> (until, share)

class Total(int):
    """A result count; ``estimated``: counted on a sample (see :meth:`Store.search_total`), not exactly."""

    estimated: bool = False

    def __new__(cls, value: int, estimated: bool = False) -> Total:
        out = super().__new__(cls, value)
        out.estimated = estimated
        return out

    def __add__(self, other: int) -> Total:
        return Total(int(self) + int(other), self.estimated or getattr(other, "estimated", False))

    __radd__ = __add__


class Hits(list):
    """A page of search hits; ``ranked_newest``: relevance was ranked among that many newest matches of
    each kind, not all (see :meth:`Store.search`), else None."""

    def __init__(self, hits: Iterable[Any] = (), ranked_newest: int | None = None):
        super().__init__(hits)
        self.ranked_newest = ranked_newest


class Facets(dict):
    """Facet name → its most frequent values (None: left out, too slow); ``estimated``: counted on a sample."""

    def __init__(self, facets: dict[str, Any], estimated: bool = False):
        super().__init__(facets)
        self.estimated = estimated


class StoreError(RuntimeError):
    """The knowledge base cannot be opened or read: not a database, a folder, damaged."""


class QueryTimeout(StoreError):
    """A read query ran past ``Store.query_seconds`` and was interrupted."""


class Store:
    """A Chronik knowledge base backed by one SQLite file or a PostgreSQL database.

    >>> with Store("chronik.db") as kb:  # doctest: +SKIP
    ...     kb.add(record)
    ...     kb.search("Zwei-Prozent-Ziel")
    >>> Store("postgresql://chronik@db.example/chronik")  # doctest: +SKIP
    """

    def __init__(self, path: str | Path = "chronik.db", *, readonly: bool = False,
                 query_seconds: float | None = QUERY_SECONDS):
        """Open (read-write: create and upgrade) the knowledge base at ``path``, a file or a
        ``postgresql://`` URL.

        A read-only open never creates a file and never migrates; it refuses a file of
        another schema version. Every problem with the file is a :class:`StoreError`.
        """
        self.query_seconds = query_seconds
        self._deadline: float | None = None
        self.url = str(path) if postgres.is_url(path) else None
        self.fts: SQLiteSearch | PostgresSearch = PostgresSearch() if self.url else SQLiteSearch()
        if self.url:
            self.location = postgres.redact(self.url)
            self.no_index = ""  # no unary-plus hint in PostgreSQL: it plans by its statistics
            self._open_postgres(readonly)
            return
        self.path = Path(path)
        self.location = str(self.path)
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder, not a knowledge base file")
        for attempt in range(OPEN_ATTEMPTS):
            try:
                self._open(readonly)
                break
            except sqlite3.DatabaseError as exc:
                if getattr(self, "conn", None) is not None:
                    self.conn.close()
                # Two processes creating the same new file: while it is still in rollback mode, SQLite
                # answers "locked" at once instead of waiting (it avoids a deadlock), so wait and retry.
                if "locked" in str(exc) and not readonly and attempt + 1 < OPEN_ATTEMPTS:
                    time.sleep(0.05 * (attempt + 1))
                    continue
                raise StoreError(f"{self.path} is not a usable Chronik knowledge base: {exc}") from None

    def _open(self, readonly: bool) -> None:
        if readonly:
            if not self.path.exists():
                raise FileNotFoundError(f"no knowledge base at {self.path}")
            uri = f"file:{quote(str(self.path.resolve()))}?mode=ro"
            self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            # reads through the OS page cache shared by every reader: half the CPU of copying pages
            # into each connection's small private cache (measured on 100,000 articles, bench/load.py)
            self.conn.execute(f"PRAGMA mmap_size = {READ_MMAP_BYTES}")
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA busy_timeout = 30000")
        self.conn.execute("PRAGMA foreign_keys = ON")
        if readonly:
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                raise SchemaError(
                    f"{self.path} has schema version {version}, this Chronik reads {SCHEMA_VERSION}"
                    + (": open it once read-write (chronik ingest) to upgrade it" if version < SCHEMA_VERSION else "")
                )
        else:
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            before = migrate(self.conn)
            if 1 <= before < 2 and self.count():
                with self.write():  # a database from before the KB: link what it holds
                    kb.rebuild(self.conn)
            if 1 <= before < COPIES_VERSION and self.count():
                with self.write():  # a database from before copy detection: index what it holds
                    stories.rebuild(self.conn)
            if 1 <= before < PLEDGES_VERSION and self.count():
                with self.write():  # a database from before KB pledges: link its pledges
                    kb_pledges.rebuild(self.conn)
        self.conn.set_progress_handler(self._check_deadline, 10_000)

    def _open_postgres(self, readonly: bool) -> None:
        import psycopg

        from . import postgres_schema

        try:
            self.conn = postgres.connect(self.url or "", readonly=readonly)  # type: ignore[assignment]
        except ConnectionError as exc:
            raise StoreError(str(exc)) from None
        try:
            if readonly:
                version = postgres_schema.version(self.conn)
                if version == 0:
                    raise StoreError(f"no Chronik knowledge base in {self.location}"
                                     f" (create one with: chronik ingest FILES --db {self.location})")
                if version != SCHEMA_VERSION:
                    raise SchemaError(
                        f"{self.location} has schema version {version}, this Chronik reads {SCHEMA_VERSION}"
                        + (": open it once read-write (chronik ingest) to upgrade it" if version < SCHEMA_VERSION
                           else ""))
            else:
                postgres_schema.migrate(self.conn)
        except psycopg.Error as exc:
            self.conn.close()
            raise StoreError(f"{self.location} is not a usable Chronik knowledge base: {postgres._reason(exc)}") from None
        except BaseException:
            self.conn.close()
            raise

    def _check_deadline(self) -> int:
        return int(self._deadline is not None and time.monotonic() > self._deadline)

    @contextmanager
    def time_limit(self, seconds: float | None = None, *, snapshot: bool = False):
        """Interrupt the queries run inside after ``seconds`` (default ``query_seconds``): QueryTimeout.

        ``snapshot`` (a read-only store, the outermost limit): every read inside sees the database as it
        was at the first one (SQLite: one read transaction; PostgreSQL: REPEATABLE READ READ ONLY), so a
        page, its total and its facets agree although writers commit meanwhile."""
        seconds = self.query_seconds if seconds is None else seconds
        outer = self._memo is None
        if outer:  # lookups of one request made once (entity ids: a listing asked 8 times, a round trip each)
            self._memo = {}
        try:
            if outer and snapshot:
                with self._snapshot(seconds):
                    yield
            else:
                with self._limited(seconds):
                    yield
        finally:
            if outer:
                self._memo = None

    @contextmanager
    def _snapshot(self, seconds: float | None):
        """One read transaction around ``_limited``; on PostgreSQL its timeout set in the same round trip
        as its BEGIN and dropped by its COMMIT (``SET LOCAL``): no round trip more than a limit alone."""
        if not self.url:
            self.conn.execute("BEGIN")  # deferred: the snapshot is taken by the first read
            try:
                with self._limited(seconds):
                    yield
            finally:  # nothing written but temp tables (the word statistics' fts5vocab), kept for later requests
                self.conn.commit()
            return
        import psycopg

        raw = self.conn.raw  # type: ignore[attr-defined]
        raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;"
                    f" SET LOCAL statement_timeout = {_millis(seconds)}")
        self._deadline, self._local_timeout = seconds or None, True
        try:
            yield
        except psycopg.errors.QueryCanceled:
            raise QueryTimeout(f"the query took longer than {seconds:g} s; narrow it down") from None
        finally:
            self._deadline, self._local_timeout = None, False
            self.conn.rollback()

    @contextmanager
    def _limited(self, seconds: float | None):
        if self.url:
            with self._pg_time_limit(seconds):
                yield
            return
        previous, self._deadline = self._deadline, (time.monotonic() + seconds if seconds else None)
        try:
            yield
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise QueryTimeout(f"the query took longer than {seconds:g} s; narrow it down") from None
            raise
        finally:
            self._deadline = previous

    @contextmanager
    def _pg_time_limit(self, seconds: float | None):
        """PostgreSQL's statement_timeout in place of SQLite's progress handler (restored after)."""
        import psycopg

        previous = self._deadline
        self._deadline = seconds or None
        if self._local_timeout:  # inside a snapshot: a savepoint, so that a cancelled query leaves it usable
            raw = self.conn.raw  # type: ignore[attr-defined]
            raw.execute(f"SAVEPOINT chronik_limit; SET LOCAL statement_timeout = {_millis(seconds)}")
            try:
                yield
            except BaseException as exc:  # back to before the savepoint: the snapshot's own timeout too
                raw.execute("ROLLBACK TO SAVEPOINT chronik_limit; RELEASE SAVEPOINT chronik_limit")
                if isinstance(exc, psycopg.errors.QueryCanceled):
                    raise QueryTimeout(f"the query took longer than {seconds:g} s; narrow it down") from None
                raise
            else:
                raw.execute("RELEASE SAVEPOINT chronik_limit;"
                            f" SET LOCAL statement_timeout = {_millis(previous)}")
            finally:
                self._deadline = previous
            return
        self.conn.set_timeout(seconds)  # type: ignore[attr-defined]
        try:
            yield
        except psycopg.errors.QueryCanceled:
            raise QueryTimeout(f"the query took longer than {seconds:g} s; narrow it down") from None
        finally:
            self._deadline = previous
            self.conn.set_timeout(previous)  # type: ignore[attr-defined]

    def claim_expensive(self, slots: int) -> bool:
        """Take one of ``slots`` expensive-search slots for this read transaction (PostgreSQL: one of
        ``slots`` advisory locks, held until the transaction ends, so that every process serving the
        database shares them); False when all are taken. SQLite, or outside a transaction: True (the
        server's own per-process slots bound it)."""
        if not self.url or not self.conn.in_transaction:
            return True
        # keyed by the schema too: knowledge bases in other schemas of the database have their own slots
        row = self.conn.execute(
            "SELECT n FROM generate_series(0, ? - 1) AS n"
            " WHERE pg_try_advisory_xact_lock(hashtext(? || current_schema()), n::int) LIMIT 1",
            (slots, EXPENSIVE_LOCK)).fetchone()
        return row is not None

    @contextmanager
    def write(self):
        """One write transaction, taken at once (BEGIN IMMEDIATE): reads inside see the latest data,
        and a concurrent writer waits instead of failing on a stale read."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.rollback()
            raise
        self.conn.commit()

    # -- context manager -------------------------------------------------
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()
        self.closed = True

    closed = False
    _memo: dict[Any, Any] | None = None  # see time_limit
    _local_timeout = False  # PostgreSQL: in a snapshot, whose COMMIT ends its statement_timeout (see _snapshot)
    # SQLite's unary '+' before a column keeps that column's index out of a query plan (a backend
    # without it, e.g. PostgreSQL, plans by statistics and sets this to "")
    no_index = "+"

    # -- writing ---------------------------------------------------------
    def add(self, record: Record, *, source_file: str | None = None) -> AddResult:
        """Store one record; the same article (id and text) again changes nothing."""
        with self.write():  # one transaction per article; the id check inside it
            return self._add(record, source_file)

    def add_many(self, records: Iterable[Record], *, batch_size: int = 500) -> dict[str, int]:
        """Store many records, one transaction per ``batch_size`` (much faster than :meth:`add` each)."""
        counts = {"added": 0, "updated": 0, "unchanged": 0}
        pending = 0
        try:
            with self._pipelined():
                for record in records:
                    if pending == 0:
                        self.conn.execute("BEGIN IMMEDIATE")
                    counts[self._add(record, None)] += 1
                    pending += 1
                    if pending >= batch_size:
                        self.conn.commit()
                        pending = 0
                if pending:
                    self.conn.commit()
        except BaseException:
            self.conn.rollback()  # only the unfinished batch is lost
            raise
        return counts

    def _pipelined(self):
        """On PostgreSQL, psycopg's pipeline mode: statements whose result nobody reads (the inserts and
        updates of storing an article) are sent without waiting for the server, so storing costs a
        round trip per read instead of one per statement. A read waits for everything before it, so
        each reads what the earlier statements wrote; a failure surfaces there or at the commit, and
        the batch is rolled back as before. SQLite has no round trips: nothing to do."""
        return self.conn.raw.pipeline() if self.url else nullcontext()  # type: ignore[attr-defined]

    def _add(self, record: Record, source_file: str | None) -> AddResult:
        digest = text_digest(record.text)
        row = self.conn.execute("SELECT rowid, content_hash FROM articles WHERE id = ?", (record.id,)).fetchone()
        if row is not None and row["content_hash"] == digest:
            return "unchanged"
        if row is not None:
            self._delete(row["rowid"])
        self._insert(record, digest, source_file)
        return "updated" if row is not None else "added"

    def has(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def known_hashes(self) -> dict[str, str]:
        """Article id → text digest of everything stored (to skip work on re-ingest)."""
        return dict(self.conn.execute("SELECT id, content_hash FROM articles").fetchall())

    def delete(self, article_id: str) -> bool:
        with self.write():
            row = self.conn.execute("SELECT rowid FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                return False
            self._delete(row["rowid"])
        return True

    def _delete(self, rowid: int) -> None:
        c = self.conn
        kb.unlink_article(c, rowid)
        stories.on_delete(c, rowid)
        kb_pledges.unlink_article(c, rowid)
        for table in ("statements", "entities", "times", "pledges", "events"):
            c.execute(f"DELETE FROM {table} WHERE article = ?", (rowid,))
        c.execute("DELETE FROM articles WHERE rowid = ?", (rowid,))

    def _insert(self, record: Record, digest: str, source_file: str | None) -> None:
        c = self.conn
        prov = record.provenance
        cur = c.execute(
            "INSERT INTO articles (id, content_hash, title, date, url, source, lang, genre, text, record,"
            " source_file, ingested_at, chronik_version, models)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING rowid",
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
                _iso(prov.ingested_at if prov else None) or dt.datetime.now(dt.UTC).isoformat(),
                prov.chronik_version if prov else None,
                json.dumps(prov.models) if prov else None,
            ),
        )
        art = cur.fetchone()[0]
        links = kb.link_article(c, art, record)
        rows = to_rows(record)  # the same values as the Parquet export
        c.executemany(
            "INSERT INTO entities (article, local_id, name, type, qid, mentions, kb) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(art, r["entity"], r["name"], r["type"], r["qid"], r["mentions"], links[r["entity"]])
             for r in rows["entities"]],
        )
        c.executemany(
            "INSERT INTO statements (article, quote_id, kind, text, speaker, speaker_mention, speaker_entity,"
            " cue, date, date_source, start, end, speaker_kb, confidence)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (art, r["quote"], r["kind"], r["text"], r["speaker"], r["speaker_mention"], r["speaker_entity"],
                 r["cue"], r["date"], r["date_source"], r["start"], r["end"], _link(links, r["speaker_entity"]),
                 r["confidence"])
                for r in rows["statements"]
            ],
        )
        c.executemany(
            "INSERT INTO times (article, start, end, text, type, value, mod, role) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(art, r["start"], r["end"], r["text"], r["type"], r["value"], r["mod"], r["role"]) for r in rows["times"]],
        )
        stories.on_store(c, art, record)  # copies of one report, statement sources (docs/stories.md)
        pledge_links = kb_pledges.link_article(c, art, record, links, {e.id: e.name for e in record.entities})
        c.executemany(
            "INSERT INTO pledges (article, pledge_id, actor, actor_entity, target, deadline, evidence, actor_kb,"
            " strength, confidence, status, speaker, kb_pledge) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (art, r["pledge"], r["actor"], r["actor_entity"], r["target"], r["deadline"], r["evidence"],
                 _link(links, r["actor_entity"]), r["strength"], r["confidence"], r["status"], r["speaker"],
                 pledge_links.get(r["pledge"]))
                for r in rows["pledges"]
            ],
        )
        kb_events.insert(c, art, record, dict(links))

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
        if self.url:  # PostgreSQL's client cursor holds a whole result: page through it instead
            last = 0
            while True:
                rows = self.conn.execute("SELECT rowid, record FROM articles WHERE rowid > ? ORDER BY rowid LIMIT ?",
                                         (last, RECORD_PAGE)).fetchall()
                if not rows:
                    return
                last = rows[-1][0]
                yield from (Record.model_validate_json(r[1]) for r in rows)
        for row in self.conn.execute("SELECT record FROM articles ORDER BY rowid"):
            yield Record.model_validate_json(row["record"])

    def count(self, table: str = "articles") -> int:
        if table not in {"articles", "statements", "entities", "times", "pledges", "events"}:
            raise ValueError(f"unknown table {table!r}")
        return self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def articles(self, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT id, title, date, source, lang, substr(text, 1, 200) AS snippet FROM articles"
            # undated last on both backends; NULLS LAST, not "date IS NULL" first: the date index gives this order
            " ORDER BY date DESC NULLS LAST, rowid DESC LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [dict(r) for r in rows]

    def search(
        self,
        query: str | None,
        *,
        what: str = "all",
        limit: int = 20,
        offset: int = 0,
        date_from: str | None = None,
        date_to: str | None = None,
        speaker: str | None = None,
        kind: str | None = None,
        entity: str | None = None,
        source: str | None = None,
        sort: str | None = None,
        min_confidence: float | None = None,
    ) -> list[dict[str, Any]]:
        """Full-text search over article text and statements, best matches first (or by ``sort``).

        ``speaker`` is a KB entity id or part of a name; ``entity`` (a KB id) keeps
        articles mentioning it and statements made in them; ``source`` is the outlet;
        ``min_confidence`` keeps only statements at least this confident.
        Without words, statements (and articles, unless a statement filter is set) are
        listed by date. ``snippet`` marks matches with ``\\x02``/``\\x03``
        (see :func:`marked_html`); ``sort`` is ``relevance``, ``date`` or ``-date``.
        A statement reported by several articles is one hit (its first report) with ``outlets``.
        """
        sort = _sort(sort, query)
        parts = self._search_parts(query, what=what, date_from=date_from, date_to=date_to, speaker=speaker,
                                   kind=kind, entity=entity, source=source, min_confidence=min_confidence)
        # undated last as NULLS LAST, not "date IS NULL" first: without words a speaker's or the date's index
        # then gives the order (a page read, not all of a speaker's statements sorted); hits of one date in
        # the order they were stored (a relevance score made for every match only to order ties cost most
        # of a date-sorted search)
        order = {"relevance": "score, date DESC", "date": "date NULLS LAST, k",
                 "-date": "date DESC NULLS LAST, k DESC"}[sort]
        # with words the matches are sorted anyway; written as NULLS LAST, PostgreSQL walked the date index
        # testing the words row by row instead (1.5 s for a word and a date range on 100,000 articles)
        sorted_matches = {"date": "date IS NULL, date, k", "-date": "date IS NULL, date DESC, k DESC"}.get(sort, order)
        key = {"relevance": lambda h: (h["score"], _neg(h["date"])),
               "date": lambda h: (h["date"] is None, h["date"] or "", h["k"]),
               "-date": lambda h: (h["date"] is None, _neg(h["date"]), -h["k"])}[sort]
        # First the page's keys, from cheap columns only; then snippets, speaker names and outlet counts for
        # those rows alone: computed in the sorted query, they were made for every match (8,000 highlights
        # for one page of a common word, most of a search's time on 100,000 articles)
        found: list[dict[str, Any]] = []
        ranked: int | None = None
        for n, part in enumerate(parts):  # each part's best limit+offset: enough to merge the page
            score = part.score if sort == "relevance" else "0"
            sql = f"SELECT * FROM (SELECT {part.key} AS k, {part.date} AS date, {score} AS score{_bare(part.body)}"

            ordered = order if part.score == "0" else sorted_matches

            best = self._windowed(sql, part.args, part.sample, f") AS hits ORDER BY {ordered}", limit + offset)
            # a common word and no filter but the kind: the date index gives the order (the undated, last,
            # only if the dated ones fill no page); a filter would leave the walk few rows to find
            walk = (self._by_date(part, query, ranged=bool(date_from or date_to)) if sort != "relevance"
                    and part.score != "0" and not (speaker or entity or source) else None)
            rows = []
            if walk is not None and (date_from or date_to):
                ties = ("k", lambda r: r["k"]) if sort == "date" else ("k DESC", lambda r: -r["k"])
                rows = self._walk_range(part.table, walk, part.args, f"{part.key} AS k, {part.date} AS date, 0 AS score",
                                        part.date, sort, date_from, date_to, limit + offset, ties)
            elif walk is not None:
                rows = self.conn.execute(
                    f"SELECT {part.key} AS k, {part.date} AS date, 0 AS score{walk} AND {part.date} IS NOT NULL"
                    f" ORDER BY {'date, k' if sort == 'date' else 'date DESC, k DESC'} LIMIT ?",
                    (*part.args, limit + offset)).fetchall()
            if len(rows) == limit + offset or (walk is not None and (date_from or date_to)):
                pass  # read by date (with a date range: every hit there is, undated rows never pass it)
            elif sort == "relevance" and part.score != "0":
                rows, newest = self._ranked(part.table, query, limit + offset, best)
                ranked = max(ranked or 0, newest or 0) or None
            else:
                rows = best(None)
            found += [{**dict(r), "part": n} for r in rows]
        found.sort(key=key)
        page = found[offset : offset + limit]
        shown: dict[tuple[int, Any], dict[str, Any]] = {}
        for n, part in enumerate(parts):
            keys = [h["k"] for h in page if h["part"] == n]
            if keys:
                among, among_args = self._among(part.sample, keys)
                sql = f"SELECT {part.key} AS k, {part.cols}{part.body}{among}"
                shown.update(((n, r["k"]), dict(r)) for r in self.conn.execute(sql, (*part.args, *among_args)))
        hits = Hits(ranked_newest=ranked)
        for h in page:
            # each query reads the store as it is then: a hit a write changed in between (a merge made it a later
            # report of another statement) is no longer found by the second, and is left out, as statements() does
            hit = shown.get((h["part"], h["k"]))
            if hit is None:
                continue
            del hit["k"]
            hit["snippet"] = self.fts.marks(hit["snippet"])
            hits.append(hit)
        return hits

    def _walk_range(self, table: str, walk: str, args: list[Any], select: str, date: str, sort: str,
                    date_from: str | None, date_to: str | None, need: int, ties: tuple[str, Any]) -> list[Any]:
        """The first ``need`` rows (``select``: the SELECT's columns, one of them ``date``) of a word search
        sorted by date (``sort``: ``date`` or ``-date``; ``ties``: the ORDER BY after the date and the key
        that sorts rows the same) within a date range, read from the ``table``'s date index (``walk``:
        :meth:`_by_date`'s FROM and WHERE with ``args``, the range's own tests included). The range's dates
        become index bounds that hold exactly the dates the tests pass (at or after ``date_from``, up to
        ``date_to`` followed by anything: :func:`_date_filter`'s PostgreSQL form) but for the beginnings of
        ``date_from`` ("2020" reaches "2020-03"), read apart by their values and merged. FTS5 otherwise
        reads every match of the word and tests each row's date (a page of a common word and a month:
        ~20 -> ~8 ms on 100,000 articles); a total is still counted that way, which is faster there."""
        alias, index = ("s", "statements_date") if table == "statements" else ("a", "articles_date")
        head = f" FROM {table} {alias}"
        assert walk.startswith(head), walk
        walk = f"{head} INDEXED BY {index}{walk[len(head):]}"
        order = f"{date}{' DESC' if sort == '-date' else ''}, {ties[0]}"
        select = f"SELECT {select}{walk}"
        bounds, bound_args = "", list[Any]()
        if date_from:
            bounds, bound_args = f" AND {date} >= ?", [date_from]
        if date_to:
            bounds, bound_args = f"{bounds} AND {date} <= ?", [*bound_args, date_to + "\U0010ffff"]
        rows = self.conn.execute(f"{select}{bounds} ORDER BY {order} LIMIT ?", (*args, *bound_args, need)).fetchall()
        if date_from:
            prefixes = [date_from[:n] for n in range(len(date_from))]
            among = f" AND {date} IN ({', '.join('?' * len(prefixes))})"
            # '+': the few dates probed, the matches tested against them (not each match probed for each date)
            select = select.replace(f" WHERE {alias}.rowid IN (", f" WHERE +{alias}.rowid IN (", 1)
            rows += self.conn.execute(f"{select}{among} ORDER BY {order} LIMIT ?", (*args, *prefixes, need)).fetchall()
            rows.sort(key=ties[1])
            rows.sort(key=lambda r: r["date"], reverse=sort == "-date")
        return rows[:need]

    def _windowed(self, sql: str, args: list[Any], column: str, tail: str, limit: int, offset: int = 0):
        """The rows of ``sql`` + ``tail`` (its ORDER BY) with ``limit`` and ``offset``, as a function of a window
        (:meth:`_ranked`): given a row id, only rows whose ``column`` is at least that; given None, all."""

        def rows(window: int | None) -> list[Any]:
            bound, bound_args = (f" AND {column} >= ?", [window]) if window is not None else ("", [])
            return self.conn.execute(f"{sql}{bound}{tail} LIMIT ? OFFSET ?",
                                     (*args, *bound_args, limit, offset)).fetchall()

        return rows

    def _among(self, column: str, keys: list[Any]) -> tuple[str, list[Any]]:
        """``AND column IN (keys)``. On a full-text index's row id, FTS5 would seek each key in the word's
        whole list of matches from its start (8-30 ms for a page of a common word): it gets their range
        to read instead, and the keys are tested there (``+``: not handed to FTS5), 0.6-2 ms."""
        marks = ", ".join("?" * len(keys))
        if column.endswith("_fts.rowid"):
            return f" AND {column} BETWEEN ? AND ? AND +{column} IN ({marks})", [min(keys), max(keys), *keys]
        return f" AND {column} IN ({marks})", list(keys)

    def _by_date(self, part: _Part, query: str | None, *, ranged: bool = False) -> str | None:
        """The FROM and WHERE of a word search part to read by date from a date index (words in at least
        ``WALK_SHARE`` of the part's table: a page of 20 is then met within a few hundred rows), else None.
        Sorting every match of "Rente" (15,000 statements) by date took 11 ms on SQLite, the walk 3; on
        PostgreSQL 140-170 ms (every match read and joined to its article), the walk 2-7 ms.
        ``ranged``: with a date range (SQLite then reads the range from the index, :meth:`_walk_range`;
        PostgreSQL ANDs the word's and the range's index bitmaps: None)."""
        return self._walk_body(part.body, part.table, query, ranged=ranged)

    def _walk_body(self, body: str, table: str, query: str | None, *, ranged: bool = False) -> str | None:
        """:meth:`_by_date` of a FROM and WHERE ``body`` of ``table``. On PostgreSQL the body as it is: the
        walk is its ORDER BY written as the date index gives it (``date DESC``, the undated left out and read
        after, if the page needs them), where the plain path's ``date IS NULL, date DESC`` keeps the planner
        from the index; it then reads the date index, testing each row against the word."""
        if not fts_query(query or "") or (self.url and ranged):
            return None
        shares = [x for word, _ in words(query or "") if (x := self._share(word.strip('"'), table)) is not None]
        if not shares or min(shares) < WALK_SHARE:
            return None
        return _bare(body) if self.url else SQLiteSearch.by_date(_bare(body))

    def _rank_window(self, table: str, query: str | None, newest: int = RANK_NEWEST) -> int | None:
        """The row id from which the ``newest`` matches of ``query`` in ``table`` start; None when there
        are no more matches than that."""
        if not fts_query(query or ""):
            return None
        if self.url:
            # PostgreSQL: from the planner's word statistics (so about that many): finding the exact row by
            # walking the key index backwards tested the words row by row (50-300 ms a search)
            shares = [x for word, _ in words(query or "") if (x := self._share(word.strip('"'), table)) is not None]
            if not shares or not min(shares):
                return None
            top = self.conn.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
            window = top - int(newest / min(shares))
            return window if window > 0 else None
        sql, args = SQLiteSearch.newest(table, query or "")
        row = self.conn.execute(sql, (*args, newest)).fetchone()
        return None if row is None else row[0]

    def _share(self, word: str, table: str) -> float | None:
        """:meth:`_table_share`, cached for every connection of this process to the same knowledge base for
        ``SHARE_SECONDS``: cached per connection, a server's 40 reader threads each asked again for every
        word (on PostgreSQL a pg_stats query of ~4 ms, ~120 of them in the first minute of the load run per
        thread). A share only steers how a search is read (never what it finds), so a minute-old one does."""
        key = (self.location, word, table)
        now = time.monotonic()
        found = _SHARES.get(key)
        if found is None or found[0] < now:
            if len(_SHARES) > 10_000:
                _SHARES.clear()
            found = _SHARES[key] = (now + SHARE_SECONDS, self._table_share(word, table))
        return found[1]

    def _ranked(self, table: str, query: str | None, need: int, run) -> tuple[list[Any], int | None]:
        """``run(window)``'s rows ranked by relevance among the ``RANK_NEWEST`` newest matches of ``query``
        (``window``: the row id they start from), and that number; all matches (``run(None)``, None) when
        there are not more than that. A score is made for every match ranked (3 µs each on SQLite: 45 ms
        for a word in 15,000 statements), which for a common word costs more than the rest of the search.
        A window whose matches the filters thin out below ``need`` rows is widened once by the share it
        kept, else all matches are ranked: a page is never cut short by the window."""
        newest = RANK_NEWEST
        for _ in range(2):
            window = self._rank_window(table, query, newest)
            if window is None:
                break
            rows = run(window)
            if len(rows) >= need:
                return rows, newest
            if not rows:
                break
            newest *= -(-2 * need // len(rows))
        return run(None), None

    def search_total(self, query: str | None, *, what: str = "all", estimate: bool = False, **filters: Any) -> Total:
        """How many hits :meth:`search` has with the same words and filters, over all pages.

        With ``estimate``, a total over ``COUNT_EXACT`` is estimated instead of counted (``.estimated``):
        counting a word in 15,000 statements cost more than finding its best page."""
        filters.pop("sort", None)
        return sum((self._count(_bare(part.body), part.args, part.sample, estimate)
                    for part in self._search_parts(query, what=what, **filters)), Total(0))

    def _count(self, body: str, args: list[Any], sample: str, estimate: bool) -> Total:
        """Rows of ``FROM … WHERE …`` ``body``: exactly, or with ``estimate`` exactly up to ``COUNT_EXACT`` and
        above it from the rows whose id (``sample``, a column read before any join) is a multiple of
        ``COUNT_SAMPLE``, times ``COUNT_SAMPLE``, to two significant digits. Row ids are assigned in
        ingest order, so the sample is spread over the whole store, whatever the filters keep. On
        PostgreSQL (where a sample would still read every matching row) the planner's estimate."""
        if not estimate:
            return Total(self.conn.execute("SELECT count(*)" + body, args).fetchone()[0])
        found = self.conn.execute(f"SELECT count(*) FROM (SELECT 1{body} LIMIT ?) AS c",
                                  (*args, COUNT_EXACT + 1)).fetchone()[0]
        if found <= COUNT_EXACT:
            return Total(found)
        if self.url:  # the planner's estimate: a sample would still visit every matching row
            plan = self.conn.execute(f"EXPLAIN (FORMAT JSON) SELECT 1{body}", args).fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            return Total(max(_significant(int(plan[0]["Plan"]["Plan Rows"])), COUNT_EXACT + 1), estimated=True)
        sampled = self.conn.execute(f"SELECT count(*){body} AND {sample} % {COUNT_SAMPLE} = 0", args).fetchone()[0]
        return Total(max(_significant(sampled * COUNT_SAMPLE), COUNT_EXACT + 1), estimated=True)

    def _search_parts(self, query: str | None, *, what: str, date_from=None, date_to=None, speaker=None,
                      kind=None, entity=None, source=None, min_confidence=None) -> list[_Part]:
        """The article part and the statement part of a search."""
        match = fts_query(query or "")
        if query and query.strip() and not match:
            return []
        entity = self._resolve(entity) if entity else None
        parts = []
        if what in ("all", "articles") and not (speaker or kind):
            if match:
                cols = ("'article' AS hit, a.id AS article, a.title, a.date, a.source, NULL AS speaker,"
                        " NULL AS speaker_kb, NULL AS kind, NULL AS quote_id,"
                        f" {self.fts.article_snippet} AS snippet, {self.fts.article_score} AS score")
                body, args = self.fts.articles(query or "")
            else:
                cols = ("'article' AS hit, a.id AS article, a.title, a.date, a.source, NULL AS speaker,"
                        " NULL AS speaker_kb, NULL AS kind, NULL AS quote_id,"
                        " substr(a.text, 1, 240) || CASE WHEN length(a.text) > 240 THEN '…' ELSE '' END AS snippet,"
                        " 0 AS score")
                body, args = " FROM articles a WHERE 1=1", []
            body, args = _date_filter(body, args, "a.date", date_from, date_to, indexed=bool(self.url))
            body, args = _entity_filter(body, args, "a.rowid", entity)
            if source:
                body += " AND a.source = ?"
                args.append(source)
            parts.append(_Part(cols, body, args, "a.rowid", "a.date", self.fts.article_score if match else "0",
                               self.fts.article_rowid if match else "a.rowid", "articles"))
        if what in ("all", "statements"):
            for speaker_part in self._speaker_parts(speaker, query=match):
                body, args = self._statement_body(match and query, date_from=date_from, date_to=date_to,
                                                  speaker=speaker, kind=kind, entity=entity, source=source,
                                                  min_confidence=min_confidence, merged=True, speaker_part=speaker_part)
                text = self.fts.statement_marked if match else "s.text"
                cols = (f"'statement' AS hit, a.id AS article, a.title, s.date, a.source, {SPEAKER} AS speaker,"
                        " s.speaker_kb, s.kind,"
                        f" s.quote_id, {text} AS snippet, {self.fts.statement_score if match else '0'} AS score,"
                        " (SELECT count(DISTINCT coalesce(a2.source, a2.id)) FROM statements d JOIN articles a2"
                        " ON a2.rowid = d.article WHERE d.rowid = s.rowid OR d.same_as = s.rowid) AS outlets")
                parts.append(_Part(cols, body, args, "s.rowid", "s.date", self.fts.statement_score if match else "0",
                                   self.fts.statement_rowid if match else "s.rowid", "statements"))
        return parts

    def _statement_body(self, query: str | None, *, date_from=None, date_to=None, speaker=None, kind=None,
                        entity=None, source=None, article=None, nested=True, min_confidence=None,
                        merged=True, members=True, speaker_part: str | None = None) -> tuple[str, list[Any]]:
        """FROM and WHERE of a statement query (``query``: the user's words, if any; ``entity`` already resolved;
        ``speaker_part``: see :meth:`_speaker_parts`)."""
        if query:
            body, args = self.fts.statements(query)
        else:
            body, args = " FROM statements s JOIN articles a ON a.rowid = s.article WHERE 1=1", []
        # With words, the full-text index leads: led by the speaker's or the kind's index instead, the
        # planner would test the words row by row (2 s instead of 2 ms for one kind on 17,000 articles)
        lead = self.no_index if query else ""
        body, args = self._speaker_filter(body, args, speaker, members=merged and members and not article,
                                          lead=lead, part=speaker_part)
        body, args = _entity_filter(body, args, "s.article", entity)
        if kind:
            # a speaker's index leads, not the kind's: led by the kind's (half the store), a speaker's page by
            # date walked 275,000 statements to find 50 of theirs (360 ms on 100,000 articles)
            body += f" AND {self.no_index if (query or (speaker and self.has_entity(speaker))) else ''}s.kind = ?"
            args.append(kind)
        if article:
            body += " AND a.id = ?"
            args.append(article)
        elif merged:  # one statement reported by several articles is listed once (its first report)
            # '+': most statements are first reports, so the same_as index is no way in (the planner,
            # knowing only the average per value, would take it over the speaker's or kind's index)
            body += f" AND {self.no_index}s.same_as IS NULL"
        if source:
            body += " AND a.source = ?"
            args.append(source)
        body, args = _date_filter(body, args, "s.date", date_from, date_to, indexed=bool(self.url))
        body, args = _confidence_filter(body, args, min_confidence)
        if not nested:
            body += (
                " AND NOT (s.kind = 'direct' AND EXISTS (SELECT 1 FROM statements o"
                " WHERE o.article = s.article AND o.rowid != s.rowid"
                " AND o.start <= s.start AND s.end <= o.end AND o.end - o.start > s.end - s.start"
                " AND o.speaker IS s.speaker))"
            )
        return body, args

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
        entity: str | None = None,
        nested: bool = False,
        source: str | None = None,
        q: str | None = None,
        sort: str | None = None,
        min_confidence: float | None = None,
        merged: bool = True,
        members: bool = True,
        dated: bool = False,
    ) -> list[dict[str, Any]]:
        """Statements, filtered by speaker (KB id, or name or mention substring), kind, article, outlet, date
        and ``min_confidence`` (statements without a confidence are then left out).

        ``entity`` (a KB id) keeps statements made in articles that mention it; ``q`` keeps those
        whose words match (then ``marked`` holds the text with matches between ``\\x02`` and
        ``\\x03``). A direct quoted fragment inside a longer statement of the same speaker
        (records keep both, as the annotation convention has it) is left out unless ``nested``:
        it would say the same thing twice. ``sort``: ``date`` (default without ``q``), ``-date``,
        ``relevance`` (default with ``q``). The same statement reported by several articles comes
        once (unless ``merged`` is False or ``article`` is given), with ``sources`` (article ids),
        ``reports``, ``outlets`` and ``variants``; its speaker's filter also finds it through a later report
        naming that speaker, unless ``members`` is False (then a page of a speaker's statements by date
        is read straight from the speaker's index). ``dated``: only statements with a date.
        """
        filters = {"speaker": speaker, "kind": kind, "article": article, "date_from": date_from, "date_to": date_to,
                   "entity": entity, "nested": nested, "source": source, "q": q, "min_confidence": min_confidence,
                   "merged": merged, "members": members}
        order_by = _sort(sort, q)
        rows: list[dict[str, Any]] = []
        ranked = None
        parts = self._speaker_parts(speaker, query=fts_query(q or ""), merged=merged, members=members, article=article)
        for part in parts:
            body, args, match = self._statements_where(**filters, speaker_part=part)
            if body is None:
                return []
            # the page's statements from cheap columns first; the costly ones (highlights, speaker names) then
            # for those rows alone: in the sorted query SQLite makes them for every match (11,000 for one word)
            sql = "SELECT s.rowid AS sid, s.date, s.article AS arow, s.start" + _bare(body)
            # undated last, as NULLS LAST (an index on (speaker_kb, date) or (kind, date) then gives the order, and
            # a page of a speaker's 40,000 statements is read in 1 ms instead of sorting them all: 1.4 s)
            order = {"relevance": f"{self.fts.statement_score}, s.date DESC",
                     "date": "s.date NULLS LAST, s.article, s.start",
                     "-date": "s.date DESC NULLS LAST, s.article, s.start"}[order_by]
            if dated:  # no NULLs to place: PostgreSQL reads an index backwards for plain DESC only
                sql += " AND s.date IS NOT NULL"
                order = order.replace(" NULLS LAST", "")
            walk = (self._walk_body(body, "statements", q, ranged=True) if len(parts) == 1 and match
                    and order_by != "relevance"
                    and (date_from or date_to) and not (speaker or entity or source or article) else None)
            if walk is not None:  # a word and a date range, by date: read from the date index (see _walk_range)
                ties = ("s.article, s.start", lambda r: (r["arow"], -1 if r["start"] is None else r["start"]))
                rows = [dict(r) for r in self._walk_range("statements", walk, args, "s.rowid AS sid, s.date,"
                                                          " s.article AS arow, s.start", "s.date", order_by,
                                                          date_from, date_to, limit + offset, ties)[offset:]]
            elif len(parts) == 1:
                page = self._windowed(sql, args, self.fts.statement_rowid, f" ORDER BY {order}", limit, offset)
                if order_by == "relevance" and match:  # among the newest matches, as in search
                    found, ranked = self._ranked("statements", q, limit, page)
                else:
                    found = page(None)
                rows = [dict(r) for r in found]
            else:  # each part's first limit + offset, merged in the same order (parts without words: by date)
                sql += f" ORDER BY {order} LIMIT ?"
                rows += [dict(r) for r in self.conn.execute(sql, (*args, limit + offset))]
        if len(parts) > 1:
            rows.sort(key=lambda r: (r["date"] is None, _neg(r["date"]) if order_by == "-date" else r["date"] or "",
                                     r["arow"], r["start"] if r["start"] is not None else -1))
            rows = rows[offset : offset + limit]
        rows = self._statement_rows([r["sid"] for r in rows], q if match else None)
        for r in rows:
            if match:
                r["marked"] = self.fts.marks(r["marked"])
            else:
                r.pop("marked")
        # a listing of KB statements shows the speaker most reports name; one article's own keep theirs
        return Hits(stories.statements.attach_sources(self.conn, rows, chosen=merged and not article), ranked)

    def _statement_rows(self, sids: list[int], query: str | None) -> list[dict[str, Any]]:
        """The statements ``sids`` in that order, every column :meth:`statements` shows (``marked``: the
        matches of the words of ``query`` marked, else NULL)."""
        if not sids:
            return []
        marked = "NULL"
        body, args = " FROM statements s JOIN articles a ON a.rowid = s.article WHERE 1=1", list[Any]()
        if query:
            marked = self.fts.statement_marked
            body, args = self.fts.statements(query)
        among, among_args = self._among(self.fts.statement_rowid if query else "s.rowid", sids)
        sql = (
            f"SELECT a.id AS article, a.title, a.source, s.quote_id, s.kind, {SPEAKER} AS speaker, s.speaker_mention,"
            " s.speaker_entity, s.speaker_kb, s.cue, s.date, s.date_source, s.text, s.start, s.end,"
            f" s.confidence, s.rowid AS sid, s.same_as, {marked} AS marked" + body + among
        )
        found = {r["sid"]: dict(r) for r in self.conn.execute(sql, (*args, *among_args))}
        return [found[sid] for sid in sids if sid in found]

    def statements_total(self, *, estimate: bool = False, **filters: Any) -> Total:
        """How many statements :meth:`statements` finds with the same filters, over all pages
        (``estimate``: see :meth:`search_total`)."""
        for name in ("limit", "offset", "sort"):
            filters.pop(name, None)
        total = Total(0)
        for part in self._speaker_parts(filters.get("speaker"), query=fts_query(filters.get("q") or ""),
                                        merged=filters.get("merged", True), members=filters.get("members", True),
                                        article=filters.get("article")):
            body, args, match = self._statements_where(**filters, speaker_part=part)
            if body is None:
                return Total(0)
            total += self._count(_bare(body), args, self.fts.statement_rowid if match else "s.rowid", estimate)
        return total

    def _statements_where(self, speaker=None, kind=None, article=None, date_from=None, date_to=None,
                          entity=None, nested=False, source=None, q=None, min_confidence=None, merged=True,
                          members=True, speaker_part=None):
        match = fts_query(q or "")
        if q and q.strip() and not match:
            return None, [], match
        body, args = self._statement_body(match and q, date_from=date_from, date_to=date_to, speaker=speaker, kind=kind,
                                          entity=self._resolve(entity) if entity else None,
                                          source=source, article=article, nested=nested,
                                          min_confidence=min_confidence, merged=merged, members=members,
                                          speaker_part=speaker_part)
        return body, args, match

    def facets(self, query: str | None = None, *, seconds: float = FACET_SECONDS, size: int = 10,
               total: int | None = None, **filters: Any) -> Facets:
        """Counts of the statements a search finds, by speaker, outlet, kind and month (Datasette-style).

        Each facet is the ``size`` most frequent values. The statements found are read once and
        counted four ways, within ``seconds``: past that budget the facets are left out (None)
        rather than slow the page down. ``total``: how many there are (:meth:`statements_total`), if
        known: over ``FACET_EXACT`` the counts are made on a sample of about ``FACET_EXACT`` of them
        (every statement whose row id is a multiple of a power of two) and scaled up, to two
        significant digits (``.estimated``).
        """
        for name in ("limit", "offset", "sort", "what"):
            filters.pop(name, None)
        query = filters.pop("q", None) or query
        filters.setdefault("nested", True)
        body, args, match = self._statements_where(q=query, **filters)
        names = ("speaker", "source", "kind", "month")
        if body is None:
            return Facets({name: [] for name in names})
        if seconds <= 0:
            return Facets(dict.fromkeys(names))
        sample = self.fts.statement_rowid if match else "s.rowid"
        if total is None:
            total = self._count(_bare(body), args, sample, estimate=True)
        step = 1
        while total // (step * 2) >= FACET_EXACT:
            step *= 2
        if step > 1:
            body += f" AND {sample} % {step} = 0"
        # speakers without a KB entity are grouped by name (value NULL would lump them together); the KB's
        # name is looked up for the groups shown, not for every statement found
        found = (f"SELECT coalesce(s.speaker_kb, s.speaker) AS speaker, s.speaker_kb AS speaker_kb,"
                 f" s.speaker AS speaker_name, a.source AS source, s.kind AS kind, substr(s.date, 1, 7) AS month{body}")
        counts = [
            "SELECT 'speaker' AS facet, g.value, coalesce((SELECT k.name FROM kb_entities k WHERE k.id = g.kb),"
            " g.name) AS label, g.count FROM (SELECT speaker AS value, max(speaker_kb) AS kb, max(speaker_name) AS name,"
            " count(*) AS count FROM found WHERE speaker IS NOT NULL GROUP BY speaker ORDER BY count DESC, value"
            " LIMIT ?) AS g"]
        counts += [f"SELECT * FROM (SELECT '{name}' AS facet, {name} AS value, {name} AS label, count(*) AS count"
                   f" FROM found WHERE {name} IS NOT NULL GROUP BY {name} ORDER BY count DESC, value LIMIT ?) AS by_{name}"
                   for name in names[1:]]
        try:
            with self.time_limit(seconds):
                rows = self.conn.execute(f"WITH found AS MATERIALIZED ({found}) {' UNION ALL '.join(counts)}",
                                         (*args, *[size] * len(names))).fetchall()
        except QueryTimeout:
            return Facets(dict.fromkeys(names))
        out = Facets({name: [] for name in names}, estimated=step > 1)
        for r in rows:
            count = _significant(r["count"] * step) if step > 1 else r["count"]
            out[r["facet"]].append({"value": r["value"], "label": r["label"], "count": count})
        return out

    def pledges(self, *, actor: str | None = None, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Pledges by deadline (undated last); ``actor`` is a KB entity id or part of a name."""
        sql = (
            "SELECT a.id AS article, a.title, a.date, p.pledge_id, p.actor, p.actor_entity, p.actor_kb, p.target,"
            " p.deadline, p.evidence, p.strength, p.confidence, p.status, p.speaker, p.kb_pledge"
            " FROM pledges p JOIN articles a ON a.rowid = p.article WHERE 1=1"
        )
        args: list[Any] = []
        if actor and self.has_entity(actor):
            sql += " AND p.actor_kb = ?"
            args.append(kb.resolve_id(self.conn, actor))
        elif actor:
            sql += " AND p.actor LIKE ? ESCAPE '\\'"
            args.append(_like(actor))
        sql += " ORDER BY p.deadline IS NULL, p.deadline, a.date LIMIT ? OFFSET ?"
        return [dict(r) for r in self.conn.execute(sql, (*args, limit, offset))]

    def events(self, *, type: str | None = None, actor: str | None = None, entity: str | None = None,
               article: str | None = None, date_from: str | None = None, date_to: str | None = None,
               articles: list[str] | None = None, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Events by date: ``actor`` (or ``entity``, actor or target) is a KB entity id or part of a name."""
        return kb_events.find(self.conn, type=type, actor=actor, entity=entity, article=article, date_from=date_from,
                              date_to=date_to, articles=articles, limit=limit, offset=offset)

    def events_total(self, **filters: Any) -> int:
        """How many events :meth:`events` finds, over all pages."""
        return kb_events.total(self.conn, **filters)

    def kb_pledges(self, *, actor: str | None = None, deadline_from: str | None = None,
                   deadline_to: str | None = None, strength: str | None = None, status: str | None = None,
                   limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Pledges across articles (one per actor and target, with how many sources report it).

        ``actor`` is a KB entity id or part of a name; ``deadline_from``/``deadline_to`` bound
        the deadline ("2025", "2025-06" as an upper bound include the whole year or month);
        ``status`` is made, repeated, questioned, withdrawn or deadline_passed.
        """
        if actor and self.has_entity(actor):
            actor = kb.resolve_id(self.conn, actor)
        return kb_pledges.find(self.conn, actor=actor, deadline_from=deadline_from, deadline_to=deadline_to,
                               strength=strength, status=status, limit=limit, offset=offset)

    def kb_pledges_total(self, **filters: Any) -> int:
        """How many pledges :meth:`kb_pledges` finds, over all pages."""
        return len(self.kb_pledges(limit=10**9, offset=0, **filters))

    def kb_pledge(self, pledge_id: str) -> dict[str, Any] | None:
        """One pledge across articles with its timeline: made, repeated, questioned, withdrawn, deadline passed."""
        return kb_pledges.detail(self.conn, pledge_id)

    def stats(self) -> dict[str, int]:
        counts = {t: self.count(t) for t in ("articles", "statements", "entities", "times", "pledges", "events")}
        counts["kb_entities"] = self.conn.execute("SELECT count(*) FROM kb_entities WHERE articles > 0").fetchone()[0]
        return counts

    def has_entity(self, value: str) -> bool:
        """Whether ``value`` is a KB entity id (or the redirect of a merged one)."""
        key = ("has_entity", value)
        if self._memo is not None and key in self._memo:
            return self._memo[key]
        found = self.conn.execute(
            "SELECT 1 FROM kb_entities WHERE id = ? UNION ALL SELECT 1 FROM kb_redirects WHERE old = ?", (value, value)
        ).fetchone() is not None
        if self._memo is not None:
            self._memo[key] = found
        return found

    def _resolve(self, value: str) -> str:
        """The KB id ``value`` names now (merged ids followed; :func:`kb.resolve_id`), once per request."""
        key = ("resolve", value)
        if self._memo is not None and key in self._memo:
            return self._memo[key]
        found = kb.resolve_id(self.conn, value)
        if self._memo is not None:
            self._memo[key] = found
        return found

    def _speaker_heads(self, kb_id: str) -> list[Any]:
        """The first reports whose later reports name KB speaker ``kb_id`` (up to ``MEMBER_HEADS`` + 1),
        from the partial index of later reports (migration 8)."""
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT m.same_as FROM statements m WHERE m.speaker_kb = ? AND m.same_as IS NOT NULL"
            " LIMIT ?", (kb_id, MEMBER_HEADS + 1))]

    def _speaker_parts(self, speaker: str | None, *, query: Any = None, merged: bool = True, members: bool = True,
                       article: str | None = None) -> list[str | None]:
        """How a statement query for ``speaker`` is split: ``[None]`` one query; ``["own", "heads"]`` the
        speaker's own statements (read from their index in date order) and, apart, the few first reports
        other articles attribute to them. One query with ``speaker_kb = ? OR rowid IN (…)`` can use no
        index for its order: it sorted a frequent speaker's 40,000 statements for a page of 50 (300 ms).
        With words the full-text index leads anyway: one query."""
        if query or not (speaker and merged and members and not article) or not self.has_entity(speaker):
            return [None]
        heads = self._speaker_heads(self._resolve(speaker))
        return ["own", "heads"] if 0 < len(heads) <= MEMBER_HEADS else [None]

    def _speaker_filter(self, sql: str, args: list[Any], speaker: str | None, *, members: bool = False,
                        lead: str = "", part: str | None = None):
        """Statements of ``speaker``; with ``members``, also first reports whose further sources name
        that speaker (a disputed statement is listed under each speaker its reports name).
        ``lead`` goes before the speaker column (``+``: its index does not lead the query); ``part``
        ``own`` keeps the speaker's own statements only, ``heads`` only those first reports not their own."""
        if speaker and self.has_entity(speaker):
            kb_id = self._resolve(speaker)
            if part == "own":
                return sql + f" AND {lead}s.speaker_kb = ?", [*args, kb_id]
            # the first reports whose later reports name this speaker, looked up first: most speakers have
            # none, and a query without the OR reads the speaker's index in date order (see statements)
            heads = self._speaker_heads(kb_id) if members or part == "heads" else []
            if part == "heads":
                return (sql + f" AND s.rowid IN ({', '.join('?' * len(heads))}) AND s.speaker_kb IS NOT ?",
                        [*args, *heads, kb_id])
            if len(heads) > MEMBER_HEADS:
                return (sql + f" AND ({lead}s.speaker_kb = ? OR s.rowid IN"
                        " (SELECT m.same_as FROM statements m WHERE m.speaker_kb = ? AND m.same_as IS NOT NULL))",
                        [*args, kb_id, kb_id])
            if heads:
                return (sql + f" AND ({lead}s.speaker_kb = ? OR s.rowid IN ({', '.join('?' * len(heads))}))",
                        [*args, kb_id, *heads])
            return sql + f" AND {lead}s.speaker_kb = ?", [*args, kb_id]
        if speaker:
            like = "(s.speaker LIKE ? ESCAPE '\\' OR s.speaker_mention LIKE ? ESCAPE '\\')"
            if members:
                inner = like.replace("s.", "m.")
                sql += (f" AND ({like} OR s.rowid IN (SELECT m.same_as FROM statements m"
                        f" WHERE m.same_as IS NOT NULL AND {inner}))")
                return sql, [*args, _like(speaker), _like(speaker), _like(speaker), _like(speaker)]
            sql += " AND " + like
            return sql, [*args, _like(speaker), _like(speaker)]
        return sql, args

    def common_query(self, query: str | None) -> bool:
        """Whether ``query`` matches a large share of the store (``COMMON_SHARE`` or more of the
        statements or of the articles): every word very common ("die", "sagte") or a short prefix.
        Such a search reads most of the full-text index and costs seconds on a large store, whatever
        its page size; the API bounds how many run at once. Word frequencies come from the
        full-text index (FTS5's vocabulary on SQLite, the planner statistics on PostgreSQL), cached
        per process (:meth:`_share`)."""
        found = words(query or "")
        if not found:
            return False
        if any(prefix and len(word.strip('"')) < 4 for word, prefix in found):
            return True
        shares = [share for word, _ in found if (share := self._word_share(word.strip('"'))) is not None]
        return bool(shares) and min(shares) >= COMMON_SHARE

    def _word_share(self, word: str) -> float | None:
        """The larger share of statements and of articles holding ``word``; None for a word the search
        drops (a PostgreSQL stopword)."""
        shares = [x for t in ("statements", "articles") if (x := self._share(word, t)) is not None]
        return max(shares) if shares else None

    def _table_share(self, word: str, table: str) -> float | None:
        if self.url:  # the lexemes' frequencies ANALYZE keeps for the tsvector column; stopwords have none
            row = self.conn.execute(
                "SELECT min(coalesce(s.most_common_elem_freqs[array_position(s.most_common_elems::text::text[],"
                " l.lex)], 0)) FROM unnest(tsvector_to_array(to_tsvector('german', ?))) AS l(lex)"
                " LEFT JOIN pg_stats s ON s.schemaname = current_schema() AND s.tablename = ? AND s.attname = 'tsv'",
                (word, table)).fetchone()
            return None if row[0] is None else float(row[0])
        rows = self.conn.execute("SELECT max(rowid) FROM " + table).fetchone()[0] or 0
        if not rows:
            return 0.0
        vocab = f"{table}_vocab"
        self.conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{vocab} USING fts5vocab(main, {table}_fts, row)")
        tokens = [t for t in _FTS_TOKEN.findall(_fold(word))] or [""]
        shares = []
        for token in tokens:
            row = self.conn.execute(f"SELECT doc FROM temp.{vocab} WHERE term = ?", (token,)).fetchone()
            shares.append((row[0] if row else 0) / rows)
        return min(shares)  # a phrase matches no more than its rarest word

    # -- knowledge base (cross-article entities, see kb.py) ----------------
    def entities(self, query: str | None = None, *, type: str | None = None, limit: int = 50,
                 offset: int = 0, min_confidence: float | None = kb.MIN_CONFIDENCE) -> list[dict[str, Any]]:
        """KB entities whose name or an alias contains ``query``, most-mentioned first; those
        below ``min_confidence`` only when it is lowered (0 or None: all)."""
        return kb.find(self.conn, query, etype=type, limit=limit, offset=offset, min_confidence=min_confidence)

    def entity_name(self, entity_id: str) -> str | None:
        """The name of KB entity ``entity_id`` (merged ids followed), or None when there is none."""
        row = self.conn.execute("SELECT name FROM kb_entities WHERE id = ?",
                                (kb.resolve_id(self.conn, entity_id),)).fetchone()
        return row[0] if row else None

    def entities_total(self, query: str | None = None, *, type: str | None = None,
                       min_confidence: float | None = kb.MIN_CONFIDENCE) -> int:
        """How many KB entities :meth:`entities` finds, over all pages."""
        sql, args = "SELECT count(*) FROM kb_entities WHERE articles > 0", list[Any]()
        if min_confidence:
            sql += " AND coalesce(confidence, 1) >= ?"
            args.append(min_confidence)
        if query and kb.norm(query):
            sql += " AND id IN (SELECT entity FROM kb_names WHERE norm LIKE ? ESCAPE '\\')"
            args.append(kb.like(kb.norm(query)))
        if type:
            sql += " AND type = ?"
            args.append(type)
        return self.conn.execute(sql, args).fetchone()[0]

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        """One KB entity: names, roles over time, statements by and about it, pledges, co-mentions."""
        out = kb.detail(self.conn, entity_id)
        if out is None:
            return None
        # the newest page of its statements (read from the speaker's index, 1 ms for a speaker of 40,000
        # statements, where the 500 oldest took 1-2 s; a speaker some reports of another's statement name
        # needs those too, and a sort); the rest are a search away
        found = self.statements(speaker=out["id"], limit=ENTITY_STATEMENTS + 1, sort="-date", dated=True)
        if len(found) <= ENTITY_STATEMENTS:  # a page not filled by dated statements: the undated come last
            found = self.statements(speaker=out["id"], limit=ENTITY_STATEMENTS + 1, sort="-date")
        page = found[:ENTITY_STATEMENTS]  # shown in time order, as a timeline (stable: a day keeps its order)
        out["statements"] = sorted(page, key=lambda r: (r["date"] is None, r["date"] or ""))
        out["statements_more"] = len(found) > ENTITY_STATEMENTS
        out["statements_about"] = self.statements_about(out["id"], [out["name"], *out["aliases"]])
        out["pledges"] = self.pledges(actor=out["id"], limit=200)
        out["events"] = self.events(entity=out["id"], limit=200)
        return out

    def statements_about(self, entity_id: str, names: list[str], limit: int = 100) -> list[dict[str, Any]]:
        """Statements by others, in articles mentioning the entity, whose words name it."""
        naming = self.fts.statements_naming(names)
        if naming is None:
            return []
        body, args = naming
        # the page chosen from the statements alone, its articles read for its rows only: a place named in
        # 2,400 statements had each looked up in the articles before the sort kept 100 (36 ms on PostgreSQL)
        sql = (
            "SELECT a.id AS article, a.title, x.quote_id, x.kind, x.speaker, x.speaker_kb, x.date, x.text FROM"
            " (SELECT s.article AS arow, s.quote_id, s.kind, s.speaker, s.speaker_kb, s.date, s.text, s.start"
            + _bare(body) + " AND s.speaker_kb IS NOT ? AND s.article IN (SELECT article FROM entities WHERE kb = ?)"
            " ORDER BY s.date, s.article, s.start LIMIT ?) AS x JOIN articles a ON a.rowid = x.arow"
            " ORDER BY x.date, x.arow, x.start"
        )
        return [dict(r) for r in self.conn.execute(sql, (*args, entity_id, entity_id, limit))]

    def links(self, article_id: str) -> dict[str, str]:
        """Article-local entity id → KB entity id for one article."""
        rows = self.conn.execute(
            "SELECT e.local_id, e.kb FROM entities e JOIN articles a ON a.rowid = e.article WHERE a.id = ?",
            (article_id,),
        )
        return {r[0]: r[1] for r in rows if r[1]}

    def merge(self, keep: str, drop: str) -> str:
        """Merge KB entity ``drop`` into ``keep`` (remembered across re-ingestion); raises KBError.

        The merged entity is read back inside the same transaction: if that fails,
        nothing is committed (a merge never leaves an entity that cannot be shown).
        """
        with self.write():
            kept = kb.merge(self.conn, keep, drop)
            stories.statements.relink_speakers(self.conn, [kept])  # one speaker now: their reports may merge
            self.entity(kept)
        return kept

    def split(self, entity_id: str, articles: list[str]) -> str:
        """Move an entity's mentions in ``articles`` to a new entity (remembered); raises KBError.

        Atomic like :meth:`merge`.
        """
        with self.write():
            new = kb.split(self.conn, entity_id, articles)
            stories.statements.relink_speakers(self.conn, [entity_id, new])  # two speakers: their reports part
            self.entity(new)
        return new

    # -- stories across outlets (copies, stories; see chronik.stories) ---------
    def copies(self, article_id: str) -> dict[str, Any] | None:
        """The report an article copies (``copy_of``, None for an original) and its whole copy group."""
        return stories.copy_info(self.conn, article_id)

    def story_links(self, article_id: str) -> dict[str, str | None]:
        """The report an article copies (``copy_of``) and the story it belongs to (``story``, if not alone)."""
        return stories.clusters.article_links(self.conn, article_id)

    def stories(self, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Stories of two or more articles, latest first."""
        return stories.clusters.list_stories(self.conn, limit=limit, offset=offset)

    def story(self, story_id: str) -> dict[str, Any] | None:
        """One story: its articles in time order (each with the report it copies), entities, and
        who said what across its articles (each statement once, with all its sources)."""
        out = stories.clusters.story(self.conn, story_id)
        if out is None:
            return None
        said: dict[str, dict[str, Any]] = {}
        for article in out["articles"]:
            for row in self.statements(article=article["id"], limit=500):
                # the same statement seen from each of its reports: keyed by its first report and wording
                said.setdefault(f"{row['sources'][0]}\x1f{row['variants'][0]}", stories.statements.choose(row))
        out["statements"] = sorted(said.values(), key=lambda r: (r["date"] or "", r["article"]))
        out["events"] = self.events(articles=[a["id"] for a in out["articles"]], limit=500)
        return out

    def decisions(self) -> list[dict[str, Any]]:
        return kb.decisions(self.conn)


class _Part(NamedTuple):
    """One part of a search (articles or statements): result columns, FROM and WHERE, their arguments,
    the row key, and the columns its hits are sorted by (cheap: no snippet, no subquery)."""

    cols: str
    body: str
    args: list[Any]
    key: str
    date: str  # the date column
    score: str  # the relevance score (lower is better; "0" without words)
    sample: str  # the row id to sample on (Store._count) or to bound (Store._rank_window), read before any join
    table: str  # "articles" or "statements"


def _millis(seconds: float | None) -> int:
    """A time limit as PostgreSQL's statement_timeout: ms, at least 1 (0 is no limit there), 0 for none."""
    return max(1, round(seconds * 1000)) if seconds else 0


def _sort(sort: str | None, query: str | None) -> str:
    """The order of a result list: relevance needs words; without them, date."""
    has_words = bool(fts_query(query or ""))
    if sort is None:
        return "relevance" if has_words else "date"
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}")
    return sort if has_words or sort != "relevance" else "date"


_ARTICLES_JOIN = " JOIN articles a ON a.rowid = s.article"
_ARTICLE_COLUMN = re.compile(r"(?<![\w.])a\.")


def _bare(body: str) -> str:
    """A statement query's FROM and WHERE without its join to the articles when nothing there reads them
    (no outlet or article filter): where only keys, dates or counts are read, each match was otherwise
    looked up in the articles' table for nothing (a third of a count). Every statement has its article."""
    head, found, rest = body.partition(_ARTICLES_JOIN)
    return body if not found or _ARTICLE_COLUMN.search(rest) else head + rest


def _significant(n: int, digits: int = 2) -> int:
    """``n`` rounded to ``digits`` significant digits (an estimate claims no more)."""
    return round(n, digits - len(str(abs(n)))) if n else 0


def _neg(date: str | None) -> str:
    """A key that sorts ISO dates newest first (ascending sort of the result), as SQL's ``date DESC``:
    a year or month alone after its own days ("2020-03" before "2020"), hence the closing maximum."""
    return "".join(chr(0x10FFFF - ord(c)) for c in date) + "\U0010ffff" if date else ""


def marked_html(text: str | None) -> str:
    """Text with matches between ``\\x02`` and ``\\x03`` as HTML: escaped, matches in ``<mark>``."""
    import re

    from markupsafe import escape

    if not text:
        return ""
    html = str(escape(text))
    html = re.sub("\x02([^\x02\x03]*)\x03", r"<mark>\1</mark>", html)
    return html.replace("\x02", "").replace("\x03", "")


def plain(text: str | None) -> str | None:
    """Text with the match markers of :func:`marked_html` removed."""
    return text.replace("\x02", "").replace("\x03", "") if text else text


def _link(links: dict[str, str], local_id: str | None) -> str | None:
    return links.get(local_id) if local_id else None


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _entity_filter(sql: str, args: list[Any], column: str, entity: str | None):
    if entity:
        return sql + f" AND {column} IN (SELECT article FROM entities WHERE kb = ?)", [*args, entity]
    return sql, args


def _confidence_filter(sql: str, args: list[Any], min_confidence: float | None) -> tuple[str, list[Any]]:
    if min_confidence is None:
        return sql, args
    return sql + " AND s.confidence >= ?", [*args, min_confidence]


def _date_filter(sql: str, args: list[Any], column: str, date_from: str | None, date_to: str | None,
                 indexed: bool = False):
    """Dates are days, months or years: one passes when its period overlaps the bounds; undated rows never pass.

    ``indexed`` (PostgreSQL): the same tests written as plain comparisons of the column, which the date index
    can serve (a word's matches and a month of dates ANDed as two bitmaps: 31 -> 7 ms for a word in 15,000
    statements on 100,000 articles) and the planner estimates from the column's statistics."""
    if date_from:
        # "2020-02" (all of February) reaches "2020-02-10": compare its end, '~' sorting after every digit
        if indexed:  # the same: at or after the bound, or a beginning of it (a year or month it lies in)
            prefixes = [date_from[:n] for n in range(len(date_from))]
            sql += f" AND ({column} >= ? OR {column} IN ({', '.join('?' * len(prefixes))}))"
            args = [*args, date_from, *prefixes]
        else:
            sql += f" AND {column} || '~' >= ?"
            args = [*args, date_from]
    if date_to:
        # "2020" or "2020-02" as an upper bound include the whole year or month
        if indexed:  # the same: the bound followed by anything sorts before it and U+10FFFF (bytewise)
            sql += f" AND {column} <= ?"
            args = [*args, date_to + "\U0010ffff"]
        else:
            sql += f" AND substr({column}, 1, ?) <= ?"
            args = [*args, len(date_to), date_to]
    return sql, args


_FTS_TOKEN = re.compile(r"\w+")


def _fold(text: str) -> str:
    """A word as FTS5's unicode61 tokenizer stores it (remove_diacritics 2): lower case, no diacritics."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
