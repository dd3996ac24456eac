"""Numbers, units and counted objects (``chronik_amounts``).

One compiled regex finds a qualifier ("rund", "mehr als"), a number in German
notation or words ("1.234,56", "zweieinhalb"), a scale ("Milliarden", "Mrd."),
a unit or currency ("Prozent", "%", "Euro", "€") and what is counted: the noun
after a bare number ("500 Soldaten" → "Soldaten") or the genitive after a unit
("zwei Prozent des Bruttoinlandsprodukts" → "des Bruttoinlandsprodukts", kept as
written so it reads back into the text). The span covers qualifier, number, scale
and unit; ``value`` is the number times its scale. Numbers inside a time
expression (``doc._.chronik_times``) are not amounts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from ..record import Amount
from . import extensions  # noqa: F401
from .extensions import doc_text
from .numbers import NUMBER_WORD, parse_number, parse_scale
from .vocab import AMOUNT_QUALIFIERS as QUALIFIERS
from .vocab import FRACTIONS, INDEFINITE_ARTICLES, NOT_COUNTED, SCALE_FORMS, UNIT_FORMS, UNITS

_QUAL = "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True))
_UNIT = "|".join(re.escape(u) for u in UNIT_FORMS)
_SCALE = "|".join(re.escape(s) for s in SCALE_FORMS)
_AMOUNT = re.compile(
    rf"(?<![\w.,-])(?:(?P<qual>(?i:{_QUAL}))\s+)?"
    rf"(?P<num>\d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?|(?i:{NUMBER_WORD}))(?![\w-])"
    rf"(?:\s*(?P<scale>{_SCALE})(?!\w))?"
    rf"(?:\s*(?P<unit>{_UNIT})(?![\w-]))?"
)
_GENITIVE = re.compile(r"\s+((?:des|der)\s+(?:[a-zäöü]+e[nrs]?\s+)?[A-ZÄÖÜ][\w-]*)")
_NOUN = re.compile(r"\s+((?:[a-zäöü]+e[nrs]?\s+)?[A-ZÄÖÜ][\w-]*)")
_ORDINAL_DOT = re.compile(r"\.\s*\w")


def _object(text: str, end: int, has_unit: bool) -> str | None:
    if has_unit:
        m = _GENITIVE.match(text, end)
        return m.group(1) if m else None
    m = _NOUN.match(text, end)
    if not m or m.group(1).split()[-1] in NOT_COUNTED:
        return None
    return m.group(1)


def find_amounts(text: str, taken: Sequence[tuple[int, int]] = ()) -> list[Amount]:
    """Amounts in ``text``, skipping anything that overlaps a ``taken`` (time) span."""
    out = []
    for m in _AMOUNT.finditer(text):
        num, scale, unit = m.group("num"), m.group("scale"), m.group("unit")
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        if num.lower() in INDEFINITE_ARTICLES and not (scale or unit):
            continue  # "ein Treffen" counts nothing worth recording
        if num[0].isdigit() and not (scale or unit) and _ORDINAL_DOT.match(text, m.end("num")):
            continue  # "2. Weltkrieg": an ordinal
        value = parse_number(num.lower() if not num[0].isdigit() else num)
        if value is None:
            continue
        if scale:
            value *= parse_scale(scale)
        share = FRACTIONS.get(unit.lower()) if unit else None
        if share is not None:
            value, unit = round(value * share, 2), "%"  # "zwei Drittel der Befragten": 66.67 per cent
        qual = m.group("qual")
        out.append(Amount(
            start=m.start(), end=m.end(), text=m.group(0), value=value,
            unit=UNITS.get(unit.lower()) if unit else None,
            object=_object(text, m.end(), bool(unit)),
            qualifier=QUALIFIERS[qual.lower()] if qual else None,
        ))
    return out


class AmountTagger:
    """spaCy component: writes ``doc._.chronik_amounts`` (list of :class:`chronik.record.Amount`)."""

    def __init__(self, nlp: Language, name: str = "chronik_amounts"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        taken = [(t.start, t.end) for t in doc._.chronik_times or []]
        doc._.chronik_amounts = find_amounts(doc_text(doc), taken)
        return doc


# Reads the time expressions: a number inside one is not an amount.
@Language.factory("chronik_amounts", assigns=["doc._.chronik_amounts"], requires=["doc._.chronik_times"])
def make_component(nlp: Language, name: str):
    return AmountTagger(nlp, name)
