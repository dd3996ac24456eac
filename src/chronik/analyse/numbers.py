"""German numbers in digits and words, shared by the time and amount components.

``parse_number("1.234,56") == 1234.56``, ``parse_number("zweieinhalb") == 2.5``,
``parse_ordinal("einundzwanzigsten") == 21``. The regex fragments ``NUMBER_WORD``
and ``ORDINAL_WORD`` match the words these functions understand.
"""

from __future__ import annotations

import re

from .vocab import NUMERAL_FRACTIONS as FRACTIONS
from .vocab import NUMERAL_SCALES as SCALES
from .vocab import NUMERAL_TENS as TENS
from .vocab import NUMERAL_UNITS as UNITS
from .vocab import ORDINAL_STEMS as ORDINAL_UNITS

_unit_alt = "|".join(sorted((u for u in UNITS if u != "null"), key=len, reverse=True))
_tens_alt = "|".join(sorted(TENS, key=len, reverse=True))
_below100 = rf"(?:(?:{_unit_alt})und(?:{_tens_alt})|{_tens_alt}|{_unit_alt})"
_below1000 = rf"(?:(?:{_unit_alt})?hundert(?:und)?{_below100}?|{_below100})"
_TEENS = ("dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn")


def _first_letters(*words: str) -> str:
    """A lookahead for the letters the words start with: every alternative of a long word list
    begins with one of them, so the lookahead changes no match; it only lets the regex engine
    skip a position at once instead of trying each alternative there (the time and amount
    patterns run these lists at every word start)."""
    return "(?=[" + "".join(sorted({w[0] for w in words})) + "])"


_number_starts = _first_letters(*UNITS, *TENS, "hundert", "tausend", "anderthalb")
# A cardinal written as one word, up to the thousands ("zweitausendvierhundert"),
# or with "einhalb" ("zweieinhalb"); "anderthalb" on its own.
NUMBER_WORD = (
    rf"(?:{_number_starts}(?:anderthalb|(?:{_below1000})?tausend(?:und)?(?:{_below1000})?|{_below1000}(?:einhalb)?))"
)
_ord_alt = "|".join(sorted(ORDINAL_UNITS, key=len, reverse=True))
ORDINAL_WORD = (
    rf"(?:{_first_letters(*UNITS, *TENS, *ORDINAL_UNITS, *_TEENS, 'hundert', 'tausend')}"
    rf"(?:(?:{_below1000})?(?:hundert|tausend)(?:und)?(?:{_ord_alt}|(?:{_below100})st)"
    rf"|(?:{_unit_alt})und(?:{_tens_alt})st|(?:{_tens_alt})st|{_ord_alt}"
    rf"|(?:{'|'.join(_TEENS)})t)(?:e[nmrs]?)?)"
)

_DIGITS = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$|^[+-]?\d+(?:,\d+)?$")
_WORD_TOKEN = re.compile(
    "|".join(sorted([*UNITS, *TENS, "hundert", "tausend", "und", "einhalb", "anderthalb"], key=len, reverse=True))
)


def _parse_digits(text: str) -> float | None:
    """German digit notation: '.' groups thousands, ',' is the decimal mark."""
    if not _DIGITS.match(text):
        return None
    return float(text.replace(".", "").replace(",", "."))


def _parse_below_thousand(tokens: list[str]) -> int:
    total, current = 0, 0
    for tok in tokens:
        if tok == "hundert":
            total += (current or 1) * 100
            current = 0
        elif tok in UNITS:
            current += UNITS[tok]
        elif tok in TENS:
            current += TENS[tok]
    return total + current


def _parse_word(text: str) -> float | None:
    """A cardinal written as one German word ('dreiundzwanzig', 'zweieinhalb')."""
    word = text.lower()
    if word in FRACTIONS:
        return FRACTIONS[word]
    half = 0.0
    if word.endswith("einhalb") and word != "einhalb":
        word, half = word[: -len("einhalb")], 0.5
    if word in UNITS:
        return UNITS[word] + half
    tokens = _WORD_TOKEN.findall(word)
    if "".join(tokens) != word:
        return None
    if "tausend" in tokens:
        i = tokens.index("tausend")
        high = _parse_below_thousand(tokens[:i]) or 1
        return high * 1000 + _parse_below_thousand(tokens[i + 1 :]) + half
    value = _parse_below_thousand(tokens)
    return value + half if value or word == "null" else None


def parse_number(text: str) -> float | None:
    """The value of a German number in digits or one word; None if it is neither."""
    text = text.strip()
    if not text:
        return None
    if text[0].isdigit() or text[0] in "+-":
        return _parse_digits(text)
    return _parse_word(text)


def parse_scale(text: str) -> float:
    """Multiplier of a scale word ('Millionen', 'Mrd.'), 1 when unknown."""
    return SCALES.get(text.lower().rstrip("."), 1)


def parse_ordinal(text: str) -> int | None:
    """The value of an ordinal: '3.' or 'dritten'/'einundzwanzigsten'."""
    text = text.strip().rstrip(".")
    if text.isdigit():
        return int(text)
    word = re.sub(r"(?:e[nmrs]?)$", "", text.lower())
    if word in ORDINAL_UNITS:
        return ORDINAL_UNITS[word]
    if word.endswith("zehnt") and word[:-5] + "zehn" in UNITS:
        return UNITS[word[:-5] + "zehn"]
    if word.endswith("st"):
        value = _parse_word(word[:-2])
        return int(value) if value else None
    for stem, value in ORDINAL_UNITS.items():
        if word.endswith(stem):
            head = _parse_word(re.sub(r"und$", "", word[: -len(stem)]))
            if head:
                return int(head) + value
    return None
