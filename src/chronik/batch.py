"""Batch processing: a stream of inputs → records → a JSONL file or the knowledge base.

Inputs are streamed (constant memory); rejected inputs are collected with their
reasons and the rest goes on. With ``workers > 1`` the analysis runs in worker
processes (:mod:`chronik.parallel`) and records come back in input order; only
this process writes. Both sinks are resumable: articles already in the output
file or the store are skipped, so re-running an interrupted command finishes
the rest, each article exactly once.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

from .ingest import Reader, Rejected
from .record import Article, Record, text_digest

# Records serialise "schema" then "id" first: read the id without parsing the whole line.
_RECORD_ID = re.compile(r'^\{"schema":"[^"]*","id":("(?:[^"\\]|\\.)*")')


@dataclass
class Summary:
    """What a batch did; printed at the end of ``extract`` and ``ingest``."""

    articles: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    statements: int = 0
    entities: int = 0
    tokens: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # this process plus the analysis time of all workers
    workers: int = 1
    worker_max_rss: dict[int, int] = field(default_factory=dict)  # pid → peak RSS bytes

    @property
    def ok(self) -> bool:
        return not self.rejected

    def count(self, record: Record) -> None:
        self.articles += 1
        self.statements += len(record.quotes)
        self.entities += len(record.entities)
        self.tokens += len(record.text.split())


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


def record_id(line: str) -> str | None:
    """The id of a record JSON line, read from its start (None if it does not start like a record)."""
    m = _RECORD_ID.match(line)
    return json.loads(m.group(1)) if m else None


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


def split(
    items: Iterable[Article | Rejected],
    summary: Summary,
    skip: Callable[[Article], bool],
    tick: Callable[[int], None],
) -> Iterator[Article]:
    """Articles to analyse: rejected inputs go to the summary, already-done ones are skipped."""
    for item in items:
        if isinstance(item, Rejected):
            summary.rejected.append(item)
            tick(1)
        elif skip(item):
            summary.skipped += 1
            tick(1)
        else:
            yield item


def skip_stored(known: dict[str, str]) -> Callable[[Article], bool]:
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


def tally(results: Iterable[Record | Rejected], summary: Summary, tick: Callable[[int], None]) -> Iterator[Record]:
    """Records from analysis results; rejections go to the summary, every result ticks the progress."""
    for result in results:
        tick(1)
        if isinstance(result, Rejected):
            summary.rejected.append(result)
            continue
        summary.count(result)
        yield result


class Batch:
    """Run the analysis over inputs, in this process or in ``workers`` processes.

    ``analyzer`` (or one built lazily from ``ner_model``) serves in-process runs;
    worker processes load their own. Inputs that fit in one chunk are analysed
    here: starting workers would cost more than it saves.
    """

    def __init__(
        self,
        analyzer=None,
        reader: Reader | None = None,
        on_progress: Callable[[int], None] | None = None,
        *,
        ner_model: str | None = None,
        workers: int = 1,
        chunk_size: int = 16,
    ):
        self._analyzer = analyzer
        self.reader = reader or Reader()
        self.on_progress = on_progress or (lambda n: None)
        self.ner_model = ner_model
        self.workers = workers
        self.chunk_size = chunk_size

    @property
    def analyzer(self):
        if self._analyzer is None:
            from .analyse import Analyzer

            self._analyzer = Analyzer(self.ner_model)
        return self._analyzer

    def read(self, inputs: Iterable[str | Path]) -> Iterator[Article | Rejected]:
        """Articles from files, directories, stdin and http(s) URLs."""
        from .ingest.web import read_inputs

        return read_inputs(inputs, self.reader)

    def records(
        self, inputs: Iterable[str | Path], summary: Summary, skip=lambda a: False
    ) -> Iterator[Record]:
        """Records in input order; articles the pipeline fails on are added to ``summary.rejected``."""
        articles = split(self.read(inputs), summary, skip, self.on_progress)
        yield from tally(self._analyse(articles, summary), summary, self.on_progress)

    def _analyse(self, articles: Iterator[Article], summary: Summary) -> Iterator[Record | Rejected]:
        from .parallel import Pool, analyse_chunk, chunked

        head = list(islice(articles, self.chunk_size)) if self.workers > 1 else []
        if self.workers <= 1 or len(head) < self.chunk_size:
            for chunk in chunked(chain(head, articles), self.chunk_size):
                yield from analyse_chunk(self.analyzer, chunk)
            return

        summary.workers = self.workers
        with Pool(self.workers, self.ner_model, chunk_size=self.chunk_size) as pool:
            try:
                yield from pool.map(chain(head, articles))
            finally:
                summary.cpu_seconds += sum(pool.stats.cpu_seconds.values())
                summary.worker_max_rss = pool.stats.max_rss

    def extract(self, inputs: Iterable[str | Path], out, *, resume_ids: set[str] | None = None) -> Summary:
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

    def ingest(self, inputs: Iterable[str | Path], store) -> Summary:
        """Analyse and store; articles already stored with the same text are skipped unanalysed."""
        def write(record: Record, summary: Summary) -> None:
            result = store.add(record)
            setattr(summary, result, getattr(summary, result) + 1)

        return self._run(inputs, skip_stored(store.known_hashes()), write)

    def _run(self, inputs, skip, write) -> Summary:
        summary = Summary()
        started, cpu = time.perf_counter(), time.process_time()
        try:
            for record in self.records(inputs, summary, skip):
                write(record, summary)
        finally:
            summary.seconds = time.perf_counter() - started
            summary.cpu_seconds += time.process_time() - cpu
        return summary


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
