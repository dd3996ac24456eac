"""The ``chronik`` command line: a thin face over the Python API.

Exit codes: 0 when every input was processed, 1 when some were rejected (listed at
the end), 2 on usage errors.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(
    help="Chronik: German news in, a searchable chronicle of who said and did what, when, out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Score Chronik's components against annotated data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

out = Console()
err = Console(stderr=True)

DbOption = Annotated[
    Path, typer.Option("--db", envvar="CHRONIK_DB", help="Knowledge base file (SQLite).", show_default=True)
]
Inputs = Annotated[list[str], typer.Argument(help="Files, directories (recursed), http(s) URLs, or - for stdin.")]
DateOption = Annotated[
    str | None, typer.Option("--date", help="Publication date (YYYY-MM-DD) for inputs that lack one.")
]
GenreOption = Annotated[
    str | None, typer.Option("--genre", help="news (relative dates against the article date) or narrative.")
]
NerOption = Annotated[
    str | None,
    typer.Option("--ner-model", envvar="CHRONIK_NER_MODEL", help="A spaCy pipeline (path or package) for NER, or 'rules'."),
]
MaxBytes = Annotated[int, typer.Option("--max-bytes", help="Reject input files larger than this.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _usage(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}")
    return typer.Exit(2)


def _reader(date: str | None, genre: str | None, max_bytes: int):
    from .ingest import DEFAULT_MAX_BYTES, Reader
    from .ingest.readers import InputError, parse_date

    defaults: dict[str, str] = {}
    if date:
        try:
            parse_date(date)
        except InputError as exc:
            raise _usage(f"--date: {exc}") from None
        defaults["date"] = date
    if genre:
        if genre not in ("news", "narrative"):
            raise _usage("--genre must be 'news' or 'narrative'")
        defaults["genre"] = genre
    return Reader(max_bytes=max_bytes or DEFAULT_MAX_BYTES, defaults=defaults)


def _report(summary, verb: str) -> None:
    tps = summary.tokens / summary.cpu_seconds if summary.cpu_seconds else 0
    parts = [f"{summary.articles} articles {verb}"]
    for name in ("added", "updated", "unchanged", "skipped"):
        if getattr(summary, name):
            parts.append(f"{getattr(summary, name)} {name}")
    parts.append(f"{summary.statements} statements, {summary.entities} entities")
    # a rate over a handful of articles mostly measures start-up: only show it when it means something
    rate = f" ({tps:,.0f} tokens/CPU-s)" if summary.tokens >= 20_000 else ""
    parts.append(f"{summary.seconds:.1f} s{rate}")
    err.print(", ".join(parts), soft_wrap=True)
    if summary.rejected:
        err.print(f"[red]{len(summary.rejected)} input(s) rejected:[/red]")
        for item in summary.rejected:
            err.print(f"  {item}", markup=False, highlight=False, soft_wrap=True)


@app.command()
def extract(
    inputs: Inputs,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write JSONL here (resumes if it exists).")] = None,
    date: DateOption = None,
    genre: GenreOption = None,
    ner_model: NerOption = None,
    max_bytes: MaxBytes = 0,
    pretty: Annotated[bool | None, typer.Option("--pretty/--compact", help="Indent JSON (default: on a terminal).")] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=0, help="Worker processes (0: all cores; 1: none).")] = 0,
) -> None:
    """Analyse articles (files, directories, URLs, - for stdin) and print their records as JSON lines in input order, or write them to --output."""
    from .batch import Batch, progress_bar, read_jsonl_ids, truncate_torn_line
    from .parallel import default_workers

    reader = _reader(date, genre, max_bytes)
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
                summary = batch.extract(inputs, _JsonOut(sys.stdout, indent))
        except KeyboardInterrupt:
            err.print("[yellow]Interrupted.[/yellow] Run the same command to finish.")
            raise typer.Exit(130) from None
    _report(summary, "extracted")
    raise typer.Exit(0 if summary.ok else 1)


class _JsonOut:
    """Re-indents each JSON line for humans when asked to."""

    def __init__(self, stream, indent: int | None):
        self.stream, self.indent = stream, indent

    def write(self, line: str) -> None:
        if self.indent and line.strip():
            line = json.dumps(json.loads(line), ensure_ascii=False, indent=self.indent) + "\n"
        self.stream.write(line)

    def flush(self) -> None:
        self.stream.flush()


@app.command()
def ingest(
    inputs: Inputs,
    db: DbOption = Path("chronik.db"),
    date: DateOption = None,
    genre: GenreOption = None,
    ner_model: NerOption = None,
    max_bytes: MaxBytes = 0,
    workers: Annotated[int, typer.Option("--workers", "-w", min=0, help="Worker processes (0: all cores; 1: none).")] = 0,
    dask: Annotated[
        str | None, typer.Option("--dask", help="Analyse on Dask: a scheduler address (tcp://host:8786) or 'local'.")
    ] = None,
    parts: Annotated[
        Path | None, typer.Option("--parts", help="With --dask: folder for Parquet + JSONL parts (default: DB.parts).")
    ] = None,
) -> None:
    """Analyse articles (files, directories, URLs, - for stdin) and store them in the knowledge base (re-ingesting adds nothing)."""
    from .batch import Batch, progress_bar
    from .parallel import default_workers
    from .store import Store

    reader = _reader(date, genre, max_bytes)
    with Store(db) as store, progress_bar(err, inputs, "Ingesting") as tick:
        try:
            if dask:
                from .dask_runner import DaskRunner

                runner = DaskRunner(dask, parts or db.with_name(db.name + ".parts"), ner_model=ner_model,
                                    workers=workers or None, reader=reader, on_progress=tick)
                summary = runner.ingest(inputs, store)
            else:
                batch = Batch(reader=reader, on_progress=tick, ner_model=ner_model, workers=workers or default_workers())
                summary = batch.ingest(inputs, store)
        except KeyboardInterrupt:
            err.print(f"[yellow]Interrupted.[/yellow] Stored articles are safe in {db}; run the same command to finish.")
            raise typer.Exit(130) from None
    _report(summary, "analysed")
    raise typer.Exit(0 if summary.ok else 1)


def _open_store(db: Path, *, readonly: bool = True):
    """The knowledge base at ``db``; a usage error when there is none.

    Read-write opening upgrades an older file to the current schema.
    """
    from .store import Store

    if not db.exists():
        raise _usage(f"no knowledge base at {db} (create one with: chronik ingest FILES --db {db})")
    return Store(db, readonly=readonly)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find (all must occur); word* for a prefix.")],
    db: DbOption = Path("chronik.db"),
    what: Annotated[str, typer.Option(help="all, articles or statements.")] = "all",
    speaker: Annotated[str | None, typer.Option(help="Only statements by this speaker.")] = None,
    kind: Annotated[str | None, typer.Option(help="direct, indirect, free_indirect or reported.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="From this date (YYYY[-MM[-DD]]).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Up to this date (YYYY[-MM[-DD]]).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
    as_json: AsJson = False,
) -> None:
    """Full-text search over articles and statements."""
    if what not in ("all", "articles", "statements"):
        raise _usage("--what must be all, articles or statements")
    with _open_store(db) as store:
        hits = store.search(query, what=what, speaker=speaker, kind=kind, date_from=date_from, date_to=date_to, limit=limit)
    if as_json:
        out.print_json(data=hits)
        return
    table = Table("hit", "article", "date", "speaker", "snippet", show_lines=False)
    for h in hits:
        table.add_row(h["hit"], h["article"], h["date"] or "", h["speaker"] or "", h["snippet"])
    out.print(table if hits else f"No matches for {query!r}.")


@app.command()
def quotes(
    db: DbOption = Path("chronik.db"),
    speaker: Annotated[str | None, typer.Option(help="Speaker name or mention (substring).")] = None,
    kind: Annotated[str | None, typer.Option(help="direct, indirect, free_indirect or reported.")] = None,
    article: Annotated[str | None, typer.Option(help="Only this article id.")] = None,
    date_from: Annotated[str | None, typer.Option("--from")] = None,
    date_to: Annotated[str | None, typer.Option("--to")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 100,
    nested: Annotated[bool, typer.Option(help="Also list quoted fragments inside a longer statement.")] = False,
    as_json: AsJson = False,
) -> None:
    """Who said what, when: statements with speaker, kind and statement date."""
    with _open_store(db) as store:
        rows = store.statements(
            speaker=speaker, kind=kind, article=article, date_from=date_from, date_to=date_to, limit=limit, nested=nested
        )
    if as_json:
        out.print_json(data=rows)
        return
    out.print(who_said_what(rows) if rows else "No statements found.")


def who_said_what(rows) -> Table:
    table = Table("speaker", "kind", "date", "statement", title="Who said what")
    for r in rows:
        speaker = r["speaker"] or "?"
        if r["speaker_mention"] and r["speaker_mention"] != speaker:
            speaker += f" [dim]({r['speaker_mention']})[/dim]"
        table.add_row(speaker, r["kind"], r["date"] or "", r["text"])
    return table


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="Article id (see chronik search / export).")],
    db: DbOption = Path("chronik.db"),
    as_json: AsJson = False,
) -> None:
    """An article with its statements, entities and dates."""
    with _open_store(db) as store:
        record = store.get(article_id)
        prov = store.provenance(article_id)
    if record is None:
        err.print(f"[red]error:[/red] no article {article_id!r} in {db}")
        raise typer.Exit(1)
    if as_json:
        out.print_json(record.to_json())
        return
    out.rule(record.title or record.id)
    out.print(f"date {record.date or '?'} · source {record.source or '?'} · lang {record.lang} · from {prov['source_file']}")
    out.print(record.text, highlight=False, markup=False)
    ents = Table("entity", "type", "mentions", "roles", title="Entities")
    for e in record.entities:
        ents.add_row(e.name, e.type, ", ".join(sorted({m.text for m in e.mentions})), ", ".join(r.role for r in e.roles))
    out.print(ents)
    names = {e.id: e.name for e in record.entities}
    qt = Table("speaker", "kind", "date", "statement", title="Statements")
    for q in record.quotes:
        who = names.get(q.speaker.entity) if q.speaker and q.speaker.entity else (q.speaker.text if q.speaker else "?")
        qt.add_row(who or "?", q.kind, q.time or str(record.date or ""), " … ".join(p.text for p in q.content))
    out.print(qt)
    tt = Table("expression", "type", "value", "mod", "role", title="Dates and times")
    for t in record.times:
        tt.add_row(t.text, t.type, t.value, t.mod or "", t.role)
    out.print(tt)
    if record.pledges:
        pt = Table("actor", "target", "deadline", title="Pledges")
        for p in record.pledges:
            actor = names.get(p.actor.entity) if p.actor and p.actor.entity else (p.actor.text if p.actor else "?")
            pt.add_row(actor or "?", p.target.text, p.deadline or "")
        out.print(pt)


@app.command()
def export(
    db: DbOption = Path("chronik.db"),
    format: Annotated[str, typer.Option("--format", help="jsonl (records) or parquet (one table per folder).")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File (jsonl) or folder (parquet).")] = None,
) -> None:
    """Export every stored record as JSONL, or as Parquet tables for DuckDB, pandas and Spark."""
    if format not in ("jsonl", "parquet"):
        raise _usage("--format must be jsonl or parquet")
    with _open_store(db) as store:
        if format == "jsonl":
            fh = output.open("w", encoding="utf-8") if output else sys.stdout
            for record in store.records():
                fh.write(record.to_json() + "\n")
            if output:
                fh.close()
            return
        if output is None:
            raise _usage("--format parquet needs --output FOLDER")
        from .export import write_parquet

        counts = write_parquet(store.records(), output)
    err.print("Wrote " + ", ".join(f"{n} {t}" for t, n in counts.items()) + f" to {output}/")


@app.command()
def stats(db: DbOption = Path("chronik.db")) -> None:
    """How much the knowledge base holds."""
    with _open_store(db) as store:
        for name, n in store.stats().items():
            out.print(f"{name:12} {n:>10,}")


def _write_result(name: str, figures: dict) -> Path:
    from .bench import write_result

    path = write_result(name, figures)
    err.print(f"Figures written to {path}")
    return path


def _print_figures(figures: dict) -> None:
    out.print_json(data=figures)


@eval_app.command("time")
def eval_time(
    directory: Annotated[Path | None, typer.Argument(help="WikiWarsDE keyinline folder.")] = None,
    duckling: Annotated[Path | None, typer.Option(help="Also score Duckling's German corpus (duckling-de folder).")] = None,
    news: Annotated[Path | None, typer.Option(help="Score the hand-annotated news dates on this Wikinews folder "
                                                   "(../shared/data/quotes/wikinews) instead.")] = None,
    split: Annotated[str, typer.Option(help="News split: train (tune on it) or dev (report once).")] = "train",
) -> None:
    """Temporal tagging on WikiWarsDE inline TIMEX2 files, or (--news) on news dates that need the article date."""
    from .eval import time as module

    if news is not None:
        if split not in ("train", "dev"):
            raise _usage(f"--split {split!r}: use train or dev")
        errors: list = []
        figures = module.evaluate_news(news, split, errors=errors)
        err.print(module.format_news_table(figures))
        for e in errors:
            err.print(f"{e['kind']:10} gold {e['gold']!s:16} got {e['predicted']!s:16} {e['text']!r}", highlight=False)
        # the record keeps offsets only: no text of the (non-redistributable) corpus goes to bench/results
        figures["errors"] = [{k: v for k, v in e.items() if k not in ("text", "context")} for e in errors]
        _print_figures({k: v for k, v in figures.items() if k != "errors"})
        _write_result("eval-time-news" if split == "dev" else "eval-time-news-train", figures)
        return
    if directory is None:
        raise _usage("give the WikiWarsDE folder, or --news WIKINEWS_FOLDER")
    figures = module.run(directory)
    if duckling is not None:
        figures["duckling"] = module.run_duckling(duckling)
    err.print(module.format_table(figures))
    _print_figures(figures)
    _write_result("eval-time", figures)


@eval_app.command("quotes")
def eval_quotes(directory: Annotated[Path, typer.Argument(help="Folder of the Wikinews quotation JSON files.")]) -> None:
    """Statements on the German news quotation attribution dataset."""
    from .eval import quotes as module

    figures = module.run(directory)
    _print_figures(figures)
    _write_result("eval-quotes", figures)


@eval_app.command("ner")
def eval_ner(
    path: Annotated[Path, typer.Argument(help="A GermEval-2014-format TSV file.")],
    ner_model: NerOption = None,
) -> None:
    """Named entities on a GermEval 2014 style file (outer entities, strict match)."""
    from .analyse import build_nlp
    from .eval import ner as module

    figures = module.evaluate_ner(build_nlp(ner_model), path)
    _print_figures(figures)
    _write_result("eval-ner", figures)


@eval_app.command("coref")
def eval_coref(directory: Annotated[Path, typer.Argument(help="The Potsdam Commentary Corpus coref folder.")]) -> None:
    """Coreference on the Potsdam Commentary Corpus."""
    from .eval import coref as module

    figures = module.run(directory)
    _print_figures(figures)
    _write_result("eval-coref", figures)


from . import cli_kb  # noqa: E402,F401  (registers serve, entities, entity, merge, split)


def main() -> None:  # pragma: no cover
    app()
