"""Temporal expressions normalised against the article date (``chronik_time``).

Rules are compiled regexes over ``doc.text``; each match becomes a
:class:`chronik.record.Time` with a TIMEX3-style value. Spans follow the TIMEX
convention: prepositions ("am", "im", "bis", "seit") are *not* part of the span
but decide the ``role``; modifiers ("Anfang", "Mitte", "Ende") and "Jahr" are.

News (default genre, article date known): relative expressions resolve against
the article date as a careful reader does: the tense of the expression's own clause
(``chronik.analyse.tense``) decides the direction of weekdays, yearless dates,
holidays and year edges; an explicit date beside a weekday wins. Narrative genre,
or no article date: they resolve against the last explicit date in the text
(HeidelTime's narrative mode). ``docs/time.md`` lists the values and modifiers.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..record import Time
from . import extensions, tense  # noqa: F401
from .extensions import doc_text
from .numbers import NUMBER_WORD, ORDINAL_WORD, parse_number, parse_ordinal
from .regex_gates import finditer, needed

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
# fixed-date holidays (month, day) and movable ones (days after Easter Sunday)
HOLIDAYS_FIXED = {
    "heiligabend": (12, 24), "heiligen abend": (12, 24), "weihnachten": (12, 25), "silvester": (12, 31),
    "neujahr": (1, 1), "neujahrstag": (1, 1), "tag der deutschen einheit": (10, 3), "allerheiligen": (11, 1),
    "reformationstag": (10, 31), "nikolaustag": (12, 6),
}
HOLIDAYS_EASTER = {
    "rosenmontag": -48, "aschermittwoch": -46, "gründonnerstag": -3, "karfreitag": -2, "ostern": 0,
    "ostersonntag": 0, "ostertage": 0, "ostermontag": 1, "christi himmelfahrt": 39, "himmelfahrt": 39,
    "pfingsten": 49, "pfingstsonntag": 49, "pfingstmontag": 50, "fronleichnam": 60,
}
DAY_ADJECTIVES = {"vorgestrig": -2, "gestrig": -1, "heutig": 0, "morgig": 1, "übermorgig": 2}
YEAR_ADJECTIVES = {"diesjährig": 0, "letztjährig": -1, "vorjährig": -1, "nächstjährig": 1}
# nouns after "heutig-" naming an occasion of that day ("des heutigen Besuchs"); other nouns make it
# "present-day" ("der heutigen Ukraine"); words ending in -ung count as occasions too
OCCASION_NOUNS = frozenset(
    ["Besuch", "Besuchs", "Treffen", "Treffens", "Sitzung", "Spiel", "Spiels", "Spieltag", "Termin", "Gipfel", "Gipfels", "Wahl", "Abstimmung", "Ausgabe", "Konferenz", "Pressekonferenz", "Debatte", "Gespräch", "Gesprächs", "Start", "Starts", "Auftakt", "Anschlag", "Angriff", "Unglück", "Unfall", "Feiertag", "Rennen", "Finale", "Halbfinale", "Urteil", "Beschluss", "Streik", "Protest", "Demonstration", "Rede", "Interview", "Tag", "Tages", "Datum", "Abend", "Morgen", "Nachmittag", "Vormittag", "Mittag", "Nacht", "Jahrestag", "Gedenktag"]
)

SET_ADVERBS = {
    "stündlich": "PT1H", "täglich": "P1D", "wöchentlich": "P1W", "monatlich": "P1M",
    "jährlich": "P1Y", "alljährlich": "P1Y",
}
PRESENT_WORDS = (
    r"[Dd]erzeit|[Zz]urzeit|[Jj]etzt|[Ii]nzwischen|[Gg]egenwärtig|[Hh]eutzutage|heutige[nr]? Tag|heutiger Sicht|in diesen Zeitraum"
    r"|[Mm]omentan|[Aa]ktuell|zur Zeit"
)
# "zu diesem Zeitpunkt", "zu dieser Zeit" point back to a time the text named: not the present, so not tagged
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
_MOD = r"(?:[Gg]egen\s+)?(?P<mod>Anfang|Beginn|Mitte|Ende)"
# "März dieses Jahres", "im April des letzten Jahres": the year named relative to the article's
_YREL = (r"\s+(?P<yrel>dieses|diesen|desselben|des(?:\s+(?:vergangenen|letzten|kommenden|nächsten|folgenden|laufenden"
         r"|gleichen|vorigen))?)\s+Jahres(?!\s*\d)")
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
     rf"(?:{_WD},?\s+(?:(?:de[nm]|am)\s+)?)?{_DAY}\s*{_M}(?:\s+{_YEAR}|{_YREL})?"
     r"(?:,?\s+(?P<h>[01]?\d|2[0-4])(?:[:.](?P<mi>[0-5]\d))?\s+Uhr(?P<tz>\s+mitteleuropäischer Zeit|\s+MEZ|\s+MESZ)?)?"),
    ("yearpair", r"(?<=\d{4}[/–-])(?P<yy>\d{2})(?![\d.])|(?P<year>\d{1,4})(?=[/–-]\d{1,4}\s*v\.\s?Chr)"),
    ("dayonly", rf"(?:Nacht vom\s+)?(?<![\d.]){_DAY}(?=\s*(?:/|–|-|bis(?: zum)?|und|auf den)\s*(?:(?:zum|den|am)\s+)?\d{{1,2}}\.\s*{_M})"),
    ("numdate", r"(?<![\d.])(?P<day>[12]\d|3[01]|0?[1-9])\.(?P<mon>1[0-2]|0?[1-9])\.(?P<year>\d{4}|\d{2})(?![\d])"),
    ("isodate", r"(?<![\d.-])(?P<year>\d{4})-(?P<mon>1[0-2]|0[1-9])-(?P<day>[12]\d|3[01]|0[1-9])(?![\d])"),
    ("month", rf"(?:{_MOD}\s+)?{_M}(?:\s+{_YEAR}|{_YREL})?"),
    ("year", rf"(?:{_MOD}\s+(?:des\s+Jahres\s+)?)?(?:(?:das\s+)?Jahr(?:e|es)?\s+)?{_YEAR}"),
    ("season", r"(?:(?P<mod>Anfang|Beginn|Mitte|Ende)\s+(?:des\s+)?)?(?P<season>Frühjahr|Frühling|Sommer|Herbst|Winter|Frühsommer|Spätsommer|Spätherbst|Frühherbst)(?:e?s)?"
     r"(?:\s+(?:des\s+Jahres\s+)?(?P<year>\d{4})(?:/\d{2,4})?)?"),
    ("decade", rf"(?:{_MOD}\s+der\s+)?(?P<dec>\d{{3}})0er(?:-?\s?[Jj]ahren?|-Jahre)?(?![\w-])"),
    ("century", rf"(?:{_MOD}\s+des\s+)?(?:(?P<cent>\d{{1,2}})\.|(?P<centw>{ORDINAL_WORD}))\s+(?:Jahrhunderts?|Jh\.)(?P<bc>\s+v\.\s?Chr\.?)?"),
    ("relyear", r"(?:(?:[Gg]egen\s+)?(?P<mod>Anfang|Beginn|Mitte|Ende|Laufe)\s+(?:des|dieses)\s+(?:(?P<rel>vergangenen|letzten|nächsten|kommenden|folgenden|laufenden)\s+)?(?P<unit>Jahres|Monats))"
     r"|(?P<wmod2>Anfang|Mitte|Ende|Laufe)\s+der\s+(?:(?P<rel4>vergangenen|letzten|nächsten|kommenden)\s+)?Woche(?![\w-])"
     r"|(?:(?P<wmod>Anfang|Mitte|Ende)\s+)?(?P<rel2>[Dd]ies(?:es|em|en|er|e)|[Vv]ergangen(?:e[nmrs]?)?|[Ll]etzte[nmrs]?|[Nn]ächste[nmrs]?|[Kk]ommende[nmrs]?"
     r"|folgenden?|laufenden?|abgelaufenen?|neue[ns]?|gleichen|selben)\s+(?P<unit2>Jahr(?:es)?|Monat(?:s)?|Woche)(?![\w-])"
     r"|(?P<compound>Vorjahr(?:es)?|Folgejahr(?:es)?|Jahr darauf|Jahresende|Jahreswechsels?|Jahresbeginns?|Jahresanfangs?|Jahresmitte|Vormonat(?:s)?|Vorwoche|vor Jahresfrist"
     r"|Monatsende|Monatsanfang|Monatsbeginn|Monatsmitte|Wochenbeginn|Wochenanfang|Wochenmitte)"
     r"(?:\s+(?P<cyear>\d{4})(?![\d.,]\d))?"),
    ("quarter", r"(?:(?P<mod>Anfang|Mitte|Ende)\s+(?:des\s+)?)?(?P<qn>ersten|zweiten|dritten|vierten|letzten|laufenden|vergangenen"
     r"|kommenden|nächsten|[1-4]\.)\s+Quartals?(?:es)?(?:\s+(?:des\s+Jahres\s+)?(?P<qy>\d{4}))?(?![\w-])"),
    ("weekday", r"(?P<night>Nacht\s+(?:zum|auf(?:\s+den)?)\s+(?:(?:heutigen|morgigen|gestrigen)\s+)?)?"
     rf"(?:(?P<rel>vergangenen|letzten|nächsten|kommenden|diesen|diesem|kommende|nächste|vergangene|letzte)\s+)?{_WD}"
     r"(?:(?P<part>abend|morgen|nachmittag|vormittag|nacht|mittag)|\s+(?P<part2>Morgen|Vormittag|Mittag|Nachmittag|Abend)(?!\s+des))?(?!s\b)"
     r"(?:\s+(?:der\s+)?(?P<wrel>kommende[nr]|nächste[nr]|vergangene[nr]|letzte[nr]|dieser)\s+Woche(?![\w-]))?"),
    ("deictic", r"(?P<word>[Hh]eute|[Gg]estern|[Vv]orgestern|morgen|[Üü]bermorgen|(?<=[.!?] )Morgen(?! des))"
     r"(?:\s+(?P<part>früh|[Mm]orgen|[Vv]ormittag|[Mm]ittag|[Nn]achmittag|[Aa]bend|[Nn]acht))?"
     rf"(?:\s+vor\s+(?P<ago>\d+|{NUMBER_WORD})\s+Jahren)?(?![\w-])"),
    ("adjday", r"(?P<adj>[Hh]eutig|[Gg]estrig|[Vv]orgestrig|[Mm]orgig|[Üü]bermorgig)e[nmrs]?"
     r"(?:\s+(?:(?P<wd>Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag)"
     r"(?P<wpart>abend|morgen|nachmittag|vormittag|nacht|mittag)?|(?P<part>Morgen|Vormittag|Mittag|Nachmittag|Abend|Nacht)"
     r"|(?P<tag>Tag(?:es|e)?))(?![\w-]))?"
     r"|(?P<yadj>[Dd]iesjährig|[Ll]etztjährig|[Vv]orjährig|[Nn]ächstjährig)e[nmrs]?"),
    ("holiday", r"(?:(?P<hrel>vergangenen|letzten|kommenden|nächsten|diesjährigen|gestrigen|heutigen|morgigen)\s+)?"
     r"(?:(?P<nth>[Ee]rsten|[Zz]weiten|1\.|2\.)\s+(?P<xmas>Weihnachtstag|Weihnachtsfeiertag|Feiertag)|(?P<hol>Heiligabend|Heiligen Abend"
     r"|Weihnachten|Silvester|Neujahr|Neujahrstag|Tag der Deutschen Einheit|Allerheiligen|Reformationstag|Nikolaustag"
     r"|Rosenmontag|Aschermittwoch|Gründonnerstag|Karfreitag|Ostersonntag|Ostermontag|Ostern|Ostertage|Christi Himmelfahrt"
     r"|Himmelfahrt|Pfingstsonntag|Pfingstmontag|Pfingsten|Fronleichnam)(?:n|s|es)?)(?:\s+(?P<hyear>\d{4}))?(?![\w-])"),
    ("weekend", r"(?:(?P<rel>vergangenen|letzten|kommenden|nächsten|diesem|dieses|kommende|nächste|vergangene|letzte)\s+)?"
     r"Wochenendes?(?![\w-])(?!\s+(?:des|vom)\s+\d)"),
    ("lastnight", r"(?P<rel>vergangenen|letzten|heutigen|kommenden)\s+Nacht(?![\w-])"),
    ("sameday", r"(?P<rel>selben|gleichen|folgenden|nächsten|darauffolgenden)\s+(?P<unit>Tag|Morgen|Vormittag|Abend)"
     r"|[Tt]ags darauf|(?:am\s+)?Tag darauf|an diesem Tag|(?P<unit2>Morgen|Abend|Nachmittag) (?:dieses|desselben) Tages"
     r"|(?P<before>Vortag(?:es)?|Vorabend(?:s)?)(?![\w-])(?!\s+(?:der|des|von|vom|zum|seine[rs]?|ihre[rs]?)\b)"),
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

_ROLE_SIGNAL = re.compile(
    r"(?<![\w-])(?P<sig>seit|ab|vom|von|bis|spätestens|binnen|innerhalb)"
    r"(?P<rest>(?:\s+(?:spätestens|zum|zur|im|in|am|dem|den|der|des|Jahr|Jahre))*)\s*$",
    re.IGNORECASE,
)
_FORWARD_SIGNAL = re.compile(r"(?<![\w-])(?:[Aa]b|[Bb]is)\s+$")
_SINCE = re.compile(r"(?<![\w-])[Ss]eit(?:\s+(?:dem|der))?\s+$")  # "seit Ende April": it lies before
_RANGE_BIS = re.compile(r"\s*(?:bis|–|-)\s")
# "1500 Panzer": a plain four-digit number before a noun counts things, unless a year cue precedes it.
_COUNTED = re.compile(r"[ \t]+(?:(?!(?:die|der|das|den|dem|des|eine[nmrs]?|seine[nmrs]?|ihre[nmrs]?)\b)[a-zäöü]+e[nmrs]?[ \t]+)?[A-ZÄÖÜ]")
_YEAR_CUE = re.compile(
    r"(?:\b(?:im|Im|seit|Seit|bis|ab|Ab|vom|von|Jahr|Jahre|Jahres|zwischen|nach|vor|Ende|Anfang|Mitte|Sommer|Herbst"
    r"|Winter|Frühjahr|Frühjahres|Frühling)|[,(*\n])\s*$"
)


@dataclass
class Parsed:
    """What one rule match says on its own, before the context resolves it.

    ``kind`` selects the resolver: date, yy (a two-digit year after a full one), season, rel
    (relative year/month/week), weekday, deictic (heute/gestern), dayrel (am selben Tag), duration,
    clock, holiday, fixed (a value needing no context).
    """

    kind: str
    type: str = "DATE"
    value: str | None = None  # fixed
    year: int | None = None
    month: int | None = None
    day: int | None = None
    bc: bool = False
    two_digit: bool = False  # "1.9.39"
    mod: str | None = None
    part: str | None = None  # time of day: MO, AF, EV, NI ...
    clock: tuple[int, int, str] | None = None
    borrow: bool = False  # takes a missing month/year from the next date ("3. bis 5. März")
    side: bool = False  # a side remark that does not move the narrative reference
    plain: bool = False  # a bare four-digit number: maybe a count
    anchored: bool = False
    season: str | None = None
    unit: str | None = None
    offset: int = 0
    year_rel: int | None = None  # "März dieses Jahres" 0, "des letzten Jahres" -1
    wd: int | None = None
    rel: int = 0
    explicit_rel: bool = False
    night: bool = False  # "in der Nacht zum Samstag": the night before that day
    yy: int | None = None
    prev: int | None = None
    n: float | None = None
    code: str | None = None
    sign: int = 0
    h: int = 0
    mi: int = 0
    tz: str | None = None
    holiday: str | None = None
    week: int | None = None  # the weekday's week relative to the article's: "Dienstag kommender Woche" 1


@dataclass
class _Cand:
    start: int
    end: int
    rule: str
    m: re.Match
    f: Parsed = field(default_factory=lambda: Parsed("none"))


@dataclass
class _Ctx:
    """Resolution state: the article date (news) and the running narrative reference."""

    date: dt.date | None
    narrative: bool
    ref: tuple[int | None, int | None, int | None] = (None, None, None)
    sent_starts: list[int] = field(default_factory=list)
    text: str = ""
    last_day: tuple[int, str, int] | None = None  # (sentence index, date value, position) for clock times
    ref_bc: bool = False
    # news: the last date the text itself named (for "zwei Tage zuvor", "am nächsten Tag") and the years
    # it named, by sentence (for "gegenüber dem Vorjahr")
    last_named: tuple[int, int | None, int | None] | None = None
    years: list[tuple[int, int]] = field(default_factory=list)

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

    def name(self, pos: int, year: int, month: int | None = None, day: int | None = None) -> None:
        """News: the text named this date (a reference for "zwei Tage zuvor" and "Vorjahr")."""
        self.last_named = (year, month, day)
        self.years.append((self.sentence(pos)[0], year))

    def year_named_near(self, start: int, end: int) -> int | None:
        """The year named last in this sentence, else next in it, else last in the previous sentence."""
        sent, _, e = self.sentence(start)
        last = self.years[-1] if self.years else None
        if last and last[0] == sent:
            return last[1]
        m = re.search(r"(?<![\d.,])(1[89]\d\d|20\d\d)(?!\d|[.,]\d)", self.text[end:e])
        if m:
            return int(m.group(1))
        return last[1] if last and last[0] == sent - 1 else None

    def direction(self, start: int, end: int, sentence: bool = True) -> int:
        """-1 before, +1 after, 0 unknown: the tense of the expression's own clause (``tense``)."""
        _, s, e = self.sentence(start)
        return tense.direction(self.text, start, end, s, e, sentence)

    def obliged(self, start: int, end: int) -> bool:
        """'muss/müssen' in the clause: "Die Wahl muss in sechzig Tagen stattfinden"."""
        _, s, e = self.sentence(start)
        lo, hi = tense.clause(self.text, start, end, s, e)
        return bool(re.search(r"\bm(?:uss|üssen)\b", self.text[lo:hi]))

    def present(self, start: int, end: int) -> bool:
        _, s, e = self.sentence(start)
        return tense.present_verb_next_to(self.text, start, end, s, e)

    def nowadays(self, start: int, end: int) -> bool:
        _, s, e = self.sentence(start)
        return tense.nowadays(self.text, start, end, s, e)


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


