"""Temporal expressions normalised against the article date (``chronik_time``).

Rules are compiled regexes over ``doc.text``; each match becomes a
:class:`chronik.record.Time` with a TIMEX3-style value. Spans follow the TIMEX
convention: prepositions ("am", "im", "bis", "seit") are *not* part of the span
but decide the ``role``; modifiers ("Anfang", "Mitte", "Ende") and "Jahr" are.

News (default genre, article date known): relative expressions resolve against
the article date; the tense cue nearest to the expression decides the direction
for weekdays and months without a year. Narrative genre, or no article date:
they resolve against the last explicit date in the text (HeidelTime's narrative
mode). ``docs/time.md`` lists the values and modifiers.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from ..record import Time
from . import extensions  # noqa: F401
from .numbers import NUMBER_WORD, ORDINAL_WORD, parse_number, parse_ordinal

MONTHS = {
    "januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feber": 2, "feb": 2, "märz": 3, "mär": 3,
    "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8,
    "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11,
    "nov": 11, "dezember": 12, "dez": 12,
}
WEEKDAYS = {
    "montag": 1, "dienstag": 2, "mittwoch": 3, "donnerstag": 4, "freitag": 5, "samstag": 6,
    "sonnabend": 6, "sonntag": 7,
}
SEASONS = {"frühjahr": "SP", "frühling": "SP", "sommer": "SU", "herbst": "FA", "winter": "WI", "frühsommer": "SU",
           "spätsommer": "SU", "spätherbst": "FA", "frühherbst": "FA"}
SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}
MODS = {"anfang": "START", "beginn": "START", "mitte": "MID", "ende": "END", "laufe": None}
PARTS = {
    "früh": "MO", "morgen": "MO", "vormittag": "MO", "mittag": "MI", "nachmittag": "AF",
    "abend": "EV", "nacht": "NI",
}
UNITS = {
    "sekunde": "S", "minute": "M", "stunde": "H", "tag": "D", "woche": "W", "monat": "M",
    "jahr": "Y", "jahrzehnt": "DE", "jahrhundert": "CE",
}
SET_ADVERBS = {
    "stündlich": "PT1H", "täglich": "P1D", "wöchentlich": "P1W", "monatlich": "P1M",
    "jährlich": "P1Y", "alljährlich": "P1Y",
}
PRESENT_WORDS = (
    r"[Dd]erzeit|[Zz]urzeit|[Jj]etzt|[Ii]nzwischen|[Gg]egenwärtig|[Hh]eutzutage|heutige[nr]? Tag|heutiger Sicht|in diesen Zeitraum"
    r"|[Mm]omentan|[Aa]ktuell|diese[mr] Zeit(?:punkt)?|zur Zeit"
)
FUTURE_WORDS = (
    r"[Bb]ald|[Kk]ünftig|[Zz]ukünftig|[Dd]emnächst|Zukunft|Folgezeit|in der Folge"
    r"|(?:[Ww]enig|[Kk]urz|[Kk]urze Zeit|[Ww]enige (?:Tage|Wochen|Monate|Jahre)) (?:später|danach|darauf)"
    r"|[Kk]urz (?:danach|darauf)|binnen kurzem|kurzer Zeit"

)
PAST_WORDS = r"[Kk]ürzlich|[Jj]üngst|vor kurzem|[Nn]eulich|[Kk]urz zuvor"

_FULL_MONTHS = ("januar", "jänner", "februar", "feber", "märz", "april", "mai", "juni", "juli", "august",
                "september", "oktober", "november", "dezember")
_M = r"(?P<month>" + "|".join(
    [m.capitalize() for m in sorted(_FULL_MONTHS, key=len, reverse=True)]
    + [m.capitalize() + r"\." for m in MONTHS if m not in _FULL_MONTHS]
) + r")"
_WD = r"(?P<wd>Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag)"
_DAY = rf"(?:(?P<day>[12]\d|3[01]|0?[1-9])\.|(?P<dayw>{ORDINAL_WORD}))"
_YEAR = r"(?P<year>\d{4}(?!\d)|\d{1,4}(?=\s*v\.\s?Chr))(?P<bc>\s*v\.\s?Chr\.?)?"
_MOD = r"(?P<mod>Anfang|Beginn|Mitte|Ende)"
_PART = r"(?P<part>Morgen|Vormittag|Mittag|Nachmittag|Abend|Nacht)"
_NUM = rf"(?P<num>\d+(?:,\d+)?|{NUMBER_WORD}|ein(?:e[mnrs]?)?|[Ee]in(?:e[mnrs]?)?|[Ee]inige[nr]?|[Ww]enige[nr]?|[Mm]ehrere[nr]?|[Zz]wei|[Dd]rei)"
_UNIT = (
    r"(?P<unit>Sekunden?|Minuten?|Stunden?|Tage[ns]?|Tag|Wochen?|Monate[ns]?|Monat"
    r"|Jahrzehnte[ns]?|Jahrzehnt|Jahrhunderte[ns]?|Jahre[ns]?|Jahr)"
)
_CONNECT = re.compile(r"\s*(?:/|–|-|bis(?: zum)?|und|oder|auf den|,)\s*(?:(?:zum|den|am|dem)\s+)?")

# (name, pattern); names select the parser in _PARSERS. Case matters: German nouns are capitalised.
_RULES: list[tuple[str, str]] = [
    ("date", rf"(?:(?:[Gg]egen\s+)?(?:(?:frühen|späten)\s+)?{_PART}(?:stunden)?\s+(?:des|vom)\s+|(?:im\s+)?(?:Laufe|Verlauf)\s+des\s+)?"
     rf"(?:{_WD},?\s+(?:(?:de[nm]|am)\s+)?)?{_DAY}\s*{_M}(?:\s+{_YEAR})?"
     r"(?:,?\s+(?P<h>[01]?\d|2[0-4])(?:[:.](?P<mi>[0-5]\d))?\s+Uhr(?P<tz>\s+mitteleuropäischer Zeit|\s+MEZ|\s+MESZ)?)?"),
    ("yearpair", r"(?<=\d{4}[/–-])(?P<yy>\d{2})(?![\d.])|(?P<year>\d{1,4})(?=[/–-]\d{1,4}\s*v\.\s?Chr)"),
    ("dayonly", rf"(?:Nacht vom\s+)?(?<![\d.]){_DAY}(?=\s*(?:/|–|-|bis(?: zum)?|und|auf den)\s*(?:(?:zum|den|am)\s+)?\d{{1,2}}\.\s*{_M})"),
    ("numdate", r"(?<![\d.])(?P<day>[12]\d|3[01]|0?[1-9])\.(?P<mon>1[0-2]|0?[1-9])\.(?P<year>\d{4}|\d{2})(?![\d])"),
    ("isodate", r"(?<![\d.-])(?P<year>\d{4})-(?P<mon>1[0-2]|0[1-9])-(?P<day>[12]\d|3[01]|0[1-9])(?![\d])"),
    ("month", rf"(?:{_MOD}\s+)?{_M}(?:\s+{_YEAR})?"),
    ("year", rf"(?:{_MOD}\s+(?:des\s+Jahres\s+)?)?(?:(?:das\s+)?Jahr(?:e|es)?\s+)?{_YEAR}"),
    ("season", r"(?:(?P<mod>Anfang|Beginn|Mitte|Ende)\s+(?:des\s+)?)?(?P<season>Frühjahr|Frühling|Sommer|Herbst|Winter|Frühsommer|Spätsommer|Spätherbst|Frühherbst)(?:e?s)?"
     r"(?:\s+(?:des\s+Jahres\s+)?(?P<year>\d{4})(?:/\d{2,4})?)?"),
    ("decade", rf"(?:{_MOD}\s+der\s+)?(?P<dec>\d{{3}})0er(?:-?\s?[Jj]ahren?|-Jahre)?(?![\w-])"),
    ("century", rf"(?:{_MOD}\s+des\s+)?(?:(?P<cent>\d{{1,2}})\.|(?P<centw>{ORDINAL_WORD}))\s+(?:Jahrhunderts?|Jh\.)(?P<bc>\s+v\.\s?Chr\.?)?"),
    ("relyear", r"(?:(?P<mod>Anfang|Beginn|Mitte|Ende|Laufe)\s+(?:des|dieses)\s+(?:(?P<rel>vergangenen|letzten|nächsten|kommenden|folgenden|laufenden)\s+)?(?P<unit>Jahres|Monats))"
     r"|(?P<rel2>dies(?:es|em|en)|vergangenen?|letzten?|nächsten?|kommenden?|folgenden?|laufenden?|neuen|gleichen|selben)\s+(?P<unit2>Jahr(?:es)?|Monat(?:s)?|Woche)"
     r"|(?P<compound>Vorjahr(?:es)?|Folgejahr(?:es)?|Jahr darauf|Jahresende|Jahresbeginn|Jahresanfang|Jahresmitte|Vormonat(?:s)?|Vorwoche)"),
    ("weekday", rf"(?:(?P<rel>vergangenen|letzten|nächsten|kommenden|diesen|diesem|kommende|nächste|vergangene|letzte)\s+)?{_WD}"
     r"(?P<part>abend|morgen|nachmittag|vormittag|nacht|mittag)?(?!s\b)"),
    ("deictic", r"(?P<word>[Hh]eute|[Gg]estern|[Vv]orgestern|morgen|[Üü]bermorgen|(?<=[.!?] )Morgen(?! des))"
     r"(?:\s+(?P<part>früh|[Mm]orgen|[Vv]ormittag|[Mm]ittag|[Nn]achmittag|[Aa]bend|[Nn]acht))?(?![\w-])"),
    ("sameday", r"(?:[Aa]m\s+)?(?P<rel>selben|gleichen|folgenden|nächsten|darauffolgenden)\s+(?P<unit>Tag|Morgen|Vormittag|Abend)"
     r"|[Tt]ags darauf|(?:am\s+)?Tag darauf|an diesem Tag|(?P<unit2>Morgen|Abend|Nachmittag) (?:dieses|desselben) Tages"),
    ("present", rf"(?<![\w-])(?:{PRESENT_WORDS})(?![\w-])"),
    ("future", rf"(?<![\w-])(?:{FUTURE_WORDS})(?![\w-])"),
    ("past", rf"(?<![\w-])(?:{PAST_WORDS})(?![\w-])"),
    ("vague", r"(?:den\s+)?(?P<rel>kommenden|nächsten|folgenden|darauffolgenden|vorangegangenen|ersten)\s+(?P<unit>Tagen?|Wochen|Monaten?|Jahren?)"
     r"|(?P<folge>Folgejahren)"),
    ("adjdur", rf"(?P<num>{NUMBER_WORD}|mehr|viel)(?P<unit>tägig|wöchig|monatig|jährig|stündig)e[nmrs]?"
     r"|(?P<long>tage|wochen|monate|jahre|jahrzehnte)lange?[nmrs]?"),
    ("duration", rf"(?:(?P<prep>[Vv]or|[Nn]ach)\s+)?(?:(?P<q>mehr als|über|fast|knapp|rund|etwa|ungefähr|mindestens)\s+)?"
     rf"(?:{_NUM}\s+)?(?P<half>halbe[ns]?\s+)?{_UNIT}(?:\s+(?P<dir>später|danach|darauf|zuvor|vorher|früher))?(?![\w-])"),
    ("set", r"(?<![\w-])(?:(?P<wds>montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)s"
     r"|[Jj]ede[nsm]?\s+(?P<every>Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Tag|Woche|Monat|Jahr)"
     r"|(?P<adv>stündlich|täglich|wöchentlich|monatlich|jährlich|alljährlich))(?![\w-])"),
    ("clock", r"(?<![\d.,])(?P<h>[01]?\d|2[0-4])(?:[:.](?P<m>[0-5]\d))?\s+Uhr(?:\s+(?P<m2>[0-5]\d)(?!\d))?"
     r"(?P<tz>\s+mitteleuropäischer Zeit|\s+MEZ|\s+MESZ)?|Mitternacht"),
]
# Every rule starts and ends at a word boundary ("Winterkrieg" holds no season).
_COMPILED = [
    (name, re.compile(("" if pat.startswith("(?<!") else r"(?<![\w-])") + f"(?:{pat})" + r"(?!\w)"))
    for name, pat in _RULES
]

_FUTURE_CUE = re.compile(
    r"\b(?:wird|werden|werde|wirst|will|wollen|wolle|soll|sollen|solle|plant|planen|geplant|beabsichtigt"
    r"|voraussichtlich|kommende[nmr]?|nächste[nmr]?|künftig|bevorstehende[nmr]?)\b"
)
_PAST_CUE = re.compile(
    r"\b(?:hatte|hatten|hat|haben|war|waren|wurde|wurden|sagte|sagten|erklärte|erklärten|kündigte"
    r"|kündigten|teilte|teilten|betonte|berichtete|bekundete|bekundeten|trafen|traf|gewesen|vergangene[nmr]?"
    r"|letzte[nmr]?)\b"
)
_ROLE_SIGNAL = re.compile(
    r"(?<![\w-])(?P<sig>seit|ab|vom|von|bis|spätestens|binnen|innerhalb)"
    r"(?P<rest>(?:\s+(?:spätestens|zum|zur|im|in|am|dem|den|der|des|Jahr|Jahre))*)\s*$",
    re.IGNORECASE,
)
_FORWARD_SIGNAL = re.compile(r"(?<![\w-])(?:[Aa]b|bis)\s+$")
_RANGE_BIS = re.compile(r"\s*(?:bis|–|-)\s")
# "1500 Panzer": a plain four-digit number before a noun counts things, unless a year cue precedes it.
_COUNTED = re.compile(r"[ \t]+(?:(?!(?:die|der|das|den|dem|des|eine[nmrs]?|seine[nmrs]?|ihre[nmrs]?)\b)[a-zäöü]+e[nmrs]?[ \t]+)?[A-ZÄÖÜ]")
_YEAR_CUE = re.compile(
    r"(?:\b(?:im|Im|seit|Seit|bis|ab|Ab|vom|von|Jahr|Jahre|Jahres|zwischen|nach|vor|Ende|Anfang|Mitte|Sommer|Herbst"
    r"|Winter|Frühjahr|Frühjahres|Frühling)|[,(*\n])\s*$"
)


@dataclass
class _Cand:
    start: int
    end: int
    rule: str
    m: re.Match
    f: dict = field(default_factory=dict)


@dataclass
class _Ctx:
    """Resolution state: the article date (news) and the running narrative reference."""

    date: dt.date | None
    narrative: bool
    ref: tuple[int | None, int | None, int | None] = (None, None, None)
    sent_starts: list[int] = field(default_factory=list)
    text: str = ""
    last_day: tuple[int, str] | None = None  # (sentence index, date value) for clock times
    ref_bc: bool = False

    @property
    def anchor_year(self) -> int | None:
        return self.ref[0] if self.narrative else (self.date.year if self.date else None)

    def anchor_str(self) -> str | None:
        if not self.narrative and self.date:
            return self.date.isoformat()
        return _fmt(*self.ref) if self.ref[0] is not None else None

    def sentence(self, pos: int) -> tuple[int, int, int]:
        i = bisect.bisect_right(self.sent_starts, pos) - 1
        end = self.sent_starts[i + 1] if i + 1 < len(self.sent_starts) else len(self.text)
        return i, self.sent_starts[i] if i >= 0 else 0, end

    def direction(self, start: int, end: int) -> int:
        """-1 past, +1 future, 0 unknown: the tense cue nearest to the expression wins."""
        _, s, e = self.sentence(start)
        best, best_dist = 0, 10**9
        for cue, sign in ((_FUTURE_CUE, 1), (_PAST_CUE, -1)):
            for m in cue.finditer(self.text, s, e):
                if start <= m.start() < end:
                    continue
                dist = start - m.end() if m.end() <= start else m.start() - end
                if dist < best_dist:
                    best, best_dist = sign, dist
        return best


def _fmt(year: int | None, month: int | None = None, day: int | None = None, bc: bool = False) -> str:
    if year is None:
        y = "XXXX"
    else:
        y = f"BC{year:04d}" if bc else f"{year:04d}"
    if month is None:
        return y
    return f"{y}-{month:02d}" if day is None else f"{y}-{month:02d}-{day:02d}"


def _month_of(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _day_of(m: re.Match) -> int | None:
    if m.group("day"):
        return int(m.group("day"))
    value = parse_ordinal(m.group("dayw"))
    return value if value and 1 <= value <= 31 else None


def _year_of(m: re.Match) -> tuple[int | None, bool]:
    if not m.group("year"):
        return None, False
    return int(m.group("year")), bool(m.group("bc"))


def _g(m: re.Match, name: str) -> str | None:
    return m.groupdict().get(name)


# --- parsers: match -> fields (context-free) --------------------------------------------------


def _p_date(m: re.Match) -> dict | None:
    day = _day_of(m)
    if day is None:
        return None
    year, bc = _year_of(m)
    part = _g(m, "part")
    clock = (int(m.group("h")), int(m.group("mi") or 0), "+01" if m.group("tz") else "") if m.group("h") else None
    return {"kind": "date", "year": year, "bc": bc, "month": _month_of(m.group("month")), "day": day,
            "part": PARTS.get(part.lower()) if part else None, "clock": clock}


def _p_yearpair(m: re.Match) -> dict:
    if m.group("yy"):
        return {"kind": "yy", "yy": int(m.group("yy")), "prev": int(m.string[m.start() - 5 : m.start() - 1])}
    return {"kind": "date", "year": int(m.group("year")), "bc": True, "month": None, "day": None, "side": True}


def _p_dayonly(m: re.Match) -> dict | None:
    day = _day_of(m)
    night = m.group(0).startswith("Nacht")
    return None if day is None else {"kind": "date", "year": None, "month": None, "day": day,
                                     "part": "NI" if night else None, "borrow": True}


def _p_numdate(m: re.Match) -> dict:
    year = int(m.group("year"))
    return {"kind": "date", "year": year, "yy": len(m.group("year")) == 2, "month": int(m.group("mon")),
            "day": int(m.group("day"))}


def _p_month(m: re.Match) -> dict | None:
    year, bc = _year_of(m)
    name = m.group("month")
    if name.endswith(".") and year is None:
        return None  # a bare abbreviation ("Mär.") is too ambiguous
    mod = m.group("mod")
    return {"kind": "date", "year": year, "bc": bc, "month": _month_of(name), "day": None,
            "mod": MODS[mod.lower()] if mod else None, "borrow": year is None}


def _p_year(m: re.Match) -> dict | None:
    year, bc = _year_of(m)
    text = m.group(0)
    explicit = bc or "Jahr" in text or m.group("mod")
    if not explicit and not (year is not None and 1000 <= year <= 2200):
        return None
    mod = m.group("mod")
    return {"kind": "date", "year": year, "bc": bc, "month": None, "day": None,
            "mod": MODS[mod.lower()] if mod else None, "plain": not explicit}


def _p_season(m: re.Match) -> dict:
    mod = m.group("mod")
    return {"kind": "season", "season": SEASONS[m.group("season").lower()],
            "year": int(m.group("year")) if m.group("year") else None,
            "mod": MODS[mod.lower()] if mod else None}


def _p_decade(m: re.Match) -> dict:
    mod = m.group("mod")
    return {"kind": "fixed", "type": "DATE", "value": m.group("dec"), "mod": MODS[mod.lower()] if mod else None}


def _p_century(m: re.Match) -> dict | None:
    n = int(m.group("cent")) if m.group("cent") else parse_ordinal(m.group("centw"))
    if not n:
        return None
    mod = m.group("mod")
    value = f"BC{n - 1:02d}" if m.group("bc") else f"{n - 1:02d}"
    return {"kind": "fixed", "type": "DATE", "value": value, "mod": MODS[mod.lower()] if mod else None}


_REL_OFFSET = {
    "vergangen": -1, "letzt": -1, "nächst": 1, "kommend": 1, "folgend": 1, "neu": 1,
    "dies": 0, "laufend": 0, "gleich": 0, "selb": 0,
}


def _offset(word: str | None) -> int:
    if not word:
        return 0
    stem = re.sub(r"(?:e[nmrs]?)$", "", word.lower())
    return _REL_OFFSET.get(stem, 0)


def _p_relyear(m: re.Match) -> dict:
    if m.group("compound"):
        word = m.group("compound").lower()
        unit = "month" if word.startswith("vormonat") else "week" if word == "vorwoche" else "year"
        offset = -1 if word.startswith("vor") else 1 if word.startswith(("folge", "jahr darauf")) else 0
        mod = {"jahresende": "END", "jahresbeginn": "START", "jahresanfang": "START", "jahresmitte": "MID"}.get(word)
        return {"kind": "rel", "unit": unit, "offset": offset, "mod": mod}
    if m.group("unit"):
        mod = m.group("mod")
        unit = "year" if m.group("unit").startswith("Jahr") else "month"
        return {"kind": "rel", "unit": unit, "offset": _offset(m.group("rel")), "mod": MODS[mod.lower()]}
    unit = m.group("unit2")
    unit = "year" if unit.startswith("Jahr") else "month" if unit.startswith("Monat") else "week"
    return {"kind": "rel", "unit": unit, "offset": _offset(m.group("rel2")), "mod": None}


def _p_weekday(m: re.Match) -> dict:
    part = m.group("part")
    return {"kind": "weekday", "wd": WEEKDAYS[m.group("wd").lower()], "rel": _offset(m.group("rel")),
            "explicit_rel": bool(m.group("rel")), "part": PARTS.get(part) if part else None}


def _p_deictic(m: re.Match) -> dict:
    word = m.group("word").lower()
    offset = {"heute": 0, "gestern": -1, "vorgestern": -2, "morgen": 1, "übermorgen": 2}[word]
    part = m.group("part")
    return {"kind": "deictic", "offset": offset, "part": PARTS.get(part.lower()) if part else None}


def _p_sameday(m: re.Match) -> dict:
    text = m.group(0)
    rel = m.group("rel") or ("selben" if "diese" in text or "selben" in text else "folgenden")
    unit = m.group("unit") or m.group("unit2") or "Tag"
    return {"kind": "dayrel", "offset": 0 if rel in ("selben", "gleichen") else 1,
            "part": PARTS.get(unit.lower()) if unit != "Tag" else None}


def _fixed(value: str) -> Callable[[re.Match], dict]:
    return lambda m: {"kind": "fixed", "type": "DATE", "value": value, "mod": None, "anchored": True}


_UNIT_KEYS = sorted(UNITS, key=len, reverse=True)


def _unit_key(word: str) -> str:
    """'Stunden' -> 'stunde', 'Jahrzehnten' -> 'jahrzehnt' (the regex only lets units through)."""
    word = word.lower()
    return next(k for k in _UNIT_KEYS if word.startswith(k.rstrip("e")))


def _p_duration(m: re.Match) -> dict | None:
    num, unit = m.group("num"), m.group("unit")
    if not num and not m.group("half"):
        return None  # a bare unit word ("Tag") is not an expression
    base = _unit_key(unit)
    code = UNITS[base]
    # vague counts ("wenige", "einige") parse to None and become "X"
    value: float | None = (parse_number(num if num[0].isdigit() else num.lower()) if num else 1)
    if m.group("half"):
        value = 0.5  # "ein halbes Jahr"
    prep, direction = (m.group("prep") or "").lower(), (m.group("dir") or "").lower()
    sign = -1 if prep == "vor" or direction in ("zuvor", "vorher", "früher") else (
        1 if prep == "nach" or direction in ("später", "danach", "darauf") else 0)
    q = m.group("q")
    mod = "MORE_THAN" if q in ("mehr als", "über") else "LESS_THAN" if q in ("fast", "knapp") else (
        "APPROX" if q in ("rund", "etwa", "ungefähr") else "EQUAL_OR_MORE" if q == "mindestens" else None)
    if sign == 0 and prep:
        return None  # "vor Tagen" without a number stays out
    return {"kind": "duration", "code": code, "n": value, "sign": sign, "mod": mod, "unit": base}


_ADJ_UNIT = {"tägig": "D", "wöchig": "W", "monatig": "M", "jährig": "Y", "stündig": "H", "tage": "D",
             "wochen": "W", "monate": "M", "jahre": "Y", "jahrzehnte": "DE"}


def _p_vague(m: re.Match) -> dict:
    if m.group("folge"):
        return {"kind": "fixed", "type": "DURATION", "value": "PXY", "mod": None}
    code = {"t": "D", "w": "W", "m": "M", "j": "Y"}[m.group("unit")[0].lower()]
    return {"kind": "fixed", "type": "DURATION", "value": f"PX{code}", "mod": None}


def _p_adjdur(m: re.Match) -> dict | None:
    if m.group("long"):
        return {"kind": "fixed", "type": "DURATION", "value": f"PX{_ADJ_UNIT[m.group('long')]}", "mod": None}
    n = m.group("num").lower()
    count = "X" if n in ("mehr", "viel") else f"{parse_number(n):g}" if parse_number(n) else None
    if count is None:
        return None
    code = _ADJ_UNIT[m.group("unit")]
    prefix = "PT" if code == "H" else "P"
    return {"kind": "fixed", "type": "DURATION", "value": f"{prefix}{count}{code}", "mod": None}


def _p_set(m: re.Match) -> dict:
    if m.group("wds"):
        return {"kind": "fixed", "type": "SET", "value": f"XXXX-WXX-{WEEKDAYS[m.group('wds')]}", "mod": None}
    if m.group("adv"):
        return {"kind": "fixed", "type": "SET", "value": SET_ADVERBS[m.group("adv")], "mod": None}
    every = m.group("every").lower()
    if every in WEEKDAYS:
        return {"kind": "fixed", "type": "SET", "value": f"XXXX-WXX-{WEEKDAYS[every]}", "mod": None}
    return {"kind": "fixed", "type": "SET", "value": f"P1{UNITS[every][0]}", "mod": None}


def _p_clock(m: re.Match) -> dict:
    if m.group(0) == "Mitternacht":
        return {"kind": "clock", "h": 24, "m": 0, "tz": None}
    minute = m.group("m") or m.group("m2") or "0"
    tz = "+01" if m.group("tz") and "MESZ" not in m.group("tz") else ("+02" if m.group("tz") else None)
    return {"kind": "clock", "h": int(m.group("h")), "m": int(minute), "tz": tz}


_PARSERS: dict[str, Callable[[re.Match], dict | None]] = {
    "date": _p_date, "yearpair": _p_yearpair, "dayonly": _p_dayonly, "numdate": _p_numdate, "isodate": _p_numdate,
    "month": _p_month, "year": _p_year, "season": _p_season, "decade": _p_decade,
    "century": _p_century, "relyear": _p_relyear, "weekday": _p_weekday, "deictic": _p_deictic,
    "sameday": _p_sameday, "present": _fixed("PRESENT_REF"), "future": _fixed("FUTURE_REF"),
    "past": _fixed("PAST_REF"), "vague": _p_vague, "adjdur": _p_adjdur, "duration": _p_duration, "set": _p_set, "clock": _p_clock,
}


# --- candidate selection ----------------------------------------------------------------------


def _candidates(text: str) -> list[_Cand]:
    """All rule matches, longest first, without overlaps, in text order."""
    found = []
    for name, rx in _COMPILED:
        for m in rx.finditer(text):
            if m.end() > m.start():
                found.append(_Cand(m.start(), m.end(), name, m))
    found.sort(key=lambda c: (c.start - c.end, c.start))
    taken = bytearray(len(text) + 1)
    chosen = []
    for c in found:
        if any(taken[c.start : c.end]):
            continue
        f = _PARSERS[c.rule](c.m)
        if f is None or (f.get("plain") and _counted(text, c.start, c.end)):
            continue
        c.f = f
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    _borrow(chosen, text)
    return chosen


def _counted(text: str, start: int, end: int) -> bool:
    return bool(_COUNTED.match(text, end)) and not _YEAR_CUE.search(text, max(0, start - 12), start)


def _borrow(cands: list[_Cand], text: str) -> None:
    """'vom 3. bis 5. März', 'Mai/Juni 1940': take missing month/year from the next date."""
    for cur, nxt in zip(cands, cands[1:]):
        if not cur.f.get("borrow") or nxt.f.get("kind") != "date":
            continue
        if not _CONNECT.fullmatch(text, cur.end, nxt.start):
            continue
        if cur.f["month"] is None:
            cur.f["month"] = nxt.f["month"]
        if cur.f["year"] is None:
            cur.f["year"], cur.f["bc"] = nxt.f["year"], nxt.f.get("bc", False)


# --- resolution -------------------------------------------------------------------------------


def _closest_year(month: int, day: int | None, anchor: dt.date, direction: int) -> int:
    """Year for a month (and day) without one, seen from the article date."""
    here = (month, day or 0)
    now = (anchor.month, anchor.day if day else 0)
    if direction < 0:
        return anchor.year if here <= now else anchor.year - 1
    if direction > 0:
        return anchor.year if here >= now else anchor.year + 1
    diff = (month - anchor.month) % 12
    return anchor.year + (1 if anchor.month + diff > 12 else 0) if diff <= 5 else (
        anchor.year if month <= anchor.month else anchor.year - 1)


def _shift(year: int, month: int | None, day: int | None, n: int, unit: str):
    if unit == "year":
        return year + n, month, day
    if unit == "month":
        total = year * 12 + (month or 1) - 1 + n
        return total // 12, total % 12 + 1, None if day is None else min(day, 28)
    if day is None or month is None:
        return year, month, day
    d = dt.date(year, month, day) + dt.timedelta(days=n * (7 if unit == "week" else 1))
    return d.year, d.month, d.day


def _resolve(c: _Cand, ctx: _Ctx) -> tuple[str, str, str | None, str | None] | None:
    """(type, value, mod, anchor) for one candidate; updates the narrative reference."""
    f, kind = c.f, c.f["kind"]
    if kind == "fixed":
        value = f["value"]
        anchor = ctx.anchor_str() if f.get("anchored") else None
        return f["type"], value, f["mod"], anchor
    if kind == "date":
        return _resolve_date(c, ctx)
    if kind == "yy":
        century = f["prev"] - f["prev"] % 100
        return "DATE", _fmt(century + f["yy"] + (100 if f["yy"] < f["prev"] % 100 else 0)), None, None
    if kind == "season":
        year = f["year"]
        anchor = None
        if year is None:
            year, anchor = _underspecified_year(c, ctx, SEASON_MONTH[f["season"]], None)
        else:
            ctx.ref = (year, None, None)
        return "DATE", f"{_fmt(year)}-{f['season']}", f["mod"], anchor
    if kind == "rel":
        return _resolve_rel(f, ctx)
    if kind == "weekday":
        return _resolve_weekday(c, ctx)
    if kind in ("deictic", "dayrel"):
        return _resolve_deictic(f, ctx)
    if kind == "duration":
        return _resolve_duration(c, ctx)
    if kind == "clock":
        return _resolve_clock(c, ctx)
    return None


def _underspecified_year(c: _Cand, ctx: _Ctx, month: int, day: int | None) -> tuple[int | None, str | None]:
    if not ctx.narrative and ctx.date:
        return _closest_year(month, day, ctx.date, ctx.direction(c.start, c.end)), ctx.date.isoformat()
    return ctx.ref[0], ctx.anchor_str()


def _resolve_date(c: _Cand, ctx: _Ctx):
    f = c.f
    year, month, day, bc = f["year"], f["month"], f["day"], f.get("bc", False)
    anchor = None
    if year is not None and f.get("yy"):
        base = ctx.anchor_year or 1900
        century = base - base % 100
        year = century + year if century + year <= base + 10 else century - 100 + year
    if year is None and month is not None:
        year, anchor = _underspecified_year(c, ctx, month, day)
        bc = bc or (ctx.narrative and ctx.ref_bc)
    elif year is None:
        year, month, anchor = ctx.ref[0], ctx.ref[1], ctx.anchor_str()
    if year is not None and (not anchor or ctx.narrative) and _moves_reference(c, ctx, year, month):
        ctx.ref, ctx.ref_bc = (year, month, day), bc
    value = _fmt(year, month, day, bc)
    if f.get("clock") and day is not None:
        h, mi, tz = f["clock"]
        return "TIME", f"{value}T{h:02d}:{mi:02d}{tz}", None, anchor
    if f.get("part") and day is not None:
        return "TIME", f"{value}T{f['part']}", None, anchor
    if day is not None and month is not None:
        ctx.last_day = (ctx.sentence(c.start)[0], value)
    return "DATE", value, f.get("mod"), anchor


_SIDE_YEAR = re.compile(r"[/–-]\d")


def _moves_reference(c: _Cand, ctx: _Ctx, year: int, month: int | None) -> bool:
    """Side remarks ('(1908)', '1870/71', 'bis 1915') do not move the narrative's time."""
    text = ctx.text
    return not (
        month is None
        and (
            (c.start > 0 and text[c.start - 1] == "(")
            or _SIDE_YEAR.match(text, c.end)
            or c.f.get("side")
            or _role(c, text, "DATE") != "point"
        )
    )


