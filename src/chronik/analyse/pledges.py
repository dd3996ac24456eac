"""Pledges: an actor's commitment to a target with a deadline (``chronik_pledges``).

A sentence holds a pledge when it has a commitment cue ("verpflichten",
"zusagen", "wollen ... erreichen", "Ziel", "anstreben" ...), a deadline (a
:class:`~chronik.record.Time` with role ``end``/``deadline``, or a future date) and
a target (an amount, extended by its counted object, or a goal noun such as
"das Zwei-Prozent-Ziel"). The **actor is the committed party**, not the speaker:
in "X hatte erklärt, dass Deutschland das Ziel bis 2031 erreichen wolle" the actor
is Deutschland and the statement is linked through ``quote``. The actor is the
entity mention (``doc._.chronik_entities``, else ``doc.ents``) nearest before the
cue in its clause, else the sentence-initial noun phrase with ``entity`` None.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..record import Amount, Pledge, Quote, Span, Speaker, Time
from . import extensions  # noqa: F401

_CUE = re.compile(
    r"\b(?:verpflichte[nt]?\w*|(?:zu)?gesagt|sagte?n?\s+\w+\s+zu|zusagen|Zusage\w*|versprochen|verspr\w+|Versprechen"
    r"|angekündigt|kündigte?n?|ankündigen|Ziel\w*|\w+-Ziel|Zielmarke|anstreben|angestrebt|strebt\w*|plan\w+|geplant"
    r"|(?:will|wollen|wolle|wollten?)\b(?=[^.]*\b(?:erreichen|erhöhen|senken|steigern|reduzieren|verringern|ausbauen"
    r"|verdoppeln|halbieren|investieren|aufstocken)))",
    re.IGNORECASE,
)
_GOAL = re.compile(r"\b(?:das|die|den|ein|eine|dieses?|diese[nm]?)\s+(?:[\w-]+\s+)?[\w-]*(?:Ziel|Zielmarke|Marke|Quote)\b")
_CLAUSE = re.compile(r"\b(?:dass|ob|weil|wenn)\s+|,\s+")
_NP = re.compile(r"(?:(?:Die|Der|Das|die|der|das)\s+)?[A-ZÄÖÜ][\w-]*(?:\s+[A-ZÄÖÜ][\w-]*)*")
_PRONOUNS = frozenset({"Sie", "Er", "Es", "Wir", "Ich", "Auch", "Dabei", "Zugleich", "Nach", "In", "Im", "Am"})


def _mentions(doc: Doc) -> list[Speaker]:
    """Entity mentions as Speakers, from Chronik's entities or, failing those, ``doc.ents``."""
    if doc._.chronik_entities:
        return sorted(
            (Speaker(start=m.start, end=m.end, text=m.text, entity=e.id)
             for e in doc._.chronik_entities for m in e.mentions),
            key=lambda s: s.start,
        )
    return [Speaker(start=e.start_char, end=e.end_char, text=e.text) for e in doc.ents]


def _deadline(times: list[Time], start: int, end: int) -> Time | None:
    inside = [t for t in times if start <= t.start < end and t.type in ("DATE", "TIME")]
    for t in inside:
        if t.role in ("deadline", "end"):
            return t
    return None


def _target(text: str, amounts: list[Amount], s: int, e: int, after: int) -> tuple[Span, int | None] | None:
    """The first amount (with its counted object) or goal noun after ``after`` in the sentence."""
    for i, a in enumerate(amounts):
        if after <= a.start < e:
            end = a.end + (len(a.object) + 1 if a.object and text.startswith(a.object, a.end + 1) else 0)
            return Span(start=a.start, end=end, text=text[a.start : end]), i
    m = _GOAL.search(text, after, e) or _GOAL.search(text, s, e)
    return (Span(start=m.start(), end=m.end(), text=m.group(0)), None) if m else None


def _actor(text: str, mentions: list[Speaker], s: int, cue_start: int, target_start: int) -> Speaker | None:
    """The committed party: the subject of the clause holding the commitment."""
    clause_start = s
    for m in _CLAUSE.finditer(text, s, min(cue_start, target_start)):
        clause_start = m.end()
    while clause_start < min(cue_start, target_start) and text[clause_start].isspace():
        clause_start += 1
    limit = min(cue_start, target_start)
    in_clause = [m for m in mentions if clause_start <= m.start < limit]
    if in_clause:
        return in_clause[0]
    np = _NP.match(text, clause_start)
    if np and np.end() <= limit and np.group(0).split()[-1] not in _PRONOUNS:
        return Speaker(start=np.start(), end=np.end(), text=np.group(0))
    in_sentence = [m for m in mentions if s <= m.start < limit]
    return in_sentence[-1] if in_sentence else None


def _quote(quotes: list[Quote], s: int, e: int) -> str | None:
    for q in quotes:
        spans = [*q.content, *([q.cue] if q.cue else [])]
        if any(sp.start < e and s < sp.end for sp in spans):
            return q.id
    return None


def find_pledges(doc: Doc) -> list[Pledge]:
    text = doc.text
    times = doc._.chronik_times or []
    amounts = doc._.chronik_amounts or []
    quotes = doc._.chronik_quotes or []
    mentions = _mentions(doc)
    out: list[Pledge] = []
    for sent in doc.sents:
        s, e = sent.start_char, sent.end_char
        cue = _CUE.search(text, s, e)
        if not cue:
            continue
        deadline = _deadline(times, s, e)
        if deadline is None:
            continue
        found = _target(text, amounts, s, e, deadline.end)
        if found is None:
            continue
        target, amount = found
        out.append(Pledge(
            id=f"p{len(out) + 1}",
            actor=_actor(text, mentions, s, cue.start(), min(target.start, deadline.start)),
            target=target, amount=amount, deadline=deadline.value,
            deadline_span=Span(start=deadline.start, end=deadline.end, text=deadline.text),
            quote=_quote(quotes, s, e),
            evidence=Span(start=s, end=e, text=sent.text),
        ))
    return out


class PledgeFinder:
    """spaCy component: writes ``doc._.chronik_pledges`` (list of :class:`chronik.record.Pledge`)."""

    def __init__(self, nlp: Language, name: str = "chronik_pledges"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.chronik_pledges = find_pledges(doc)
        return doc


@Language.factory("chronik_pledges")
def make_component(nlp: Language, name: str):
    return PledgeFinder(nlp, name)