def _p_date(m: re.Match) -> Parsed | None:
    day = _day_of(m)
    if day is None:
        return None
    year, bc = _year_of(m)
    part = _g(m, "part")
    clock = (int(m.group("h")), int(m.group("mi") or 0), "+01" if m.group("tz") else "") if m.group("h") else None
    return Parsed(kind="date", year=year, bc=bc, month=_month_of(m.group("month")), day=day,
                  part=PARTS.get(part.lower()) if part else None, clock=clock, year_rel=_year_rel(m),
                  borrow=year is None and _year_rel(m) is None,
                  wd=WEEKDAYS[m.group("wd").lower()] if m.group("wd") else None)


def _year_rel(m: re.Match) -> int | None:
    rel = _g(m, "yrel")
    return None if rel is None else _offset(rel.split()[-1]) if " " in rel else 0


def _p_yearpair(m: re.Match) -> Parsed:
    if m.group("yy"):
        return Parsed(kind="yy", yy=int(m.group("yy")), prev=int(m.string[m.start() - 5 : m.start() - 1]))
    return Parsed(kind="date", year=int(m.group("year")), bc=True, month=None, day=None, side=True)


def _p_dayonly(m: re.Match) -> Parsed | None:
    day = _day_of(m)
    night = m.group(0).startswith("Nacht")
    return None if day is None else Parsed(kind="date", year=None, month=None, day=day,
                                     part="NI" if night else None, borrow=True)


