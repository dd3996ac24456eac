"""Where the server's CPU goes, per request kind of the load run: the solo requests, in process, profiled.

    python bench/load_profile.py --db out/load/load.db [--requests 300] [--kind entity_web] [--top 25]

The app (``create_app``) answers the same requests ``bench/load.py --scenarios solo --solo-requests N``
sends (drawn from the same seed), through Starlette's test client in this process: the CPU per kind
(process CPU, the test client's own share included, so a little above the bench's server figures) and,
with ``--kind``, only that kind's requests, profiled (cProfile in every thread the app runs in: the
event loop's and the worker threads), sorted by cumulative and by own time. SQLite or PostgreSQL
(``--db postgresql://…``: the database's processes are read apart, a server on this machine only: the
CPU of the app's backends per kind (``db ms``), and of server processes that ended meanwhile, i.e.
parallel query workers (and autovacuum, unless it is off)). Writes run on a
copy of the store (``--db`` is never changed): the copy is made first for SQLite, as the bench does.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import os
import pstats
import random
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import TOKEN, Mix, Target, first_article, plan, store_options  # noqa: E402


def main() -> None:
    parser = store_options(argparse.ArgumentParser(description=__doc__.splitlines()[0]))
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--kind", action="append", default=[], help="Profile this kind's requests (repeatable).")
    parser.add_argument("--save", type=Path, help="Write the profile (pstats) here.")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sql", action="store_true", help="Time every SQL statement (read to the end), by its text.")
    parser.add_argument("--repeat", type=int, default=1, help="Send each request this many times (steadier CPU).")
    args = parser.parse_args()

    os.environ["CHRONIK_TOKEN"] = TOKEN
    from starlette.testclient import TestClient

    from chronik.api import create_app

    sql_times: dict[str, list[float]] = defaultdict(list)
    if args.sql:
        _time_sql(sql_times)
    target = Target(args.db)
    p = plan(args.db, args.seed)
    work = target.working_copy("profile")
    try:
        app = create_app(work)
        mix = Mix(p, args.seed)
        rng = random.Random(args.seed * 100)
        profiles: list[cProfile.Profile] = []

        def start(frame, event, arg):  # the first call in each new thread: profile that thread
            sys.setprofile(None)
            prof = cProfile.Profile()
            profiles.append(prof)
            prof.enable()

        if args.kind:
            threading.setprofile(start)
        cpu: dict[str, list[float]] = defaultdict(list)
        db_cpu: dict[str, list[float]] = defaultdict(list)
        backends = _Backends(work) if target.url else None
        headers = {"Authorization": f"Bearer {TOKEN}"}
        with TestClient(app, headers=headers) as http:
            method, path, body = mix.add_article(random.Random(0))
            http.request(method, path, json=body)  # the pipeline loaded before the clock starts
            for prof in profiles:
                prof.clear()
            sent = 0
            reaped = backends.reaped() if backends else 0.0
            while sent < args.requests:
                kind, method, path, body = mix.ordinary(rng)
                if body and body.get("articles") == ["@first"]:
                    article = first_article(http, path.split("/")[3])  # type: ignore[arg-type]
                    if article is None:
                        continue
                    body = {"articles": [article]}
                sent += 1
                if args.kind and kind not in args.kind:
                    continue
                for _ in range(args.repeat if method == "GET" else 1):
                    db_before = backends.cpu() if backends else 0.0
                    started = time.process_time()
                    r = http.request(method, path, json=body)
                    cpu[kind].append(time.process_time() - started)
                    if backends:
                        db_cpu[kind].append(backends.cpu() - db_before)
                    if r.status_code >= 500:
                        print(f"{kind} {path}: {r.status_code} {r.text[:200]}", file=sys.stderr)
            ended = backends.reaped() - reaped if backends else 0.0  # before the app closes its connections
        total = sum(sum(v) for v in cpu.values())
        n = sum(len(v) for v in cpu.values())
        print(f"{'kind':22} {'n':>4} {'mean ms':>8} {'max ms':>8} {'share':>6} {'db ms':>7}")
        for kind, values in sorted(cpu.items(), key=lambda kv: -sum(kv[1])):
            db = f" {1000 * sum(db_cpu[kind]) / len(values):7.1f}" if backends else ""
            print(f"{kind:22} {len(values):4d} {1000 * sum(values) / len(values):8.1f} {1000 * max(values):8.1f}"
                  f" {sum(values) / total:6.1%}{db}")
        reads = [c for k, v in cpu.items() if k not in WRITES for c in v]
        print(f"all: {1000 * total / n:.1f} ms/request; ordinary reads {1000 * sum(reads) / len(reads):.1f}")
        if backends:
            db_total = sum(sum(v) for v in db_cpu.values())
            db_reads = [c for k, v in db_cpu.items() if k not in WRITES for c in v]
            print(f"database processes: {1000 * db_total / n:.1f} ms/request; ordinary reads"
                  f" {1000 * sum(db_reads) / len(db_reads):.1f}; ended ones (parallel workers)"
                  f" {1000 * ended / n:.1f} ms/request")
        for text, times in sorted(sql_times.items(), key=lambda kv: -sum(kv[1]))[:args.top]:
            print(f"{1000 * sum(times):9.1f} ms {len(times):5d}x  {text}")
        if args.kind:
            threading.setprofile(None)
            for prof in profiles:
                prof.disable()
            stats = pstats.Stats(*profiles)
            if args.save:
                stats.dump_stats(args.save)
            stats.sort_stats("cumulative").print_stats(args.top)
            stats.sort_stats("tottime").print_stats(args.top)
    finally:
        target.drop_copy(work)


WRITES = ("merge", "split", "add_article")


class _Backends:
    """CPU time (s) of the PostgreSQL processes serving ``db`` (the app's pool), read from /proc: the
    database's share of a request, which ``process_time`` does not see. Same machine only."""

    def __init__(self, db: str):
        import psycopg

        self.name = urlsplit(db).path.lstrip("/")
        self.admin = psycopg.connect(urlunsplit(urlsplit(db)._replace(path="/postgres")), autocommit=True)

    def cpu(self) -> float:
        pids = [r[0] for r in self.admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'", (self.name,))]
        total = 0
        for pid in pids:
            with contextlib.suppress(OSError, ValueError, IndexError):  # a connection that just closed
                total += int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
        return total / 1e9

    def reaped(self) -> float:
        """CPU time (s) of the server's processes that have ended (the postmaster's children): parallel
        query workers, which start and end within one query and so never show in :meth:`cpu`."""
        pid = self.admin.execute("SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'").fetchone()[0]
        parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        fields = Path(f"/proc/{parent}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


class _Timed:
    """A connection whose statements are read to the end at once and timed (``sql_times``: text -> seconds)."""

    def __init__(self, conn, times: dict[str, list[float]]):
        self._conn, self._times = conn, times

    def execute(self, sql: str, args=()):
        started = time.perf_counter()
        cur = self._conn.execute(sql, args)
        rows = cur.fetchall() if cur.description else []
        self._times[" ".join(sql.split())[:400]].append(time.perf_counter() - started)
        return _Rows(rows, cur.description)

    def __getattr__(self, name: str):
        return getattr(self._conn, name)


class _Rows(list):
    def __init__(self, rows, description):
        super().__init__(rows)
        self.description = description

    def fetchone(self):
        return self[0] if self else None

    def fetchall(self):
        return list(self)


def _time_sql(times: dict[str, list[float]]) -> None:
    from chronik.store.sqlite import Store

    def timed(opened):
        def _open(self, readonly: bool) -> None:
            opened(self, readonly)
            if readonly:
                self.conn = _Timed(self.conn, times)

        return _open

    for name in ("_open", "_open_postgres"):
        setattr(Store, name, timed(getattr(Store, name)))


if __name__ == "__main__":
    main()
