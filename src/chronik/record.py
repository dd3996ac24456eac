"""The Chronik record: one typed, versioned document per article.

Everything downstream of the analysis (store, exports, faces) reads only these
models. All offsets are Python string indices into ``Record.text`` (``start``
inclusive, ``end`` exclusive). ``docs/schema.md`` documents every field.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

SCHEMA = "chronik/1"

# Records serialise "schema" then "id" first: read the id without parsing the whole line.
_RECORD_ID = re.compile(r'^\{"schema":"[^"]*","id":("(?:[^"\\]|\\.)*")')

EntityType = Literal["PER", "ORG", "LOC", "MISC"]
QuoteKind = Literal["direct", "indirect", "free_indirect", "reported"]
TimeType = Literal["DATE", "TIME", "DURATION", "SET"]
Genre = Literal["news", "narrative"]
# Political actions after PLOVER, then the industry and traffic events annotated in SmartData.
EventType = Literal[
    "agree", "consult", "support", "concede", "cooperate", "aid", "retreat", "request",
    "accuse", "reject", "threaten", "protest", "sanction", "mobilize", "coerce", "assault",
    "acquisition", "merger", "spin_off", "insolvency", "layoffs", "strike",
    "accident", "disaster", "traffic_jam", "obstruction", "delay", "canceled_route", "canceled_stop",
    "rail_replacement",
]

# The same vocabularies as tuples, for faces that validate or list them.
ENTITY_TYPES: tuple[str, ...] = get_args(EntityType)
QUOTE_KINDS: tuple[str, ...] = get_args(QuoteKind)
GENRES: tuple[str, ...] = get_args(Genre)
EVENT_TYPES: tuple[str, ...] = get_args(EventType)


def text_digest(text: str) -> str:
    """SHA-256 of an article text: how the store recognises an article it already has."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_id(text: str) -> str:
    """Stable article id from its text, for inputs without an id."""
    return text_digest(text)[:16]


