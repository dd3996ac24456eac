"""What every ``chronik`` command shares: consoles, option types, logging, usage errors, opening inputs and the store."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ..projection import shown_text
from ..record import GENRES

if TYPE_CHECKING:
    from ..batch import Summary
    from ..ingest import Reader
    from ..store import Store

out = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str, typer.Option("--db", envvar="CHRONIK_DB", show_default=True,
                      help="Knowledge base: a SQLite file, or a postgresql://user@host/db URL (docs/postgres.md).")
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
Workers = Annotated[int, typer.Option("--workers", "-w", min=0, help="Worker processes (0: all cores; 1: none).")]
MinConfidence = Annotated[str | None, typer.Option(
    "--min-confidence", metavar="FLOAT|precise",
    help="Only statements at least this confident (0-1), or 'precise': the documented threshold (docs/quotes.md).")]
AllowPrivate = Annotated[
    bool,
    typer.Option("--allow-private-urls", help="Let URL inputs (and their redirects) reach loopback and private networks."),
]


def setup_logging(verbose: bool) -> None:
    """Warnings from every library to stderr; Chronik's own progress too with ``--verbose``."""
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.WARNING)
    logging.getLogger("chronik").setLevel(logging.DEBUG if verbose else logging.WARNING)


def usage_error(message: str) -> typer.Exit:
    """An exit with code 2 after printing ``message``; ``raise usage_error(...)``."""
    err.print(f"[red]error:[/red] {message}", soft_wrap=True)  # a path stays on one line
    return typer.Exit(2)


def failure(message: str) -> typer.Exit:
    """An exit with code 1 (nothing found, a refused correction) after printing ``message``."""
    err.print(f"[red]error:[/red] {message}", soft_wrap=True)
    return typer.Exit(1)


def make_reader(date: str | None, genre: str | None, max_bytes: int, allow_private_urls: bool = False) -> Reader:
    """The input reader for ``--date``, ``--genre``, ``--max-bytes`` and ``--allow-private-urls``
    (usage error when they are wrong)."""
    from ..ingest import DEFAULT_MAX_BYTES, Reader
    from ..ingest.readers import InputError, parse_date

    defaults: dict[str, str] = {}
    if date:
        try:
            parse_date(date)
        except InputError as exc:
            raise usage_error(f"--date: {exc}") from None
        defaults["date"] = date
    if genre:
        if genre not in GENRES:
            raise usage_error("--genre must be " + " or ".join(f"'{g}'" for g in GENRES))
        defaults["genre"] = genre
    if max_bytes < 0:
        raise usage_error("--max-bytes must be positive")
    return Reader(max_bytes=max_bytes or DEFAULT_MAX_BYTES, defaults=defaults, allow_private_urls=allow_private_urls)


def require_db(db: str | Path) -> None:
    """A usage error when there is no knowledge base file at ``db`` (a PostgreSQL database is
    checked when it is opened: read-only, it must hold a knowledge base)."""
    from ..store import is_url
    from ..store.postgres import holds_kb

    if is_url(db):
        try:
            found = holds_kb(str(db))
        except ConnectionError as exc:
            raise usage_error(str(exc)) from None
        if not found:
            raise usage_error(f"no Chronik knowledge base in {shown_db(db)}"
                              f" (create one with: chronik ingest FILES --db {shown_db(db)})")
        return
    if not Path(db).exists():
        raise usage_error(f"no knowledge base at {db} (create one with: chronik ingest FILES --db {db})")


def open_store(db: str | Path, *, readonly: bool = True) -> Store:
    """The knowledge base at ``db``; a usage error when there is none.

    Read-write opening upgrades an older file to the current schema.
    """
    require_db(db)
    return create_store(db, readonly=readonly)


def create_store(db: str | Path, *, readonly: bool = False) -> Store:
    """The knowledge base at ``db`` (created when missing, unless ``readonly``); a usage error naming
    the file and the reason when it is a folder, not a database, damaged or of another schema."""
    from ..store import SchemaError, Store, StoreError

    try:
        return Store(db, readonly=readonly)
    except (StoreError, SchemaError) as exc:
        raise usage_error(str(exc)) from None
    except OSError as exc:
        raise usage_error(f"cannot open {shown_db(db)}: {exc.strerror or exc}") from None


