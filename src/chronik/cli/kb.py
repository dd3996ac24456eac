"""Commands for the knowledge base: ``serve``, ``entities``, ``entity``, ``merge``, ``split``."""

from __future__ import annotations

import json
import logging
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ..store.kb import MIN_CONFIDENCE
from .common import (
    AsJson,
    DbOption,
    MinConfidence,
    check_params,
    err,
    failure,
    min_confidence,
    named,
    open_store,
    out,
    require_db,
    shown_db,
    truncated,
    who_said_what,
)


def serve(
    db: DbOption = "chronik.db",
    host: Annotated[str, typer.Option(help="Address to bind; 0.0.0.0 exposes it to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    confidence: MinConfidence = None,
    expensive_slots: Annotated[int | None, typer.Option(
        min=1, help="Expensive searches (facets, deep pages, very common words) run at once (per worker on SQLite, "
                    "for all workers on PostgreSQL); more get 503 with Retry-After, so ordinary requests keep their "
                    "speed. Each stops after CHRONIK_EXPENSIVE_SECONDS (2). Default: CHRONIK_EXPENSIVE_SLOTS or 1.",
    )] = None,
    workers: Annotated[int, typer.Option(
        "--workers", "-w", min=1, max=64,
        help="Server processes sharing the port (each with its own connections and threads): one per core the "
             "server may use. 1: this process.",
    )] = 1,
) -> None:
    """Serve the web UI and the HTTP API (OpenAPI at /docs); writes need CHRONIK_TOKEN.
    ``--min-confidence`` is the floor for statements where a request names none."""
    import os

    import uvicorn

    from ..api import SERVE_ENV, create_app

    floor = min_confidence(confidence)
    require_db(db)  # like every read command: a typo must not create an empty knowledge base
    if not os.environ.get("CHRONIK_TOKEN"):
        err.print("[yellow]CHRONIK_TOKEN is not set:[/yellow] the API is read-only.")
    err.print(f"Chronik on http://{host}:{port}/  (API docs: http://{host}:{port}/docs)"
              + (f", {workers} worker processes" if workers > 1 else ""))
    verbose = logging.getLogger("chronik").isEnabledFor(logging.DEBUG)
    log_level = "info" if verbose else "warning"
    if workers == 1:
        uvicorn.run(create_app(db, min_confidence=floor, expensive_slots=expensive_slots), host=host, port=port,
                    log_level=log_level)
        return
    from ..store import Store

    Store(db).close()  # migrated here, once, before the workers open it
    # each worker process builds its app from these (uvicorn starts workers from an import string)
    os.environ[SERVE_ENV] = json.dumps({"db": str(db), "min_confidence": floor, "expensive_slots": expensive_slots})
    uvicorn.run("chronik.api:app_from_env", factory=True, workers=workers, host=host, port=port, log_level=log_level)


def entities(
    query: Annotated[str | None, typer.Argument(help="Part of a name or alias; all when left out.")] = None,
    db: DbOption = "chronik.db",
    type: Annotated[str | None, typer.Option("--type", help="PER, ORG, LOC or MISC.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 50,
    min_confidence: Annotated[float, typer.Option(
        "--min-confidence", min=0.0, max=1.0,
        help=f"List entities at least this sure (default {MIN_CONFIDENCE}); 0 lists all.")] = MIN_CONFIDENCE,
    show_all: Annotated[bool, typer.Option("--all", help="Also entities below the confidence threshold.")] = False,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: AsJson = False,
) -> None:
    """Search the knowledge base's people, organisations and places (paged; --type filters)."""
    type = check_params(type=type)["type"]
    with open_store(db) as store:
        floor = 0 if show_all else min_confidence
        rows = store.entities(query, type=type, limit=limit, offset=offset, min_confidence=floor)
        total = store.entities_total(query, type=type, min_confidence=floor)
    if as_json:
        out.print_json(data=rows)
        return
    table = Table("id", "name", "type", "articles", "wikidata", "conf.")
    for r in rows:
        conf = "" if r.get("confidence") is None else f"{r['confidence']:.2f}"
        table.add_row(escape(r["id"]), escape(r["name"]), r["type"], str(r["articles"]), r["qid"] or "", conf)
    out.print(table if rows else "No entities found.")
    truncated(len(rows), total, offset)


def entity(
    entity_id: Annotated[str, typer.Argument(help="KB entity id (see chronik entities).")],
    db: DbOption = "chronik.db",
    as_json: AsJson = False,
) -> None:
    """One entity: aliases, roles over time, statements, pledges, who they appear with."""
    with open_store(db) as store:
        found = store.entity(entity_id)
    if found is None:
        raise failure(f"no entity {entity_id!r} in {shown_db(db)}")
    if as_json:
        out.print_json(data=found)
        return
    out.rule(escape(f"{named(found['name'], found.get('qid'))} · {found['type']} · id {found['id']}"))
    if found["aliases"]:
        out.print("also: " + ", ".join(found["aliases"]))
    for role in found["roles"]:
        out.print(f"role: {role['role']} ({role['first'] or '?'} – {role['last'] or '?'})")
    if found["statements"]:
        out.print(who_said_what(found["statements"]))
    if found["co_mentioned"]:
        out.print("appears with: " + ", ".join(f"{c['name']} ({c['articles']})" for c in found["co_mentioned"]))


def merge(
    keep: Annotated[str, typer.Argument(help="The entity that stays.")],
    drop: Annotated[str, typer.Argument(help="The entity merged into it (its id redirects).")],
    db: DbOption = "chronik.db",
) -> None:
    """Merge two entities; the decision is remembered when articles are re-ingested."""
    from ..store.kb import KBError

    with open_store(db, readonly=False) as store:
        try:
            kept = store.merge(keep, drop)
        except KBError as exc:
            raise failure(str(exc)) from None
    err.print(f"Merged {drop} into {kept}.")


def split(
    entity_id: Annotated[str, typer.Argument(help="The entity to split.")],
    articles: Annotated[list[str], typer.Argument(help="Article ids whose mentions become a new entity.")],
    db: DbOption = "chronik.db",
) -> None:
    """Split an entity: its mentions in the given articles become a new entity (remembered)."""
    from ..store.kb import KBError

    with open_store(db, readonly=False) as store:
        try:
            new = store.split(entity_id, articles)
        except KBError as exc:
            raise failure(str(exc)) from None
    out.print(new)
