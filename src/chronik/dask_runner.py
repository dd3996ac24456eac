"""Analysis on Dask: a :class:`~chronik.runners.Runner` whose workers are a Dask cluster's.

``chronik ingest --dask ADDRESS|local`` drives it through :class:`chronik.batch.Batch`,
which stores the records here (the only SQLite writer). Articles are streamed into
partitions of ``partition_size``; each partition is a task (at most ``2 × workers``
in flight, :func:`chronik.runners.in_order`). A worker loads the pipeline once
(:func:`chronik.runners.worker_analyzer`) and writes its partition as

* ``PARTS/<table>/<part>.parquet`` for every table of :mod:`chronik.export`, and
* ``PARTS/records/<part>.jsonl``, the records themselves, written last and atomically:
  a part counts as done only once its JSONL exists,

then returns the records. ``<part>`` is a hash of the partition's article ids. PARTS
must be a folder every worker can write and this process can read (a shared
filesystem on a cluster).

Resuming (:meth:`DaskRunner.recover`): parts whose records the store lacks (a kill
between a worker's write and the store) are handed over from their JSONL without
analysing again; Parquet files of unfinished parts are removed; articles already
stored are skipped. So after any number of interruptions each article is stored
once and in exactly one part.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .export import TABLES, write_parquet
from .ingest import Rejected
from .record import Article, Record, record_id, text_digest
from .runners import ChunkResult, Result, Runner, analyse_on_worker, chunked, default_workers, in_order

log = logging.getLogger(__name__)


def part_name(articles: list[Article]) -> str:
    """A name that is the same whenever the same articles form a partition."""
    digest = hashlib.sha1("\n".join(a.id for a in articles).encode("utf-8")).hexdigest()
    return f"part-{digest[:16]}"


def analyse_partition(articles: list[Article], ner_model: str | None, parts: str) -> ChunkResult:
    """Runs on a worker: the results of one partition, its records written as Parquet and JSONL."""
    chunk = analyse_on_worker(articles, ner_model)
    records = [r for r in chunk.results if isinstance(r, Record)]
    name = part_name(articles)
    write_parquet(records, parts, part=name)
    out = Path(parts) / "records"
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / f".{name}.jsonl.tmp"
    tmp.write_text("".join(r.to_json() + "\n" for r in records), encoding="utf-8")
    os.replace(tmp, out / f"{name}.jsonl")
    return chunk


class DaskRunner(Runner):
    """Analyse on Dask.

    ``address`` is a scheduler (``tcp://host:8786``), ``"local"`` for a
    LocalCluster of ``workers`` single-threaded processes, or a ``distributed.Client``
    (used, not closed).
    """

    def __init__(
        self,
        address: Any,
        parts: str | Path,
        *,
        ner_model: str | None = None,
        workers: int | None = None,
        partition_size: int = 32,
    ) -> None:
        super().__init__()
        self.address = address
        self.parts = Path(parts).resolve()
        self.ner_model = ner_model
        self.workers = workers or default_workers()
        self.partition_size = partition_size
        self._client: Any = None
        self._owned: list[Any] = []  # client and cluster this runner started, closed by it

    def start(self) -> None:
        from distributed import Client, LocalCluster

        self.parts.mkdir(parents=True, exist_ok=True)
        if isinstance(self.address, Client):
            self._client = self.address
        elif self.address == "local":
            cluster = LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            self._client = Client(cluster)
            self._owned = [self._client, cluster]
        else:
            self._client = Client(self.address)
            self._owned = [self._client]
        self.workers = len(self._client.scheduler_info()["workers"]) or self.workers

    def close(self, kill: bool = False) -> None:
        for thing in self._owned:
            thing.close()
        self._owned, self._client = [], None

    def map(self, articles: Iterable[Article]) -> Iterator[Result]:
        if self._client is None:
            self.start()
        return in_order(chunked(articles, self.partition_size), self._submit, self._collect, 2 * max(self.workers, 1))

    def _submit(self, partition: list[Article]) -> tuple[list[Article], Any]:
        future = self._client.submit(analyse_partition, partition, self.ner_model, str(self.parts), pure=False)
        return partition, future

    def _collect(self, job: tuple[list[Article], Any]) -> list[Result]:
        from distributed import KilledWorker

        partition, future = job
        try:
            return self.stats.record(future.result())
        except KilledWorker as exc:  # Dask already retried it on other workers
            log.warning("partition %s lost its workers: %s", part_name(partition), exc)
            reason = "analysis failed: the Dask workers running it died (killed, e.g. by the out-of-memory killer)"
            return [Rejected(a.origin or a.id, reason) for a in partition]
        finally:
            future.release()

    def recover(self, known: dict[str, str]) -> Iterator[Record]:
        """Records of finished parts the store lacks; Parquet files of unfinished parts are removed.

        ``known`` (stored article id → text digest) gains every record handed over.
        """
        done = {p.stem for p in (self.parts / "records").glob("part-*.jsonl")}
        for table in TABLES:
            for path in (self.parts / table).glob("part-*.parquet"):
                if path.stem not in done:
                    path.unlink()
        for name in sorted(done):
            with (self.parts / "records" / f"{name}.jsonl").open(encoding="utf-8") as fh:
                for line in fh:
                    if record_id(line) in known:
                        continue
                    record = Record.model_validate_json(line)
                    known[record.id] = text_digest(record.text)
                    yield record
