"""Events: who did what to whom, where and when (``chronik_events``).

A word of the trigger lexicon (:mod:`.events_lexicon`: German verbs, participles and
nouns per event type, separable verbs with their particle, compounds by their last part)
makes a sentence a candidate. Political actions follow PLOVER (agree, consult, support,
concede, cooperate, aid, retreat, request, accuse, reject, threaten, protest, sanction,
mobilize, coerce, assault); industry and traffic events follow SmartData (acquisition,
merger, spin_off, insolvency, layoffs, strike, accident, disaster, traffic_jam,
obstruction, delay, canceled_route, canceled_stop, rail_replacement).

The arguments come from what the pipeline already has, without a parser: the **actor** is
an entity mention that is the clause's subject by German word order (the constituent before
the finite verb, or right after it when an adverbial opens the clause; the ``von``/``durch``
phrase of a passive); the **target** the first entity mention after the verb (or the
``gegen``/``auf``/``mit`` phrase after a noun); the **place** a ``LOC`` mention after
``in``/``bei``; the **time** a ``chronik_time`` date in the sentence. When the word order
does not say, the actor stays empty: an event with a wrong actor is worse than one without.
A negated clause, a question, or a noun that is only the object of a demand or threat
("forderte Sanktionen") is no event. A statement whose cue is an accusation, a demand or a
refusal feeds its event: its speaker becomes the actor and the event points to it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

import numpy
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..record import Event, Quote, Span, Speaker, Time
from . import extensions  # noqa: F401
from .events_lexicon import BUS, INDUSTRY, NEEDS_TRAFFIC, POLITICAL, SPEECH_ACTS, TRAFFIC_CONTEXT, Form, build
from .extensions import doc_text
from .linear import Logistic
from .resources import model_path

MODEL_PATH = model_path("events-de.json")

FORMS, TAILS, TAIL_LENGTHS = build()
_WORD = re.compile(r"[^\W\d_][\w-]*")
_CLAUSE_BREAK = re.compile(r"[,;:–—\n]|\s-\s|[„“”\"»«]")
_NEG = re.compile(r"\b(?:nicht|kein|keine|keinen|keinem|keiner|nie|niemals|weder)\b")
_SUBORDINATE = frozenset(["dass", "daß", "ob", "weil", "wenn", "falls", "nachdem", "als", "bevor", "obwohl", "da",
                          "damit", "sofern", "während", "wobei", "indem", "seit", "seitdem", "bis"])
_RELATIVE = frozenset(["der", "die", "das", "dem", "den", "denen", "dessen", "deren", "welche", "welcher", "welches",
                       "wer", "was", "wie", "wo", "warum", "weshalb"])
PREPS = frozenset(["in", "im", "am", "an", "auf", "aus", "bei", "beim", "mit", "nach", "seit", "von", "vom", "zu", "zum",
                   "zur", "für", "über", "unter", "vor", "hinter", "neben", "zwischen", "durch", "gegen", "ohne", "um",
                   "trotz", "wegen", "während", "laut", "gemäß", "bis", "ab", "angesichts", "ins", "ans", "aufs", "innerhalb",
                   "außerhalb", "nahe", "seitens", "zufolge", "infolge"])
_ADVERBIAL_START = PREPS | frozenset([
    "heute", "gestern", "morgen", "vorgestern", "jetzt", "nun", "damals", "zuvor", "zuletzt", "zudem", "außerdem", "auch",
    "dann", "daraufhin", "später", "bereits", "schon", "erneut", "erstmals", "inzwischen", "unterdessen", "deshalb", "daher",
    "dabei", "dort", "hier", "zunächst", "zugleich", "gleichzeitig", "ebenfalls", "allerdings", "jedoch", "trotzdem",
    "dennoch", "so", "anschließend", "kürzlich", "vergangene", "vergangenen", "letzte", "letzten", "diese", "dieser",
    "diesen", "am", "im", "noch", "offenbar", "offiziell", "bislang", "bisher", "demnach", "zeitgleich", "parallel",
    "derweil", "indes", "indessen", "mittlerweile", "seither", "jüngst", "vorerst", "nun", "schließlich", "zuerst",
    "außerdem", "ferner", "gestern", "inzwischen", "überraschend", "erneut", "wieder", "kurz"])
_SUBJECT_DETS = frozenset(["der", "die", "das", "ein", "eine", "des", "sein", "seine", "ihr", "ihre", "unser", "unsere"])
_AUX = re.compile(r"(?:hat|haben|hatte|hatten|habe|hätte|hätten|ist|sind|war|waren|sei|seien|wäre|wären|wird|werden"
                  r"|wurde|wurden|worden|werde|will|wollen|wollte|wollten|kann|können|konnte|konnten|soll|sollen|sollte"
                  r"|sollten|muss|müssen|musste|mussten|darf|dürfen|durfte|durften|möchte|möchten|würde|würden)")
_PASSIVE_AUX = frozenset(["wird", "werden", "wurde", "wurden", "worden", "werde"])
# The verb of a clause whose object noun is the actor's own act ("meldete Insolvenz an", "verhängte Sanktionen").
_LIGHT = re.compile(r"(?:aufgerufen|aufrufen|meld|beantrag|kündig|leit|start|begann|beginn|verhäng|vereinbar|unterzeichn|erhob|erheb|üb|"
                    r"führ|stell|plan|verkünd|kündigt|schloss|schließ|erklär|einig|bekannt|setz|bestätig|beschloss|beschließ|"
                    r"rief|ruft|organis|startet|trat|tritt|drohte|droht|verkündet)\w*")
_TARGET_PREPS = {
    "consult": ("mit",), "cooperate": ("mit",), "agree": ("mit",), "accuse": ("gegen",), "protest": ("gegen",),
    "sanction": ("gegen",), "assault": ("auf", "gegen"), "threaten": ("gegen",), "request": ("von",),
    "aid": ("für", "an"), "support": ("für",), "mobilize": ("gegen",), "coerce": ("gegen",),
    "acquisition": ("von",), "merger": ("mit",), "strike": ("bei", "gegen"), "layoffs": ("bei",), "insolvency": ("von", "der", "des"),
}
_NOUN_ACTOR_PREP = ("durch", "von seiten", "seitens")
_NO_TARGET = NEEDS_TRAFFIC | {"disaster", "accident"}
_DEMANDING = frozenset(["request", "threaten", "reject"])
_PLACE_PREP = re.compile(r"(?:\b(?:in|im|bei|nahe|vor|auf)\s+(?:de[mnr]|die|das)?\s*)$")
_VAGUE_DATES = frozenset(["PRESENT_REF", "PAST_REF", "FUTURE_REF"])
# "die geplanten Sanktionen", "ein möglicher Angriff": a noun for an act that has not happened
_UNREAL_NOUN = re.compile(r"(?:geplant|möglich|angedroht|drohend|denkbar|etwaig|befürchtet|erwartet|angekündigt)\w*\s+"
                          r"(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
# "… beantworten zu wollen", "will Sanktionen verhängen": a political act intended, not done
_INTENT = re.compile(r"\b(?:zu\s+wollen|will|wollen|wolle|wollte|wollten|plant|planen|plane|planten|möchte|möchten"
                     r"|beabsichtig\w*|erwäg\w*|droht\w*\s+mit)\b")


@dataclass
class _Mention:
    start: int
    end: int
    entity: str
    type: str
    kind: str


def sentences(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the sentences (read from arrays: iterating ``doc.sents`` costs more)."""
    if not len(doc):
        return []
    arr = doc.to_array([SENT_START, IDX, LENGTH])
    firsts = [0, *(numpy.flatnonzero(arr[1:, 0] == 1) + 1).tolist()]
    if len(firsts) == 1 and not (arr[:, 0] != 0).any():
        return [(0, len(doc_text(doc)))]
    ends = [*firsts[1:], len(arr)]
    idx, length = arr[:, 1].tolist(), arr[:, 2].tolist()
    return [(idx[a], idx[b - 1] + length[b - 1]) for a, b in zip(firsts, ends)]