def _resolve_rel(f: dict, ctx: _Ctx):
    unit, offset = f["unit"], f["offset"]
    y: int | None
    mo: int | None
    d: int | None
    if not ctx.narrative and ctx.date:
        y, mo, d = ctx.date.year, ctx.date.month, ctx.date.day
    else:
        y, mo, d = ctx.ref
    anchor = ctx.anchor_str()
    if y is None:
        return "DATE", "XXXX", f["mod"], None
    if unit == "year":
        if ctx.narrative and offset > 0 and not f["mod"]:
            ctx.ref = (y + offset, None, None)
        return "DATE", _fmt(y + offset), f["mod"], anchor
    if unit == "month":
        if mo is None:
            return "DATE", _fmt(y), f["mod"], anchor
        y2, m2, _ = _shift(y, mo, None, offset, "month")
        return "DATE", _fmt(y2, m2), f["mod"], anchor
    if mo is None or d is None:
        return "DATE", _fmt(y), None, anchor
    year, week, _ = (dt.date(y, mo, d) + dt.timedelta(weeks=offset)).isocalendar()
    return "DATE", f"{year:04d}-W{week:02d}", f["mod"], anchor


def _resolve_weekday(c: _Cand, ctx: _Ctx):
    f = c.f
    if not ctx.narrative and ctx.date:
        base = ctx.date
        if f["explicit_rel"]:
            direction = f["rel"]
        elif _FORWARD_SIGNAL.search(ctx.text, max(0, c.start - 8), c.start):
            direction = 1
        else:
            direction = ctx.direction(c.start, c.end)
        delta = f["wd"] - base.isoweekday()
        if direction > 0:
            delta %= 7
            if f["explicit_rel"] and delta == 0:
                delta = 7
        else:
            delta = -((-delta) % 7)
            if f["explicit_rel"] and direction < 0 and delta == 0:
                delta = -7
        day = base + dt.timedelta(days=delta)
        anchor = base.isoformat()
    elif ctx.ref[2] is not None:
        base = dt.date(*ctx.ref)  # type: ignore[arg-type]
        delta = (f["wd"] - base.isoweekday()) % 7
        day = base + dt.timedelta(days=delta)
        anchor = base.isoformat()
    else:
        return "DATE", f"XXXX-WXX-{f['wd']}", None, None
    value = day.isoformat()
    ctx.last_day = (ctx.sentence(c.start)[0], value)
    if f["part"]:
        return "TIME", f"{value}T{f['part']}", None, anchor
    return "DATE", value, None, anchor


