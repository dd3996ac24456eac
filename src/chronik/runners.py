"""Where the analysis runs: one small interface for this process, worker processes and Dask.

A :class:`Runner` turns a stream of articles into records (or :class:`Rejected`) in
input order; :class:`chronik.batch.Batch` drives it and keeps the one summary.
Backends: :class:`InProcess` (here), :class:`chronik.parallel.ProcessPool` and
:class:`chronik.dask_runner.DaskRunner`. What they share lives here: the chunking,
the bounded in-order submit loop (:func:`in_order`), the per-worker analyzer cache
(:func:`worker_analyzer`) and the per-worker statistics.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from .ingest import Rejected
from .record import Article, Record

if TYPE_CHECKING:
    from .analyse import Analyzer

log = logging.getLogger(__name__)

Result = Record | Rejected
T = TypeVar("T")
J = TypeVar("J")
R = TypeVar("R")

# nlp.pipe batch in articles; a batch also closes at analyse.pipeline.BATCH_CHARS characters,
# which bounds memory (tok2vec's activations grow with the tokens in a batch) while short
# articles still fill batches big enough for the network layers (bench/run.py).
PIPE_BATCH = 16


def default_workers() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def max_rss_bytes() -> int:
    """Peak resident memory of this process so far."""
    import resource

    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb if os.uname().sysname == "Darwin" else kb * 1024


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of up to ``size`` items, read lazily."""
    it = iter(items)
    return iter(lambda: list(islice(it, size)), [])


def in_order(
    chunks: Iterable[T], submit: Callable[[T], J], collect: Callable[[J], Iterable[R]], window: int
) -> Iterator[R]:
    """Submit chunks and yield their results in input order, at most ``window`` chunks in flight.

    The one loop behind every backend that runs chunks elsewhere: memory stays constant
    however long the input, and the order of the output is the order of the input.
    """
    pending: deque[J] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield from collect(pending.popleft())
    while pending:
        yield from collect(pending.popleft())


def rejected_by(article: Article, exc: BaseException) -> Rejected:
    """The rejection of an article the pipeline raised on: its origin, the exception and its first line."""
    reason = (str(exc).strip().splitlines() or [""])[0]
    return Rejected(article.origin or article.id, f"analysis failed: {type(exc).__name__}: {reason}")


def analyse_chunk(analyzer: Analyzer, articles: list[Article]) -> list[Result]:
    """Records of ``articles`` in order; one the pipeline fails on becomes a Rejected and the rest go on."""
    out: list[Result] = []

    def reject(article: Article, exc: Exception) -> None:
        log.debug("analysis failed on %s", article.origin or article.id, exc_info=exc)
        out.append(rejected_by(article, exc))

    out.extend(analyzer.analyse_many(articles, batch_size=PIPE_BATCH, on_error=reject))
    return out


def freeze_loaded() -> None:
    """Move every object alive now out of the cyclic garbage collector's view (``gc.freeze``).

    Called once the pipeline is loaded (and again after the first chunk, whose lazy loads add
    the noun lexicon and the language identifier): those objects live as long as the worker,
    yet each full collection walked all of them again (~90,000 tracked objects; 850 Wikinews
    articles: 3 full collections, 0.23 CPU-s, against 0.01 frozen, ~0.8 % of the run).
    Collected first, so no garbage is frozen. Records are unchanged: only when the collector looks
    changes.
    """
    gc.collect()
    gc.freeze()


_analyzers: dict[str | None, Analyzer] = {}  # per process: ner_model → Analyzer
_settled = False  # this worker has frozen what its first chunk loaded
_analyzers_lock = threading.Lock()


def worker_analyzer(ner_model: str | None) -> Analyzer:
    """The pipeline of this worker process, loaded once (a Dask worker with threads still loads it once)."""
    with _analyzers_lock:
        if ner_model not in _analyzers:
            from .analyse import Analyzer

            log.debug("worker %d loads the pipeline (ner: %s)", os.getpid(), ner_model or "default")
            _analyzers[ner_model] = Analyzer(ner_model)
            freeze_loaded()
        return _analyzers[ner_model]


@dataclass
class ChunkResult:
    """What a worker sends back for one chunk: the results and what they cost it."""

    results: list[Result]
    pid: int
    cpu_seconds: float
    max_rss: int


def analyse_on_worker(articles: list[Article], ner_model: str | None) -> ChunkResult:
    """Runs on a worker: the chunk's results, with the worker's CPU time for them and its peak memory."""
    global _settled
    cpu = time.process_time()
    results = analyse_chunk(worker_analyzer(ner_model), articles)
    if not _settled:
        _settled = True
        freeze_loaded()  # the lexicons loaded on the worker's first article
    return ChunkResult(results, os.getpid(), time.process_time() - cpu, max_rss_bytes())


@dataclass
class WorkerStats:
    """CPU seconds spent analysing and peak RSS, per worker pid."""

    cpu_seconds: dict[int, float] = field(default_factory=dict)
    max_rss: dict[int, int] = field(default_factory=dict)

    def add(self, pid: int, cpu: float, rss: int) -> None:
        self.cpu_seconds[pid] = self.cpu_seconds.get(pid, 0.0) + cpu
        self.max_rss[pid] = max(self.max_rss.get(pid, 0), rss)

    def record(self, chunk: ChunkResult) -> list[Result]:
        """Count a worker's chunk; returns its results."""
        self.add(chunk.pid, chunk.cpu_seconds, chunk.max_rss)
        return chunk.results


class Runner:
    """Analyses articles somewhere and gives back their results in input order.

    Use as a context manager: entering starts what the backend needs (processes, a
    cluster client), leaving stops it, at once when leaving on an error or Ctrl-C.
    """

    #: worker processes that analyse (1: this process)
    workers: int = 1
    #: set by backends whose workers are other processes
    stats: WorkerStats

    def __init__(self) -> None:
        self.stats = WorkerStats()

    def map(self, articles: Iterable[Article]) -> Iterator[Result]:
        raise NotImplementedError

    def recover(self, known: dict[str, str]) -> Iterator[Record]:
        """Records a previous, interrupted run finished but never handed over (none by default).

        ``known`` maps the ids of stored articles to their text digests.
        """
        return iter(())

    def start(self) -> None:
        """Start workers (nothing by default)."""

    def close(self, kill: bool = False) -> None:
        """Stop workers (nothing by default); ``kill``: now, without waiting for work in flight."""

    def __enter__(self) -> Runner:
        self.start()
        return self

    def __exit__(self, exc_type: Any, *exc: Any) -> None:
        self.close(kill=exc_type is not None)


class InProcess(Runner):
    """The analysis in this process, chunk by chunk (the pipeline is built on first use)."""

    def __init__(
        self, analyzer: Analyzer | None = None, *, ner_model: str | None = None, chunk_size: int = 16
    ) -> None:
        super().__init__()
        self._analyzer, self.ner_model, self.chunk_size = analyzer, ner_model, chunk_size

    @property
    def analyzer(self) -> Analyzer:
        if self._analyzer is None:
            from .analyse import Analyzer

            self._analyzer = Analyzer(self.ner_model)
            freeze_loaded()
        return self._analyzer

    def map(self, articles: Iterable[Article]) -> Iterator[Result]:
        for k, chunk in enumerate(chunked(articles, self.chunk_size)):
            results = analyse_chunk(self.analyzer, chunk)
            if k == 0:
                freeze_loaded()  # the lexicons loaded on the first article
            yield from results