def triggers(text: str) -> list[tuple[int, int, list[Form]]]:
    """Every word of the text that is a trigger form, with its candidate readings."""
    out = []
    memo = _READINGS
    for m in _WORD.finditer(text):
        w = m.group()
        if w in memo:
            forms = memo[w]
        else:
            if len(memo) >= _READINGS_MAX:
                memo.clear()
            forms = memo[w] = _readings(w)
        if forms is not None:
            out.append((m.start(), m.end(), forms))
    return out


def _readings(w: str) -> list[Form] | None:
    """The trigger readings of one word (its own form, the tail of a hyphenated or closed compound)."""
    forms = FORMS.get(w)
    if forms is None and "-" in w:
        forms = FORMS.get(w.rsplit("-", 1)[1])
        if forms is not None and not forms[0].noun:
            forms = None
    if forms is None and len(w) > 6 and w[0].isupper():
        lw = w.lower()
        for n in TAIL_LENGTHS:
            if n < len(lw) - 2:
                forms = TAILS.get(lw[-n:])
                if forms is not None:
                    break
    return forms


# A word's readings depend on the word alone (FORMS and TAILS are fixed at import): each is looked
# up once per process, not once per occurrence (most words are no trigger, and capitalised ones
# try every compound tail). Bounded: cleared when full.
_READINGS: dict[str, list[Form] | None] = {}
_READINGS_MAX = 200_000


