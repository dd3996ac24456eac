"""Records as GDELT GKG 2.1-style rows: one tab-separated line per article, the 27 columns of GKG 2.1.

The column mapping, what stays empty and why, and how to read the file with pandas or
DuckDB are in ``docs/gkg.md``. Offsets are character offsets into ``Record.text`` (as
GDELT's are into the document text). Delimiters are GKG's own: ``;`` between the items
of a list (``#`` in V2.1QUOTATIONS), ``#`` or ``,`` between the fields of an item (``|``
in V2.1QUOTATIONS). GKG has no escape character, so a delimiter of a field's own level or
above, and any tab, newline or other control character, inside a name, quotation, verb or
amount object is replaced by a space: one character for one, so ``text[offset:offset + length]``
of a quotation in one piece reads its words (a quotation split by "sagte er" is its pieces joined
by " … ", its length the whole stretch). V2EXTRASXML is
XML on one line (entities escaped; tabs and newlines as character references).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import IO, Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from ..projection import speaker_name, statement_text
from ..record import Record, Speaker

GKG_COLUMNS: tuple[str, ...] = (
    "GKGRECORDID", "V2.1DATE", "V2SOURCECOLLECTIONIDENTIFIER", "V2SOURCECOMMONNAME", "V2DOCUMENTIDENTIFIER",
    "V1COUNTS", "V2.1COUNTS", "V1THEMES", "V2ENHANCEDTHEMES", "V1LOCATIONS", "V2ENHANCEDLOCATIONS",
    "V1PERSONS", "V2ENHANCEDPERSONS", "V1ORGANIZATIONS", "V2ENHANCEDORGANIZATIONS", "V1.5TONE",
    "V2.1ENHANCEDDATES", "V2GCAM", "V2.1SHARINGIMAGE", "V2.1RELATEDIMAGES", "V2.1SOCIALIMAGEEMBEDS",
    "V2.1SOCIALVIDEOEMBEDS", "V2.1QUOTATIONS", "V2.1ALLNAMES", "V2.1AMOUNTS", "V2.1TRANSLATIONINFO",
    "V2EXTRASXML",
)

# GKG source collections (codebook): 1 WEB (the identifier is a URL), 2 CITATIONONLY (a textual citation).
WEB, CITATION_ONLY = 1, 2
# GKG location types: 1 COUNTRY, 4 WORLDCITY (the US state/city types 2, 3, 5 need a US gazetteer Chronik lacks).
COUNTRY, WORLD_CITY = 1, 4
# ISO 639-1 → the ISO 639-3 codes GKG's SRCLC uses, for the languages Chronik reads.
_LANG3 = {"de": "deu", "en": "eng", "fr": "fra", "it": "ita", "es": "spa", "nl": "nld", "pl": "pol"}

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_DATE = re.compile(r"^(\d{4}|XXXX)(?:-(\d{2})(?:-(\d{2}))?)?$")

# links(article id) -> {"copy_of": id | None, "story": id | None}: what the KB knows across articles.
Links = Callable[[str], Mapping[str, Any]]


def clean(text: str | None, delimiters: str) -> str:
    """``text`` with control characters (tab, newline …) and ``delimiters`` each replaced by one space."""
    if not text:
        return ""
    text = _CONTROL.sub(" ", text)
    return text.translate({ord(c): " " for c in delimiters})


def _country_names() -> frozenset[str]:
    """The canonical (English) names of countries, as ``Entity.place`` holds them."""
    from importlib.resources import files

    names = set()
    for line in files("chronik").joinpath("lexicons/countries.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            cells = line.split("\t")
            if len(cells) > 2:
                names.add(cells[2])
    return frozenset(names)


_COUNTRIES: frozenset[str] | None = None


def _location_type(place: str | None) -> str:
    global _COUNTRIES
    if not place:
        return ""  # not in the shipped gazetteer: no type rather than a guess
    if _COUNTRIES is None:
        _COUNTRIES = _country_names()
    return str(COUNTRY if place in _COUNTRIES else WORLD_CITY)


def _names(record: Record, types: tuple[str, ...]) -> tuple[str, str]:
    """(V1 list: each name once; V2 enhanced list: ``name,offset`` for each mention by name), ``;``-delimited."""
    unique: dict[str, None] = {}
    enhanced: list[tuple[int, str]] = []
    for e in record.entities:
        if e.type not in types:
            continue
        name = clean(e.name, ";,#")
        unique[name] = None
        enhanced += [(m.start, name) for m in e.mentions if m.kind == "name"]
    return ";".join(unique), ";".join(f"{n},{o}" for o, n in sorted(enhanced))


def _locations(record: Record) -> tuple[str, str]:
    """V1LOCATIONS (``type#name#country#adm1#lat#long#featureid``, each place once) and V2ENHANCEDLOCATIONS
    (``type#name#country#adm1#adm2#lat#long#featureid#offset``, each mention by name)."""
    unique: dict[str, None] = {}
    enhanced: list[tuple[int, str]] = []
    for e in record.entities:
        if e.type != "LOC":
            continue
        kind, name = _location_type(e.place), clean(e.place or e.name, ";#")
        unique[f"{kind}#{name}#####"] = None
        enhanced += [(m.start, f"{kind}#{name}#######{m.start}") for m in e.mentions if m.kind == "name"]
    return ";".join(unique), ";".join(v for _o, v in sorted(enhanced))


def _dates(record: Record) -> str:
    """V2.1ENHANCEDDATES: ``resolution#month#day#year#offset`` for each calendar date in the text.

    Resolution as in GKG: 4 day, month and year; 3 month and day without a year; 2 month and
    year; 1 year only. Durations, sets, times of day and unresolved relative dates are left out."""
    out = []
    for t in record.times:
        m = _DATE.match(t.value) if t.type == "DATE" else None
        if not m:
            continue
        year, month, day = m.group(1), m.group(2), m.group(3)
        if year == "XXXX":
            if not (month and day):
                continue
            resolution, year = 3, "0"
        else:
            resolution = 4 if day else 2 if month else 1
        out.append(f"{resolution}#{int(month or 0)}#{int(day or 0)}#{int(year)}#{t.start}")
    return ";".join(out)


def _quotations(record: Record) -> str:
    """V2.1QUOTATIONS: ``offset|length|verb|quote`` for each direct quotation, ``#``-delimited.

    Only direct quotes: GKG's quotations are the words in quotation marks. Reported and
    indirect speech (and every statement's speaker) are in V2EXTRASXML."""
    out = []
    for q in record.quotes:
        if q.kind != "direct" or not q.content:
            continue
        start, end = min(p.start for p in q.content), max(p.end for p in q.content)
        verb = clean(q.cue.text if q.cue else "", "#|")
        out.append(f"{start}|{end - start}|{verb}|{clean(statement_text(q), '#|')}")
    return "#".join(out)


def _all_names(record: Record) -> str:
    """V2.1ALLNAMES: ``name,offset`` for every mention by name of every entity (people, organisations, places, other)."""
    found = sorted((m.start, clean(e.name, ";,")) for e in record.entities for m in e.mentions if m.kind == "name")
    return ";".join(f"{n},{o}" for o, n in found)


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) and abs(value) < 1e18 else repr(value)


def _amounts(record: Record) -> str:
    """V2.1AMOUNTS: ``amount,object,offset``; the object is what is counted, else the unit (``EUR``, ``%``)."""
    out = []
    for a in record.amounts:
        if a.value is None:
            continue
        out.append(f"{_number(a.value)},{clean(a.object or a.unit or '', ';,')},{a.start}")
    return ";".join(out)


def _translation(record: Record) -> str:
    """V2.1TRANSLATIONINFO: the source language (``srclc:deu``); no ``eng:`` engine, as nothing was translated."""
    lang = (record.lang or "").lower()
    return f"srclc:{_LANG3.get(lang, clean(lang, ';:'))}" if lang else ""


def _attrs(**values: Any) -> str:
    return "".join(f" {k}={_attr(v)}" for k, v in values.items() if v is not None and v != "")


def _attr(value: Any) -> str:
    # XML 1.0 has no place for other control characters; quoteattr writes tab, newline and carriage
    # return as character references, so the XML stays on one line.
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]", " ", str(value))
    return quoteattr(text, {"\t": "&#9;", "\n": "&#10;", "\r": "&#13;"})