def _resolve_deictic(f: dict, ctx: _Ctx):
    if not ctx.narrative and ctx.date:
        base = ctx.date
    elif f["kind"] == "dayrel" and ctx.ref[2] is not None:
        base = dt.date(*ctx.ref)  # type: ignore[arg-type]
    else:
        if f["kind"] == "deictic" and f["offset"] == 0:
            return "DATE", "PRESENT_REF", None, ctx.anchor_str()
        return "DATE", "XXXX-XX-XX", None, None
    day = base + dt.timedelta(days=f["offset"])
    if ctx.narrative:
        ctx.ref = (day.year, day.month, day.day)
    value = day.isoformat()
    if f["part"]:
        return "TIME", f"{value}T{f['part']}", None, base.isoformat()
    return "DATE", value, None, base.isoformat()


def _duration_value(f: dict) -> str:
    n, code = f["n"], f["code"]
    if code == "DE":
        n, code = (n * 10 if n is not None else None), "Y"
    if code == "CE":
        n, code = (n * 100 if n is not None else None), "Y"
    if n is None:
        count = "X"
    elif n != int(n):
        # half units: express in the next smaller unit where one exists
        smaller = {"Y": (12, "M"), "D": (24, "H"), "H": (60, "M"), "W": (7, "D")}
        if code in smaller:
            k, code = smaller[code]
            n = n * k
        count = f"{n:g}"
    else:
        count = str(int(n))
    return f"PT{count}{code}" if f["unit"] in ("sekunde", "minute", "stunde") else f"P{count}{code}"


