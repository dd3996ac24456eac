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
    NerOption,
    Workers,
    create_store,
    err,
    make_reader,
    report,
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
) -> None:
    """Analyse articles (files, directories, URLs, - for stdin) and print their records as JSON lines in input order, or write them to --output."""
    from ..batch import Batch, progress_bar, read_jsonl_ids, truncate_torn_line
    from ..runners import default_workers

    reader = make_reader(date, genre, max_bytes, allow_private_urls)
    with progress_bar(err, inputs, "Extracting") as tick:
        batch = Batch(reader=reader, on_progress=tick, ner_model=ner_model, workers=workers or default_workers())
        try:
            if output is not None:
                truncate_torn_line(output)
                done = read_jsonl_ids(output)
                with output.open("a", encoding="utf-8") as fh:
                    summary = batch.extract(inputs, fh, resume_ids=done)
            else:
                indent = 2 if (pretty if pretty is not None else sys.stdout.isatty()) else None
                summary = batch.extract(inputs, JsonOut(sys.stdout, indent))
        except KeyboardInterrupt:
            err.print("[yellow]Interrupted.[/yellow] Run the same command to finish.")
            raise typer.Exit(130) from None
    report(summary, "extracted")
    raise typer.Exit(0 if summary.ok else 1)


class JsonOut:
    """Re-indents each JSON line for humans when asked to."""

    def __init__(self, stream: TextIO, indent: int | None):
        self.stream, self.indent = stream, indent

    def write(self, line: str) -> None:
        if self.indent and line.strip():
            line = json.dumps(json.loads(line), ensure_ascii=False, indent=self.indent) + "\n"
        self.stream.write(line)

    def flush(self) -> None:
        self.stream.flush()


def ingest(
    inputs: Inputs,
    db: DbOption = Path("chronik.db"),
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

                runner = DaskRunner(dask, parts or db.with_name(db.name + ".parts"), ner_model=ner_model,
                                    workers=workers or None)
                batch = Batch(reader=reader, on_progress=tick, runner=runner)
            else:
                batch = Batch(reader=reader, on_progress=tick, ner_model=ner_model, workers=workers or default_workers())
            summary = batch.ingest(inputs, store)
        except KeyboardInterrupt:
            err.print(f"[yellow]Interrupted.[/yellow] Stored articles are safe in {db}; run the same command to finish.")
            raise typer.Exit(130) from None
    report(summary, "analysed")
    raise typer.Exit(0 if summary.ok else 1)