def _clause(text: str, s: int, e: int, pos: int) -> tuple[int, int]:
    left = s
    for b in _CLAUSE_BREAK.finditer(text, s, pos):
        left = b.end()
    m = _CLAUSE_BREAK.search(text, pos, e)
    return left, m.start() if m else e


def _words(text: str, s: int, e: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, s, e)]


def _mention_at(mentions: list[_Mention], starts: list[int], s: int, e: int) -> list[_Mention]:
    i = bisect.bisect_left(starts, s)
    out = []
    while i < len(mentions) and mentions[i].start < e:
        if mentions[i].end <= e:
            out.append(mentions[i])
        i += 1
    return out


def _agent(m: _Mention) -> bool:
    return m.type in ("PER", "ORG", "LOC")


def _first_subject(text: str, words: list[tuple[int, int, str]], upto: int, ments: list[_Mention]) -> _Mention | None:
    """The mention that is the constituent in ``words`` before index ``upto``: it must open it (after a determiner and
    words of a title) and nothing but its own apposition may follow."""
    if not words or upto <= 0 or upto > 8 or words[0][2].lower() in PREPS:
        return None
    span_s, span_e = words[0][0], words[upto - 1][1]
    inside = [m for m in ments if span_s <= m.start and m.end <= span_e]
    if not inside:
        return None
    first = inside[0]
    before = [w for w in words[:upto] if w[1] <= first.start]
    if any(w[2].lower() in PREPS for w in before) or len(before) > 3:
        return None
    if any(w[2].lower() in ("und", "oder", "sowie") for w in words[:upto] if w[0] >= first.end):
        return None  # "X und Y kritisierten": two actors, leave it to the reader
    after = [w for w in words[:upto] if w[0] >= first.end]
    if any(w[2].lower() in PREPS and w[2].lower() not in ("von", "aus") for w in after):
        return None
    return first if _agent(first) else None


@dataclass
class _Args:
    actor: _Mention | None = None
    target: _Mention | None = None