def _p_numdate(m: re.Match) -> Parsed:
    year = int(m.group("year"))
    return Parsed(kind="date", year=year, two_digit=len(m.group("year")) == 2, month=int(m.group("mon")),
            day=int(m.group("day")))


def _p_month(m: re.Match) -> Parsed | None:
    year, bc = _year_of(m)
    name = m.group("month")
    if name.endswith(".") and year is None:
        return None  # a bare abbreviation ("Mär.") is too ambiguous
    if not m.group("mod") and year is None and _after_name(m):
        return None  # "Chiang Mai"
    mod = m.group("mod")
    rel = _year_rel(m)
    return Parsed(kind="date", year=year, bc=bc, month=_month_of(name), day=None,
                  mod=MODS[mod.lower()] if mod else None, borrow=year is None and rel is None, year_rel=rel)


def _p_year(m: re.Match) -> Parsed | None:
    year, bc = _year_of(m)
    text = m.group(0)
    explicit = bc or "Jahr" in text or m.group("mod")
    if not explicit and not (year is not None and 1000 <= year <= 2200):
        return None
    mod = m.group("mod")
    return Parsed(kind="date", year=year, bc=bc, month=None, day=None,
            mod=MODS[mod.lower()] if mod else None, plain=not explicit)


def _p_season(m: re.Match) -> Parsed:
    mod = m.group("mod")
    return Parsed(kind="season", season=SEASONS[m.group("season").lower()],
            year=int(m.group("year")) if m.group("year") else None,
            mod=MODS[mod.lower()] if mod else None)


def _p_decade(m: re.Match) -> Parsed:
    mod = m.group("mod")
    return Parsed(kind="fixed", type="DATE", value=m.group("dec"), mod=MODS[mod.lower()] if mod else None)


def _p_century(m: re.Match) -> Parsed | None:
    n = int(m.group("cent")) if m.group("cent") else parse_ordinal(m.group("centw"))
    if not n:
        return None
    mod = m.group("mod")
    value = f"BC{n - 1:02d}" if m.group("bc") else f"{n - 1:02d}"
    return Parsed(kind="fixed", type="DATE", value=value, mod=MODS[mod.lower()] if mod else None)


_REL_OFFSET = {
    "vergangen": -1, "letzt": -1, "nächst": 1, "kommend": 1, "folgend": 1, "neu": 1,
    "dies": 0, "laufend": 0, "gleich": 0, "selb": 0, "abgelaufen": -1,
}


def _offset(word: str | None) -> int:
    if not word:
        return 0
    stem = re.sub(r"(?:e[nmrs]?)$", "", word.lower())
    return _REL_OFFSET.get(stem, 0)


