"""Read commands over the knowledge base: ``search``, ``quotes``, ``show``, ``export``, ``stats``."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from ..projection import shown_text, speaker_name, statement_text
from ..record import QUOTE_KINDS, Record
from ..store.sqlite import plain
from .common import (
    AsJson,
    DbOption,
    MinConfidence,
    check_params,
    err,
    failure,
    min_confidence,
    open_store,
    out,
    shown_db,
    truncated,
    usage_error,
    who_said_what,
)

KIND_HELP = f"{', '.join(QUOTE_KINDS[:-1])} or {QUOTE_KINDS[-1]}."


def search(
    query: Annotated[str, typer.Argument(help="Words to find (all must occur); word* for a prefix; '' for none.")],
    db: DbOption = "chronik.db",
    what: Annotated[str, typer.Option(help="all, articles or statements.")] = "all",
    speaker: Annotated[str | None, typer.Option(help="Only statements by this speaker (KB id or name).")] = None,
    entity: Annotated[str | None, typer.Option(help="Only articles mentioning this KB entity (and their statements).")] = None,
    kind: Annotated[str | None, typer.Option(help=KIND_HELP)] = None,
    source: Annotated[str | None, typer.Option(help="Only this outlet (the article's source).")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="From this date (YYYY[-MM[-DD]]).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Up to this date (YYYY[-MM[-DD]]).")] = None,
    sort: Annotated[str | None, typer.Option(help="relevance (default with words), date or -date.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 20,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    confidence: MinConfidence = None,
    as_json: AsJson = False,
) -> None:
    """Full-text search over articles and statements (with no words: what the filters keep, by date)."""
    checked = check_params(what=what, kind=kind, date_from=date_from, date_to=date_to, sort=sort)
    filters: dict[str, Any] = {"what": checked["what"] or "all", "speaker": speaker, "entity": entity, "kind": checked["kind"],
               "source": source, "date_from": checked["date_from"], "date_to": checked["date_to"],
               "min_confidence": min_confidence(confidence)}
    with open_store(db) as store:
        hits = store.search(query, sort=checked["sort"], limit=limit, offset=offset, **filters)
        total = store.search_total(query, **filters)
    marked = [h["snippet"] or "" for h in hits]
    for h in hits:
        h["snippet"] = plain(h["snippet"])
    if as_json:
        out.print_json(data=hits)
        return
    table = Table("hit", "date", "speaker", "snippet", "article", "outlet", show_lines=False)
    for h, snippet in zip(hits, marked, strict=True):
        # matches in bold: the markers become rich markup only after the text is escaped
        bold = escape(snippet).replace("\x02", "[bold]").replace("\x03", "[/bold]")
        table.add_row(h["hit"], h["date"] or "", escape(h["speaker"] or ""), bold,
                      escape(h["title"] or h["article"]), escape(h["source"] or ""))
    out.print(table if hits else f"No matches for {query!r}.")
    truncated(len(hits), total, offset)


def quotes(
    db: DbOption = "chronik.db",
    speaker: Annotated[str | None, typer.Option(help="Speaker: KB id, or name or mention (substring).")] = None,
    kind: Annotated[str | None, typer.Option(help=KIND_HELP)] = None,
    article: Annotated[str | None, typer.Option(help="Only this article id.")] = None,
    source: Annotated[str | None, typer.Option(help="Only this outlet (the article's source).")] = None,
    entity: Annotated[str | None, typer.Option(help="Only in articles mentioning this KB entity.")] = None,
    q: Annotated[str | None, typer.Option("--q", help="Only statements with these words.")] = None,
    date_from: Annotated[str | None, typer.Option("--from")] = None,
    date_to: Annotated[str | None, typer.Option("--to")] = None,
    sort: Annotated[str | None, typer.Option(help="date (default), -date, or relevance (with --q).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 100,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    nested: Annotated[bool, typer.Option(help="Also list quoted fragments inside a longer statement.")] = False,
    confidence: MinConfidence = None,
    as_json: AsJson = False,
) -> None:
    """Who said what, when: statements with speaker, kind, statement date, article and outlet."""
    checked = check_params(kind=kind, date_from=date_from, date_to=date_to, sort=sort)
    filters: dict[str, Any] = {"speaker": speaker, "kind": checked["kind"], "article": article, "source": source, "entity": entity,
               "q": q, "date_from": checked["date_from"], "date_to": checked["date_to"], "nested": nested,
               "min_confidence": min_confidence(confidence)}
    with open_store(db) as store:
        rows = store.statements(sort=checked["sort"], limit=limit, offset=offset, **filters)
        total = store.statements_total(**filters)
    for r in rows:
        r.pop("marked", None)
    if as_json:
        out.print_json(data=rows)
        return
    out.print(who_said_what(rows) if rows else "No statements found.")
    truncated(len(rows), total, offset)


def show(
    article_id: Annotated[str, typer.Argument(help="Article id (see chronik search / export).")],
    db: DbOption = "chronik.db",
    as_json: AsJson = False,
) -> None:
    """An article with its statements, entities and dates."""
    with open_store(db) as store:
        record = store.get(article_id)
        prov = store.provenance(article_id)
        group = store.copies(article_id)
    if record is None:
        raise failure(f"no article {article_id!r} in {shown_db(db)}")
    if as_json:
        out.print_json(record.to_json())
        return
    out.rule(record.title or record.id)
    out.print(f"date {record.date or '?'} · source {record.source or '?'} · lang {record.lang} · from {prov['source_file'] if prov else '?'}")
    if record.place or record.agency:
        out.print(f"dateline {record.place or '–'} · agency {record.agency or '–'}")
    if group and len(group["group"]) > 1:
        others = [m["id"] for m in group["group"] if m["id"] != article_id]
        lead = f"copy of {group['copy_of']}" if group["copy_of"] else "original report"
        out.print(f"{lead}; same report also in: {', '.join(others)}", highlight=False)
    out.print(record.text, highlight=False, markup=False)
    ents = Table("entity", "type", "mentions", "roles", title="Entities")
    for e in record.entities:
        ents.add_row(e.name, e.type, ", ".join(sorted({m.text for m in e.mentions})), ", ".join(r.role for r in e.roles))
    out.print(ents)
    qt = Table("speaker", "kind", "date", "statement", title="Statements")
    for q in record.quotes:
        qt.add_row(speaker_name(record, q.speaker) or "?", q.kind, q.time or str(record.date or ""), shown_text(q.kind, statement_text(q)))
    out.print(qt)
    tt = Table("expression", "type", "value", "mod", "role", title="Dates and times")
    for t in record.times:
        tt.add_row(t.text, t.type, t.value, t.mod or "", t.role)
    out.print(tt)
    if record.pledges:
        pt = Table("actor", "target", "deadline", title="Pledges")
        for p in record.pledges:
            pt.add_row(speaker_name(record, p.actor) or "?", p.target.text, p.deadline or "")
        out.print(pt)


def export(
    db: DbOption = "chronik.db",
    format: Annotated[str, typer.Option(
        "--format", help="jsonl (records), parquet (one table per folder) or gkg (GDELT GKG 2.1 rows, docs/gkg.md).",
    )] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File (jsonl, gkg) or folder (parquet).")] = None,
    records: Annotated[Path | None, typer.Option(
        "--records", help="Export these records (a JSONL file from chronik run, or - for stdin) instead of the --db.",
    )] = None,
    header: Annotated[bool, typer.Option("--header", help="gkg: a first line with the column names.")] = False,
) -> None:
    """Export every stored record as JSONL, as Parquet tables for DuckDB, pandas and Spark, or as GDELT GKG 2.1 rows."""
    if format not in ("jsonl", "parquet", "gkg"):
        raise usage_error("--format must be jsonl, parquet or gkg")
    if format == "parquet" and output is None:
        raise usage_error("--format parquet needs --output FOLDER")
    if records is not None:
        if str(records) != "-" and not records.is_file():
            raise usage_error(f"--records {records}: no such file")
        _export(_read_records(records), format, output, header, None)
        return
    with open_store(db) as store:
        _export(store.records(), format, output, header, store.story_links)


def _read_records(path: Path) -> Iterator[Record]:
    """Records from a JSONL file (or stdin): a line that is not a record stops with its number and why."""
    fh = sys.stdin if str(path) == "-" else None
    lines = fh if fh is not None else path.open(encoding="utf-8")
    try:
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                yield Record.model_validate_json(line)
            except ValueError as e:
                first = str(e).splitlines()[:3]
                raise usage_error(f"{path}:{n}: not a Chronik record: {' '.join(first)}") from None
    finally:
        if fh is None:
            lines.close()


def _export(items: Iterable[Record], format: str, output: Path | None, header: bool, links) -> None:
    if format == "parquet":
        from ..export import write_parquet

        counts = write_parquet(items, output)  # type: ignore[arg-type]  # checked by the caller
        err.print("Wrote " + ", ".join(f"{n} {t}" for t, n in counts.items()) + f" to {output}/")
        return
    fh = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if format == "gkg":
            from ..export.gkg import write_gkg

            n = write_gkg(items, fh, links=links, header=header)
            if output:
                err.print(f"Wrote {n} GKG rows to {output}")
        else:
            for record in items:
                fh.write(record.to_json() + "\n")
    finally:
        if output:
            fh.close()


def stats(db: DbOption = "chronik.db") -> None:
    """How much the knowledge base holds."""
    with open_store(db) as store:
        for name, n in store.stats().items():
            out.print(f"{name:12} {n:>10,}")
