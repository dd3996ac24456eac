"""``chronik eval …``: score Chronik's components against annotated data; figures go to ``bench/results``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from .common import NerOption, err, out, usage_error


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


def quotes(
    directory: Annotated[Path, typer.Argument(help="Folder of the Wikinews quotation JSON files.")],
    threshold: Annotated[float | None, typer.Option(
        min=0.0, max=1.0, help="Confidence threshold for the at_threshold figures (default: the documented 'precise').")] = None,
    official: Annotated[Path | None, typer.Option(
        help="The dataset's own eval/eval.py (uhh-lt/german-news-quotation-attribution-2024), run on the same "
             "predictions; not shipped.")] = None,
    name: Annotated[str, typer.Option(help="Results file name under bench/results/.")] = "eval-quotes",
) -> None:
    """Statements on the German news quotation attribution dataset: token and statement figures, per form,
    speaker accuracy, precision/recall at the confidence threshold, calibration error."""
    from ..eval import quotes as module

    if official is not None and not official.is_file():
        raise usage_error(f"--official {official}: no such file (the dataset's eval/eval.py)")
    figures = module.run(directory, threshold=threshold, official=official)
    print_figures(figures)
    write_result(name, figures)


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
