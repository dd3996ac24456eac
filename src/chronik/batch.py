"""Batch processing: a stream of inputs → records → a JSONL file or the knowledge base.

Inputs are streamed (constant memory); rejected inputs are collected with their
reasons and the rest goes on. Both sinks are resumable: articles already in the
output file or the store are skipped, so re-running an interrupted command
finishes the rest without duplicates.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .ingest import Reader, Rejected, text_digest
from .record import Article, Record


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
    cpu_seconds: float = 0.0

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
            try:
                ids.add(json.loads(line)["id"])
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
        fh.seek(0)
        fh.truncate(fh.read().rfind(b"\n") + 1)


def split(items: Iterable[Article | Rejected], summary: Summary, skip: Callable[[Article], bool]) -> Iterator[Article]:
    """Articles to analyse: rejected inputs go to the summary, already-done ones are skipped."""
    for item in items:
        if isinstance(item, Rejected):
            summary.rejected.append(item)
        elif skip(item):
            summary.skipped += 1
        else:
            yield item


class Batch:
    """Run the analysis over inputs, with an optional progress callback per article."""

    def __init__(self, analyzer, reader: Reader | None = None, on_progress: Callable[[int], None] | None = None):
        self.analyzer = analyzer
        self.reader = reader or Reader()
        self.on_progress = on_progress or (lambda n: None)

    def records(self, inputs: Iterable[str | Path], summary: Summary, skip=lambda a: False) -> Iterator[Record]:
        articles = split(self.reader.read(inputs), summary, skip)
        for record in self.analyzer.analyse_many(articles):
            summary.count(record)
            self.on_progress(1)
            yield record

    def extract(self, inputs: Iterable[str | Path], out, *, resume_ids: set[str] | None = None) -> Summary:
        """Write one JSON record per line to the open text stream ``out``."""
        summary = Summary()
        started, cpu = time.perf_counter(), time.process_time()
        done = resume_ids or set()
        for record in self.records(inputs, summary, skip=lambda a: a.id in done):
            out.write(record.to_json() + "\n")
            out.flush()
        summary.seconds = time.perf_counter() - started
        summary.cpu_seconds = time.process_time() - cpu
        return summary

    def ingest(self, inputs: Iterable[str | Path], store) -> Summary:
        """Analyse and store; articles already stored with the same text are skipped unanalysed."""
        summary = Summary()
        started, cpu = time.perf_counter(), time.process_time()
        known = store.known_hashes()
        for record in self.records(inputs, summary, skip=lambda a: known.get(a.id) == text_digest(a.text)):
            result = store.add(record)
            setattr(summary, result, getattr(summary, result) + 1)
        summary.seconds = time.perf_counter() - started
        summary.cpu_seconds = time.process_time() - cpu
        return summary

