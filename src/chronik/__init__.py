"""Chronik: German news articles in, a searchable chronicle of who said and did what, when, out."""

from .version import __version__

__all__ = ["__version__", "extract"]


def extract(text: str, date=None, **fields):
    """Analyse one article text and return its :class:`chronik.record.Record`."""
    import datetime as dt

    from .analyse import default_analyzer
    from .record import Article

    if isinstance(date, str):
        date = dt.date.fromisoformat(date[:10])
    article = Article(id=fields.pop("id", "article"), text=text, date=date, **fields)
    return default_analyzer().analyse(article)
