"""Batch processing: a stream of inputs → records → a JSONL file or the knowledge base.

Inputs are streamed (constant memory); rejected inputs are collected with their
reasons and the rest goes on. The analysis runs on a :class:`~chronik.runners.Runner`:
in this process, in worker processes (:mod:`chronik.parallel`, with ``workers > 1``)
or on Dask (:mod:`chronik.dask_runner`); records come back in input order and only
this process writes. Both sinks are resumable: articles already in the output file
or the store are skipped, so re-running an interrupted command finishes the rest,
each article exactly once. One :class:`Summary` counts what happened, whatever ran it.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .ingest import Reader, Rejected
from .record import Article, Record, record_id, text_digest
from .runners import InProcess, Result, Runner

if TYPE_CHECKING:
    from .analyse import Analyzer
    from .store import Store

__all__ = [
    "Batch", "Summary", "estimate_articles", "progress_bar", "read_jsonl_ids", "record_id", "truncate_torn_line",
]

log = logging.getLogger(__name__)


class TextSink(Protocol):
    """Where ``extract`` writes: an open text file, ``sys.stdout``, anything with these two methods."""

    def write(self, text: str, /) -> object: ...

    def flush(self) -> None: ...


@dataclass
class Summary:
    """What a batch did; printed at the end of ``extract`` and ``ingest``.

    Every input is counted once: analysed (``articles``), ``skipped`` (done before),
    ``recovered`` (analysed by an interrupted run, handed over now) or ``rejected``.
    Every record written is ``added``, ``updated`` or ``unchanged`` (``ingest``).
    """

    articles: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    recovered: int = 0
    statements: int = 0
    entities: int = 0
    tokens: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    undated: int = 0  # news articles without a date
    undated_ids: list[str] = field(default_factory=list)  # the first few, for the warning
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # this process plus the analysis time of all workers
    workers: int = 1
    worker_max_rss: dict[int, int] = field(default_factory=dict)  # pid → peak RSS bytes

    @property
    def ok(self) -> bool:
        return not self.rejected

    def count(self, record: Record) -> None:
        self.articles += 1
        if record.date is None and record.genre == "news":
            # relative dates ("am Mittwoch") cannot be resolved and its statements stay undated
            log.info("article %s has no date: its statements are undated", record.id)
            self.undated += 1
            if len(self.undated_ids) < 5:
                self.undated_ids.append(record.id)
        self.statements += len(record.quotes)
        self.entities += len(record.entities)
        self.tokens += len(record.text.split())

    def stored(self, result: str) -> None:
        """Count what the store did with a record: "added", "updated" or "unchanged"."""
        setattr(self, result, getattr(self, result) + 1)


def read_jsonl_ids(path: Path) -> set[str]:
    """Ids already written to an output JSONL (a torn last line is ignored)."""
    ids: set[str] = set()
    if not path.exists():
        return ids
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.rstrip().endswith("}"):
                continue
            try:
                ids.add(record_id(line) or json.loads(line)["id"])
            except (ValueError, KeyError, TypeError):
                continue
    return ids


def truncate_torn_line(path: Path) -> None:
    """Drop a half-written last line left by a kill, so appending stays valid JSONL."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb+") as fh:
        fh.seek(-1, os.SEEK_END)
        if fh.read(1) == b"\n":
            return
        size = fh.seek(0, os.SEEK_END)
        # Scan back block by block: the output may be far larger than memory.
        pos = size
        while pos > 0:
            step = min(1 << 16, pos)
            pos -= step
            fh.seek(pos)
            cut = fh.read(step).rfind(b"\n")
            if cut >= 0:
                fh.truncate(pos + cut + 1)
                return
        fh.truncate(0)


Skip = Callable[[Article], bool]


def split(
    items: Iterable[Article | Rejected],
    summary: Summary,
    skip: Skip,
    tick: Callable[[int], None],
    recovered: set[str] | frozenset[str] = frozenset(),
) -> Iterator[Article]:
    """Articles to analyse: rejected inputs go to the summary, already-done ones are skipped.

    An article in ``recovered`` is skipped without counting it again: it was counted when recovered.
    """
    for item in items:
        if isinstance(item, Rejected):
            summary.rejected.append(item)
            tick(1)
        elif skip(item):
            if item.id not in recovered:
                summary.skipped += 1
            tick(1)
        else:
            yield item


def skip_stored(known: dict[str, str]) -> Skip:
    """A ``skip`` for :func:`split`: articles stored with the same text, and repeats within the run.

    ``known`` (article id → text digest, from ``Store.known_hashes``) is updated as articles pass.
    """

    def skip(article: Article) -> bool:
        digest = text_digest(article.text)
        if known.get(article.id) == digest:
            return True
        known[article.id] = digest
        return False

    return skip


def tally(results: Iterable[Result], summary: Summary, tick: Callable[[int], None]) -> Iterator[Record]:
    """Records from analysis results; rejections go to the summary, every result ticks the progress."""
    for result in results:
        tick(1)
        if isinstance(result, Rejected):
            log.info("rejected %s", result)
            summary.rejected.append(result)
            continue
        summary.count(result)
        yield result


