"""A record as flat rows: the one projection that the store, the Parquet export and the faces share.

Whatever shows or stores a statement reads it from here: its text (pieces joined by
" … "), its span, its speaker's name (the entity's name, else the words of the
mention) and its date (the statement's own, else the article's). So the knowledge
base's tables and the Parquet tables hold the same values (``tests/test_projection.py``).
Columns are documented in ``docs/schema.md``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .record import Quote, Record, Speaker

TABLES = ("articles", "statements", "entities", "mentions", "times", "amounts", "pledges", "events")
PIECE_JOINER = " … "
_CALENDAR = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?(?=$|T)")

Row = dict[str, Any]


def statement_text(quote: Quote) -> str:
    """The words of a statement, its pieces joined by " … "."""
    return PIECE_JOINER.join(p.text for p in quote.content)


_QUOTE_OPEN, _QUOTE_CLOSE = "„\"»“", "“”\"«"


def shown_text(kind: str, text: str) -> str:
    """A statement's text as faces show it: a direct quote in quotation marks, anything else
    (indirect, free indirect, reported speech) as the paraphrase it is, never in quotation marks
    of its own (a quoted fragment inside it keeps the source's marks)."""
    text = text.strip()
    if kind == "direct":
        if text[:1] not in _QUOTE_OPEN:
            text = "„" + text
        if text[-1:] not in _QUOTE_CLOSE:
            text += "“"
        return text
    if len(text) > 1 and text[0] in _QUOTE_OPEN and text[-1] in _QUOTE_CLOSE and text.count("„") <= 1:
        return text[1:-1].strip()
    return text


def speaker_name(record: Record, speaker: Speaker | None) -> str | None:
    """Who spoke (or pledged): the entity's canonical name, else the mention's words; None when nobody is known."""
    if speaker is None:
        return None
    entity = record.entity(speaker.entity) if speaker.entity else None
    return entity.name if entity else speaker.text


def statement_date(record: Record, quote: Quote) -> tuple[str | None, str | None]:
    """(date, where it comes from): the statement's own time ("text"), else the article's date ("article")."""
    article_date = record.date.isoformat() if record.date else None
    return quote.time or article_date, quote.time_source or ("article" if article_date else None)


def article_row(record: Record) -> Row:
    prov = record.provenance
    return dict(
        article=record.id, title=record.title, date=record.date.isoformat() if record.date else None, url=record.url,
        source=record.source, lang=record.lang, genre=record.genre, text=record.text,
        extra=json.dumps(record.extra, ensure_ascii=False), chronik_version=prov.chronik_version if prov else None,
    )


def statement_rows(record: Record) -> list[Row]:
    rows = []
    for q in record.quotes:
        date, date_source = statement_date(record, q)
        rows.append(dict(
            article=record.id, quote=q.id, kind=q.kind, text=statement_text(q),
            start=min((p.start for p in q.content), default=None), end=max((p.end for p in q.content), default=None),
            speaker=speaker_name(record, q.speaker), speaker_mention=q.speaker.text if q.speaker else None,
            speaker_entity=q.speaker.entity if q.speaker else None, cue=q.cue.text if q.cue else None,
            date=date, date_source=date_source, confidence=q.confidence,
        ))
    return rows


def entity_rows(record: Record) -> list[Row]:
    return [
        dict(article=record.id, entity=e.id, name=e.name, type=e.type, qid=e.qid, mentions=len(e.mentions),
             roles=json.dumps([r.role for r in e.roles], ensure_ascii=False))
        for e in record.entities
    ]


def mention_rows(record: Record) -> list[Row]:
    return [
        dict(article=record.id, entity=e.id, start=m.start, end=m.end, text=m.text, kind=m.kind)
        for e in record.entities
        for m in e.mentions
    ]


def time_rows(record: Record) -> list[Row]:
    return [
        dict(article=record.id, start=t.start, end=t.end, text=t.text, type=t.type, value=t.value, mod=t.mod,
             role=t.role)
        for t in record.times
    ]


def amount_rows(record: Record) -> list[Row]:
    return [
        dict(article=record.id, start=a.start, end=a.end, text=a.text, value=a.value, unit=a.unit, object=a.object,
             qualifier=a.qualifier)
        for a in record.amounts
    ]


def pledge_rows(record: Record) -> list[Row]:
    return [
        dict(article=record.id, pledge=p.id, actor=speaker_name(record, p.actor),
             actor_entity=p.actor.entity if p.actor else None, target=p.target.text, deadline=p.deadline,
             quote=p.quote, evidence=p.evidence.text, strength=p.strength, confidence=p.confidence, status=p.status,
             speaker=speaker_name(record, p.speaker))
        for p in record.pledges
    ]


def event_rows(record: Record) -> list[Row]:
    """Events: type, trigger, actor and target (entity name, else the mention's words), place, time, evidence.

    ``date`` is the event's own calendar date (its time expression reduced to a day, month or
    year), else the article's: what the store and the faces sort and filter events by."""
    out = []
    for v in record.events:
        own = calendar_date(v.time)
        out.append(dict(
            article=record.id, event=v.id, type=v.type, trigger=v.trigger.text,
            actor=speaker_name(record, v.actor), actor_entity=v.actor.entity if v.actor else None,
            target=speaker_name(record, v.target), target_entity=v.target.entity if v.target else None,
            place=speaker_name(record, v.place), place_entity=v.place.entity if v.place else None,
            time=v.time, date=own or (record.date.isoformat() if record.date else None),
            evidence=v.evidence.text, start=v.evidence.start, end=v.evidence.end, quote=v.quote,
            confidence=v.confidence))
    return out


def calendar_date(value: str | None) -> str | None:
    """The calendar part of a TIMEX3 value ("2020-02-14T10:00" → "2020-02-14", "2019-11", "2020"), else None."""
    if not value:
        return None
    m = _CALENDAR.match(value)
    return m.group(0) if m else None


def to_rows(record: Record) -> dict[str, list[Row]]:
    """One record as rows per table (:data:`TABLES`); every row carries its ``article`` id."""
    return {
        "articles": [article_row(record)],
        "statements": statement_rows(record),
        "entities": entity_rows(record),
        "mentions": mention_rows(record),
        "times": time_rows(record),
        "amounts": amount_rows(record),
        "pledges": pledge_rows(record),
        "events": event_rows(record),
    }
