"""WARC and RSS/Atom readers (placeholder until the scale work lands)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .readers import Rejected


def read(path: Path, suffix: str, reader) -> Iterator:
    yield Rejected(str(path), f"{suffix} input is not supported yet")
