"""Dates for people and for filters: statement dates and TIMEX3 values as a reader reads them.

No dependencies beyond the standard library, so every face can use it. The record keeps TIMEX3 values
(``2020-02-14TMO``, ``2020-W07``, ``PRESENT_REF``); what a statement is dated by, and what a page
shows are derived here:

* :func:`statement_date` — a calendar value a timeline can order: a day, a month or a year
  (``2020-02-14``, ``2020-02``, ``2020``), or None when the expression names none (``PRESENT_REF``,
  ``XXXX-WXX-1``, a duration). A time of day keeps its day; a week or weekend becomes the month of its
  Thursday (ISO weeks belong to that month) so that plain string order stays calendar order; a season
  or quarter becomes its year.
* :func:`reader_date` — "Freitag, 14. Februar 2020", "Februar 2020", "Woche 7/2020", "derzeit".
"""

from __future__ import annotations

import datetime as dt
import re

MONTH_NAMES = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
               "Oktober", "November", "Dezember")
WEEKDAY_NAMES = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
PARTS_OF_DAY = {"MO": "morgens", "MI": "mittags", "AF": "nachmittags", "EV": "abends", "NI": "nachts", "DT": "tagsüber"}
SEASON_NAMES = {"SP": "Frühjahr", "SU": "Sommer", "FA": "Herbst", "WI": "Winter"}
REFS = {"PRESENT_REF": "derzeit", "PAST_REF": "früher", "FUTURE_REF": "künftig"}
MOD_WORDS = {"START": "Anfang", "MID": "Mitte", "END": "Ende", "APPROX": "etwa", "BEFORE": "vor", "AFTER": "nach"}
DURATION_UNITS = {"Y": ("Jahr", "Jahre"), "M": ("Monat", "Monate"), "W": ("Woche", "Wochen"), "D": ("Tag", "Tage"),
                  "H": ("Stunde", "Stunden"), "DE": ("Jahrzehnt", "Jahrzehnte")}

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T(.*))?$")
_MONTH = re.compile(r"(\d{4})-(\d{2})$")
_YEAR = re.compile(r"(\d{4})$")
_WEEK = re.compile(r"(\d{4})-W(\d{2})(-WE)?$")
_YEAR_PART = re.compile(r"(\d{4})-(SP|SU|FA|WI|Q[1-4]|H[12])$")


def statement_date(value: str | None) -> str | None:
    """The calendar value (day, month or year) a TIMEX3 value dates a statement by, or None."""
    if not value:
        return None
    if m := _DAY.match(value):
        try:
            dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
        return value[:10]
    if (m := _MONTH.match(value)) and 1 <= int(m.group(2)) <= 12:
        return value
    if _YEAR.match(value):
        return value
    if m := _WEEK.match(value):
        try:
            thursday = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 4)
        except ValueError:
            return None
        return f"{thursday.year:04d}-{thursday.month:02d}"
    if m := _YEAR_PART.match(value):
        return m.group(1)
    return None


def reader_date(value: str | None, mod: str | None = None) -> str:
    """A TIMEX3 value as a German reader writes it ("Freitag, 14. Februar 2020"); unknown forms unchanged."""
    if not value:
        return ""
    text = _reader(value)
    if mod in MOD_WORDS and text != value:
        text = f"{MOD_WORDS[mod]} {text}"
    return text


def _reader(value: str) -> str:
    if value in REFS:
        return REFS[value]
    if m := _DAY.match(value):
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return value
        text = f"{WEEKDAY_NAMES[day.weekday()]}, {day.day}. {MONTH_NAMES[day.month - 1]} {day.year}"
        part = m.group(4)
        if part in PARTS_OF_DAY:
            return f"{text}, {PARTS_OF_DAY[part]}"
        if part and re.fullmatch(r"\d{2}:\d{2}.*", part):
            return f"{text}, {part[:5]} Uhr"
        return text
    if (m := _MONTH.match(value)) and 1 <= int(m.group(2)) <= 12:
        return f"{MONTH_NAMES[int(m.group(2)) - 1]} {m.group(1)}"
    if _YEAR.match(value):
        return str(int(value))
    if m := _WEEK.match(value):
        return f"{'Wochenende' if m.group(3) else 'Woche'} {int(m.group(2))}/{m.group(1)}"
    if m := _YEAR_PART.match(value):
        part = m.group(2)
        if part in SEASON_NAMES:
            return f"{SEASON_NAMES[part]} {m.group(1)}"
        return f"{part[1]}. {'Quartal' if part[0] == 'Q' else 'Halbjahr'} {m.group(1)}"
    if re.fullmatch(r"\d{3}", value):
        return f"{value}0er-Jahre"
    if re.fullmatch(r"\d{2}", value):
        return f"{int(value) + 1}. Jahrhundert"
    if m := re.fullmatch(r"XXXX-WXX-([1-7])", value):
        return WEEKDAY_NAMES[int(m.group(1)) - 1].lower() + "s"
    if m := re.fullmatch(r"PT?(\d+|X)(DE|[YMWDH])", value):
        n, unit = m.groups()
        one, many = DURATION_UNITS.get(unit, (unit, unit))
        if value.startswith("PT") and unit == "M":
            one, many = "Minute", "Minuten"
        return f"{'einige' if n == 'X' else n} {one if n == '1' else many}"
    return value


def timex_end(value: str | None) -> dt.date | None:
    """The last day a TIMEX3 value covers (a deadline's last day): "2024" → 2024-12-31, "2024-Q1" → 2024-03-31, "2024-W25" → its Sunday."""
    if not value:
        return None
    try:
        if m := re.fullmatch(r"(\d{4})", value):
            return dt.date(int(m[1]), 12, 31)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            y, mo = int(m[1]), int(m[2])
            return dt.date(y + mo // 12, mo % 12 + 1, 1) - dt.timedelta(days=1)
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?", value):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            q = int(m[2])
            return dt.date(int(m[1]) + q // 4, q * 3 % 12 + 1, 1) - dt.timedelta(days=1)
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
            return dt.date.fromisocalendar(int(m[1]), int(m[2]), 7)
    except ValueError:
        return None
    return None
