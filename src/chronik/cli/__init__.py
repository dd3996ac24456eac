"""The ``chronik`` command line: a thin face over the Python API.

Exit codes: 0 when every input was processed, 1 when some were rejected (listed at
the end), 2 on usage errors. Commands live in one module per theme and are
registered here, so no command module imports another:

* :mod:`.batch`: ``extract``, ``ingest``
* :mod:`.query`: ``search``, ``quotes``, ``show``, ``export``, ``stats``
* :mod:`.kb`: ``serve``, ``entities``, ``entity``, ``merge``, ``split``
* :mod:`.stories`: ``stories``
* :mod:`.pledges`: ``pledges``, ``eval pledges``
* :mod:`.events`: ``events``, ``eval events``
* :mod:`.evaluate`: ``eval time|quotes|ner|coref|stories``
* :mod:`.common`: consoles, option types, logging, opening the store
"""

from __future__ import annotations

from typing import Annotated

import typer

from . import batch, evaluate, events, kb, pledges, query, stories
from .common import setup_logging

app = typer.Typer(
    help="Chronik: German news in, a searchable chronicle of who said and did what, when, out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _options(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what Chronik does (to stderr).")] = False,
) -> None:
    setup_logging(verbose)


eval_app = typer.Typer(help="Score Chronik's components against annotated data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

for _command in (
    batch.extract, batch.ingest,
    query.search, query.quotes, query.show, query.export, query.stats,
    kb.serve, kb.entities, kb.entity, kb.merge, kb.split,
    stories.stories,
    pledges.pledges,
    events.events,
):
    app.command()(_command)
for _scorer in (evaluate.time, evaluate.quotes, evaluate.ner, evaluate.coref, evaluate.stories):
    eval_app.command(_scorer.__name__)(_scorer)
eval_app.command("pledges")(pledges.eval_pledges)
eval_app.command("events")(events.eval_events)


def main() -> None:  # pragma: no cover
    app()


__all__ = ["app", "eval_app", "main"]