def _resolve_duration(c: _Cand, ctx: _Ctx):
    f = c.f
    if f["sign"] == 0 or f["n"] is None or f["n"] != int(f["n"]):
        return "DURATION", _duration_value(f), f["mod"], None
    y: int | None
    mo: int | None
    d: int | None
    if not ctx.narrative and ctx.date:
        y, mo, d = ctx.date.year, ctx.date.month, ctx.date.day
    else:
        y, mo, d = ctx.ref
    if y is None:
        return "DURATION", _duration_value(f), f["mod"], None
    unit = {"D": "day", "W": "week", "M": "month", "Y": "year"}.get(f["code"])
    if unit is None or f["unit"] in ("minute", "sekunde", "stunde"):
        return "DURATION", _duration_value(f), f["mod"], None
    anchor = _fmt(y, mo, d)
    y2, m2, d2 = _shift(y, mo, d, int(f["n"]) * f["sign"], unit)
    if unit == "year":
        m2 = d2 = None
    if ctx.narrative:
        ctx.ref = (y2, m2, d2)
    return "DATE", _fmt(y2, m2, d2), None, anchor


def _resolve_clock(c: _Cand, ctx: _Ctx):
    f = c.f
    sent = ctx.sentence(c.start)[0]
    if ctx.last_day and ctx.last_day[0] == sent:
        day = ctx.last_day[1]
    elif not ctx.narrative and ctx.date:
        day = ctx.date.isoformat()
    elif ctx.ref[2] is not None:
        day = _fmt(*ctx.ref)
    else:
        day = "XXXX-XX-XX"
    return "TIME", f"{day}T{f['h']:02d}:{f['m']:02d}{f['tz'] or ''}", None, None


