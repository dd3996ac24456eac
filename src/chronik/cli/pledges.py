"""``chronik pledges``: commitments across articles; ``chronik eval pledges``: score the recogniser."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from ..store.pledges import STATUSES
from .common import AsJson, DbOption, err, failure, open_store, out, shown_db, usage_error

STRENGTHS = ("promise", "plan", "aim")
_DEADLINE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def pledges(
    pledge_id: Annotated[str | None, typer.Argument(help="One pledge's id: show its timeline.")] = None,
    db: DbOption = "chronik.db",
    actor: Annotated[str | None, typer.Option(help="KB entity id or part of the committed party's name.")] = None,
    deadline_from: Annotated[str | None, typer.Option("--from", help="Deadline on or after (2025, 2025-06).")] = None,
    deadline_to: Annotated[str | None, typer.Option("--to", help="Deadline up to (2030 includes all of 2030).")] = None,
    strength: Annotated[str | None, typer.Option(help="promise, plan or aim.")] = None,
    status: Annotated[str | None, typer.Option(
        help="made, repeated, questioned, withdrawn or deadline_passed.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 100,
    as_json: AsJson = False,
) -> None:
    """Pledges across articles: who committed to what, by when, how often reported, and what became of it."""
    if strength and strength not in STRENGTHS:
        raise usage_error(f"--strength must be one of {', '.join(STRENGTHS)}")
    if status and status not in STATUSES:
        raise usage_error(f"--status must be one of {', '.join(STATUSES)}")
    for name, value in (("--from", deadline_from), ("--to", deadline_to)):
        if value and not _DEADLINE.match(value):
            raise usage_error(f"{name} must be a year, month or day (2030, 2030-06, 2030-06-30), not {value!r}")
    found: dict[str, Any] = {}
    with open_store(db) as store:
        if pledge_id is not None:
            one = store.kb_pledge(pledge_id)
            if one is None:
                raise failure(f"no pledge {pledge_id!r} in {shown_db(db)}")
            found = one
            rows = None
        else:
            rows = store.kb_pledges(actor=actor, deadline_from=deadline_from, deadline_to=deadline_to,
                                    strength=strength, status=status, limit=limit)
    if rows is None:
        if as_json:
            out.print_json(data=found)
            return
        out.rule(f"{found['actor_name']}: {found['target']} ({found['id']})")
        out.print(f"strength: {found['strength'] or '?'}   deadline: {found['deadline'] or '–'}   "
                  f"status: {found['status']}{' (deadline passed)' if found['deadline_passed'] else ''}")
        table = Table("date", "event", "article", "actor", "said by", "evidence")
        for e in found["timeline"]:
            table.add_row(e["date"] or "", e["kind"], e["article"] or "", e.get("actor") or "", e.get("speaker") or "",
                          e["text"] or "")
        out.print(table)
        return
    if as_json:
        out.print_json(data=rows)
        return
    table = Table("id", "actor", "target", "strength", "deadline", "status", "sources", "last report")
    for r in rows:
        state = r["status"] + (" · deadline passed" if r["deadline_passed"] else "")
        table.add_row(r["id"], r["actor_name"] or r["actor"], r["target"], r["strength"] or "", r["deadline"] or "",
                      state, str(r["sources"]), r["last_date"] or "")
    out.print(table if rows else "No pledges found.")


def eval_pledges(
    directory: Annotated[Path, typer.Argument(help="The Wikinews quotation dataset folder (with train/ and dev/).")],
    split: Annotated[str, typer.Option(help="dev (reported) or train (development).")] = "dev",
) -> None:
    """Pledges on the hand-annotated German Wikinews documents (training/pledges)."""
    from ..bench import write_result
    from ..eval import pledges as module

    if split not in ("dev", "train"):
        raise usage_error("--split must be dev or train")
    figures = module.run(directory, split)
    out.print_json(data=figures)
    err.print(f"Figures written to {write_result('eval-pledges' if split == 'dev' else 'eval-pledges-train', figures)}")