def _arguments(text: str, cs: int, ce: int, ts: int, te: int, form: Form, etype: str,
               ments: list[_Mention], particle_at: int | None, opens: bool,
               appositive: _Mention | None = None) -> _Args:
    """Actor and target of the trigger at [ts, te) in clause [cs, ce), by word order.

    ``opens``: the clause opens the sentence (a "der"/"die" there is an article, not a relative pronoun);
    ``appositive``: the person named by the sentence's opening noun phrase and its apposition, when the
    clause starts with its finite verb ("Der Vorsitzende …, Norbert Röttgen (CDU), hat … kritisiert").
    """
    words = _words(text, cs, ce)
    if not words:
        return _Args()
    ti = next((i for i, w in enumerate(words) if w[0] >= ts), len(words))
    first = words[0][2].lower()
    out = _Args()
    if first in _SUBORDINATE or (first in _RELATIVE and not opens and ti > 0 and not form.noun):
        # verb-final clause: "dass die Regierung den Plan ablehnte" — the first mention after the conjunction
        if first in _SUBORDINATE and len(words) > 1:
            subj = _first_subject(text, words[1:], ti - 1, ments)
            if subj is not None and not form.noun:
                out.actor = subj
        return out
    if first in ("und", "oder", "aber", "sondern"):
        return out  # the subject is in the previous clause
    aux = next((i for i, w in enumerate(words[:ti]) if _AUX.fullmatch(w[2])), None)
    verb_i = aux if aux is not None else ti
    passive = (aux is not None and not form.noun and ti < len(words)
               and any(w[2] in _PASSIVE_AUX for w in words[aux:ti + 2]) and words[ti][2][:1].islower()
               and words[ti][2].endswith(("t", "en")))
    if form.noun and (aux is None or verb_i > ti):
        # a noun trigger: its verb is the first finite verb of the clause
        verb_i = next((i for i, w in enumerate(words) if w[2][:1].islower() and _LIGHT.fullmatch(w[2])), len(words))
    subject: _Mention | None = _first_subject(text, words, verb_i, ments)
    if subject is None and verb_i == 0 and appositive is not None:
        subject = appositive
    after_quote = bool(re.search(r"[“”\"»«]\s*,?\s*$", text[max(0, cs - 4):cs]))
    if subject is None and verb_i < len(words) and (verb_i == 0 and not form.noun and after_quote or verb_i > 0 and (
            words[0][2].lower() in _ADVERBIAL_START or words[0][2][:1].isdigit())):
        # "Am Montag kritisierte der Minister X …": the subject follows the finite verb
        nxt = words[verb_i + 1:verb_i + 5]
        cand = _mention_at(ments, [m.start for m in ments], words[verb_i][1], nxt[-1][1]) if nxt else []
        if cand and _agent(cand[0]):
            between = [w[2] for w in nxt if w[1] <= cand[0].start]
            if len(between) <= 2 and all(b.lower() in _SUBJECT_DETS or b[:1].isupper() for b in between) \
                    and not (between and between[0].lower() in ("den", "dem")):
                subject = cand[0]
    if passive:
        if subject is not None and etype not in _NO_TARGET:
            out.target = subject
        for m in ments:
            if cs <= m.start < ce and _agent(m) and re.search(r"\b(?:von|vom|durch)\s+(?:de[mnr]\s+|die\s+|das\s+)?$",
                                                              text[max(cs, m.start - 14):m.start]):
                out.actor = m
                break
        return out
    if form.noun:
        light = any(w[2][:1].islower() and _LIGHT.fullmatch(w[2]) for w in words if w[0] != ts)
        if subject is not None and light and verb_i < ti:
            out.actor = subject
        for m in ments:  # "Übernahme durch X": the agent
            if te <= m.start < ce and _agent(m) and re.search(r"\b(?:durch|seitens)\s+(?:de[mnr]\s+|die\s+|das\s+)?$",
                                                             text[max(te, m.start - 16):m.start]):
                out.actor = m
                break
        preps = _TARGET_PREPS.get(etype, ())
        if preps and etype not in _NO_TARGET:
            for m in ments:
                if te <= m.start < min(ce, te + 60) and m is not out.actor and _agent(m):
                    gap = text[te:m.start].lower().split()
                    if gap and gap[0] in preps and len(gap) <= 3:
                        out.target = m
                    break
        return out
    out.actor = subject
    if etype in _NO_TARGET:
        return out
    preps = _TARGET_PREPS.get(etype, ())
    end = particle_at if particle_at is not None else ce
    start = max(te, subject.end if subject is not None and subject.start > ts else te)
    if aux is not None and aux < ti:  # "hat den Plan der Regierung kritisiert": the object precedes the participle
        after_aux = words[aux][1]
        start = max(after_aux, subject.end if subject is not None and subject.start >= after_aux else after_aux)
        end = ts
    for m in ments:
        if start <= m.start < end and m is not subject and _agent(m):
            gap = text[start:m.start].lower().split()
            if any(g in PREPS and g not in preps for g in gap) or len(gap) > 4:
                break
            out.target = m
            break
    return out


def _appositive(text: str, s: int, cs: int, ments: list[_Mention]) -> _Mention | None:
    """Who the sentence's opening noun phrase with its apposition names ([s, cs) ends in a comma and holds no
    verb: only capitalised words, articles, genitives and brackets): the name it opens with, else its one
    person, else None."""
    head = text[s:cs].rstrip()
    if not head.endswith(",") or head.count(",") > 2:
        return None
    words = _words(text, s, cs)
    if not words or words[0][2].lower() in PREPS | _SUBORDINATE | _ADVERBIAL_START:
        return None
    if any(w[2][:1].islower() and w[2] not in ("der", "des", "die", "von", "und") for w in words):
        return None
    first = next((m for m in ments if m.kind == "name"), None)
    if first is not None and _agent(first) and first.start <= words[min(1, len(words) - 1)][0]:
        return first  # "Würth Elektronik iBE, Teil der …, erwirbt …": the phrase opens with the name
    people = [m for m in ments if m.type == "PER" and m.kind == "name"]
    return people[0] if len({m.entity for m in people}) == 1 else None


