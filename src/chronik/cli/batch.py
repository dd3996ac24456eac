"""``chronik extract`` and ``chronik ingest``: many inputs through the analysis, in order, resumable."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer

from .common import (
    AllowPrivate,
    DateOption,
    DbOption,
    GenreOption,
    Inputs,
    MaxBytes,
    MinConfidence,
    NerOption,
    Workers,
    create_store,
    err,
    make_reader,
    min_confidence,
    report,
    shown_db,
)


def extract(
    inputs: Inputs,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write JSONL here (resumes if it exists).")] = None,
    date: DateOption = None,
    genre: GenreOption = None,
    ner_model: NerOption = None,
    max_bytes: MaxBytes = 0,
    pretty: Annotated[bool | None, typer.Option("--pretty/--compact", help="Indent JSON (default: on a terminal).")] = None,
    workers: Workers = 0,
    allow_private_urls: AllowPrivate = False,
    confidence: MinConfidence = None,
) -> None:
    """Analyse articles (files, directories, URLs, - for stdin) and print their records as JSON lines in input order, or write them to --output."""
    from ..batch import Batch, progress_bar, read_jsonl_ids, truncate_torn_line
    from ..runners import default_workers

    threshold = min_confidence(confidence)

    reader = make_reader(date, genre, max_bytes, allow_private_urls)
    with progress_bar(err, inputs, "Extracting") as tick:
        batch = Batch(reader=reader, on_progress=tick, ner_model=ner_model, workers=workers or default_workers())
        try:
            if output is not None:
                truncate_torn_line(output)
                done = read_jsonl_ids(output)
                with output.open("a", encoding="utf-8") as fh:
                    summary = batch.extract(inputs, JsonOut(fh, None, threshold), resume_ids=done)
            else:
                indent = 2 if (pretty if pretty is not None else sys.stdout.isatty()) else None
                summary = batch.extract(inputs, JsonOut(sys.stdout, indent, threshold))
        except KeyboardInterrupt:
            err.print("[yellow]Interrupted.[/yellow] Run the same command to finish.")
            raise typer.Exit(130) from None
    report(summary, "extracted")
    raise typer.Exit(0 if summary.ok else 1)


class JsonOut:
    """Re-indents each JSON line for humans when asked to; with ``min_confidence`` keeps only the
    statements at least that confident (statements without a confidence are dropped too)."""

    def __init__(self, stream: TextIO, indent: int | None, min_confidence: float | None = None):
        self.stream, self.indent, self.min_confidence = stream, indent, min_confidence

    def write(self, line: str) -> None:
        if (self.indent or self.min_confidence is not None) and line.strip():
            data = json.loads(line)
            if self.min_confidence is not None and isinstance(data.get("quotes"), list):
                data["quotes"] = [q for q in data["quotes"]
                                  if q.get("confidence") is not None and q["confidence"] >= self.min_confidence]
            line = json.dumps(data, ensure_ascii=False, indent=self.indent) + "\n"
        self.stream.write(line)

    def flush(self) -> None:
        self.stream.flush()


def ingest(
    inputs: Inputs,
    db: DbOption = "chronik.db",
    date: DateOption = None,
    genre: GenreOption = None,
    ner_model: NerOption = None,
    max_bytes: MaxBytes = 0,
    workers: Workers = 0,
    dask: Annotated[
        str | None, typer.Option("--dask", help="Analyse on Dask: a scheduler address (tcp://host:8786) or 'local'.")
    ] = None,
    parts: Annotated[
        Path | None, typer.Option("--parts", help="With --dask: folder for Parquet + JSONL parts (default: DB.parts).")
    ] = None,
    allow_private_urls: AllowPrivate = False,
) -> None:
    """Analyse articles (files, directories, URLs, - for stdin) and store them in the knowledge base (re-ingesting adds nothing)."""
    from ..batch import Batch, progress_bar
    from ..runners import default_workers

    reader = make_reader(date, genre, max_bytes, allow_private_urls)
    with create_store(db) as store, progress_bar(err, inputs, "Ingesting") as tick:
        try:
            if dask:
                from ..dask_runner import DaskRunner

                runner = DaskRunner(dask, parts or parts_folder(db), ner_model=ner_model,
                                    workers=workers or None)
                batch = Batch(reader=reader, on_progress=tick, runner=runner)
            else:
                batch = Batch(reader=reader, on_progress=tick, ner_model=ner_model, workers=workers or default_workers())
            summary = batch.ingest(inputs, store)
        except KeyboardInterrupt:
            err.print(f"[yellow]Interrupted.[/yellow] Stored articles are safe in {shown_db(db)};"
                      " run the same command to finish.")
            raise typer.Exit(130) from None
    report(summary, "analysed")
    raise typer.Exit(0 if summary.ok else 1)


def parts_folder(db: str) -> Path:
    """The Dask parts folder beside a SQLite file (``DB.parts``); for a PostgreSQL database
    ``NAME.parts`` in the current folder (NAME: the database's name)."""
    from urllib.parse import urlsplit

    from ..store import is_url

    if is_url(db):
        return Path((urlsplit(db).path.strip("/") or "chronik") + ".parts")
    path = Path(db)
    return path.with_name(path.name + ".parts")
