"""``chronik events``: who did what to whom, where and when; ``chronik eval events``: score the recogniser."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from .. import params
from .common import AsJson, DbOption, err, open_store, out, truncated, usage_error

TYPE_HELP = "Event type: " + ", ".join(params.EVENTS) + "."


def events(
    db: DbOption = "chronik.db",
    type: Annotated[str | None, typer.Option("--type", help=TYPE_HELP)] = None,
    actor: Annotated[str | None, typer.Option(help="Who acted: KB entity id or part of a name.")] = None,
    entity: Annotated[str | None, typer.Option(help="Actor or target: KB entity id or part of a name.")] = None,
    article: Annotated[str | None, typer.Option(help="Only this article id.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="On or after (2020, 2020-02, 2020-02-14).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Up to (2020 includes all of 2020).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 100,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: AsJson = False,
) -> None:
    """Events by date: type, actor, target, place, time, and the sentence that reports them."""
    try:
        filters: dict[str, Any] = {
            "type": params.choice(type, params.EVENTS, "--type"),
            "actor": params.text(actor, "--actor"), "entity": params.text(entity, "--entity"),
            "article": params.text(article, "--article"),
            "date_from": params.date_bound(date_from, "--from"), "date_to": params.date_bound(date_to, "--to"),
        }
    except params.ParamError as exc:
        raise usage_error(f"{exc.name}: {exc.problem}") from None
    with open_store(db) as store:
        rows = store.events(limit=limit, offset=offset, **filters)
        total = store.events_total(**filters)
    if as_json:
        out.print_json(data={"total": total, "events": rows})
        return
    table = Table("date", "type", "actor", "target", "place", "evidence", "article", title="Who did what")
    for r in rows:
        table.add_row(r["date"] or "", r["type"], escape(r["actor"] or "–"), escape(r["target"] or "–"),
                      escape(r["place"] or ""), escape(r["evidence"] or ""), escape(r["title"] or r["article"]))
    out.print(table if rows else "No events found.")
    truncated(len(rows), total, offset)


def eval_events(
    smartdata: Annotated[Path | None, typer.Option(
        help="The SmartData corpus folder (v1_20180119/, v3_20200302/).")] = None,
    wikinews: Annotated[Path | None, typer.Option(
        help="The Wikinews quotation dataset folder (train/): the hand-annotated political events.")] = None,
    split: Annotated[str, typer.Option(help="SmartData split: test (reported, once), dev or train.")] = "test",
) -> None:
    """Events on SmartData (per type) and on the hand-annotated Wikinews documents (training/events)."""
    from ..bench import write_result
    from ..eval import events as module

    if split not in ("test", "dev", "train"):
        raise usage_error("--split must be test, dev or train")
    if smartdata is None and wikinews is None:
        raise usage_error("give --smartdata DIR, --wikinews DIR or both")
    figures = module.run(smartdata=smartdata, wikinews=wikinews, split=split)
    out.print_json(data=figures)
    name = "eval-events" if split == "test" and smartdata and wikinews else f"eval-events-{split}"
    err.print(f"Figures written to {write_result(name, figures)}")