def _who(record: Record, who: Speaker | None) -> tuple[str | None, str | None]:
    """(name, Wikidata QID) of a statement's speaker or an event's participant."""
    if who is None:
        return None, None
    entity = record.entity(who.entity) if who.entity else None
    return speaker_name(record, who), entity.qid if entity else None


def _events(record: Record) -> str:
    """``<CHRONIK_EVENTS>``: each typed event (``Record.events``) with its trigger's offset and length,
    type, actor, target, place, time and confidence. Empty for records without events."""
    items = []
    for ev in getattr(record, "events", None) or []:
        actor, actor_qid = _who(record, ev.actor)
        target, target_qid = _who(record, ev.target)
        place, _ = _who(record, ev.place)
        items.append("<EVENT" + _attrs(
            id=ev.id, type=ev.type, offset=ev.trigger.start, length=ev.trigger.end - ev.trigger.start,
            trigger=ev.trigger.text, actor=actor, actor_qid=actor_qid, target=target, target_qid=target_qid,
            place=place, time=ev.time, quote=ev.quote, confidence=ev.confidence,
            sentence=f"{ev.evidence.start}-{ev.evidence.end}",
        ) + "/>")
    return f"<CHRONIK_EVENTS>{''.join(items)}</CHRONIK_EVENTS>" if items else ""


