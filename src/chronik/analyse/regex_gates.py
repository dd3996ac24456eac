"""Necessary words of a regular expression: a cheap test that lets a scan be skipped.

``needed(pattern)`` derives from the parsed pattern a set of lower-case strings one of
which every match must contain; ``text.lower()`` holding none of them means the pattern
cannot match anywhere in ``text`` (a substring test is ~20× cheaper than a regex scan
that fails at every position). The derivation is conservative: where it cannot be
sure it returns None (scan always). Only speed depends on it, never a result.
"""

from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]

_MAX_SET = 64  # strings in one alternative set before giving up on a run
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)

Strings = frozenset[str]


def needed(pattern: str | re.Pattern) -> tuple[str, ...] | None:
    """Lower-case strings one of which occurs (case-insensitively) in every match, or None."""
    flags = 0
    if isinstance(pattern, re.Pattern):
        pattern, flags = pattern.pattern, pattern.flags
    try:
        tree = P.parse(pattern, flags)
    except re.error:
        return None
    if tree.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None  # case folding matches more than lower() ("ſ" is "s"): no safe needle
    best = _seq(list(tree.data))
    return tuple(sorted(best)) if best else None


def _score(s: Strings | None) -> int:
    """Shortest string of a set: longer needles skip more texts."""
    return min((len(x) for x in s), default=0) if s else 0


def _better(a: Strings | None, b: Strings | None) -> Strings | None:
    return a if _score(a) >= _score(b) else b


def _fixed(op, av) -> Strings | None:
    """The strings a fixed-width element matches (lower-cased), if few."""
    if op is C.LITERAL:
        return frozenset([chr(av).lower()])
    if op is C.IN:
        chars = set()
        for iop, iav in av:
            if iop is not C.LITERAL:
                return None
            chars.add(chr(iav).lower())
        return frozenset(chars) if len(chars) <= 4 else None
    if op is C.SUBPATTERN:
        return None if av[1] & re.IGNORECASE else _alternatives(list(av[3].data))
    if op is C.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            s = _alternatives(list(alt.data))
            if s is None:
                return None
            out |= s
        return frozenset(out) if len(out) <= _MAX_SET else None
    return None


def _alternatives(items) -> Strings | None:
    """All the strings a sequence of fixed elements matches, or None when it is not such a sequence."""
    out: Strings = frozenset([""])
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        s = _fixed(op, av)
        if s is None:
            return None
        out = frozenset(a + b for a in out for b in s)
        if len(out) > _MAX_SET:
            return None
    return out


def _seq(items) -> Strings | None:
    """The best needed set of a sequence: a run of fixed elements, or a needed set of one element."""
    best: Strings | None = None
    run: Strings | None = frozenset([""])
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the strings either side are adjacent
        fixed = _fixed(op, av)
        if fixed is not None and run is not None and len(run) * len(fixed) <= _MAX_SET:
            run = frozenset(a + b for a in run for b in fixed)
            continue
        best = _better(best, run)
        run = fixed if fixed is not None else frozenset([""])
        best = _better(best, _element(op, av))
    best = _better(best, run)
    return best if best and "" not in best else None


def _element(op, av) -> Strings | None:
    """A needed set of one (non-fixed) element, or None when it may match nothing needed."""
    if op is C.SUBPATTERN:
        return None if av[1] & re.IGNORECASE else _seq(list(av[3].data))
    if op is C.ATOMIC_GROUP:
        return _seq(list(av.data))
    if op is C.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            s = _seq(list(alt.data))
            if not s:
                return None
            out |= s
        return frozenset(out) if len(out) <= _MAX_SET * 4 else None
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        lo, _hi, item = av
        return _seq(list(item.data)) if lo >= 1 else None
    return None
