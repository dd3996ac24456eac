"""Cheaper scans for the rule regexes (time expressions, pledge cues): same matches, less CPU.

Both are derived from the parsed pattern and are conservative: where the derivation
cannot be sure it returns None and the plain scan runs. Only speed depends on them.

* ``needed(pattern)``: lower-case strings one of which every match must contain; a text
  whose ``lower()`` holds none of them cannot match anywhere (a substring test is much
  cheaper than a regex scan that fails at every position).
* ``finditer(pattern)``: ``pattern.finditer`` for a pattern that cannot match the empty
  string, found faster. Python's regex engine tries a pattern at every position unless
  the pattern starts with a literal or a character set; the rules start with a
  look-behind ("(?<![\\w-])"), so every character paid for it. The scanner
  ``[F](?<=(?=PATTERN)[\\s\\S])`` starts with the set F of the characters a match can
  start with, so the engine jumps between those; at each it checks the whole pattern
  in a look-ahead. Each hit where a match may start (not inside the previous match, as
  finditer) is then matched for real (Wikinews: the time rules' scan ~40 % less CPU).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]

_MAX_SET = 64  # strings in one alternative set before giving up on a run
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)

Strings = frozenset[str]
_CATEGORIES = {C.CATEGORY_DIGIT: r"\d"}  # wider classes (\w, \S) make no scanner worth having


def _parsed(pattern: str | re.Pattern):
    """The pattern's parse tree, or None where no gate is safe: unparsable, or case-folded or verbose
    (case folding matches more than lower(): "ſ" is "s")."""
    source, flags = (pattern.pattern, pattern.flags) if isinstance(pattern, re.Pattern) else (pattern, 0)
    try:
        tree = P.parse(source, flags)
    except re.error:
        return None
    return None if tree.state.flags & (re.IGNORECASE | re.VERBOSE) else tree


def needed(pattern: str | re.Pattern) -> tuple[str, ...] | None:
    """Lower-case strings one of which occurs (case-insensitively) in every match, or None."""
    tree = _parsed(pattern)
    if tree is None:
        return None
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


def first_chars(pattern: str | re.Pattern) -> str | None:
    """A character class holding the first character of every match (None: unknown, or the
    pattern may match the empty string)."""
    tree = _parsed(pattern)
    if tree is None:
        return None
    out: list[str] = []
    try:
        if _first(list(tree.data), out):
            return None  # may match nothing
    except _Unknown:
        return None
    return "[" + "".join(out) + "]"


class _Unknown(Exception):
    """An element whose first characters the derivation does not know."""


def _first(items, out: list[str]) -> bool:
    """Add the first characters of a sequence to ``out``; True when it may match the empty string."""
    for op, av in items:
        if op is C.LITERAL:
            out.append(re.escape(chr(av)))
            return False
        if op is C.IN:
            for iop, iav in av:
                if iop is C.LITERAL:
                    out.append(re.escape(chr(iav)))
                elif iop is C.RANGE:
                    out.append(f"{re.escape(chr(iav[0]))}-{re.escape(chr(iav[1]))}")
                elif iop is C.CATEGORY and iav in _CATEGORIES:
                    out.append(_CATEGORIES[iav])
                else:
                    raise _Unknown(iop)
            return False
        if op in _ZERO_WIDTH:
            continue  # a look-around only narrows where a match starts: the set stays a superset
        if op is C.SUBPATTERN:
            if av[1] & re.IGNORECASE:
                raise _Unknown(op)
            if not _first(list(av[3].data), out):
                return False
            continue
        if op is C.BRANCH:
            empty = False
            for alt in av[1]:
                empty |= _first(list(alt.data), out)
            if not empty:
                return False
            continue
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, _hi, item = av
            if not _first(list(item.data), out) and lo > 0:
                return False
            continue
        raise _Unknown(op)
    return True


def finditer(pattern: re.Pattern) -> Callable[[str], Iterator[re.Match]]:
    """A function doing ``pattern.finditer(text)`` (same matches, same order), through a scanner
    where one can be derived."""
    first = first_chars(pattern)
    if first is None:
        return pattern.finditer
    try:
        scan = re.compile(first + r"(?<=(?=" + pattern.pattern + r")[\s\S])", pattern.flags)
    except re.error:  # e.g. inline global flags, which must open a pattern
        return pattern.finditer

    def scanned(text: str) -> Iterator[re.Match]:
        end = 0
        for hit in scan.finditer(text):
            start = hit.start()
            if start < end:
                continue  # inside the last match: finditer goes on after it
            m = pattern.match(text, start)
            if m is not None:  # always: the scanner saw it match
                end = m.end()
                yield m

    return scanned
