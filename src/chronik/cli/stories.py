"""``chronik stories``: articles about the same event across outlets, with copies and who said what."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from .common import AsJson, DbOption, failure, open_store, out, shown_db, who_said_what


def stories(
    story_id: Annotated[str | None, typer.Argument(help="Show this story (its id is its first article's id).")] = None,
    db: DbOption = "chronik.db",
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 50,
    as_json: AsJson = False,
) -> None:
    """Stories: articles about the same event, each with the report it copies, if any."""
    with open_store(db) as store:
        if story_id is None:
            found = [store.story(s["id"]) for s in store.stories(limit=limit)]
        else:
            one = store.story(story_id)
            if one is None:
                raise failure(f"no story with article {story_id!r} in {shown_db(db)}")
            found = [one]
    stories_ = [s for s in found if s]
    if as_json:
        out.print_json(data=stories_)
        return
    if not stories_:
        out.print("No stories yet: a story needs two articles about the same event.")
        return
    for s in stories_:
        out.rule(f"{s['title'] or s['id']} · {s['first'] or '?'} – {s['last'] or '?'}")
        table = Table("date", "article", "outlet", "copy of", "title")
        for a in s["articles"]:
            table.add_row(a["date"] or "", a["id"], a["source"] or "", a["copy_of"] or "", a["title"] or "")
        out.print(table)
        if s["entities"]:
            out.print("involved: " + ", ".join(f"{e['name']} ({e['articles']})" for e in s["entities"][:12]))
        if story_id is not None and s["statements"]:
            out.print(who_said_what(s["statements"]))
