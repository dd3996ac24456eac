"""The knowledge base on a PostgreSQL server: the same store code, a connection that speaks its SQL.

The store, the KB and the stories modules write SQLite's SQL (``?`` placeholders,
``INSERT OR IGNORE``, scalar ``max(a, b)``, ``IS`` between values). :class:`Connection`
wraps a psycopg 3 connection with the part of the ``sqlite3.Connection`` interface they
use and :func:`translate` rewrites each statement once (cached), so one code path serves
both backends. Full-text search is the one place where the SQL differs by design; see
:mod:`chronik.store.dialect`.

Connections come from a :class:`psycopg_pool.ConnectionPool` per server (per process):
opening a store borrows one, closing it gives it back. Parameters are bound on the client
(``psycopg.ClientCursor``): as in SQLite a value takes its type from where it is used
(``? IS NULL``, ``substr(x, 1, ?)``), and psycopg quotes every value.

Writers are serialised by a transaction-scoped advisory lock taken at ``BEGIN``
(SQLite's ``BEGIN IMMEDIATE``): the linking of entities, copies and statements reads
what earlier articles left, so two ingest processes must not interleave an article;
readers never wait (MVCC).
"""

from __future__ import annotations

import atexit
import os
import re
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

SCHEMES = ("postgresql://", "postgres://")
WRITE_LOCK = 0x4368726F6E696B  # "Chronik": the advisory lock every writer holds for its transaction
# connections per server and process: the API's 40 reader threads and its writer fit
POOL_MAX = int(os.environ.get("CHRONIK_PG_POOL", "64"))
POOL_WAIT = 30.0  # seconds a store waits for a free connection before it gives up
# Chronik's sessions run without parallel query and JIT: a server answers many short requests at once, and a
# query's extra worker processes (forked for that query alone) or its compilation cost more CPU than they save
# (bench/load_profile.py: 2.5 ms more database CPU a request of the load mix with them; an expensive search
# took three processes, i.e. more than the cores the server has). The URL's own ``options`` or PGOPTIONS,
# if any, come after these and so win.
SESSION_OPTIONS = "-c max_parallel_workers_per_gather=0 -c jit=off"

# Primary keys of the tables written with INSERT OR REPLACE (PostgreSQL needs the conflict target).
_KEYS = {
    "kb_redirects": ("old",),
    "story_minhash": ("article",),
    "story_copies": ("article",),
    "story_members": ("article",),
    "kb_names": ("entity", "norm"),
}


def is_url(value: object) -> bool:
    """Whether a ``--db`` value names a PostgreSQL database rather than a SQLite file."""
    return isinstance(value, str) and value.startswith(SCHEMES)