def _role(c: _Cand, text: str, ttype: str) -> str:
    """begin/end/deadline from the preposition in front ('seit', 'bis', 'bis spätestens')."""
    if ttype not in ("DATE", "TIME"):
        return "point"
    m = _ROLE_SIGNAL.search(text, max(0, c.start - 40), c.start)
    if not m:
        return "point"
    sig, rest = m.group("sig").lower(), m.group("rest").lower()
    if sig == "spätestens" or "spätestens" in rest:
        return "deadline"
    if sig in ("bis", "binnen", "innerhalb"):
        return "end"
    if sig in ("seit", "ab"):
        return "begin"
    return "begin" if _RANGE_BIS.match(text, c.end) else "point"


def find_times(text: str, date: dt.date | None, genre: str = "news", sent_starts: list[int] | None = None) -> list[Time]:
    """All temporal expressions in ``text``, resolved against ``date`` (news) or the text (narrative)."""
    ctx = _Ctx(date=date, narrative=genre == "narrative" or date is None, text=text,
               sent_starts=sent_starts or [0])
    if ctx.narrative and date is not None:
        ctx.ref = (date.year, date.month, date.day)
    times = []
    for c in _candidates(text):
        resolved = _resolve(c, ctx)
        if resolved is None:
            continue
        ttype, value, mod, anchor = resolved
        times.append(Time(start=c.start, end=c.end, text=text[c.start : c.end], type=ttype, value=value,
                          mod=mod, role=_role(c, text, ttype), anchor=anchor))
    return times


class TimeTagger:
    """spaCy component: writes ``doc._.chronik_times`` (list of :class:`chronik.record.Time`)."""

    def __init__(self, nlp: Language, name: str = "chronik_time", default_genre: str = "news"):
        self.name = name
        self.default_genre = default_genre

    def __call__(self, doc: Doc) -> Doc:
        starts = [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else [0]
        genre = doc._.chronik_genre or self.default_genre
        doc._.chronik_times = find_times(doc.text, doc._.chronik_date, genre, starts)
        return doc


@Language.factory("chronik_time", default_config={"default_genre": "news"})
def make_component(nlp: Language, name: str, default_genre: str):
    return TimeTagger(nlp, name, default_genre)