def record_id(line: str) -> str | None:
    """The id of a record JSON line, read from its start (None if it does not start like a record)."""
    m = _RECORD_ID.match(line)
    return json.loads(m.group(1)) if m else None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A stretch of the article text."""

    start: int
    end: int
    text: str


class Mention(Span):
    """One place where an entity is named or referred to."""

    kind: Literal["name", "nominal", "pronoun"] = "name"


class Role(Span):
    """A title, office or affiliation the article attaches to an entity (the span is the evidence)."""

    role: str


class Entity(_Model):
    id: str = Field(description="Article-local id, e.g. 'e3'.")
    name: str = Field(description="Canonical name: the fullest name form in the article.")
    type: EntityType
    mentions: list[Mention]
    aliases: list[str] = []
    roles: list[Role] = []
    qid: str | None = Field(None, description="Wikidata QID where a shipped gazetteer knows the entity.")
    place: str | None = Field(None, description="Canonical place name for countries and cities.")
    confidence: float | None = Field(
        None, description="How sure the analysis is that this is a named entity of this type (0-1; docs/entities.md)."
    )


class Speaker(Span):
    """The local mention naming the speaker of a statement, and the entity it resolves to."""

    entity: str | None = Field(None, description="Id of the entity in Record.entities.")


class Quote(_Model):
    id: str
    kind: QuoteKind
    content: list[Span] = Field(description="The message; may be split in pieces.")
    cue: Span | None = None
    speaker: Speaker | None = None
    addressee: Span | None = None
    frame: Span | None = Field(None, description="The attribution clause: speaker and cue ('sagte der Minister').")
    confidence: float | None = Field(
        None, ge=0.0, le=1.0,
        description="Calibrated probability that message and speaker are right (about c of statements near c are).")
    time: str | None = Field(None, description="TIMEX3 value of when the statement was made, if the text says.")
    time_source: Literal["text", "article"] | None = None


class Time(Span):
    type: TimeType
    value: str = Field(description="TIMEX3-style value: 2020-02-14, 2019-11, P2W, PRESENT_REF, XXXX-WXX-3 ...")
    mod: str | None = Field(None, description="TIMEX3 mod: START, MID, END, BEFORE, AFTER, APPROX ...")
    role: Literal["point", "begin", "end", "deadline"] = "point"
    anchor: str | None = Field(None, description="The date the value was resolved against, if relative.")


class Amount(Span):
    value: float | None
    unit: str | None = None
    object: str | None = Field(None, description="What is counted: 'Soldaten', 'des Bruttoinlandsprodukts'.")
    qualifier: Literal["approx", "min", "max", "more_than", "less_than"] | None = None


class Pledge(_Model):
    id: str
    actor: Speaker | None
    target: Span = Field(description="What is promised, e.g. 'zwei Prozent des Bruttoinlandsprodukts'.")
    amount: int | None = Field(None, description="Index into Record.amounts of the target figure.")
    deadline: str | None = Field(None, description="TIMEX3 value of the deadline.")
    deadline_span: Span | None = None
    deadline_mod: Literal["ON_OR_BEFORE", "ON_OR_AFTER", "START", "MID", "END"] | None = Field(
        None, description="TIMEX3 mod: ON_OR_BEFORE for 'bis (spätestens) 2031', ON_OR_AFTER for 'ab Juli', or START/MID/END.")
    quote: str | None = Field(None, description="Id of the statement the pledge was made in.")
    evidence: Span = Field(description="The sentence carrying the pledge.")
    strength: Literal["promise", "plan", "aim"] | None = Field(
        None, description="promise (zugesagt, versprochen), plan (angekündigt, will, plant) or aim (Ziel, anstreben).")
    confidence: float | None = Field(None, description="The recogniser's probability that this is a pledge.")
    status: Literal["made", "withdrawn"] = Field("made", description="'withdrawn': the text reports it dropped or missed.")
    speaker: Speaker | None = Field(None, description="Who said it, where a statement carries it (may differ from actor).")
    cue: Span | None = Field(None, description="The commitment word(s): 'sagte … zu', 'kündigte … an', 'will'.")


class Event(_Model):
    """Who did what to whom, where and when: one event reported in one sentence."""

    id: str = Field(description="Article-local id, e.g. 'v1'.")
    type: EventType
    trigger: Span = Field(description="The word(s) naming the event: 'übernimmt', 'Streik', 'warf … vor'.")
    actor: Speaker | None = Field(None, description="Who acts; null when the text does not say or the rules are unsure.")
    target: Speaker | None = Field(None, description="Whom or what the act is aimed at.")
    place: Speaker | None = Field(None, description="Where, a place mention in the sentence (entity id if resolved).")
    time: str | None = Field(None, description="TIMEX3 value of when it happened, from a chronik_time expression of the sentence.")
    time_span: Span | None = None
    evidence: Span = Field(description="The sentence reporting the event.")
    quote: str | None = Field(None, description="Id of the statement that is the act (an accusation, a demand, a refusal).")
    confidence: float | None = Field(None, ge=0.0, le=1.0, description="How sure the recogniser is of type and trigger.")


class Provenance(_Model):
    source_file: str | None = None
    ingested_at: dt.datetime | None = None
    chronik_version: str
    models: dict[str, str] = {}


class Article(BaseModel):
    """What a reader produces: text plus metadata; unknown input fields kept in ``extra``."""

    id: str
    text: str
    title: str | None = None
    date: dt.date | None = None
    url: str | None = None
    source: str | None = None
    lang: str | None = None
    genre: Genre = "news"
    extra: dict[str, Any] = {}
    origin: str | None = Field(None, description="Where it was read from: 'file.jsonl:12'.")


class Record(_Model):
    schema_: str = Field(SCHEMA, alias="schema")
    id: str
    title: str | None = None
    date: dt.date | None = None
    url: str | None = None
    source: str | None = None
    lang: str | None = None
    genre: Genre = "news"
    text: str
    place: str | None = Field(None, description="Dateline place ('Berlin', 'Wien/Spielfeld'), if the text opens with one.")
    agency: str | None = Field(None, description="News agency credited in the dateline or end credits ('dpa/AFP').")
    credits: list[Span] = Field(
        [], description="Dateline and end credits, hidden (blanked) from the analysis; offsets into text."
    )
    entities: list[Entity] = []
    quotes: list[Quote] = []
    times: list[Time] = []
    amounts: list[Amount] = []
    pledges: list[Pledge] = []
    events: list[Event] = []
    extra: dict[str, Any] = Field({}, description="Input fields Chronik does not know, passed through.")
    provenance: Provenance | None = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_json(self) -> str:
        return self.model_dump_json(by_alias=True)

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)

    def entity(self, entity_id: str | None) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)
