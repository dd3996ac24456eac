"""Multi-process analysis: worker processes that each load the pipeline once.

Articles go out in chunks and records come back in input order, at most
``window`` chunks in flight (:func:`chronik.runners.in_order`), so memory stays
constant however large the input. Only the calling process sees the records (and
so is the only writer to SQLite or the output file).

A worker that dies (the out-of-memory killer, a crash in native code) breaks the
whole pool: a new pool takes over, and each article of the chunks that were in
flight is tried once more, alone, in a one-worker quarantine pool, so that only an
article that kills its worker again is rejected; the batch goes on.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.context import BaseContext

from .ingest import Rejected
from .record import Article
from .runners import ChunkResult, Result, Runner, analyse_on_worker, chunked, in_order, worker_analyzer

log = logging.getLogger(__name__)

Task = Callable[[list[Article], "str | None"], ChunkResult]
DIED_TWICE = "analysis failed: its worker process died twice (killed, e.g. by the out-of-memory killer)"


def _init(ner_model: str | None, parent: int) -> None:
    # Ctrl-C reaches the whole process group; the main process decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent, os.getppid()), daemon=True).start()
    worker_analyzer(ner_model)  # load now, while the main process reads the first chunks


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


def _context() -> BaseContext:
    """forkserver: workers fork from a process that imported spaCy once (fast start, shared pages)."""
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["chronik.analyse.pipeline"])
        return ctx
    return mp.get_context("spawn")


@dataclass
class _Job:
    chunk: list[Article]
    future: Future[ChunkResult]
    generation: int  # which pool it went to


class ProcessPool(Runner):
    """``workers`` processes analysing articles; use as a context manager.

    >>> with ProcessPool(2) as pool:  # doctest: +SKIP
    ...     for record in pool.map(articles): ...

    ``task`` is what a worker runs on a chunk (:func:`chronik.runners.analyse_on_worker`);
    it must be importable by the workers.
    """

    def __init__(
        self,
        workers: int,
        ner_model: str | None = None,
        chunk_size: int = 16,
        window: int | None = None,
        *,
        task: Task = analyse_on_worker,
    ) -> None:
        super().__init__()
        self.workers = workers
        self.ner_model = ner_model
        self.chunk_size = chunk_size
        self.window = window or 2 * workers
        self.task = task
        self.replaced = 0  # pools replaced after a worker died
        self._generation = 0
        self._executor: ProcessPoolExecutor | None = None
        self._quarantine: ProcessPoolExecutor | None = None

    def _new_executor(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            workers, mp_context=_context(), initializer=_init, initargs=(self.ner_model, os.getpid())
        )

    def start(self) -> None:
        if self._executor is None:
            self._executor = self._new_executor(self.workers)

    def map(self, articles: Iterable[Article]) -> Iterator[Result]:
        """Records (or Rejected: :func:`chronik.runners.analyse_chunk`) in input order."""
        self.start()
        return in_order(chunked(articles, self.chunk_size), self._submit, self._collect, self.window)

    def _submit(self, chunk: list[Article]) -> _Job:
        assert self._executor is not None
        try:
            future = self._executor.submit(self.task, chunk, self.ner_model)
        except BrokenProcessPool:  # a worker died since the last collect
            self._replace(self._generation)
            future = self._executor.submit(self.task, chunk, self.ner_model)
        return _Job(chunk, future, self._generation)

    def _collect(self, job: _Job) -> list[Result]:
        try:
            return self.stats.record(job.future.result())
        except BrokenProcessPool:
            self._replace(job.generation)
            return [result for article in job.chunk for result in self._retry(article)]

    def _replace(self, generation: int) -> None:
        """Start a new pool for the broken one (once per breakage: every chunk in flight sees it)."""
        if generation != self._generation:
            return
        log.warning("a worker process died; starting new workers and retrying the articles it held")
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
        self._executor = self._new_executor(self.workers)
        self._generation += 1
        self.replaced += 1

    def _retry(self, article: Article) -> list[Result]:
        """The article once more, alone in a one-worker pool: when that worker dies too, it was this article."""
        if self._quarantine is None:
            self._quarantine = self._new_executor(1)
        try:
            return self.stats.record(self._quarantine.submit(self.task, [article], self.ner_model).result())
        except BrokenProcessPool:
            self._quarantine.shutdown(wait=False, cancel_futures=True)
            self._quarantine = None
            log.warning("rejected %s: its worker process died twice", article.origin or article.id)
            return [Rejected(article.origin or article.id, DIED_TWICE)]

    def close(self, kill: bool = False) -> None:
        """Wait for the workers to exit, or (after an error or Ctrl-C) stop them now."""
        for executor in (self._executor, self._quarantine):
            if executor is None:
                continue
            if kill:
                # ProcessPoolExecutor has no public way to stop busy workers.
                for proc in list((getattr(executor, "_processes", None) or {}).values()):
                    proc.terminate()
            executor.shutdown(wait=not kill, cancel_futures=True)
        self._executor = self._quarantine = None
