"""Datelines and agency credits: read into place and agency, hidden from the analysis.

News texts open with a dateline ("Berlin (dpa) –", "Wien –", "(APA) –") and end with
credits ("Quelle: Reuters", "Foto: …", "(APA, 5.1.2016)"). Left in the text they glue
onto entities ("Wien - Wird") and make copies of one report look different.

:func:`read_credits` finds them; :func:`mask` blanks them with spaces (newlines kept),
so the analysed text has the same length as the article text and every character
offset the pipeline produces stays an offset into ``Record.text``, which is kept as
read. The blanked ranges are listed in ``Record.credits``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Agency spellings → canonical name. Only these count as an agency in a dateline;
# author initials ("(red, 5.1.2016)", "(jk)") are credits but not agencies.
AGENCIES = {
    "dpa": "dpa", "dpa-afx": "dpa-AFX", "apa": "APA", "afp": "AFP", "ap": "AP", "reuters": "Reuters",
    "kna": "KNA", "epd": "epd", "sda": "sda", "sid": "SID", "dapd": "dapd", "ddp": "ddp", "dts": "dts",
    "dj": "Dow Jones", "dow jones": "Dow Jones", "bloomberg": "Bloomberg", "ansa": "ANSA",
    "xinhua": "Xinhua", "tass": "TASS", "efe": "EFE", "upi": "UPI", "idea": "idea", "kap": "Kathpress",
    "kathpress": "Kathpress", "ots": "OTS", "ddp/ap": "ddp/AP",
}
_AGENCY = "|".join(sorted((re.escape(a) for a in AGENCIES), key=len, reverse=True))
# "dpa", "dpa/AFP", "APA/dpa/Reuters", case-insensitive
# "dpa/lnw", "dpa/tmn": a regional or topic service of the agency before it
_AGENCIES = rf"(?i:(?:{_AGENCY})(?:\s*[/,]\s*(?:{_AGENCY}|[a-z]{{2,4}}\b))*)"
_DASH = r"\s+[–—-]{1,2}\s+"
# A place: capitalised words (with hyphens, "St.", particles "am", "an der", "de", "upon" …),
# several places joined by "/" ("Wien/Spielfeld"); no sentence inside.
_WORD = r"(?:St\.\s?)?[A-ZÄÖÜ][\wÀ-ÿ'’.-]*?[\wÀ-ÿ]"
_PARTICLE = r"(?:am|an\s+der|an\s+dem|bei|im|ob\s+der|de|do|da|del|la|le|los|on|upon|sur|sul)"
_ONE_PLACE = rf"{_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_WORD}){{0,3}}"
_PLACE = rf"{_ONE_PLACE}(?:\s*/\s*{_ONE_PLACE}){{0,3}}"
# "Berlin (dpa) –", "BERLIN, 12. März (Reuters) -", "Wien –", "(APA) –"
_DATELINE = re.compile(
    rf"(?P<place>{_PLACE})?(?:,\s*\d{{1,2}}\.\s*\w+\.?(?:\s*\d{{4}})?)?"
    rf"(?:\s*\((?P<agency>{_AGENCIES})\))?{_DASH}(?=[\"„»«A-ZÄÖÜ0-9])",
)
_DATELINE_CAPS = re.compile(rf"(?P<place>[A-ZÄÖÜ][A-ZÄÖÜ/ .-]{{1,40}}[A-ZÄÖÜ])\s*\((?P<agency>{_AGENCIES})\)\s*[–—-]{{0,2}}\s*")
# A dateline is looked for at the start, at a paragraph start, or after a sentence of the
# lead (derStandard puts the teaser before it) within this many characters.
LEAD_CHARS = 600
_SENTENCE_END = re.compile(r"(?:^|\n\s*|[.!?:][\"“”»«]?\s+)")

_END_LINE = re.compile(
    r"(?im)^[ \t]*(?:\(?(?:Quellen?|Fotos?|Bilder?|Grafik|Video|Mitarbeit|Text|Autor(?:in)?|Redaktion|Übersetzung)"
    r"\s*:\s*[^\n]{0,160}\)?|(?:mit\s+)?Material\s+von\s+[^\n]{0,80}|©\s*[^\n]{0,120}"
    r"|\((?:" + _AGENCIES + r")\))[ \t]*$"
)
# derStandard style "(APA, 5.1.2016)", "(red, 16. 5. 2016)", "(Maria Muster, 19.1.2016)" or a bare "(dpa)"
_END_PAREN = re.compile(
    r"\((?P<who>[^()\n]{1,60}?)(?:,\s*\d{1,2}\.\s*\d{1,2}\.\s*\d{2,4})\)\s*$|\((?P<agency>" + _AGENCIES + r")\)\s*$",
    re.I,
)
# The same credits closing a text without line breaks: "… schwierig. Quelle: dpa"
_END_SENTENCE = re.compile(
    r"(?<=[.!?“\"»])[ \t]+(?:Quellen?\s*:|Fotos?\s*:|Bilder?\s*:|(?:[Mm]it\s+)?Material\s+von\b)[^.!?\n]{1,80}$"
)
_SOURCE = re.compile(r"(?i)(?:Quellen?\s*:|Material\s+von|©)\s*(?P<who>[^\n]+)")


@dataclass(frozen=True)
class Credits:
    """What was read: the dateline place, the agency, and the character ranges to hide."""

    place: str | None = None
    agency: str | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)


def canonical_agency(text: str) -> str | None:
    """'dpa/afp' → 'dpa/AFP'; None when no part is a known agency."""
    parts = [AGENCIES.get(p.strip().lower()) for p in re.split(r"\s*[/,]\s*|\s+und\s+", text) if p.strip()]
    known = [p for p in parts if p]
    return "/".join(dict.fromkeys(known)) or None


def _place(text: str | None) -> str | None:
    if not text:
        return None
    text = re.sub(r"\s+", " ", text.strip())
    if text.isupper():  # "BERLIN" → "Berlin"
        text = "/".join(p.strip().title() for p in text.split("/"))
    return re.sub(r"\s*/\s*", "/", text)


def _dateline(text: str) -> tuple[str | None, str | None, tuple[int, int]] | None:
    for start_m in _SENTENCE_END.finditer(text, 0, LEAD_CHARS):
        at = start_m.end()
        if at >= LEAD_CHARS:
            break
        for pattern in (_DATELINE_CAPS, _DATELINE):
            m = pattern.match(text, at)
            if m and (m.group("place") or m.group("agency")):
                place, agency = m.group("place"), m.group("agency")
                if at > 0 and not agency and not place:
                    continue
                if place and _looks_like_sentence(place):
                    continue
                return _place(place), canonical_agency(agency) if agency else None, (m.start(), m.end())
    return None


def _looks_like_sentence(place: str) -> bool:
    # A short capitalised headline ("Neue Regeln") is not told apart by the pattern; common
    # sentence-initial words are refused here.
    words = set(re.split(r"[\s/]+", place))
    return bool(words & _NOT_PLACE)


_NOT_PLACE = frozenset(str.split(
    "Der Die Das Den Dem Des Ein Eine Einen Auch Doch Aber Und Nun Jetzt Heute Gestern Dann Noch Nur So Wie Was Wer"
    " Wir Ich Er Sie Es Man Neue Neuer Neues Neuen Alte Gegen Nach Vor Mit Für Bei Im In Am Zum Zur Vom Von Über"
    " Unter Weil Wenn Als Ob Januar Februar März April Mai Juni Juli August September Oktober November Dezember"
    " Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag"
))


def read_credits(text: str) -> Credits:
    """The dateline (place, agency) and end credits of a news text; empty Credits if none."""
    spans: list[tuple[int, int]] = []
    place = agency = None
    found = _dateline(text)
    if found:
        place, agency, span = found
        spans.append(span)
    # End credits: strip trailing credit lines / parentheses, last first.
    end = len(text.rstrip())
    floor = spans[0][1] if spans else 0
    while end > floor:
        head = text[:end]
        m = _END_PAREN.search(head)
        line = None
        if m is None:
            last_nl = head.rfind("\n")
            line = _END_LINE.fullmatch(head, last_nl + 1) if last_nl >= 0 else None
            line = line or _END_SENTENCE.search(head, max(last_nl + 1, end - 120))
        hit = m or line
        if hit is None or hit.start() < floor:
            break
        matched = hit.group(0)
        who = None
        if m is not None:
            who = m.group("agency") or m.group("who")
        else:
            src = _SOURCE.search(matched)
            who = src.group("who") if src else re.sub(r"[()]", "", matched)
        if who and not agency and not re.match(r"(?i)\s*\(?\s*(?:Fotos?|Bilder?|Grafik|Video)\s*:", matched):
            agency = canonical_agency(who)
        start = hit.start() + len(matched) - len(matched.lstrip())
        spans.append((start, hit.end()))
        end = len(text[:start].rstrip())
    return Credits(place=place, agency=agency, spans=sorted(spans))


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with ``spans`` replaced by spaces (newlines kept): same length, same offsets."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)