def _p_relyear(m: re.Match) -> Parsed:
    if m.group("compound"):
        word = m.group("compound").lower()
        if word.startswith(("monats", "wochen")):  # "zum Monatsende", "zu Wochenbeginn": the article's own
            return Parsed(kind="rel", unit="month" if word.startswith("monats") else "week", offset=0,
                          mod={"ende": "END", "anfang": "START", "beginn": "START", "mitte": "MID"}[word[6:]])
        unit = "month" if word.startswith("vormonat") else "week" if word == "vorwoche" else "year"
        offset = -1 if word.startswith("vor") else 1 if word.startswith(("folge", "jahr darauf")) else 0
        word = word.rstrip("s") if word.startswith(("jahreswechsel", "jahresbeginn", "jahresanfang")) else word
        mod = {"jahresende": "END", "jahreswechsel": "END", "jahresbeginn": "START", "jahresanfang": "START",
               "jahresmitte": "MID"}.get(word)
        if m.group("cyear"):
            return Parsed(kind="date", year=int(m.group("cyear")), mod=mod)  # "Jahresende 1789"
        edge = "edge" if mod in ("END", "START") else None  # which year's end: the clause's tense decides
        return Parsed(kind="rel", unit=unit, offset=offset, mod=mod, value="prev" if word.startswith("vorjahr") else edge)
    if m.group("unit"):
        mod = m.group("mod")
        unit = "year" if m.group("unit").startswith("Jahr") else "month"
        at_edge = unit == "year" and not m.group("rel") and " des " in m.group(0) and mod in ("Anfang", "Beginn", "Ende")
        value = "edge" if at_edge else None
        return Parsed(kind="rel", unit=unit, offset=_offset(m.group("rel")), mod=MODS[mod.lower()], value=value)
    if m.group("wmod2"):  # "Mitte der Woche", "Ende der kommenden Woche"
        return Parsed(kind="rel", unit="week", offset=_offset(m.group("rel4")), mod=MODS[m.group("wmod2").lower()])
    unit = m.group("unit2")
    unit = "year" if unit.startswith("Jahr") else "month" if unit.startswith("Monat") else "week"
    wmod = m.group("wmod")
    rel = m.group("rel2").lower()
    # "das neue Jahr": the year that began or begins at the nearest New Year (resolved in context)
    return Parsed(kind="rel", unit=unit, offset=_offset(rel), mod=MODS[wmod.lower()] if wmod else None,
                  value="new" if rel.startswith("neu") and unit == "year" else None)


def _p_weekday(m: re.Match) -> Parsed | None:
    if not (m.group("rel") or m.group("night") or m.group("part") or m.group("part2")) and _after_name(m):
        return None  # "Jerzy Montag", "dem Abgeordneten Montag": a surname
    part = m.group("part") or m.group("part2")
    week = _offset(m.group("wrel")) if m.group("wrel") else None  # "Dienstag kommender Woche"
    return Parsed(kind="weekday", wd=WEEKDAYS[m.group("wd").lower()], rel=_offset(m.group("rel")),
                  explicit_rel=bool(m.group("rel")), part=PARTS.get(part.lower()) if part else None,
                  night=bool(m.group("night")), week=week)


_DATE_WORDS = frozenset(["Anfang", "Mitte", "Ende", "Beginn", "Monat", "Monats", "Monaten", "Nacht", "Abend", "Morgen", "Wochenende"])


def _after_name(m: re.Match) -> bool:
    """The word is preceded by a capitalised word that is not a sentence start or a date word."""
    before = m.string[max(0, m.start() - 40) : m.start()]
    w = re.search(r"(\S+)\s+$", before)
    if not w or not w.group(1)[:1].isupper() or w.group(1) in _DATE_WORDS:
        return False
    prev = before[: w.start(1)].rstrip()
    return bool(prev) and prev[-1] not in ".!?:\"„“(\n"


def _p_deictic(m: re.Match) -> Parsed:
    word = m.group("word").lower()
    offset = {"heute": 0, "gestern": -1, "vorgestern": -2, "morgen": 1, "übermorgen": 2}[word]
    part = m.group("part")
    ago = m.group("ago")
    years = (int(ago) if ago.isdigit() else parse_number(ago.lower())) if ago else None
    return Parsed(kind="deictic", offset=offset, part=PARTS.get(part.lower()) if part else None, value=word,
                  n=years)


def _p_adjday(m: re.Match) -> Parsed | None:
    """'gestrigen', 'am heutigen Samstag', 'heutigen Morgen', 'diesjährigen'; 'der heutigen Ukraine' is present-day."""
    if m.group("yadj"):
        return Parsed(kind="rel", unit="year", offset=YEAR_ADJECTIVES[m.group("yadj").lower()])
    offset = DAY_ADJECTIVES[m.group("adj").lower()]
    part = m.group("part") or m.group("wpart")
    if offset == 0 and not (m.group("wd") or part or m.group("tag")):
        noun = re.match(r"\s+([A-ZÄÖÜ][\w-]*)", m.string[m.end() : m.end() + 40])
        if noun and not (noun.group(1) in OCCASION_NOUNS or noun.group(1).endswith("ung")):
            return Parsed(kind="fixed", value="PRESENT_REF", anchored=True, side=True)
    return Parsed(kind="deictic", offset=offset, part=PARTS.get(part.lower()) if part else None, value="adj")


def _p_holiday(m: re.Match) -> Parsed:
    year = int(m.group("hyear")) if m.group("hyear") else None
    if m.group("xmas"):
        name, day = "weihnachten", 25 if m.group("nth").lower() in ("ersten", "1.") else 26
        return Parsed(kind="holiday", holiday=name, month=12, day=day, year=year, **_holiday_rel(m.group("hrel")))
    return Parsed(kind="holiday", holiday=m.group("hol").lower(), year=year, **_holiday_rel(m.group("hrel")))


def _holiday_rel(word: str | None) -> dict:
    """'vergangenen Karfreitag' (direction), 'gestrigen Karfreitag' (a day), 'diesjährigen' (this year)."""
    word = (word or "").lower()
    if not word:
        return {}
    if word == "diesjährigen":
        return {"year_rel": 0}
    if word[:-2] in DAY_ADJECTIVES:
        return {"offset": DAY_ADJECTIVES[word[:-2]], "anchored": True}
    return {"rel": _offset(word), "explicit_rel": True}


def _p_weekend(m: re.Match) -> Parsed:
    rel = m.group("rel")
    return Parsed(kind="weekend", rel=_offset(rel), explicit_rel=bool(rel) and _offset(rel) != 0)


def easter(year: int) -> dt.date:
    """Easter Sunday of the Gregorian calendar (the anonymous computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def holiday_date(name: str, year: int) -> dt.date | None:
    """The date of a German holiday in ``year`` (None for an unknown name)."""
    if name in HOLIDAYS_FIXED:
        return dt.date(year, *HOLIDAYS_FIXED[name])
    if name in HOLIDAYS_EASTER:
        return easter(year) + dt.timedelta(days=HOLIDAYS_EASTER[name])
    return None


def _p_lastnight(m: re.Match) -> Parsed:
    """'in der vergangenen Nacht': the night before the article's day; 'heutigen/kommenden': its own."""
    return Parsed(kind="deictic", offset=-1 if m.group("rel") in ("vergangenen", "letzten") else 0, part="NI",
                  value="night")


def _p_sameday(m: re.Match) -> Parsed:
    if m.group("before"):  # "am Vortag", "am Vorabend": the day before the day last named (or the article's)
        return Parsed(kind="dayrel", offset=-1, part="EV" if m.group("before").startswith("Vorabend") else None)
    text = m.group(0)
    rel = m.group("rel") or ("selben" if "diese" in text or "selben" in text else "folgenden")
    unit = m.group("unit") or m.group("unit2") or "Tag"
    return Parsed(kind="dayrel", offset=0 if rel in ("selben", "gleichen") else 1,
            part=PARTS.get(unit.lower()) if unit != "Tag" else None)


