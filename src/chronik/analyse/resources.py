"""Where Chronik's shipped resources live and how they are read: lexicons and models, one helper for all.

Lexicons (``chronik/lexicons/*.tsv``) and models (``chronik/models/<name>``) ship inside
the package; each says where it came from and is rebuilt by ``make models``. Nothing is
downloaded at run time.
"""

from __future__ import annotations

import csv
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
LEXICONS = PACKAGE_DIR / "lexicons"
MODELS = PACKAGE_DIR / "models"


def lexicon_path(name: str) -> Path:
    """The shipped lexicon file ``name`` (e.g. ``"roles.tsv"``)."""
    return LEXICONS / name


def model_path(name: str) -> Path:
    """The folder of the shipped model ``name`` (e.g. ``"ner-de"``); it may not be built yet."""
    return MODELS / name


def tsv_rows(name: str) -> list[list[str]]:
    """The rows of a headerless lexicon: tab-separated cells; blank lines and ``#`` comments skipped."""
    text = lexicon_path(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def tsv_records(name: str) -> list[dict[str, str]]:
    """The rows of a lexicon with a header line, as dicts."""
    with lexicon_path(name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))