def _as_speaker(text: str, m: _Mention | None) -> Speaker | None:
    if m is None:
        return None
    return Speaker(start=m.start, end=m.end, text=text[m.start:m.end], entity=m.entity)


def _place(text: str, s: int, e: int, ments: list[_Mention], taken: set[str], traffic: bool) -> _Mention | None:
    for m in ments:
        if (s <= m.start and m.end <= e and m.type == "LOC" and m.entity not in taken and m.kind == "name"
                and (traffic or _PLACE_PREP.search(text[max(s, m.start - 12):m.start]))):
            return m
    return None


def _time(times: list[Time], s: int, e: int, pos: int) -> Time | None:
    inside = [t for t in times if s <= t.start and t.end <= e and t.type in ("DATE", "TIME") and t.value not in _VAGUE_DATES]
    return min(inside, key=lambda t: abs(t.start - pos)) if inside else None


@dataclass
class _Candidate:
    type: str
    weight: float
    trigger: tuple[int, int]
    sentence: tuple[int, int]
    clause: tuple[int, int]
    form: Form
    particle_at: int | None


def _candidates(text: str, sents: list[tuple[int, int]]) -> list[_Candidate]:
    starts = [s for s, _ in sents]
    out: list[_Candidate] = []
    traffic_ok: dict[int, bool] = {}
    for ts, te, forms in triggers(text):
        si = bisect.bisect_right(starts, ts) - 1
        if si < 0 or te > sents[si][1]:
            continue
        s, e = sents[si]
        cs, ce = _clause(text, s, e, ts)
        for f in forms:
            if f.after is not None and not f.after.match(text, te, e):
                continue
            particle_at = None
            if f.particle:
                pm = re.search(r"\b" + f.particle + r"\b", text[te:ce])
                if pm is None:
                    continue
                particle_at = te + pm.start()
            if f.type in NEEDS_TRAFFIC:
                if si not in traffic_ok:
                    traffic_ok[si] = bool(TRAFFIC_CONTEXT.search(text, s, e))
                if not traffic_ok[si]:
                    continue
            if f.type == "rail_replacement" and text[ts:te] == "ersetzt" and not BUS.search(text, s, e):
                continue
            if f.type != "canceled_stop" and _NEG.search(text, cs, ce):
                continue
            if text[s:e].rstrip().endswith("?"):
                continue
            if f.noun and _UNREAL_NOUN.search(text, max(s, ts - 40), ts):
                continue
            if not f.noun and _attributive(text, s, ts, te):
                continue
            if f.type in POLITICAL and f.type not in ("threaten", "request") and _INTENT.search(text, cs, ce):
                continue
            out.append(_Candidate(f.type, f.weight, (ts, te), (s, e), (cs, ce), f, particle_at))
            break  # the first reading of a form that fits its context
    return out


_NP_DETS = frozenset(["der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
                      "diese", "dieser", "diesen", "diesem", "dieses", "kein", "keine", "keinen", "keinem", "keiner",
                      "seine", "seinen", "seinem", "seiner", "ihre", "ihren", "ihrem", "ihrer",
                      "unser", "unsere", "unseren", "unserem", "unserer"])


_ADJ_ENDINGS = ("e", "en", "er", "es", "em")
_CONJUNCTIONS = frozenset(["und", "oder", "aber", "sondern", "sowie"])