def _fixed(value: str) -> Callable[[re.Match], Parsed]:
    return lambda m: Parsed(kind="fixed", type="DATE", value=value, mod=None, anchored=True)


_UNIT_KEYS = sorted(UNITS, key=len, reverse=True)


def _unit_key(word: str) -> str:
    """'Stunden' -> 'stunde', 'Jahrzehnten' -> 'jahrzehnt' (the regex only lets units through)."""
    word = word.lower()
    return next(k for k in _UNIT_KEYS if word.startswith(k.rstrip("e")))


def _p_duration(m: re.Match) -> Parsed | None:
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
    how = "shift" if direction else prep or ("in" if re.search(r"(?<![\w-])[Ii]n\s+$", m.string[max(0, m.start() - 4) : m.start()]) else None)
    return Parsed(kind="duration", code=code, n=value, sign=sign, mod=mod, unit=base, value=how)


_ADJ_UNIT = {"tägig": "D", "wöchig": "W", "monatig": "M", "jährig": "Y", "stündig": "H", "tage": "D",
             "wochen": "W", "monate": "M", "jahre": "Y", "jahrzehnte": "DE"}


def _p_vague(m: re.Match) -> Parsed:
    if m.group("folge"):
        return Parsed(kind="fixed", type="DURATION", value="PXY", mod=None)
    code = {"t": "D", "w": "W", "m": "M", "j": "Y"}[m.group("unit")[0].lower()]
    return Parsed(kind="fixed", type="DURATION", value=f"PX{code}", mod=None)


def _p_adjdur(m: re.Match) -> Parsed | None:
    if m.group("long"):
        return Parsed(kind="fixed", type="DURATION", value=f"PX{_ADJ_UNIT[m.group('long')]}", mod=None)
    n = m.group("num").lower()
    count = "X" if n in ("mehr", "viel") else f"{parse_number(n):g}" if parse_number(n) else None
    if count is None:
        return None
    code = _ADJ_UNIT[m.group("unit")]
    prefix = "PT" if code == "H" else "P"
    return Parsed(kind="fixed", type="DURATION", value=f"{prefix}{count}{code}", mod=None)


def _p_set(m: re.Match) -> Parsed:
    if m.group("wds"):
        return Parsed(kind="fixed", type="SET", value=f"XXXX-WXX-{WEEKDAYS[m.group('wds')]}", mod=None)
    if m.group("adv"):
        return Parsed(kind="fixed", type="SET", value=SET_ADVERBS[m.group("adv")], mod=None)
    every = m.group("every").lower()
    if every in WEEKDAYS:
        return Parsed(kind="fixed", type="SET", value=f"XXXX-WXX-{WEEKDAYS[every]}", mod=None)
    return Parsed(kind="fixed", type="SET", value=f"P1{UNITS[every][0]}", mod=None)


def _p_clock(m: re.Match) -> Parsed:
    if m.group(0) == "Mitternacht":
        return Parsed(kind="clock", h=24, mi=0, tz=None)
    minute = m.group("m") or m.group("m2") or "0"
    tz = "+01" if m.group("tz") and "MESZ" not in m.group("tz") else ("+02" if m.group("tz") else None)
    return Parsed(kind="clock", h=int(m.group("h")), mi=int(minute), tz=tz)


_PARSERS: dict[str, Callable[[re.Match], Parsed | None]] = {
    "date": _p_date, "yearpair": _p_yearpair, "dayonly": _p_dayonly, "numdate": _p_numdate, "isodate": _p_numdate,
    "month": _p_month, "year": _p_year, "season": _p_season, "decade": _p_decade,
    "century": _p_century, "relyear": _p_relyear, "weekday": _p_weekday, "deictic": _p_deictic,
    "sameday": _p_sameday, "present": _fixed("PRESENT_REF"), "future": _fixed("FUTURE_REF"),
    "past": _fixed("PAST_REF"), "adjday": _p_adjday, "holiday": _p_holiday, "weekend": _p_weekend,
    "lastnight": _p_lastnight,
    "vague": _p_vague, "adjdur": _p_adjdur, "duration": _p_duration, "set": _p_set, "clock": _p_clock,
}


# --- candidate selection ----------------------------------------------------------------------


# Words one of which a rule's match must contain (lower-cased): a rule whose words are all absent
# from a text is not run on it. Only speed depends on this table, never a result.
_GATES: dict[str, tuple[str, ...]] = {
    "century": ("jahrhundert", "jh."),
    "decade": ("0er",),
    "clock": ("uhr", "mitternacht"),
    "adjdur": ("tägig", "wöchig", "monatig", "jährig", "stündig", "lang"),
    "holiday": ("weihnacht", "heilig", "silvester", "neujahr", "einheit", "allerheiligen", "reformationstag",
                "nikolaustag", "rosenmontag", "aschermittwoch", "gründonnerstag", "karfreitag", "oster",
                "himmelfahrt", "pfingst", "fronleichnam", "feiertag"),
    "weekend": ("wochenend",),
    "lastnight": ("nacht",),
    "quarter": ("quartal",),
    "adjday": ("heutig", "gestrig", "morgig", "jährig"),
    "season": ("frühjahr", "frühling", "sommer", "herbst", "winter"),
    "set": ("jede", "täglich", "wöchentlich", "monatlich", "jährlich", "stündlich", "tags", "mittwochs"),
    "yearpair": ("/", "–", "-"),
}


# Words derived from each rule's pattern one of which its every match contains (regex_gates):
# sharper than the table above for most rules (Wikinews: 8 of 27 rules run on under a third
# of the texts). Needles shorter than three characters ("." "-") are in nearly every text.
_NEEDED: dict[str, tuple[str, ...]] = {
    name: words for name, rx in _COMPILED if (words := needed(rx)) and min(map(len, words)) >= 3
}

# Each rule's finditer through a scanner that skips to where a match can start (regex_gates).
_SCANS = {name: finditer(rx) for name, rx in _COMPILED}


# Sunday papers: "sagte er der Welt am Sonntag" names a newspaper, not a day.
_SUNDAY_PAPER = re.compile(r"\b(?:Welt|Bild|Tagesspiegel|NZZ|Euro|Schweiz|Morgenpost|Kurier)\s+am\s+$")


def _candidates(text: str) -> list[_Cand]:
    """All rule matches, longest first, without overlaps, in text order."""
    found = []
    lower = text.lower()
    for name, scan in _SCANS.items():
        gate = _GATES.get(name)
        if gate and not any(word in lower for word in gate):
            continue
        gate = _NEEDED.get(name)
        if gate and not any(word in lower for word in gate):
            continue
        for m in scan(text):
            if m.end() > m.start():
                found.append(_Cand(m.start(), m.end(), name, m))
    found.sort(key=lambda c: (c.start - c.end, c.start))
    taken = bytearray(len(text) + 1)
    chosen = []
    for c in found:
        if any(taken[c.start : c.end]):
            continue
        if c.rule == "weekday" and text.startswith("Sonntag", c.start) and _SUNDAY_PAPER.search(text, max(0, c.start - 20), c.start):
            continue
        f = _PARSERS[c.rule](c.m)
        if f is None or (f.plain and _counted(text, c.start, c.end)):
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
        if not cur.f.borrow or nxt.f.kind != "date":
            continue
        if not _CONNECT.fullmatch(text, cur.end, nxt.start):
            continue
        if cur.f.month is None:
            cur.f.month = nxt.f.month
        if cur.f.year is None:
            cur.f.year, cur.f.bc = nxt.f.year, nxt.f.bc


# --- resolution -------------------------------------------------------------------------------


