"""A learned speaker chooser: re-ranks candidate speaker spans for each statement.

For every statement the combined tagger + rules system (:mod:`chronik.analyse.quotes`) has found,
the candidates are: no speaker, the system's own choice, the previous statement's speaker, entity
mentions (``doc._.chronik_entities``) and noun phrases / pronouns in the statement's sentence and
the one before. Each candidate gets a few cheap features (side of and distance to the cue, case
cues such as a dative article or *laut*/*nach*, entity type, pronoun, sentence-initial, …) and a
linear score; the best candidate wins (a conditional logit, trained by ``training/quotes/speaker.py``
on the train split; weights in ``models/quotes-de/speaker.json``).
"""

from __future__ import annotations

import bisect
import json
import math
from pathlib import Path

import numpy

from . import gazetteer

FEATURES = (
    "none", "none_cue", "none_direct", "none_reported", "none_free",
    "current", "overlaps_current", "prev", "prev_no_cue", "prev_free",
    "per", "org", "other_entity", "pronoun", "prev_unit",
    "before_cue", "after_cue", "log_cue_dist", "log_msg_dist", "next_to_cue", "in_message",
    "object_det", "source_marker", "preposition", "von", "unit_initial",
    "log_len", "capital", "det_first", "source_noun", "in_quote",
    "head_entity", "role_noun", "abstract_head", "ends_lower", "nearest_cue", "nearest_msg",
    "subject", "right_after_cue", "prev_unit_initial",
    # round 6: candidates further back, earlier speakers, passive agents, the candidate's own sentence
    "far_unit", "earlier_speaker", "passive_agent", "cue_in_own_unit", "none_free_no_cue",
)
# Round 6: the head word's static vector (the NER model's floret table, unit length) joins the row,
# so the chooser learns which words name speakers ("Sprecher", "Polizei") and which do not
# ("Entwicklung", "Zahl") beyond the gazetteer's role nouns.
VECTOR_DIM = 96
BACK = 3  # entity mentions this many sentences before the statement's are candidates too
EARLIER = 3  # speakers of this many earlier statements are candidates
PASSIVE_AUX = frozenset(["wurde", "wurden", "wird", "werden", "worden"])
_F = {f: k for k, f in enumerate(FEATURES)}
PRONOUNS = frozenset(["er", "sie", "es", "man", "wir", "ich"])
OBJECT_DETS = frozenset(["dem", "den", "einem", "einen"])
NP_OPENERS = frozenset(["der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem", "einen",
                        "sein", "seine", "seiner", "seinem", "seinen", "ihr", "ihre", "ihrer", "ihrem", "ihren"])
PREPOSITIONS = frozenset(["mit", "bei", "gegenüber", "für", "gegen", "an", "auf", "in", "im", "über", "vor", "zu", "zum",
                          "zur", "aus", "unter", "durch", "ohne", "um"])
SOURCE_WORDS = ("angaben", "informationen", "ansicht", "berichten", "bericht", "meinung", "auffassung", "erklärung",
                "mitteilung")
# Heads of abstract nouns ("die Entwicklung", "die Frage"), rarely a speaker.
ABSTRACT = ("ung", "heit", "keit", "tät", "nis", "frage", "lage", "zahl")
LEADING = frozenset(["und", "aber", "auch", "doch", "denn", "jedoch", "sondern", "oder", "„", "\"", "»"])


class SpeakerChooser:
    """Linear weights over :data:`FEATURES`; ``choose`` sets each statement's speaker in place."""

    def __init__(self, weights: dict[str, float], vector: list[float] | None = None):
        vec = numpy.asarray(vector, dtype=float) if vector else numpy.zeros(VECTOR_DIM)
        self.w = numpy.concatenate([[weights.get(f, 0.0) for f in FEATURES], vec])

    @classmethod
    def load(cls, path: Path) -> SpeakerChooser | None:
        """The chooser stored at ``path`` (a JSON file with ``weights`` and optionally
        ``vector_weights`` for the head-word vector), or None when there is none."""
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["weights"], data.get("vector_weights"))

    def choose(self, reader, stmts: list) -> None:
        """Give each statement its best-scoring candidate as speaker; candidates that cannot be
        a speaker (:meth:`~.quotes_reader.Reader.not_a_speaker`) or that stand inside another
        statement's message (:func:`_other_messages`) are left out; the chosen phrase loses a
        relative clause and a trailing article or preposition (:meth:`~.quotes_reader.Reader.trim_speaker`)."""
        ents = entity_tokens(reader)
        for st, (spans, x) in zip(stmts, candidate_table(reader, stmts)):
            if not reader.impersonal(st):  # the rules' "no speaker" for impersonal frames stands
                z = x @ self.w
                others = _other_messages(reader, st, stmts)
                for k, sp in enumerate(spans):
                    if sp is not None and (reader.not_a_speaker(st, *sp, ents) or (
                            _inside(sp, others) and not _source_phrase(reader.low, *sp))):
                        z[k] = -numpy.inf
                while True:
                    best = int(z.argmax())
                    chosen = reader.trim_speaker(st, spans[best] and reader.speaker_phrase(st, *spans[best]))
                    # The phrase a run is cut to is read again: "''Pau'': Mir sind …" → "Mir", an object.
                    if chosen is None or chosen == spans[best] or not reader.wrong_role(st, *chosen):
                        break
                    z[best] = -numpy.inf
                st.speaker = _apposition(reader, chosen)
                st.chooser_prob = float(1.0 / numpy.exp(z - z[best]).sum())


