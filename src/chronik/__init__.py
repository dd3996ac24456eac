"""Chronik: German news articles in, a searchable chronicle of who said and did what, when, out."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from .version import __version__

if TYPE_CHECKING:
    from .record import Record

__all__ = ["__version__", "extract"]


def extract(text: str, date: str | dt.date | None = None, **fields: Any) -> Record:
    """Analyse one article text and return its :class:`chronik.record.Record`."""
    from .analyse import default_analyzer
    from .record import Article

    if isinstance(date, str):
        date = dt.date.fromisoformat(date[:10])
    article = Article(id=fields.pop("id", "article"), text=text, date=date, **fields)
    return default_analyzer().analyse(article)