def _nearest_occurrence(when: Callable[[int], dt.date | None], anchor: dt.date, direction: int,
                        slack: int = 7) -> int:
    """Year of the occurrence of a yearless date (``when(year)``) seen from the article date.

    Past tense takes the last occurrence on or before the article date, future the next one on or
    after it, no tense the nearer one. A date within ``slack`` days on the other side wins over a
    year away: "bis zum 15. März" in a 9 March article is this March whatever the verb says.
    """
    dates = [(y, d) for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := when(y)) is not None]
    before = max(((y, d) for y, d in dates if d <= anchor), key=lambda yd: yd[1], default=None)
    after = min(((y, d) for y, d in dates if d >= anchor), key=lambda yd: yd[1], default=None)
    if before is None or after is None:
        return (before or after or (anchor.year, anchor))[0]
    back, ahead = (anchor - before[1]).days, (after[1] - anchor).days
    if direction < 0:
        return after[0] if ahead <= slack < back else before[0]
    if direction > 0:
        return before[0] if back <= slack < ahead else after[0]
    return before[0] if back <= ahead else after[0]


def _closest_year(month: int, day: int | None, anchor: dt.date, direction: int, slack: int = 7) -> int:
    """Year for a month (and day) without one, seen from the article date."""
    if day is not None:
        return _nearest_occurrence(lambda y: _safe_date(y, month, day), anchor, direction, slack)
    # a month: the article's own month is both the last and the next one; distances in months
    now = anchor.year * 12 + anchor.month - 1
    back = (anchor.month - month) % 12
    ahead = (month - anchor.month) % 12
    if direction < 0 or (direction == 0 and back <= ahead):
        return (now - back) // 12
    return (now + ahead) // 12


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None  # 29 February, 31 April


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
    f, kind = c.f, c.f.kind
    if kind == "fixed":
        if f.side and ctx.narrative:
            return None  # "dem heutigen Piacenza": WikiWarsDE leaves present-day adjectives out
        value = f.value
        anchor = ctx.anchor_str() if f.anchored else None
        return (f.type, value, f.mod, anchor) if value is not None else None
    if kind == "date":
        return _resolve_date(c, ctx)
    if kind == "yy":
        prev, yy = f.prev or 0, f.yy or 0
        century = prev - prev % 100
        return "DATE", _fmt(century + yy + (100 if yy < prev % 100 else 0)), None, None
    if kind == "season":
        year = f.year
        anchor = None
        if year is None:
            year, anchor = _underspecified_year(c, ctx, SEASON_MONTH[f.season or "SU"], None)
        else:
            ctx.ref = (year, None, None)
        return "DATE", f"{_fmt(year)}-{f.season}", f.mod, anchor
    if kind == "rel":
        return _resolve_rel(c, ctx)
    if kind == "weekday":
        return _resolve_weekday(c, ctx)
    if kind in ("deictic", "dayrel"):
        return _resolve_deictic(c, ctx)
    if kind == "duration":
        return _resolve_duration(c, ctx)
    if kind == "holiday":
        return _resolve_holiday(c, ctx)
    if kind == "quarter":
        return _resolve_quarter(c, ctx)
    if kind == "weekend":
        return _resolve_weekend(c, ctx)
    if kind == "clock":
        return _resolve_clock(c, ctx)
    return None


def _underspecified_year(c: _Cand, ctx: _Ctx, month: int, day: int | None) -> tuple[int | None, str | None]:
    if not ctx.narrative and ctx.date:
        if day is not None and c.f.wd is not None:
            # "Dienstag, 17. Oktober": the year in which that day is that weekday, nearest the article
            fits = [y for y in range(ctx.date.year - 1, ctx.date.year + 2)
                    if (d := _safe_date(y, month, day)) and d.isoweekday() == c.f.wd]
            if fits:
                best = min(fits, key=lambda y: abs((dt.date(y, month, day) - ctx.date).days))  # type: ignore[operator]
                return best, ctx.date.isoformat()
        since = _SINCE.search(ctx.text, max(0, c.start - 12), c.start)
        direction = -1 if since else ctx.direction(c.start, c.end)
        return _closest_year(month, day, ctx.date, direction, 0 if since else 7), ctx.date.isoformat()
    return ctx.ref[0], ctx.anchor_str()


def _resolve_date(c: _Cand, ctx: _Ctx):
    f = c.f
    year, month, day, bc = f.year, f.month, f.day, f.bc
    anchor = None
    if year is not None and f.two_digit:
        base = ctx.anchor_year or 1900
        century = base - base % 100
        year = century + year if century + year <= base + 10 else century - 100 + year
    if year is None and f.year_rel is not None and ctx.anchor_year is not None:
        year, anchor = ctx.anchor_year + f.year_rel, ctx.anchor_str()
    elif year is None and month is not None:
        year, anchor = _underspecified_year(c, ctx, month, day)
        bc = bc or (ctx.narrative and ctx.ref_bc)
    elif year is None:
        year, month, anchor = ctx.ref[0], ctx.ref[1], ctx.anchor_str()
    if year is not None and (not anchor or ctx.narrative) and _moves_reference(c, ctx, year, month):
        ctx.ref, ctx.ref_bc = (year, month, day), bc
    value = _fmt(year, month, day, bc)
    if not ctx.narrative and year is not None and not bc:
        ctx.name(c.start, year, month, day)
    if f.clock and day is not None:
        h, mi, tz = f.clock
        return "TIME", f"{value}T{h:02d}:{mi:02d}{tz}", None, anchor
    if f.part and day is not None:
        return "TIME", f"{value}T{f.part}", None, anchor
    if day is not None and month is not None:
        ctx.last_day = (ctx.sentence(c.start)[0], value, c.start)
    return "DATE", value, f.mod, anchor


_GENERIC = re.compile(r"\b(?:jährlich|alljährlich|jedes Jahr|jedem Jahr|immer|stets|traditionell)\b")
_SIDE_YEAR = re.compile(r"[/–-]\d")


def _moves_reference(c: _Cand, ctx: _Ctx, year: int, month: int | None) -> bool:
    """Side remarks ('(1908)', '1870/71', 'bis 1915') do not move the narrative's time."""
    text = ctx.text
    return not (
        month is None
        and (
            (c.start > 0 and text[c.start - 1] == "(")
            or _SIDE_YEAR.match(text, c.end)
            or c.f.side
            or _role(c, text, "DATE") != "point"
        )
    )


def _resolve_rel(c: _Cand, ctx: _Ctx):
    f = c.f
    unit, offset = f.unit, f.offset
    y: int | None
    mo: int | None
    d: int | None
    if not ctx.narrative and ctx.date:
        y, mo, d = ctx.date.year, ctx.date.month, ctx.date.day
    else:
        y, mo, d = ctx.ref
    anchor = ctx.anchor_str()
    if y is None:
        return "DATE", "XXXX", f.mod, None
    if unit == "year":
        if f.value == "new" and not ctx.narrative and mo is not None:
            offset = 0 if mo <= 6 else 1
        if f.value == "edge" and not ctx.narrative and mo is not None:
            offset += _edge_offset(f.mod, ctx.direction(c.start, c.end), mo)
        if f.value == "prev" and not ctx.narrative and (named := ctx.year_named_near(c.start, c.end)) is not None:
            y = named  # "2007 ... gegenüber dem Vorjahr": the year before the one just named
        if not ctx.narrative and not f.mod:
            ctx.years.append((ctx.sentence(c.start)[0], y + offset))
        if ctx.narrative and offset > 0 and not f.mod:
            ctx.ref = (y + offset, None, None)
        return "DATE", _fmt(y + offset), f.mod, anchor
    if unit == "month":
        if mo is None:
            return "DATE", _fmt(y), f.mod, anchor
        y2, m2, _ = _shift(y, mo, None, offset, "month")
        return "DATE", _fmt(y2, m2), f.mod, anchor
    if mo is None or d is None:
        return "DATE", _fmt(y), None, anchor
    year, week, _ = (dt.date(y, mo, d) + dt.timedelta(weeks=offset)).isocalendar()
    return "DATE", f"{year:04d}-W{week:02d}", f.mod, anchor


