"""``chronik eval …``: score Chronik's components against annotated data; figures go to ``bench/results``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from .common import NerOption, err, out


def write_result(name: str, figures: dict[str, Any]) -> Path:
    from ..bench import write_result

    path = write_result(name, figures)
    err.print(f"Figures written to {path}")
    return path


def print_figures(figures: dict[str, Any]) -> None:
    out.print_json(data=figures)


def time(
    directory: Annotated[Path, typer.Argument(help="WikiWarsDE keyinline folder.")],
    duckling: Annotated[Path | None, typer.Option(help="Also score Duckling's German corpus (duckling-de folder).")] = None,
) -> None:
    """Temporal tagging on WikiWarsDE inline TIMEX2 files (and optionally Duckling's checklist)."""
    from ..eval import time as module

    figures = module.run(directory)
    if duckling is not None:
        figures["duckling"] = module.run_duckling(duckling)
    err.print(module.format_table(figures))
    print_figures(figures)
    write_result("eval-time", figures)


def quotes(directory: Annotated[Path, typer.Argument(help="Folder of the Wikinews quotation JSON files.")]) -> None:
    """Statements on the German news quotation attribution dataset."""
    from ..eval import quotes as module

    figures = module.run(directory)
    print_figures(figures)
    write_result("eval-quotes", figures)


def ner(
    path: Annotated[Path, typer.Argument(help="A GermEval-2014-format TSV file.")],
    ner_model: NerOption = None,
) -> None:
    """Named entities on a GermEval 2014 style file (outer entities, strict match)."""
    from ..analyse import build_nlp
    from ..eval import ner as module

    figures = module.evaluate_ner(build_nlp(ner_model), path)
    print_figures(figures)
    write_result("eval-ner", figures)


def coref(directory: Annotated[Path, typer.Argument(help="The Potsdam Commentary Corpus coref folder.")]) -> None:
    """Coreference on the Potsdam Commentary Corpus."""
    from ..eval import coref as module

    figures = module.run(directory)
    print_figures(figures)
    write_result("eval-coref", figures)
