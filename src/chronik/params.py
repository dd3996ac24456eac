"""One parameter vocabulary for the faces (CLI, API, web pages), validated one way.

Names: ``q``, ``what``, ``speaker``, ``entity``, ``kind``, ``type``, ``article``, ``actor``,
``source``, ``from``, ``to``, ``sort``, ``limit``, ``offset``, ``facets``, ``format``. Every check raises :class:`ParamError` naming the
parameter; the CLI turns it into exit code 2, the API into 422, the web pages into 400.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import get_args

from .record import EVENT_TYPES, EntityType, QuoteKind

KINDS: tuple[str, ...] = get_args(QuoteKind)
TYPES: tuple[str, ...] = get_args(EntityType)
EVENTS: tuple[str, ...] = EVENT_TYPES  # ``type`` of /api/events and ``chronik events``
WHATS = ("all", "articles", "statements")
SORTS = ("relevance", "date", "-date")
MAX_LIMIT = 200  # rows per page (API and web)
MAX_OFFSET = 10_000  # deeper pages cost the database too much; narrow the query instead
MAX_TEXT = 500  # characters of a search or filter text
# The calendar as a pattern (so that the OpenAPI schema says exactly what is accepted);
# 29 February passes the pattern only in the check below, in leap years.
_YEAR = r"[12]\d{3}"
_MONTH_DAY = r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|02-(?:0[1-9]|1\d|2[0-8]))"
DAY_PATTERN = rf"^{_YEAR}-{_MONTH_DAY}"  # a full date, maybe followed by a time
DATE_PATTERN = rf"^{_YEAR}(?:-(?:0[1-9]|1[0-2])|-{_MONTH_DAY})?$"  # YYYY, YYYY-MM or YYYY-MM-DD
_DATE = re.compile(r"^[12]\d{3}(-\d{2}(-\d{2})?)?$")


class ParamError(ValueError):
    """An invalid parameter value: ``name`` is the parameter as the user wrote it."""

    def __init__(self, name: str, problem: str):
        super().__init__(f"{name}: {problem}")
        self.name, self.problem = name, problem


def date_bound(value: str | None, name: str = "from") -> str | None:
    """A date bound ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` that exists in the calendar; None when empty."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if not _DATE.match(value):
        raise ParamError(name, f"{value[:20]!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD, years 1000 to 2999)")
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise ParamError(name, f"{value!r} is not a date in the calendar ({exc})") from None
    return value


def choice(value: str | None, allowed: tuple[str, ...], name: str) -> str | None:
    """``value`` if it is one of ``allowed``; None when empty."""
    if value is None or value == "":
        return None
    if value not in allowed:
        raise ParamError(name, f"{value[:40]!r} must be one of {', '.join(allowed)}")
    return value


def number(value: str | None, name: str, low: int, high: int) -> int | None:
    """A whole number from ``low`` to ``high``; None when empty."""
    if value is None or not value.strip():
        return None
    if not value.strip().isdigit() or not low <= int(value) <= high:
        raise ParamError(name, f"{value[:20]!r} must be a whole number from {low} to {high:,}")
    return int(value)


def text(value: str | None, name: str, max_length: int = MAX_TEXT) -> str | None:
    """A free-text filter, stripped; None when empty."""
    if value is None or not value.strip():
        return None
    if len(value) > max_length:
        raise ParamError(name, f"longer than {max_length} characters")
    return value.strip()


def check_date(value: str | None) -> str | None:
    """Pydantic-style validator for the API (``from``/``to``): the same check, a ValueError on failure."""
    try:
        return date_bound(value)
    except ParamError as exc:
        raise ValueError(exc.problem) from None


def unknown_query_params(request) -> list[str]:
    """Query parameters of a FastAPI ``request`` that its route does not declare."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return []
    known: set[str] = set()
    stack = [dependant]
    while stack:  # the route's parameters and those of its dependencies
        current = stack.pop()
        known.update(p.alias for p in current.query_params)
        stack.extend(current.dependencies)
    return [name for name in dict.fromkeys(request.query_params) if name not in known]