def _attributive(text: str, s: int, ts: int, te: int) -> bool:
    """A verb form used as an adjective inside a noun phrase names no event: "die viel kritisierte
    Begrenzung", "der gestoppte Plan" (a determiner, at most one word, the form, then a noun)."""
    nxt = _WORD.match(text, te + 1) if text.startswith(" ", te) else None
    if nxt is None or not nxt.group()[0].isupper() or nxt.group() in ("Sie", "Ihnen", "Ihr", "Ihre") \
            or not text[ts].islower() or not text[ts:te].endswith(_ADJ_ENDINGS):
        return False
    before = re.findall(r"\S+", text[max(s, ts - 40):ts])[-2:]  # with their punctuation: "das anzuhören, nahm"
    if not before or not all(w.isalpha() for w in before):
        return False
    if before[-1].lower() in _NP_DETS:
        # "Das kritisierte Merkel": a sentence-opening pronoun "das"/"die" is the object, not an article
        return not (before[-1] in ("Das", "Die", "Der") and text[s:ts].strip() == before[-1])
    return len(before) == 2 and before[1].islower() and before[1] not in _NP_DETS | _CONJUNCTIONS \
        and before[0].lower() in _NP_DETS


def _drop_demanded(cands: list[_Candidate]) -> list[_Candidate]:
    """A noun in the clause of a demand, threat or refusal verb names what is wanted, not what happened
    ("forderte Sanktionen", "hatte einen Abzug gefordert")."""
    keep = []
    for c in cands:
        demanded = c.form.noun and any(
            o.type in _DEMANDING and not o.form.noun and o.sentence == c.sentence
            and (o.trigger[0] < c.trigger[0] or o.clause == c.clause) for o in cands)
        if not demanded:
            keep.append(c)
    return keep


def _speech_act(text: str, q: Quote, sents: list[tuple[int, int]], starts: list[int]) -> tuple[str, tuple[int, int]] | None:
    """The event type a statement's cue makes it (accusation, demand, refusal), with the sentence."""
    if q.cue is None:
        return None
    si = bisect.bisect_right(starts, q.cue.start) - 1
    if si < 0:
        return None
    s, e = sents[si]
    for m in _WORD.finditer(text, q.cue.start, q.cue.end):
        for f in FORMS.get(m.group(), []):
            if f.type in SPEECH_ACTS and (f.particle is None or re.search(r"\b" + f.particle + r"\b", text[m.end():e])):
                return f.type, (s, e)
    return None


def detect(doc: Doc) -> list[tuple[Event, dict[str, float]]]:
    """Every candidate event of the doc (one per type and sentence) with its features, before any model decides."""
    text = doc_text(doc)  # doc.text would build a Token object per token
    sents = sentences(doc)
    starts = [s for s, _ in sents]
    ments = sorted((_Mention(m.start, m.end, ent.id, ent.type, m.kind) for ent in doc._.chronik_entities or []
                    for m in ent.mentions), key=lambda m: m.start)
    ment_starts = [m.start for m in ments]
    times = doc._.chronik_times or []
    quotes = doc._.chronik_quotes or []
    cands = _drop_demanded(_candidates(text, sents))
    seen: set[tuple[str, int]] = set()
    out: list[tuple[Event, dict[str, float]]] = []
    by_key: dict[tuple[str, int], Event] = {}
    for c in sorted(cands, key=lambda c: (-c.weight, c.trigger[0])):
        key = (c.type, c.sentence[0])
        if key in seen:
            continue
        seen.add(key)
        s, e = c.sentence
        cs, ce = c.clause
        args = _arguments(text, cs, ce, c.trigger[0], c.trigger[1], c.form, c.type,
                          _mention_at(ments, ment_starts, cs, ce), c.particle_at,
                          not text[s:cs].strip() or text[s:cs].rstrip(" ")[-1:] in ("\n", ":"),
                          _appositive(text, s, cs, _mention_at(ments, ment_starts, s, cs)) if cs > s else None)
        taken = {m.entity for m in (args.actor, args.target) if m is not None}
        in_sentence = _mention_at(ments, ment_starts, s, e)
        place = _place(text, s, e, in_sentence, taken, c.type in NEEDS_TRAFFIC or c.type in ("accident", "disaster"))
        t = _time(times, s, e, c.trigger[0])
        ts, te = c.trigger
        ev = Event(
            id="", type=c.type, trigger=Span(start=ts, end=te, text=text[ts:te]),
            actor=_as_speaker(text, args.actor), target=_as_speaker(text, args.target),
            place=_as_speaker(text, place), time=t.value if t else None,
            time_span=Span(start=t.start, end=t.end, text=t.text) if t else None,
            evidence=Span(start=s, end=e, text=text[s:e]), confidence=round(c.weight, 3))
        by_key[key] = ev
        out.append((ev, _features(c, ev, text, in_sentence)))
    for q in quotes:  # statements that are accusations, demands or refusals
        act = _speech_act(text, q, sents, starts)
        if act is None:
            continue
        etype, (s, e) = act
        speaker = q.speaker if q.speaker is not None and q.speaker.entity and (q.confidence is None or q.confidence >= 0.5) else None
        fed = by_key.get((etype, s))
        if fed is None:
            continue  # the lexicon found no act in the cue's sentence (negated, a question)
        fed.quote = q.id
        if fed.actor is None and speaker is not None:
            fed.actor = speaker.model_copy()
    return out


