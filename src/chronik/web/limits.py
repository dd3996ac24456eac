"""Expensive searches bounded: a few run at once, so ordinary requests keep their cores.

A search that reads much of the store (facets over a whole result, a deep page, words so common
that it matches most of the store) costs seconds of CPU on 100,000 articles, whatever its page
size. The server lets ``expensive_slots`` of them run at once (``chronik serve --expensive-slots``,
``CHRONIK_EXPENSIVE_SLOTS``, default 1) and refuses another at once with 503 and ``Retry-After``
instead of queueing it: a queue of them would hold reader threads and connections, and every
ordinary request shares the same few cores (measured by bench/load.py, docs/scale.md).

On PostgreSQL the slots are the database's, not the process's (:meth:`Store.claim_expensive`): the
server processes of ``chronik serve --workers N`` share them, where each process's own slots let N
expensive searches run at once. An expensive search runs under ``CHRONIK_EXPENSIVE_SECONDS`` (default
``EXPENSIVE_SECONDS``) instead of the ordinary time limit, and past it is stopped inside the database
(PostgreSQL's ``statement_timeout``, SQLite's progress handler) and answered 503, naming why it was expensive.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Any

from ..store import QueryTimeout, Store

DEEP_OFFSET = 500  # a page this deep into a result is an expensive search
RETRY_AFTER_S = 2  # what a refused expensive search is told to wait
EXPENSIVE_SECONDS = 2.0  # an expensive search's time limit (CHRONIK_EXPENSIVE_SECONDS); ordinary ones have 5 s


class Busy(QueryTimeout):
    """An expensive search refused because ``expensive_slots`` of them already run: 503 with Retry-After."""

    retry_after = RETRY_AFTER_S

    def __init__(self, why: str):
        super().__init__(f"too many expensive searches at once ({why}); retry in {self.retry_after} s,"
                         " or narrow the search (rarer words, a filter, an earlier page, no facets)")


@contextmanager
def expensive(app: Any, store: Store, query: str | None, *, offset: int = 0, facets: bool = False):
    """Hold one of the app's few expensive-search slots while a search that reads much of the store runs:
    facets over a whole result, a deep page (``offset`` ≥ ``DEEP_OFFSET``), or words so common
    (:meth:`Store.common_query`) that the search matches most of the store. Ordinary requests pass
    through untouched, so a few expensive searches cannot take every core from them; an expensive
    search finding every slot taken is refused at once (:class:`Busy`: 503, Retry-After) rather
    than queued behind the others."""
    why = ("facets" if facets else f"offset {offset}" if offset >= DEEP_OFFSET
           else "very common words" if query and store.common_query(query) else None)
    if why is None:
        yield
        return
    gate = app.state.expensive
    if not gate.acquire(blocking=False):
        raise Busy(why)
    try:
        if not store.claim_expensive(app.state.expensive_slots):  # another server process holds them
            raise Busy(why)
        seconds = getattr(app.state, "expensive_seconds", None) or expensive_seconds()
        if store.query_seconds and store.query_seconds <= seconds:  # the request's own limit is the stricter
            yield
            return
        try:
            with store.time_limit(seconds):
                yield
        except QueryTimeout as exc:
            if isinstance(exc, Busy):
                raise
            raise QueryTimeout(f"an expensive search ({why}) is stopped after {seconds:g} s;"
                               " narrow it down (rarer words, a filter, an earlier page, no facets)") from None
    finally:
        gate.release()


def expensive_seconds() -> float:
    """The time limit of an expensive search: ``CHRONIK_EXPENSIVE_SECONDS``, else ``EXPENSIVE_SECONDS``."""
    value = os.environ.get("CHRONIK_EXPENSIVE_SECONDS")
    try:
        seconds = float(value) if value else EXPENSIVE_SECONDS
    except ValueError:
        raise ValueError(f"CHRONIK_EXPENSIVE_SECONDS={value!r}: not a number of seconds") from None
    if not seconds > 0:
        raise ValueError(f"CHRONIK_EXPENSIVE_SECONDS={value!r}: must be more than 0")
    return seconds