def _edge_offset(mod: str | None, direction: int, month: int) -> int:
    """'am Jahresende' in the past tense is last year's end unless the year is ending; 'Anfang des Jahres'
    in the future tense late in the year is next year's start."""
    if mod == "END" and ((direction < 0 and month < 12) or (direction == 0 and month == 1)):
        return -1
    if mod == "START" and ((direction > 0 and month >= 10) or (direction == 0 and month == 12)):
        return 1
    return 0


def _p_quarter(m: re.Match) -> Parsed:
    word = m.group("qn").lower()
    n = int(word[0]) if word[0].isdigit() else {"ersten": 1, "zweiten": 2, "dritten": 3, "vierten": 4}.get(word)
    year = int(m.group("qy")) if m.group("qy") else None
    if word == "letzten" and year is not None:
        n = 4  # "im letzten Quartal 2004"
    mod = m.group("mod")
    return Parsed(kind="quarter", n=n, year=year, rel=0 if n else _offset(word), mod=MODS[mod.lower()] if mod else None)


_PARSERS["quarter"] = _p_quarter


def _resolve_quarter(c: _Cand, ctx: _Ctx):
    f = c.f
    if f.year is not None and f.n:
        return "DATE", f"{f.year:04d}-Q{int(f.n)}", f.mod, None
    if ctx.narrative or not ctx.date:
        return ("DATE", f"{ctx.ref[0]:04d}-Q{int(f.n)}", f.mod, ctx.anchor_str()) if ctx.ref[0] and f.n else None
    base = ctx.date
    now = base.year * 4 + (base.month - 1) // 3
    if f.n:
        n = int(f.n)
        year = _nearest_occurrence(lambda y: dt.date(y, 3 * n - 2, 1), base.replace(day=1, month=3 * ((base.month - 1) // 3) + 1),
                                   ctx.direction(c.start, c.end), slack=0)
        q = year * 4 + n - 1
    else:
        q = now + f.rel
    return "DATE", f"{q // 4:04d}-Q{q % 4 + 1}", f.mod, base.isoformat()


def _weekday_direction(c: _Cand, ctx: _Ctx) -> int:
    """Explicit words first ("vergangenen"), then "ab/bis", the clause's tense, a present verb; else back."""
    if c.f.explicit_rel:
        return c.f.rel
    if _FORWARD_SIGNAL.search(ctx.text, max(0, c.start - 8), c.start):
        return 2  # "bis Freitag" in a Friday article: next Friday (today would be "bis heute")
    if _SINCE.search(ctx.text, max(0, c.start - 12), c.start):
        return -1
    direction = ctx.direction(c.start, c.end, sentence=False)
    if direction == 0 and ctx.present(c.start, c.end):
        return 1  # news present tense: what is scheduled ("Der Airbus startet am Mittwoch")
    return direction or ctx.direction(c.start, c.end) or -1


def _resolve_weekday(c: _Cand, ctx: _Ctx):
    f = c.f
    assert f.wd is not None
    if not ctx.narrative and ctx.date and f.week is not None:
        base = ctx.date
        day = base + dt.timedelta(days=7 * f.week + f.wd - base.isoweekday())  # that weekday of the named week
        anchor = base.isoformat()
    elif not ctx.narrative and ctx.date:
        base = ctx.date
        direction = _weekday_direction(c, ctx)
        delta = f.wd - base.isoweekday()
        if direction > 0:
            delta %= 7
            if (f.explicit_rel or direction > 1) and delta == 0:
                delta = 7
        else:
            delta = -((-delta) % 7)
            if f.explicit_rel and delta == 0:
                delta = -7
        day = base + dt.timedelta(days=delta)
        anchor = base.isoformat()
    elif ctx.ref[2] is not None:
        base = dt.date(*ctx.ref)  # type: ignore[arg-type]
        delta = (f.wd - base.isoweekday()) % 7
        day = base + dt.timedelta(days=delta)
        anchor = base.isoformat()
    else:
        return "DATE", f"XXXX-WXX-{f.wd}", None, None
    if not ctx.narrative:
        ctx.name(c.start, day.year, day.month, day.day)
    if f.night:
        return "TIME", f"{(day - dt.timedelta(days=1)).isoformat()}TNI", None, anchor
    value = day.isoformat()
    ctx.last_day = (ctx.sentence(c.start)[0], value, c.start)
    if f.part:
        return "TIME", f"{value}T{f.part}", None, anchor
    return "DATE", value, None, anchor


def _resolve_deictic(c: _Cand, ctx: _Ctx):
    f = c.f
    if not ctx.narrative and ctx.date:
        base = ctx.date
        if f.kind == "dayrel" and ctx.last_named and ctx.last_named[2] is not None:
            base = dt.date(*ctx.last_named)  # type: ignore[arg-type]  # "am nächsten Tag": after a named day
        elif f.value == "heute" and not f.part and f.n is None and ctx.nowadays(c.start, c.end):
            return "DATE", "PRESENT_REF", None, ctx.anchor_str()  # "heute noch", "Heute lebt sie in Berlin"
    elif f.kind == "dayrel" and ctx.ref[2] is not None:
        base = dt.date(*ctx.ref)  # type: ignore[arg-type]
    else:
        if f.kind == "deictic" and f.offset == 0:
            return "DATE", "PRESENT_REF", None, ctx.anchor_str()
        return "DATE", "XXXX-XX-XX", None, None
    day = base + dt.timedelta(days=f.offset)
    if f.n:
        day = _safe_date(day.year - int(f.n), day.month, day.day) or day.replace(day=28, year=day.year - int(f.n))
    if ctx.narrative:
        ctx.ref = (day.year, day.month, day.day)
    else:
        ctx.name(c.start, day.year, day.month, day.day)
    value = day.isoformat()
    ctx.last_day = (ctx.sentence(c.start)[0], value, c.start)
    if f.part:
        return "TIME", f"{value}T{f.part}", None, base.isoformat()
    return "DATE", value, None, base.isoformat()


def _resolve_holiday(c: _Cand, ctx: _Ctx):
    f = c.f
    name = f.holiday or ""

    def when(year: int) -> dt.date | None:
        return _safe_date(year, f.month, f.day) if f.month and f.day else holiday_date(name, year)

    _, s_lo, s_hi = ctx.sentence(c.start)
    c_lo, c_hi = tense.clause(ctx.text, c.start, c.end, s_lo, s_hi)
    if _GENERIC.search(ctx.text, c_lo, c_hi):
        return None  # "jährlich zwischen Weihnachten und Silvester": every year, no date
    year_here = re.search(r"(?<![\d.,])(1\d{3}|20\d\d)(?!\d|[.,]\d)", ctx.text[c_lo:c_hi])
    if f.year is not None or (year_here and not f.anchored):
        # "Weihnachten 1966", "1953 kamen am Heiligen Abend ..."
        day: dt.date | None = when(f.year if f.year is not None else int(year_here.group(1)))  # type: ignore[union-attr]
        return ("DATE", day.isoformat(), None, None) if day else None
    if not ctx.narrative and ctx.date:
        base = ctx.date
        if f.anchored:
            day = base + dt.timedelta(days=f.offset)  # "am gestrigen Karfreitag"
        elif f.year_rel is not None:
            day = when(base.year)
        else:
            direction = f.rel if f.explicit_rel else ctx.direction(c.start, c.end)
            day = when(_nearest_occurrence(when, base, direction, slack=0 if f.explicit_rel else 7))
        anchor = base.isoformat()
    elif ctx.ref[0] is not None:
        day, anchor = when(ctx.ref[0]), ctx.anchor_str() or ""
    else:
        return None
    if day is None:
        return None
    ctx.last_day = (ctx.sentence(c.start)[0], day.isoformat(), c.start)
    return "DATE", day.isoformat(), None, anchor


def _resolve_weekend(c: _Cand, ctx: _Ctx):
    """The weekend (Saturday's ISO week, ``-WE``) before or after the article date."""
    if ctx.narrative or not ctx.date:
        return "DATE", "XXXX-WXX-WE", None, None
    base, f = ctx.date, c.f
    if f.explicit_rel:
        direction = f.rel
    elif re.search(r"\bvom\s+$", ctx.text[max(0, c.start - 6) : c.start]):
        direction = -1  # "der Zwischenfall vom Wochenende"
    else:
        direction = ctx.direction(c.start, c.end) or (1 if ctx.present(c.start, c.end) else -1)
    wd = base.isoweekday()
    saturday = base + dt.timedelta(days=(6 - wd) % 7) if direction > 0 else base - dt.timedelta(days=(wd - 6) % 7)
    if f.explicit_rel and abs((saturday - base).days) <= 1:
        saturday += dt.timedelta(days=7 * direction)
    year, week, _ = saturday.isocalendar()
    return "DATE", f"{year:04d}-W{week:02d}-WE", None, base.isoformat()


def _duration_value(f: Parsed) -> str:
    n, code = f.n, f.code
    if code == "H" and n and n == int(n) and n % 24 == 0:
        return f"P{int(n) // 24}D"  # "48 Stunden": two days (WikiWarsDE's and TIMEX's reading)
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
    return f"PT{count}{code}" if f.unit in ("sekunde", "minute", "stunde") else f"P{count}{code}"


def _resolve_duration(c: _Cand, ctx: _Ctx):
    f = c.f
    y: int | None
    mo: int | None
    d: int | None
    news = not ctx.narrative and ctx.date is not None
    sign = f.sign
    if news and sign == 0 and f.value == "in" and (ctx.direction(c.start, c.end) > 0 or ctx.obliged(c.start, c.end)):
        sign = 1  # "in zwei Jahren soll ...": a date ahead of the article
    if sign == 0 or f.n is None or f.n != int(f.n) or (news and f.value == "nach"):
        return "DURATION", _duration_value(f), f.mod, None  # news "nach 20 Jahren": how long, not when
    if news and f.value == "shift":
        # "zwei Tage zuvor": from the date the text last named, not from the article
        if ctx.last_named is None:
            return "DURATION", _duration_value(f), f.mod, None
        y, mo, d = ctx.last_named
    elif news:
        y, mo, d = ctx.date.year, ctx.date.month, ctx.date.day  # type: ignore[union-attr]
    else:
        y, mo, d = ctx.ref
    if y is None:
        return "DURATION", _duration_value(f), f.mod, None
    unit = {"D": "day", "W": "week", "M": "month", "Y": "year"}.get(f.code or "")
    if unit is None or f.unit in ("minute", "sekunde", "stunde"):
        return "DURATION", _duration_value(f), f.mod, None
    anchor = _fmt(y, mo, d)
    y2, m2, d2 = _shift(y, mo, d, int(f.n) * sign, unit)
    if unit == "year":
        m2 = d2 = None
    elif unit == "month" and news:
        d2 = None  # "vor einem Monat": a month, not a day
    if ctx.narrative:
        ctx.ref = (y2, m2, d2)
    return "DATE", _fmt(y2, m2, d2), None, anchor


def _same_paragraph(ctx: _Ctx, sent: int, pos: int, named_at: int) -> bool:
    """The day was named at most two sentences back and no line break lies between it and ``pos``."""
    return ctx.sentence(pos)[0] - sent <= 2 and "\n" not in ctx.text[named_at:pos]


def _resolve_clock(c: _Cand, ctx: _Ctx):
    f = c.f
    sent = ctx.sentence(c.start)[0]
    news = not ctx.narrative and ctx.date is not None
    if ctx.last_day and ctx.last_day[0] == sent and not news:
        day = ctx.last_day[1]
    elif news and ctx.last_day and _same_paragraph(ctx, ctx.last_day[0], c.start, ctx.last_day[2]):
        day = ctx.last_day[1]  # news: "Am Sonnabend … Wie die Polizei mitteilte, war er gegen 7 Uhr …"
    elif not ctx.narrative and ctx.date:
        day = ctx.date.isoformat()
    elif ctx.ref[2] is not None:
        day = _fmt(*ctx.ref)
    else:
        day = "XXXX-XX-XX"
    return "TIME", f"{day}T{f.h:02d}:{f.mi:02d}{f.tz or ''}", None, None


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
    times: list[Time] = []
    cands = _candidates(text)
    beside = _beside_weekday(cands, text)
    for i, c in enumerate(cands):
        resolved = _resolve(c, ctx)
        if resolved is None:
            continue
        ttype, value, mod, anchor = resolved
        if i in beside and times and times[-1].start == cands[beside[i]].start and len(value) >= 10:
            prev = times[-1]  # "Dienstagmorgen (17. Oktober)": the explicit date names the weekday's day
            times[-1] = prev.model_copy(update={"value": value[:10] + prev.value[10:] if "T" in prev.value else value[:10]})
        times.append(Time(start=c.start, end=c.end, text=text[c.start : c.end], type=ttype, value=value,
                          mod=mod, role=_role(c, text, ttype), anchor=anchor))
    return times


_BESIDE = re.compile(r"\s*(?:\(|,\s*(?:de[nm]\s+)?)\s*$")


def _beside_weekday(cands: list[_Cand], text: str) -> dict[int, int]:
    """Dates right after a weekday ("Dienstagmorgen (17. Oktober)"): date index -> weekday index.

    The date learns the weekday (which fixes its year); the weekday later takes the date's day.
    """
    out = {}
    for i in range(1, len(cands)):
        wd, date = cands[i - 1], cands[i]
        if (wd.f.kind == "weekday" and not wd.f.night and date.f.kind == "date" and date.f.day is not None
                and date.f.month is not None and _BESIDE.fullmatch(text, wd.end, date.start)):
            date.f.wd = date.f.wd or wd.f.wd
            out[i] = i - 1
    return out


class TimeTagger:
    """spaCy component: writes ``doc._.chronik_times`` (list of :class:`chronik.record.Time`)."""

    def __init__(self, nlp: Language, name: str = "chronik_time", default_genre: str = "news"):
        self.name = name
        self.default_genre = default_genre

    def __call__(self, doc: Doc) -> Doc:
        starts = _sentence_starts(doc) if doc.has_annotation("SENT_START") else [0]
        genre = doc._.chronik_genre or self.default_genre
        doc._.chronik_times = find_times(doc_text(doc), doc._.chronik_date, genre, starts)
        return doc


def _sentence_starts(doc: Doc) -> list[int]:
    """``[s.start_char for s in doc.sents]`` from arrays (iterating doc.sents builds a Span per sentence)."""
    if not len(doc):
        return []
    arr = doc.to_array([SENT_START, IDX])
    return [int(arr[0, 1]), *arr[1:, 1][arr[1:, 0] == 1].tolist()]


# reads doc._.chronik_date / chronik_genre (set on the Doc by the caller, not by a component) and
# sentence starts when a component set them; writes only its own attribute
@Language.factory("chronik_time", default_config={"default_genre": "news"}, assigns=["doc._.chronik_times"])
def make_component(nlp: Language, name: str, default_genre: str):
    return TimeTagger(nlp, name, default_genre)
