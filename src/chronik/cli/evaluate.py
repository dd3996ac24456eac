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
    directory: Annotated[Path | None, typer.Argument(help="WikiWarsDE keyinline folder.")] = None,
    duckling: Annotated[Path | None, typer.Option(help="Also score Duckling's German corpus (duckling-de folder).")] = None,
    news: Annotated[Path | None, typer.Option(help="Score the hand-annotated news dates on this Wikinews folder "
                                                   "(../shared/data/quotes/wikinews) instead.")] = None,
    split: Annotated[str, typer.Option(help="News split: train (tune on it) or dev (report once).")] = "train",
) -> None:
    """Temporal tagging on WikiWarsDE inline TIMEX2 files, or (--news) on news dates that need the article date."""
    from ..eval import time as module

    if news is not None:
        if split not in ("train", "dev"):
            raise usage_error(f"--split {split!r}: use train or dev")
        errors: list[dict[str, Any]] = []
        figures = module.evaluate_news(news, split, errors=errors)
        err.print(module.format_news_table(figures))
        for e in errors:
            err.print(f"{e['kind']:10} gold {e['gold']!s:16} got {e['predicted']!s:16} {e['text']!r}", highlight=False)
        # offsets only: no text of the (non-redistributable) corpus goes to bench/results
        figures["errors"] = [{k: v for k, v in e.items() if k not in ("text", "context")} for e in errors]
        print_figures({k: v for k, v in figures.items() if k != "errors"})
        write_result("eval-time-news" if split == "dev" else "eval-time-news-train", figures)
        return
    if directory is None:
        raise usage_error("give the WikiWarsDE folder, or --news WIKINEWS_FOLDER")
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