def shown_db(db: str | Path) -> str:
    """``--db`` as messages show it: a PostgreSQL URL without its password."""
    from ..store import is_url
    from ..store.postgres import redact

    return redact(str(db)) if is_url(db) else str(db)


def check_params(**values: str | None) -> dict[str, str | None]:
    """``--from``/``--to``/``--kind``/``--what``/``--type`` checked as the API and the web pages check them."""
    from .. import params

    checks = {
        "date_from": lambda v: params.date_bound(v, "--from"),
        "date_to": lambda v: params.date_bound(v, "--to"),
        "kind": lambda v: params.choice(v, params.KINDS, "--kind"),
        "what": lambda v: params.choice(v, params.WHATS, "--what"),
        "type": lambda v: params.choice(v, params.TYPES, "--type"),
        "sort": lambda v: params.choice(v, params.SORTS, "--sort"),
    }
    try:
        return {name: checks[name](value) for name, value in values.items()}
    except params.ParamError as exc:
        raise usage_error(f"{exc.name}: {exc.problem}") from None


def report(summary: Summary, verb: str) -> None:
    """The end-of-batch line on stderr, then every rejected input with its reason."""
    tps = summary.tokens / summary.cpu_seconds if summary.cpu_seconds else 0
    parts = [f"{summary.articles} articles {verb}"]
    for name in ("recovered", "added", "updated", "unchanged", "skipped"):
        if getattr(summary, name, 0):
            parts.append(f"{getattr(summary, name)} {name}")
    parts.append(f"{summary.statements} statements, {summary.entities} entities")
    # a rate over a handful of articles mostly measures start-up: only show it when it means something
    rate = f" ({tps:,.0f} tokens/CPU-s)" if summary.tokens >= 20_000 else ""
    parts.append(f"{summary.seconds:.1f} s{rate}")
    err.print(", ".join(parts), soft_wrap=True)
    if summary.undated:
        shown = ", ".join(summary.undated_ids) + (" …" if summary.undated > len(summary.undated_ids) else "")
        err.print(f"[yellow]warning:[/yellow] {summary.undated} article(s) without a date ({shown}): "
                  "their statements are undated and left out by --from/--to; give one with --date YYYY-MM-DD",
                  soft_wrap=True, highlight=False)
    if summary.rejected:
        err.print(f"[red]{len(summary.rejected)} input(s) rejected:[/red]")
        for item in summary.rejected:
            err.print(f"  {item}", markup=False, highlight=False, soft_wrap=True)


def min_confidence(value: str | None) -> float | None:
    """``--min-confidence`` as a number, or a usage error naming the value."""
    if value is None:
        return None
    from ..analyse.quotes_confidence import resolve_min_confidence

    try:
        return resolve_min_confidence(value)
    except ValueError as exc:
        raise usage_error(f"--min-confidence: {exc}") from None


def truncated(shown: int, total: int, offset: int) -> None:
    """Say on stderr when a list shows less than all it found."""
    if shown < total:
        first = f"{offset + 1:,}–{offset + shown:,}" if shown else "none"
        err.print(f"showing {first} of {total:,}; use --limit/--offset for more", highlight=False)


def who_said_what(rows: list[dict[str, Any]]) -> Table:
    """Statement rows (from ``Store.statements``) as a table: speaker as the KB names it, then
    the words in the text when they differ (a mention, not a second name); article and outlet."""
    from rich.markup import escape

    table = Table("speaker", "kind", "date", "statement", "article", "outlet", title="Who said what")
    for r in rows:
        speaker = escape(r["speaker"] or "?")
        mention = r.get("speaker_mention")
        if mention and mention != r["speaker"] and len(mention) <= 60:
            speaker += f" [dim](as „{escape(mention)}“)[/dim]"
        if r.get("speaker_disputed"):
            speaker += f" [yellow](disputed: {escape(r['speaker_disputed'])})[/yellow]"
        table.add_row(speaker, r["kind"], r["date"] or "", escape(shown_text(r["kind"], r["text"])),
                      escape(r.get("title") or r.get("article") or ""), escape(r.get("source") or ""))
    return table


def named(name: str, qid: str | None) -> str:
    """A name with its Wikidata id beside it, never glued: 'Alexander Throm (Q2643140)'."""
    return f"{name} ({qid})" if qid else name