def _other_messages(reader, st, stmts: list) -> list[tuple[int, int]]:
    """Message pieces of other statements that ``st`` is not part of: a phrase inside what someone
    else said ("Merz sagte, *die Ministerin* habe versagt. „…“") does not speak for ``st``. Only
    pieces that are surely messages: a quotation, or a clause after its statement's cue ("X sagte,
    <message>"); a piece before a cue or without one is as often a misread frame holding the speaker.
    A piece that holds ``st``'s message or cue (a statement reported inside another) links them."""
    mine = [*st.content, *([st.cue] if st.cue else [])]
    out = []
    for o in stmts:
        if o is st or o.kind == "reported":  # a reported sentence is frame and message at once
            continue
        for a, b in o.content:
            if any(a < y and x < b for x, y in mine):
                continue
            quoted = reader.qid[a] >= 0 and reader.qid[a] == reader.qid[b - 1]
            if quoted or (o.cue is not None and o.cue[1] <= a and (o.speaker is None or o.speaker[1] <= a)):
                out.append((a, b))
    return out


def entity_tokens(reader, type: str | None = None) -> set[int]:
    """Token indices covered by an entity mention (of ``type`` only, when given)."""
    return {i for s, e, t in _mentions(reader) if type is None or t == type for i in range(s, e)}


def candidate_table(reader, stmts: list) -> list[tuple[list, numpy.ndarray]]:
    """Per statement: candidate speaker spans (None = no speaker) and their feature rows.

    All candidates read the system's speakers as they came in (the previous statement's
    speaker included), so training and use see the same inputs.
    """
    mentions = _mentions(reader)
    tok_type: list[str | None] = [None] * len(reader.idx)  # the entity type of a mention covering the token
    for s, e, typ in mentions:
        tok_type[s:e] = [t or typ for t in tok_type[s:e]]
    out: list = []
    prev = None
    earlier: list[tuple[int, int]] = []
    # Per doc: head-word vectors by word, and (under "_" keys) the unit starts and which units have a speech verb.
    vectors: dict = {"_starts": [a for a, _ in reader.units], "_cue_units": [
        any(reader.low[i] in reader.lex.speech_verbs and reader.qid[i] < 0 for i in range(a, b)) for a, b in reader.units]}
    for st in stmts:
        out.append(_candidates(reader, st, prev, earlier, mentions, tok_type, vectors))
        if st.speaker and (prev is None or tuple(st.speaker) != tuple(prev)):
            if prev is not None:
                earlier = [prev, *earlier][:EARLIER]
            prev = st.speaker
    return out


def _mentions(reader) -> list[tuple[int, int, str]]:
    """Entity mentions as token ranges with their entity type."""
    out = []
    n = len(reader.idx)
    for ent in reader.doc._.chronik_entities or []:
        for m in ent.mentions:
            s = max(bisect.bisect_right(reader.idx, m.start) - 1, 0)
            e = min(bisect.bisect_left(reader.idx, m.end), n)
            if e > s:
                out.append((s, e, ent.type))
    out.sort()
    return out


