"""Ingest on Dask: analysis on the workers, the knowledge base written here.

Articles are streamed from the inputs into partitions of ``partition_size``; each
partition is a task (``client.submit``, at most ``2 × workers`` in flight). A
worker loads the pipeline once (a per-process cache) and writes its partition as

* ``PARTS/<table>/<part>.parquet`` for every table of :mod:`chronik.export`, and
* ``PARTS/records/<part>.jsonl``, the records themselves, written last and atomically:
  a part counts as done only once its JSONL exists,

then returns the records, which this process stores (the only SQLite writer).
``<part>`` is a hash of the partition's article ids. PARTS must be a folder every
worker can write and this process can read (a shared filesystem on a cluster).

Resuming: parts whose records the store lacks (a kill between a worker's write and
the store) are loaded from their JSONL without analysing again; Parquet files of
unfinished parts are removed; articles already stored are skipped. So after any
number of interruptions each article is stored once and in exactly one part.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .batch import Summary, record_id, skip_stored, split, tally
from .export import TABLES, write_parquet
from .ingest import Reader, Rejected
from .parallel import analyse_chunk, chunked, default_workers, max_rss_bytes
from .record import Article, Record, text_digest

_analyzers: dict = {}  # per worker process: ner_model → Analyzer
_lock = threading.Lock()


def _analyzer(ner_model: str | None):
    with _lock:  # a worker with several threads must still load the pipeline once
        if ner_model not in _analyzers:
            from .analyse import Analyzer

            _analyzers[ner_model] = Analyzer(ner_model)
        return _analyzers[ner_model]


def part_name(articles: list[Article]) -> str:
    """A name that is the same whenever the same articles form a partition."""
    digest = hashlib.sha1("\n".join(a.id for a in articles).encode("utf-8")).hexdigest()
    return f"part-{digest[:16]}"


def analyse_partition(
    articles: list[Article], ner_model: str | None, parts: str
) -> tuple[list[Record | Rejected], int, float, int]:
    """Runs on a worker: records of one partition, written as Parquet and JSONL."""
    cpu = time.process_time()
    results = analyse_chunk(_analyzer(ner_model), articles)
    records = [r for r in results if isinstance(r, Record)]
    name = part_name(articles)
    write_parquet(records, parts, part=name)
    out = Path(parts) / "records"
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / f".{name}.jsonl.tmp"
    tmp.write_text("".join(r.to_json() + "\n" for r in records), encoding="utf-8")
    os.replace(tmp, out / f"{name}.jsonl")
    return results, os.getpid(), time.process_time() - cpu, max_rss_bytes()


class DaskRunner:
    """``chronik ingest --dask ADDRESS|local``.

    ``address`` is a scheduler (``tcp://host:8786``), ``"local"`` for a
    LocalCluster of ``workers`` single-threaded processes, or a ``distributed.Client``.
    """

    def __init__(
        self,
        address,
        parts: str | Path,
        *,
        ner_model: str | None = None,
        workers: int | None = None,
        reader: Reader | None = None,
        on_progress: Callable[[int], None] | None = None,
        partition_size: int = 32,
    ):
        self.address = address
        self.parts = Path(parts).resolve()
        self.ner_model = ner_model
        self.workers = workers or default_workers()
        self.reader = reader or Reader()
        self.on_progress = on_progress or (lambda n: None)
        self.partition_size = partition_size

    def ingest(self, inputs: Iterable[str | Path], store) -> Summary:
        summary = Summary()
        started, cpu = time.perf_counter(), time.process_time()
        self.parts.mkdir(parents=True, exist_ok=True)
        try:
            self.recover(store, summary)
            known = store.known_hashes()
            with self._client() as client:
                summary.workers = len(client.scheduler_info()["workers"]) or self.workers
                for record in self._records(client, inputs, known, summary):
                    result = store.add(record)
                    setattr(summary, result, getattr(summary, result) + 1)
        finally:
            summary.seconds = time.perf_counter() - started
            summary.cpu_seconds += time.process_time() - cpu
        return summary

    def recover(self, store, summary: Summary) -> None:
        """Store the records of finished parts the store lacks; drop Parquet of unfinished parts."""
        done = {p.stem for p in (self.parts / "records").glob("part-*.jsonl")}
        for table in TABLES:
            for path in (self.parts / table).glob("part-*.parquet"):
                if path.stem not in done:
                    path.unlink()
        known = store.known_hashes()
        for name in sorted(done):
            with (self.parts / "records" / f"{name}.jsonl").open(encoding="utf-8") as fh:
                for line in fh:
                    if record_id(line) in known:
                        continue
                    record = Record.model_validate_json(line)
                    result = store.add(record)
                    known[record.id] = text_digest(record.text)
                    setattr(summary, result, getattr(summary, result) + 1)

    def _client(self):
        from distributed import Client, LocalCluster

        if isinstance(self.address, Client):
            return _Borrowed(self.address)
        if self.address == "local":
            cluster = LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            return _Owned(Client(cluster), cluster)
        return _Owned(Client(self.address), None)

    def _records(self, client, inputs, known: dict[str, str], summary: Summary) -> Iterator[Record]:
        from .ingest.web import read_inputs

        articles = split(read_inputs(inputs, self.reader), summary, skip_stored(known), self.on_progress)
        pending: deque = deque()
        window = 2 * max(summary.workers, 1)
        for partition in chunked(articles, self.partition_size):
            pending.append(
                client.submit(analyse_partition, partition, self.ner_model, str(self.parts), pure=False)
            )
            if len(pending) >= window:
                yield from self._collect(pending.popleft(), summary)
        while pending:
            yield from self._collect(pending.popleft(), summary)

    def _collect(self, future, summary: Summary) -> Iterator[Record]:
        results, pid, cpu, rss = future.result()
        future.release()
        summary.cpu_seconds += cpu
        summary.worker_max_rss[pid] = max(summary.worker_max_rss.get(pid, 0), rss)
        yield from tally(results, summary, self.on_progress)


class _Owned:
    """A client (and cluster) this runner started and so closes."""

    def __init__(self, client, cluster):
        self.client, self.cluster = client, cluster

    def __enter__(self):
        return self.client

    def __exit__(self, *exc):
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


class _Borrowed:
    """A client the caller owns: used, not closed."""

    def __init__(self, client):
        self.client = client

    def __enter__(self):
        return self.client

    def __exit__(self, *exc):
        return False