def redact(url: str) -> str:
    """The URL without its password (for messages and logs)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


# -- SQL translation -------------------------------------------------------------------


_STRING = re.compile(r"'(?:[^']|'')*'")


@lru_cache(maxsize=2048)
def translate(sql: str) -> str:
    """SQLite's SQL as PostgreSQL's (see the module docstring for what is rewritten)."""
    # work on the text outside string literals only; literals are put back at the end
    literals: list[str] = []

    def keep(m: re.Match[str]) -> str:
        literals.append(m.group(0).replace("%", "%%"))
        return f"\x00{len(literals) - 1}\x00"

    text = _STRING.sub(keep, sql).replace("%", "%%")
    text = re.sub(r"\?(\d+)", r"%(p\1)s", text)
    text = text.replace("?", "%s")
    conflict = ""
    m = re.match(r"\s*INSERT\s+OR\s+(IGNORE|REPLACE)\s+INTO\s+(\w+)\s*\(([^)]*)\)", text, re.IGNORECASE)
    if m:
        table = m.group(2)
        text = re.sub(r"^\s*INSERT\s+OR\s+\w+\s+INTO", "INSERT INTO", text, flags=re.IGNORECASE)
        if m.group(1).upper() == "IGNORE":
            conflict = " ON CONFLICT DO NOTHING"
        else:
            keys = _KEYS.get(table)
            if keys is None:
                raise NotImplementedError(f"INSERT OR REPLACE INTO {table}: no key known for PostgreSQL")
            cols = [c.strip() for c in m.group(3).split(",")]
            sets = ", ".join(f"{_col(c)} = excluded.{_col(c)}" for c in cols if c not in keys)
            conflict = f" ON CONFLICT ({', '.join(keys)}) DO " + (f"UPDATE SET {sets}" if sets else "NOTHING")
    upsert = re.match(r"\s*INSERT\s+INTO\s+(\w+)", text, re.IGNORECASE)
    if upsert and "DO UPDATE SET" in text:  # the stored row's column, named beside excluded's, must be qualified
        head, _, sets = text.partition("DO UPDATE SET")
        sets = re.sub(r"(?<![.\w])(\w+)(?=,\s*excluded\.)", upsert.group(1) + r".\1", sets)
        text = head + "DO UPDATE SET" + sets
    text = _scalar_minmax(text)
    # SQLite's NOCASE folds ASCII letters only; lower() on both sides is the nearest PostgreSQL comparison
    text = re.sub(r"([\w.]+)\s*=\s*(%s|%\(p\d+\)s)\s+COLLATE\s+NOCASE\b", r"lower(\1) = lower(\2)", text, flags=re.I)
    text = re.sub(r"\bIS\s+NOT\s+(?!NULL\b|DISTINCT\b)", "IS DISTINCT FROM ", text)
    text = re.sub(r"\bIS\s+(?!NOT\b|NULL\b|DISTINCT\b|TRUE\b|FALSE\b)", "IS NOT DISTINCT FROM ", text)
    text = re.sub(r"\bchar\((\d+)\)", r"chr(\1)", text)
    text = re.sub(r"\bgroup_concat\(", "string_agg(", text)
    text = re.sub(r"\bCROSS JOIN\b", "JOIN", text)  # SQLite's join-order hint; PostgreSQL plans itself
    text = re.sub(r"\bLIKE\b", "ILIKE", text)  # SQLite's LIKE ignores case
    text = re.sub(r"(?<![.\w\"])end(?=\s*[,)=<>])", '"end"', text)  # a reserved word in PostgreSQL
    text = text.rstrip().rstrip(";") + conflict
    return re.sub("\x00(\\d+)\x00", lambda m: literals[int(m.group(1))], text)


def _col(name: str) -> str:
    return '"end"' if name == "end" else name


def _scalar_minmax(text: str) -> str:
    """``max(a, b)``/``min(a, b)`` (scalar in SQLite) → ``greatest``/``least``; one-argument ones are aggregates."""
    out, i = [], 0
    for m in re.finditer(r"\b(max|min)\(", text):
        if m.start() < i:
            continue
        depth, j, comma = 1, m.end(), False
        while j < len(text) and depth:
            ch = text[j]
            depth += ch == "("
            depth -= ch == ")"
            comma |= ch == "," and depth == 1
            j += 1
        if comma:
            out.append(text[i:m.start()] + ("greatest(" if m.group(1) == "max" else "least("))
            i = m.end()
    out.append(text[i:])
    result = "".join(out)
    return result if result == text else _scalar_minmax(result)  # nested ones


def _params(sql: str, args: Any) -> Any:
    """Numbered ``?1`` placeholders take a mapping; everything else a sequence.

    PostgreSQL text cannot hold NUL (SQLite's can): a NUL in a value becomes U+FFFD, so a
    search for it finds nothing, as on SQLite, instead of failing.
    """
    if isinstance(args, Sequence) and not isinstance(args, str):
        args = [v.replace("\x00", "\ufffd") if isinstance(v, str) else v for v in args]
        if "%(p" in sql:
            return {f"p{i + 1}": v for i, v in enumerate(args)}
    return args


# -- rows and connections ----------------------------------------------------------------


class Row(tuple):
    """A result row by position and by column name, like ``sqlite3.Row`` (``dict(row)`` works)."""

    _names: tuple[str, ...] = ()

    def __getitem__(self, key):
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._names.index(key))
            except ValueError:
                raise IndexError(f"no column {key!r}") from None
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _row_factory(cursor):
    names = tuple(c.name for c in cursor.description or ())
    cls = type("Row", (Row,), {"_names": names, "__slots__": ()})
    return lambda values: cls(values)


class Connection:
    """The part of ``sqlite3.Connection`` the store uses, over one pooled psycopg connection."""

    def __init__(self, raw, pool, *, readonly: bool):
        self.raw = raw
        self._pool = pool
        self.readonly = readonly
        self.lock = threading.RLock()

    def execute(self, sql: str, args: Any = ()):
        text = translate(sql)
        if text.upper() in ("BEGIN IMMEDIATE", "BEGIN"):
            return self.begin()
        return self.raw.execute(text, _params(text, args))  # () too: "%%" is unescaped only with params

    def executemany(self, sql: str, rows: Iterable[Any]):
        rows = list(rows)
        text = translate(sql)
        cur = self.raw.cursor()
        if rows:
            cur.executemany(text, [_params(text, r) for r in rows])
        return cur

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, kind, *exc) -> None:
        """Like ``with sqlite3.Connection``: commit on success, roll back on an error."""
        if kind is None:
            self.commit()
        else:
            self.rollback()

    def begin(self):
        """A write transaction holding the writers' lock (SQLite's BEGIN IMMEDIATE)."""
        self.raw.execute("BEGIN")
        return self.raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def commit(self) -> None:
        # in pipeline mode (Store.add_many) the status is that of the last result read, which may still be
        # IDLE while the batch's BEGIN and inserts are in flight: the COMMIT is sent whatever it says
        # (skipped, the batch was left open and lost when the connection went back to the pool)
        if self.in_transaction or self._pipelined():
            self.raw.execute("COMMIT")

    def _pipelined(self) -> bool:
        from psycopg.pq import PipelineStatus

        return self.raw.info.pipeline_status != PipelineStatus.OFF

    def rollback(self) -> None:
        if self.in_transaction:
            self.raw.execute("ROLLBACK")

    def set_timeout(self, seconds: float | None) -> None:
        """Cancel statements running longer than ``seconds`` (None or 0: no limit)."""
        self.raw.execute(f"SET statement_timeout = {max(1, round(seconds * 1000)) if seconds else 0}")

    def close(self) -> None:
        if self.raw is None:
            return
        raw, self.raw = self.raw, None
        try:
            if raw.info.transaction_status not in (0,):  # not IDLE: never hand back a half transaction
                raw.execute("ROLLBACK")
        except Exception:  # noqa: BLE001 - a broken connection is discarded by the pool
            pass
        self._pool.putconn(raw)


# -- the pool ------------------------------------------------------------------------------

_pools: dict[tuple[int, str], Any] = {}
_pools_lock = threading.Lock()


def _configure(conn) -> None:
    conn.autocommit = True  # transactions are explicit (BEGIN … COMMIT), as the store writes them
    conn.row_factory = _row_factory


def _reset(conn) -> None:
    conn.execute("RESET ALL")  # a borrowed connection's timeout or read-only flag does not leak


def connect(url: str, *, readonly: bool = False) -> Connection:
    """A connection to the database at ``url`` from this process's pool for it.

    Raises :class:`ConnectionError` naming the server (without password) and the reason.
    """
    try:
        import psycopg
        from psycopg_pool import ConnectionPool, PoolTimeout
    except ImportError:
        raise ConnectionError(
            "PostgreSQL needs the psycopg driver: pip install 'chronik[postgres]'"
        ) from None
    key = (os.getpid(), url)  # a pool does not survive fork: each process makes its own
    with _pools_lock:
        pool = _pools.get(key)
        if pool is None:
            try:  # connect once directly: a wrong host, user or database gets the server's own words
                psycopg.connect(url, connect_timeout=10).close()
            except psycopg.Error as exc:
                raise ConnectionError(f"cannot connect to {redact(url)}: {_reason(exc)}") from None
            pool = ConnectionPool(url, min_size=1, max_size=max(2, POOL_MAX), open=True, timeout=POOL_WAIT,
                                  kwargs={"cursor_factory": psycopg.ClientCursor, "options": session_options(url)},
                                  configure=_configure,
                                  reset=_reset, check=ConnectionPool.check_connection, name="chronik")
            _pools[key] = pool
    try:
        raw = pool.getconn()
    except PoolTimeout:
        raise ConnectionError(
            f"no free connection to {redact(url)} within {POOL_WAIT:g} s (pool of {pool.max_size};"
            " raise CHRONIK_PG_POOL or the server's max_connections)") from None
    conn = Connection(raw, pool, readonly=readonly)
    if readonly:
        raw.execute("SET default_transaction_read_only = on")
    return conn


def session_options(url: str) -> str:
    """The ``options`` Chronik's connections to ``url`` start with: :data:`SESSION_OPTIONS`, then the
    URL's own (``?options=…``) or else PGOPTIONS', which thus override ours."""
    from psycopg.conninfo import conninfo_to_dict

    own = conninfo_to_dict(url).get("options") or os.environ.get("PGOPTIONS", "")
    return f"{SESSION_OPTIONS} {own}".strip()


def holds_kb(url: str) -> bool:
    """Whether the database at ``url`` holds a Chronik knowledge base (ConnectionError when unreachable)."""
    from .postgres_schema import version

    conn = connect(url, readonly=True)
    try:
        return version(conn) > 0
    finally:
        conn.close()


def _reason(exc: Exception) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def close_pools(url: str | None = None) -> None:
    """Close this process's pool for ``url`` (all pools when None); the next store opens a new one."""
    with _pools_lock:
        for key, pool in list(_pools.items()):
            if key[0] == os.getpid() and (url is None or key[1] == url):
                pool.close(timeout=1.0)
                del _pools[key]


atexit.register(close_pools)