class Batch:
    """Run the analysis over inputs on a runner: the one given, or one chosen per run.

    Without ``runner``: ``analyzer`` (or one built lazily from ``ner_model``) analyses
    here when ``workers`` is 1 or the input fits in one chunk (starting workers would
    cost more than it saves); otherwise ``workers`` processes load their own.
    """

    def __init__(
        self,
        analyzer: Analyzer | None = None,
        reader: Reader | None = None,
        on_progress: Callable[[int], None] | None = None,
        *,
        ner_model: str | None = None,
        workers: int = 1,
        chunk_size: int = 16,
        runner: Runner | None = None,
    ):
        self.in_process = InProcess(analyzer, ner_model=ner_model, chunk_size=chunk_size)
        self.reader = reader or Reader()
        self.on_progress = on_progress or (lambda n: None)
        self.ner_model = ner_model
        self.workers = workers
        self.chunk_size = chunk_size
        self.runner = runner

    @property
    def analyzer(self) -> Analyzer:
        return self.in_process.analyzer

    def read(self, inputs: Iterable[str | Path]) -> Iterator[Article | Rejected]:
        """Articles from files, directories, stdin and http(s) URLs."""
        return self.reader.read(inputs)

    def extract(self, inputs: Iterable[str | Path], out: TextSink, *, resume_ids: set[str] | None = None) -> Summary:
        """Write one JSON record per line to the open text stream ``out``; an id is written once."""
        done = set(resume_ids or ())

        def skip(article: Article) -> bool:
            if article.id in done:
                return True
            done.add(article.id)
            return False

        def write(record: Record, summary: Summary) -> None:
            out.write(record.to_json() + "\n")
            out.flush()  # a kill then tears at most the line being written

        return self._run(inputs, skip, write)

    def ingest(self, inputs: Iterable[str | Path], store: Store) -> Summary:
        """Analyse and store; articles already stored with the same text are skipped unanalysed.

        Records a previous run of the runner finished but never stored (:meth:`Runner.recover`)
        are stored first.
        """
        known = store.known_hashes()

        def write(record: Record, summary: Summary) -> None:
            summary.stored(store.add(record))

        return self._run(inputs, skip_stored(known), write, known=known)

    def _run(
        self,
        inputs: Iterable[str | Path],
        skip: Skip,
        write: Callable[[Record, Summary], None],
        known: dict[str, str] | None = None,
    ) -> Summary:
        summary = Summary()
        started, cpu = time.perf_counter(), time.process_time()
        runner: Runner = self.in_process
        worker_cpu = 0.0  # what the runner's workers had spent before this run (a runner may serve several)
        try:
            recovered: set[str] = set()
            if self.runner is not None and known is not None:
                for record in self.runner.recover(known):
                    write(record, summary)
                    recovered.add(record.id)
                summary.recovered = len(recovered)
            articles = split(self.read(inputs), summary, skip, self.on_progress, recovered)
            runner, articles = self._choose(articles)
            worker_cpu = sum(runner.stats.cpu_seconds.values())
            with runner:
                summary.workers = runner.workers
                log.debug("analysing on %s with %d worker(s)", type(runner).__name__, runner.workers)
                for record in tally(runner.map(articles), summary, self.on_progress):
                    write(record, summary)
        finally:
            summary.seconds = time.perf_counter() - started
            summary.cpu_seconds += time.process_time() - cpu + sum(runner.stats.cpu_seconds.values()) - worker_cpu
            summary.worker_max_rss = dict(runner.stats.max_rss)
        return summary

    def _choose(self, articles: Iterator[Article]) -> tuple[Runner, Iterator[Article]]:
        """The runner for this run, and the articles (a look at the first chunk decides)."""
        if self.runner is not None:
            return self.runner, articles
        if self.workers <= 1:
            return self.in_process, articles
        head = list(islice(articles, self.chunk_size))
        articles = chain(head, articles)
        if len(head) < self.chunk_size:
            return self.in_process, articles
        from .parallel import ProcessPool

        return ProcessPool(self.workers, self.ner_model, chunk_size=self.chunk_size), articles


def estimate_articles(inputs: Iterable[str | Path]) -> int | None:
    """A quick count of the articles in ``inputs`` (for the ETA); None when unknowable up front."""
    total = 0
    for item in inputs:
        path = Path(item)
        if str(item) == "-" or "://" in str(item) or not path.exists():
            return None
        files = (
            (p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            if path.is_dir()
            else [path]
        )
        for f in files:
            n = _articles_in(f)
            if n is None:
                return None
            total += n
    return total


def _articles_in(path: Path) -> int | None:
    name = path.name.lower()
    if name.endswith((".warc", ".warc.gz", ".rss", ".atom", ".xml")):
        return None
    if name.endswith((".jsonl", ".ndjson")):
        with path.open("rb") as fh:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    if name.endswith(".json") and path.with_suffix(".txt").is_file():
        return 0  # metadata sidecar of the .txt beside it
    return 1


@contextmanager
def progress_bar(console, inputs: list[str], verb: str = "Analysing"):
    """A Rich progress bar with rate and ETA on a terminal; yields the tick callback, or None."""
    if not console.is_terminal:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    with progress:
        task = progress.add_task(verb, total=estimate_articles(inputs), rate="")
        started = time.perf_counter()

        def tick(n: int) -> None:
            progress.advance(task, n)
            rate = progress.tasks[0].completed / max(time.perf_counter() - started, 1e-6)
            progress.update(task, rate=f"{rate:.1f} articles/s")

        yield tick