def _candidates(reader, st, prev, earlier, mentions, tok_type, vectors) -> tuple[list, numpy.ndarray]:
    """One statement's candidates (mentions and noun phrases in its sentence and the one before,
    person and organisation mentions up to :data:`BACK` sentences before, the system's choice,
    the previous and earlier speakers) and their feature matrix."""
    lo = reader.units[max(st.unit - 1, 0)][0]
    far = reader.units[max(st.unit - BACK, 0)][0]
    hi = reader.units[st.unit][1]
    u_lo = reader.units[st.unit][0]
    msg = st.content
    keep_inside = st.kind == "reported"
    spans: dict = {}
    types: dict = {}
    for s, e, typ in mentions[bisect.bisect_left(mentions, (far, -1, "")):]:
        if s >= hi:
            break
        if s < lo and typ not in ("PER", "ORG"):
            continue
        if e <= hi and (keep_inside or not _inside((s, e), msg)):
            spans[(s, e)] = None
            types[(s, e)] = typ
    low, text, qid = reader.low, reader.text, reader.qid
    for i in range(lo, hi):
        if qid[i] >= 0 or not (text[i][:1].isupper() or low[i] in PRONOUNS or low[i] in NP_OPENERS):
            continue
        if i > lo and (low[i - 1] in NP_OPENERS or text[i - 1][:1].isupper()) and qid[i - 1] < 0:
            continue  # inside a phrase that starts earlier
        np = _trim(reader, reader.np_after(i, hi))
        if np and (keep_inside or not _inside(np, msg) or _source_phrase(low, *np)):
            spans.setdefault(np, None)
    for sp in (st.speaker, prev, *earlier):
        if sp and sp[1] > sp[0]:
            spans.setdefault(tuple(sp), None)
    cands = [None, *spans]
    # Rows are Python lists while filled: numpy item assignment is ten times slower.
    rows = [[0.0] * len(FEATURES) for _ in cands]
    _none_row(rows[0], reader, st)
    vecs = numpy.zeros((len(cands), VECTOR_DIM))
    starts = vectors["_starts"]
    s0, s1 = reader.units[st.unit]
    passive = any(w in PASSIVE_AUX for w in reader.low[s0:s1])
    for k, (row, sp) in enumerate(zip(rows[1:], cands[1:]), 1):
        typ = types.get(sp) or next((t for t in tok_type[sp[0]:sp[1]] if t), None)
        _row(row, reader, st, sp, prev, typ, u_lo)
        row[_F["head_entity"]] = tok_type[sp[1] - 1] is not None
        row[_F["far_unit"]] = sp[0] < lo
        row[_F["earlier_speaker"]] = any(o[0] < sp[1] and sp[0] < o[1] for o in earlier) and not row[_F["prev"]]
        row[_F["cue_in_own_unit"]] = sp[0] < u_lo and vectors["_cue_units"][max(bisect.bisect_right(starts, sp[0]) - 1, 0)]
        row[_F["passive_agent"]] = row[_F["von"]] and passive
        vecs[k] = _head_vector(reader, sp, vectors)
    x = numpy.concatenate([numpy.array(rows), vecs], axis=1)
    if len(cands) > 1:
        for feat, col in (("nearest_cue", "log_cue_dist"), ("nearest_msg", "log_msg_dist")):
            if feat != "nearest_cue" or st.cue:
                x[1 + int(x[1:, _F[col]].argmin()), _F[feat]] = 1
    return cands, x


def _head_vector(reader, sp, cache: dict) -> numpy.ndarray:
    """The unit-length static vector of a phrase's head: its first capitalised word that is no
    article ("Der *Präsident* der Region", "*Bundesminister* Stolpe"), else its last word."""
    s, e = sp
    k = next((i for i in range(s, e) if reader.text[i][:1].isupper() and reader.low[i] not in NP_OPENERS), e - 1)
    word = reader.text[k]
    v = cache.get(word)
    if v is None:
        vectors = reader.doc.vocab.vectors
        # Across docs too: names and role nouns recur, and a floret lookup hashes every n-gram.
        shared = _SHARED.setdefault(id(vectors), {})
        v = shared.get(word)
        if v is None:
            v = numpy.zeros(VECTOR_DIM)
            if vectors.shape[1] == VECTOR_DIM:
                raw = numpy.asarray(reader.doc.vocab.get_vector(word), dtype=float)
                n = numpy.linalg.norm(raw)
                if n > 0:
                    v = raw / n
            if len(shared) > _SHARED_MAX:
                shared.clear()
            shared[word] = v
        cache[word] = v
    return v


_SHARED: dict[int, dict[str, numpy.ndarray]] = {}  # head-word vectors by vector table, bounded
_SHARED_MAX = 50_000


def _apposition(reader, sp):
    """Extend a speaker by an apposition the dataset includes: a role after a name ("Sergei Voznyak,
    Pressesprecher des …,") or the name after a role ("die Fraktionsvorsitzende der Linken, Amira Ali")."""
    if sp is None or sp[1] + 2 >= len(reader.text) or reader.text[sp[1]] != ",":
        return sp
    roles = gazetteer.load()
    person = entity_tokens(reader, "PER")
    end = sp[1] + 1
    while end in person:
        end += 1
    # The name must close the phrase: in "so der Minister, Müller sei …" the name opens the message.
    if end > sp[1] + 1 and reader.text[sp[1] + 1][:1].isupper() and (end == len(reader.text) or reader.text[end] in _CLOSERS) and any(
            roles.role(w) is not None or roles.role(w.rsplit("-", 1)[-1]) is not None
            for w in reader.text[sp[0]:sp[1]]):
        return (sp[0], end)
    np = _trim(reader, reader.np_after(sp[1] + 1, len(reader.text)))
    if np and np[1] < len(reader.text) and reader.text[np[1]] == "," and any(
            roles.role(w) is not None for w in reader.text[np[0]:np[1]]):
        return (sp[0], np[1])
    return sp


