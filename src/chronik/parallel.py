"""Multi-process analysis: worker processes that each load the pipeline once.

Articles go out in chunks and records come back in input order. At most
``window`` chunks are in flight, so memory stays constant however large the
input. Only the calling process sees the records (and so is the only writer to
SQLite or the output file).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice

from .ingest import Rejected
from .record import Article, Record

_analyzer = None  # the worker's pipeline, loaded once by _init
# nlp.pipe batch: tok2vec's activations grow with it (16 long articles: +150 MB peak RSS)
# while CPU time per token stays flat from 1 to 8 (bench/run.py, 10kGNAD).
PIPE_BATCH = 4


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


@dataclass
class WorkerStats:
    """CPU seconds spent analysing and peak RSS, per worker pid."""

    cpu_seconds: dict[int, float] = field(default_factory=dict)
    max_rss: dict[int, int] = field(default_factory=dict)

    def add(self, pid: int, cpu: float, rss: int) -> None:
        self.cpu_seconds[pid] = self.cpu_seconds.get(pid, 0.0) + cpu
        self.max_rss[pid] = max(self.max_rss.get(pid, 0), rss)


def _init(ner_model: str | None, parent: int) -> None:
    global _analyzer
    # Ctrl-C reaches the whole process group; the main process decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent, os.getppid()), daemon=True).start()
    from .analyse import Analyzer

    _analyzer = Analyzer(ner_model)


def _exit_with_parent(parent: int, ppid: int) -> None:
    """A killed (-9) main process cannot stop its workers; they notice and leave."""
    while True:
        time.sleep(0.5)
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(1)
        if os.getppid() != ppid:  # our parent (main or forkserver) is gone
            os._exit(1)


def analyse_chunk(analyzer, articles: list[Article]) -> list[Record | Rejected]:
    """Records of ``articles`` in order; one the pipeline fails on becomes a Rejected and the rest go on."""
    out: list[Record | Rejected] = []

    def reject(article: Article, exc: Exception) -> None:
        reason = (str(exc).strip().splitlines() or [""])[0]
        out.append(Rejected(article.origin or article.id, f"analysis failed: {type(exc).__name__}: {reason}"))

    out.extend(analyzer.analyse_many(articles, batch_size=PIPE_BATCH, on_error=reject))
    return out


def chunked(items: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of up to ``size`` items, read lazily."""
    it = iter(items)
    return iter(lambda: list(islice(it, size)), [])


def _analyse(articles: list[Article]) -> tuple[list[Record | Rejected], int, float, int]:
    cpu = time.process_time()
    results = analyse_chunk(_analyzer, articles)
    return results, os.getpid(), time.process_time() - cpu, max_rss_bytes()


def _context():
    """forkserver: workers fork from a process that imported spaCy once (fast start, shared pages)."""
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["chronik.analyse.pipeline"])
        return ctx
    return mp.get_context("spawn")


class Pool:
    """``workers`` processes analysing articles; use as a context manager.

    >>> with Pool(2) as pool:  # doctest: +SKIP
    ...     for record in pool.map(articles): ...
    """

    def __init__(
        self, workers: int, ner_model: str | None = None, chunk_size: int = 16, window: int | None = None
    ):
        self.workers = workers
        self.chunk_size = chunk_size
        self.window = window or 2 * workers
        self.stats = WorkerStats()
        self._executor = ProcessPoolExecutor(
            workers, mp_context=_context(), initializer=_init, initargs=(ner_model, os.getpid())
        )

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        self.close(kill=exc_type is not None)

    def map(self, articles: Iterable[Article]) -> Iterator[Record | Rejected]:
        """Records (or Rejected: :func:`analyse_chunk`) in input order, at most ``window`` chunks ahead."""
        pending: deque[Future] = deque()
        for chunk in chunked(articles, self.chunk_size):
            pending.append(self._executor.submit(_analyse, chunk))
            if len(pending) >= self.window:
                yield from self._collect(pending.popleft())
        while pending:
            yield from self._collect(pending.popleft())

    def _collect(self, future: Future) -> list[Record | Rejected]:
        results, pid, cpu, rss = future.result()
        self.stats.add(pid, cpu, rss)
        return results

    def close(self, kill: bool = False) -> None:
        """Wait for the workers to exit, or (after an error or Ctrl-C) stop them now."""
        if kill:
            # ProcessPoolExecutor has no public way to stop busy workers.
            for proc in list(getattr(self._executor, "_processes", {}).values()):
                proc.terminate()
        self._executor.shutdown(wait=not kill, cancel_futures=True)