def _statements(record: Record) -> str:
    """``<CHRONIK_STATEMENTS>``: every statement (direct, indirect, reported) with its speaker."""
    items = []
    for q in record.quotes:
        if not q.content:
            continue
        start, end = min(p.start for p in q.content), max(p.end for p in q.content)
        speaker, qid = _who(record, q.speaker)
        items.append("<STATEMENT" + _attrs(
            id=q.id, kind=q.kind, offset=start, length=end - start, speaker=speaker, speaker_qid=qid,
            cue=q.cue.text if q.cue else None, time=q.time, confidence=q.confidence,
        ) + "/>")
    return f"<CHRONIK_STATEMENTS>{''.join(items)}</CHRONIK_STATEMENTS>" if items else ""


def _extras(record: Record, links: Mapping[str, Any]) -> str:
    """V2EXTRASXML: GKG's ``<PAGE_TITLE>``, then Chronik's article, statements and events."""
    title = f"<PAGE_TITLE>{escape(clean(record.title, ''))}</PAGE_TITLE>" if record.title else ""
    article = "<CHRONIK_ARTICLE" + _attrs(
        id=record.id, source=record.source, place=record.place, agency=record.agency,
        copy_of=links.get("copy_of"), story=links.get("story"),
    ) + "/>"
    return title + article + _statements(record) + _events(record)


def _v21date(record: Record) -> str:
    return record.date.strftime("%Y%m%d000000") if record.date else ""


def gkg_row(record: Record, links: Mapping[str, Any] | None = None) -> list[str]:
    """The 27 GKG 2.1 fields of one article (``GKG_COLUMNS`` order); ``links`` as :data:`Links` returns."""
    date, rid = _v21date(record), clean(record.id, "")
    persons, persons2 = _names(record, ("PER",))
    orgs, orgs2 = _names(record, ("ORG",))
    locations, locations2 = _locations(record)
    web = bool(record.url)
    source = record.source or (urlsplit(record.url).hostname if record.url else None)
    row = {
        "GKGRECORDID": f"{date}-{rid}" if date else rid,
        "V2.1DATE": date,
        "V2SOURCECOLLECTIONIDENTIFIER": str(WEB if web else CITATION_ONLY),
        "V2SOURCECOMMONNAME": clean(source, ""),
        "V2DOCUMENTIDENTIFIER": clean(record.url, "") if web else rid,
        "V1LOCATIONS": locations, "V2ENHANCEDLOCATIONS": locations2,
        "V1PERSONS": persons, "V2ENHANCEDPERSONS": persons2,
        "V1ORGANIZATIONS": orgs, "V2ENHANCEDORGANIZATIONS": orgs2,
        "V2.1ENHANCEDDATES": _dates(record),
        "V2.1QUOTATIONS": _quotations(record),
        "V2.1ALLNAMES": _all_names(record),
        "V2.1AMOUNTS": _amounts(record),
        "V2.1TRANSLATIONINFO": _translation(record),
        "V2EXTRASXML": _extras(record, links or {}),
    }
    return [row.get(c, "") for c in GKG_COLUMNS]


def gkg_line(record: Record, links: Mapping[str, Any] | None = None) -> str:
    """One GKG row as a line (tab-separated, ending in a newline)."""
    return "\t".join(gkg_row(record, links)) + "\n"


def write_gkg(records: Iterable[Record], fh: IO[str], *, links: Links | None = None, header: bool = False) -> int:
    """Write one GKG row per record to ``fh`` (GDELT's files have no header line; ``header`` adds one);
    returns the number of rows."""
    if header:
        fh.write("\t".join(GKG_COLUMNS) + "\n")
    n = 0
    for record in records:
        fh.write(gkg_line(record, links(record.id) if links else None))
        n += 1
    return n