_CLOSERS = frozenset([",", ".", "(", ")", ";", ":", "!", "?", "„", "“", "”", '"', "»", "«"])


def _source_phrase(low: list[str], s: int, e: int) -> bool:
    """"seiner Meinung nach", "nach Angaben der Polizei": a source the dataset marks even inside a message."""
    return any(w.endswith(SOURCE_WORDS) for w in low[s:e]) and (
        (s > 0 and low[s - 1] == "nach") or (e < len(low) and low[e] == "nach"))


def _trim(reader, np):
    """Cut a noun phrase at a verb it ran into ("Der Minister | sagte dem Sender": the rules' phrase
    reader takes lower-case "-e" words for adjectives) and drop trailing lower-case words."""
    if np is None:
        return None
    s, e = np
    verbs = (reader.lex.speech_verbs, reader.lex.reported_verbs)
    e = next((k for k in range(s + 1, e) if any(reader.low[k] in v for v in verbs)), e)
    while e > s + 1 and reader.text[e - 1][:1].islower():
        e -= 1
    return (s, e)


def _none_row(row, reader, st) -> None:
    row[_F["none"]] = 1
    row[_F["none_free_no_cue"]] = st.cue is None and st.kind == "free_indirect"
    row[_F["none_cue"]] = st.cue is not None
    row[_F["none_direct"]] = st.kind == "direct"
    row[_F["none_reported"]] = st.kind == "reported"
    row[_F["none_free"]] = st.kind == "free_indirect"


def _row(row, reader, st, sp, prev, typ, u_lo) -> None:
    s, e = sp
    low, text = reader.low, reader.text
    cur = st.speaker
    row[_F["current"]] = cur is not None and tuple(cur) == sp
    row[_F["overlaps_current"]] = cur is not None and tuple(cur) != sp and s < cur[1] and cur[0] < e
    is_prev = prev is not None and s < prev[1] and prev[0] < e
    row[_F["prev"]] = is_prev
    row[_F["prev_no_cue"]] = is_prev and st.cue is None
    row[_F["prev_free"]] = is_prev and st.kind == "free_indirect"
    row[_F["per"]] = typ == "PER"
    row[_F["org"]] = typ == "ORG"
    row[_F["other_entity"]] = typ is not None and typ not in ("PER", "ORG")
    row[_F["pronoun"]] = e - s == 1 and low[s] in PRONOUNS
    row[_F["prev_unit"]] = s < u_lo
    if st.cue:
        d = _dist(sp, *st.cue)
        row[_F["before_cue"]] = e <= st.cue[0]
        row[_F["after_cue"]] = s >= st.cue[1]
        row[_F["log_cue_dist"]] = math.log1p(d)
        row[_F["next_to_cue"]] = d <= 1
    d_msg = min(_dist(sp, a, b) for a, b in st.content)
    row[_F["log_msg_dist"]] = math.log1p(d_msg)
    row[_F["in_message"]] = _inside(sp, st.content)
    before = low[s - 1] if s > 0 else ""
    row[_F["object_det"]] = low[s] in OBJECT_DETS
    row[_F["source_marker"]] = before in ("laut", "nach") or (e < len(low) and low[e] == "zufolge")
    row[_F["preposition"]] = before in PREPOSITIONS
    row[_F["von"]] = before == "von"
    k = u_lo
    while k < s and low[k] in LEADING:
        k += 1
    row[_F["unit_initial"]] = k == s
    row[_F["subject"]] = k == s and st.cue is not None and e <= st.cue[0]
    row[_F["right_after_cue"]] = st.cue is not None and s in (st.cue[1], st.cue[1] + 1)
    row[_F["prev_unit_initial"]] = s < u_lo and (s == 0 or reader.text[s - 1] in ".!?“\"")
    row[_F["log_len"]] = math.log(e - s)
    row[_F["capital"]] = text[s][:1].isupper()
    row[_F["det_first"]] = low[s] in NP_OPENERS
    row[_F["source_noun"]] = any(w.endswith(SOURCE_WORDS) for w in low[s:e])
    row[_F["in_quote"]] = reader.qid[s] >= 0
    roles = gazetteer.load()
    row[_F["role_noun"]] = any(roles.role(w) is not None for w in text[s:e])
    row[_F["abstract_head"]] = low[e - 1].endswith(ABSTRACT)
    row[_F["ends_lower"]] = text[e - 1][:1].islower()


def _dist(r, s: int, e: int) -> int:
    return s - r[1] if r[1] <= s else (r[0] - e if r[0] >= e else 0)


def _inside(sp, pieces) -> bool:
    return any(a <= sp[0] and sp[1] <= b for a, b in pieces)