def _features(c: _Candidate, ev: Event, text: str, in_sentence: list[_Mention]) -> dict[str, float]:
    """What the event model reads: type, trigger word, which arguments were found, what the sentence holds."""
    s, e = c.sentence
    sentence = text[s:e]
    types = {m.type for m in in_sentence}
    f = {
        f"type={c.type}": 1.0,
        f"form={c.type}:{_lexicon_form(text[c.trigger[0]:c.trigger[1]])}": 1.0,
        f"actor:{c.type}": float(ev.actor is not None),
        f"target:{c.type}": float(ev.target is not None),
        "actor": float(ev.actor is not None),
        "target": float(ev.target is not None),
        "place": float(ev.place is not None),
        "time": float(ev.time is not None),
        "noun": float(c.form.noun),
        "org": float("ORG" in types),
        f"org:{c.type}": float("ORG" in types),
        "loc": float("LOC" in types),
        "per": float("PER" in types),
        "digit": float(any(ch.isdigit() for ch in sentence)),
        "social": float("@" in sentence or "#" in sentence or "http" in sentence),
        "quoted": float(any(ch in sentence for ch in "„“”\"»«")),
        "long": float(len(sentence) > 200),
        "short": float(len(sentence) < 60),
    }
    return {k: v for k, v in f.items() if v}


def _lexicon_form(word: str) -> str:
    """The lexicon's form a trigger word matched, lower-cased: a compound by its last part ("imtech-pleite" → "pleite")."""
    if word in FORMS:
        return word.lower()
    if "-" in word and word.rsplit("-", 1)[1] in FORMS:
        return word.rsplit("-", 1)[1].lower()
    lw = word.lower()
    return next((lw[-n:] for n in TAIL_LENGTHS if n < len(lw) and lw[-n:] in TAILS), lw)


class Model(Logistic):
    """The logistic event model (`linear.Logistic`) for the types it was trained on."""

    def __init__(self, weights: dict[str, float], bias: float, threshold: float, types: list[str]):
        super().__init__(weights, bias, threshold)
        self.types = frozenset(types)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> Model | None:
        raw = cls.read(path)
        return None if raw is None else cls(raw["weights"], raw["bias"], raw["threshold"], raw["types"])


def find_events(doc: Doc, model: Model | None = None) -> list[Event]:
    """The doc's events: the rules' candidates, those of the model's types kept when the model is sure enough."""
    events = []
    for ev, feats in detect(doc):
        if model is not None and ev.type in model.types:
            p = model.score(feats)
            if p < model.threshold:
                continue
            ev.confidence = round(p, 3)
        events.append(ev)
    events.sort(key=lambda v: v.trigger.start)
    for i, ev in enumerate(events):
        ev.id = f"v{i + 1}"
    return events


def category(etype: str) -> str:
    """``political``, ``industry`` or ``traffic``: the family an event type belongs to."""
    return "political" if etype in POLITICAL else "industry" if etype in INDUSTRY else "traffic"


class EventFinder:
    """spaCy component: writes ``doc._.chronik_events`` (list of :class:`chronik.record.Event`).

    ``model``: a path to an event model, ``"rules"`` for none, or None for the shipped one.
    """

    def __init__(self, nlp: Language, name: str = "chronik_events", model: str | None = None):
        self.name = name
        self.model = None if model == "rules" else Model.load(Path(model)) if model else Model.load()

    def __call__(self, doc: Doc) -> Doc:
        doc._.chronik_events = find_events(doc, self.model)
        return doc


@Language.factory(
    "chronik_events",
    default_config={"model": None},
    assigns=["doc._.chronik_events"],
    requires=["doc._.chronik_entities", "doc._.chronik_times", "doc._.chronik_quotes"],
)
def make_component(nlp: Language, name: str, model: str | None):
    return EventFinder(nlp, name, model)
