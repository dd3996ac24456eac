"""The learned statement tagger: per-token role labels, decoded and linked into statements.

A spaCy ``tagger`` (own small CNN ``tok2vec``, trained by ``training/quotes/build.py``)
labels each token ``O``, ``CUE``, ``SPK`` or ``B-``/``I-`` + a form (``DIR``, ``IND``,
``IFI``, ``FI``, ``REP``). It reads the words plus one rule feature per token (in
the ``LEMMA`` column of a shadow doc, so the article's doc is not touched): inside a
quotation, where the unit's cue verb and clause breaks are, Konjunktiv I, source
markers, report verbs and hearsay in the unit — what a ±4-token CNN window cannot see
by itself. A two-state Viterbi turns the label probabilities into message stretches,
which are linked to the nearest cue and speaker run in their unit, or carry the previous
speaker on. ``docs/quotes.md`` has the method and the dev figures.
"""

from __future__ import annotations

import bisect
from pathlib import Path
from typing import Any, cast

import numpy
from spacy.attrs import ORTH
from spacy.tokens import Doc

from .vocab import QUOTE_MARKS

FORMS = {"Direct": "DIR", "Indirect": "IND", "IndirectFreeIndirect": "IFI", "FreeIndirect": "FI", "Reported": "REP"}
KINDS = {"DIR": "direct", "IND": "indirect", "IFI": "free_indirect", "FI": "free_indirect", "REP": "reported"}
HEARSAY = frozenset(["soll", "sollen", "sollte", "sollten", "angeblich", "mutmaßlich", "offenbar"])
CLAUSE_BREAKS = frozenset(",:;–")
MARKERS = frozenset(["laut", "zufolge", "demnach", "angaben", "so", "wonach"])
SWITCH = 3.0  # log-odds cost of opening or closing a message (round 8 CV on train: 3.0 over 2.0 and 1.5)
SPEAKER_GAP = 2  # tokens a speaker run may skip
WHOLE_UNIT = frozenset(("REP", "FI"))  # forms whose message is its whole sentence
MIN_MESSAGE = 4  # tokens; shorter stretches are decoding noise
FORM_SPLIT = True  # split messages where a quotation opens or closes at a unit start (decode's qid); CV: docs/quotes.md
MAX_CUE_EXTENT = 4  # "teilte daraufhin mit": one cue span when its pieces are this close
REP_FRAGMENTS_DROPPED = True  # a reported or free indirect stretch beside another message is no statement (CV: docs/quotes.md)


def features(reader) -> list[str]:
    """One feature string per token from the rule reader's quotations, units and lexicons.

    Per token: inside a quotation; where it sits relative to the unit's speech verbs
    and to the clause breaks (comma, colon) between it and them — "X sagte, [MSG]"
    and "[MSG], sagte X" differ only there; per unit: Konjunktiv I, a source marker,
    a reported-speech verb, hearsay "soll"; and what the previous unit had.
    """
    lex, low, qid, text = reader.lex, reader.low, reader.qid, reader.text
    feats = [""] * len(low)
    prev = "n"
    for s, e in reader.units:
        cues = [i for i in range(s, e) if qid[i] < 0 and low[i] in lex.speech_verbs]
        unit = "".join((
            "k" if reader.has_konjunktiv(s, e, strict=True) else "-",
            "m" if any(low[i] in MARKERS and qid[i] < 0 for i in range(s, e)) else "-",
            "r" if not cues and any(low[i] in lex.tagger_reported and qid[i] < 0 for i in range(s, e)) else "-",
            "s" if any(low[i] in HEARSAY for i in range(s, e)) else "-",
            prev,
        ))
        for i, pos in zip(range(s, e), _cue_positions(cues, s, e, text, qid)):
            feats[i] = f"{'q' if qid[i] >= 0 else '-'}{pos}{unit}"
        quoted = any(q >= 0 for q in qid[s:e])
        prev = "c" if cues else ("q" if quoted else ("k" if unit[0] == "k" else "n"))
    return feats


def _cue_positions(cues: list[int], s: int, e: int, text: list[str], qid: list[int]) -> list[str]:
    """Per token of a unit: no cue "0"; the cue "="; before it "<" (or "<," with a clause break
    between); after it ">" (or ">," once a clause break follows the cue)."""
    if not cues:
        return ["0"] * (e - s)
    first, last = cues[0], cues[-1]
    breaks_before = [i for i in range(s, first) if text[i] in CLAUSE_BREAKS and qid[i] < 0]
    last_break = breaks_before[-1] if breaks_before else -1
    out = []
    after_break = False
    for i in range(s, e):
        if i < first:
            out.append("<," if i < last_break else "<")
        elif i <= last:
            out.append("=" if i in cues else "~")
        else:
            if text[i] in CLAUSE_BREAKS and qid[i] < 0:
                after_break = True
            out.append(">," if after_break else ">")
    return out


def shadow(doc: Doc, reader) -> Doc:
    """A copy of ``doc``'s tokens carrying the rule features as lemmas (the model's extra column), its
    quotation marks written the German way (:func:`german_marks`)."""
    orths = doc.to_array([ORTH]).tolist() if len(doc) else []  # the same lexemes, without hashing each word again
    return Doc(doc.vocab, words=german_marks(orths, reader, doc.vocab.strings), spaces=reader.trailing,
               lemmas=features(reader))


def german_marks(orths: list, reader, strings) -> list:
    """``orths`` with each quotation's marks as „…“. The tagger learnt from German news, where “ closes
    a quotation; in English-style “…” it opens one, and »…«, «…» and "…" are rare in its data."""
    opener, closer = strings.add("„"), strings.add("“")
    out = list(orths)
    for s, e in reader.quotes:
        if reader.text[s] in QUOTE_MARKS:
            out[s] = opener
        if reader.text[e - 1] in QUOTE_MARKS:
            out[e - 1] = closer
    return out


def decode(probs: numpy.ndarray, labels: list[str], space: list[bool], starts: set[int], switch: float = SWITCH,
           qid: list[int] | None = None):
    """Messages (start, end, form), cue runs and speaker runs from the tagger's label probabilities.

    Token-wise argmax breaks long messages into fragments; instead a two-state Viterbi
    (in a message or not, ``switch`` = log-odds cost of entering or leaving one) finds
    the message stretches, which split at a unit start (``starts``) where a ``B-`` label
    outweighs the ``I-`` ones, and take the form with the most probability mass. (Within
    a unit a ``B-`` is mostly a quotation nested in an indirect message: no split.)
    With ``qid`` (per token the quotation it is in, -1 outside: the reader's), a stretch
    also splits at a unit start where a quotation opens or closes (:func:`_form_change`),
    and a stretch wholly inside quotation marks is direct.
    """
    cols = {lab: k for k, lab in enumerate(labels)}
    forms = sorted({lab[2:] for lab in labels if lab[:2] in ("B-", "I-")})
    form_mass = numpy.stack([probs[:, cols["B-" + f]] + probs[:, cols["I-" + f]] for f in forms], axis=1)
    p_msg = form_mass.sum(axis=1)
    p_begin = cast(numpy.ndarray, sum(probs[:, cols["B-" + f]] for f in forms))
    inside = _viterbi(numpy.log(p_msg + 1e-6) - numpy.log(1 - p_msg + 1e-6), space, switch)
    msgs: list[list[int]] = []
    for i, flag in enumerate(inside):
        if not flag:
            continue
        if msgs and msgs[-1][1] == i and (i not in starts or (2 * p_begin[i] <= p_msg[i]
                                                              and not _form_change(qid, space, i))):
            msgs[-1][1] = i + 1
        else:
            msgs.append([i, i + 1])
    found = []
    for s, e in msgs:
        while e > s and space[e - 1]:  # a message never ends on a paragraph break
            e -= 1
        if e - s < MIN_MESSAGE:
            continue
        if qid is not None and "DIR" in forms and _quoted(qid, space, s, e):
            found.append((s, e, "DIR"))
        else:
            found.append((s, e, forms[int(form_mass[s:e].sum(axis=0).argmax())]))
    other = [cols["O"], cols["CUE"], cols["SPK"]]
    best = numpy.asarray(other)[probs[:, other].argmax(axis=1)].tolist()
    runs: dict[int, list[list[int]]] = {cols["CUE"]: [], cols["SPK"]: []}
    for i, k in enumerate(best):
        if inside[i] or k not in runs or space[i]:
            continue
        group = runs[k]
        if group and group[-1][1] == i:
            group[-1][1] = i + 1
        else:
            group.append([i, i + 1])
    return found, [tuple(r) for r in runs[cols["CUE"]]], _bridge(runs[cols["SPK"]], inside)


def _form_change(qid: list[int] | None, space: list[bool], i: int) -> bool:
    """At unit start ``i`` a quotation opens or closes: „…“ (direct) on one side, a sentence outside
    quotation marks on the other. Direct speech and a reported or Konjunktiv sentence next to it are
    two statements, each with its own frame ("X müsse wachsam sein. „…“, sagte Y.")."""
    if qid is None:
        return False
    k = i - 1
    while k >= 0 and space[k]:
        k -= 1
    return k >= 0 and (qid[k] >= 0) != (qid[i] >= 0)


def _quoted(qid: list[int], space: list[bool], s: int, e: int) -> bool:
    """Every word of ``s:e`` inside quotation marks (one quotation or several)."""
    return all(qid[i] >= 0 for i in range(s, e) if not space[i])


def _bridge(runs: list[list[int]], inside: list[bool]) -> list[tuple[int, int]]:
    """Join speaker runs split by a token or two ("Angaben der | Polizei"), outside messages."""
    out: list[list[int]] = []
    for r in runs:
        if out and r[0] - out[-1][1] <= SPEAKER_GAP and not any(inside[out[-1][1]:r[0]]):
            out[-1][1] = r[1]
        else:
            out.append(list(r))
    return [(r[0], r[1]) for r in out]


def _viterbi(gain: numpy.ndarray, space: list[bool], switch: float) -> list[bool]:
    """Best in/out sequence maximising the summed log-odds ``gain`` of the "in" tokens minus switch costs."""
    out_score, in_score = 0.0, -switch
    back: list[tuple[bool, bool]] = []  # per token: best previous state for (out, in)
    for g, sp in zip(gain.tolist(), space):
        g = 0.0 if sp else g  # whitespace neither opens nor closes a message by itself
        to_out = (False, out_score) if out_score >= in_score - switch else (True, in_score - switch)
        to_in = (True, in_score) if in_score >= out_score - switch else (False, out_score - switch)
        back.append((to_out[0], to_in[0]))
        out_score, in_score = to_out[1], to_in[1] + g
    state = in_score > out_score
    path = []
    for prev in reversed(back):
        path.append(state)
        state = prev[1] if state else prev[0]
    path.reverse()
    return path


class StatementTagger:
    """Loads the trained tagger and turns a doc into statements for :class:`~.quotes.QuoteFinder`."""

    def __init__(self, path: Path):
        import spacy

        self.nlp = spacy.load(path)
        self.tagger: Any = cast(Any, self.nlp.get_pipe("tagger"))  # spaCy types pipes as plain callables
        self.labels = list(self.tagger.labels)
        self.switch = SWITCH
        self.form_split = FORM_SPLIT

    def probs(self, doc: Doc, reader) -> numpy.ndarray:
        """Label probabilities, one row per token."""
        return self.probs_many([doc], [reader])[0]

    def probs_many(self, docs: list[Doc], readers: list) -> list[numpy.ndarray]:
        """:meth:`probs` of several docs in one call of the network (less CPU per token than one by one)."""
        out = []
        for scores in self.tagger.model.predict([shadow(doc, reader) for doc, reader in zip(docs, readers)]):
            # The model is trained without its softmax at inference (spaCy's normalize=false): scores are logits.
            scores = numpy.exp(scores - scores.max(axis=1, keepdims=True))
            out.append(scores / scores.sum(axis=1, keepdims=True))
        return out

    def statements(self, doc: Doc, reader, stmt_cls, probs: numpy.ndarray | None = None) -> list:
        """Statements (``stmt_cls`` instances, token ranges) in text order, speakers linked;
        ``probs``: the tagger's label probabilities when the caller has them already."""
        if not len(doc):
            return []
        starts = {s for s, _ in reader.units}
        probs = self.probs(doc, reader) if probs is None else probs
        msgs, cues, spks = decode(probs, self.labels, reader.space, starts, self.switch,
                                  reader.qid if self.form_split else None)
        msg_cols = [k for k, lab in enumerate(self.labels) if lab[:2] in ("B-", "I-")]
        p_msg = probs[:, msg_cols].sum(axis=1)
        unit_starts = [s for s, _ in reader.units]
        out, last_speaker = [], None
        for msg in msgs:
            s, e, form = msg
            prob = float(p_msg[s:e].mean())
            u = max(bisect.bisect_right(unit_starts, s) - 1, 0)
            lo, hi = reader.units[u]
            shared = any(m is not msg and m[0] < hi and lo < m[1] for m in msgs)
            if form in WHOLE_UNIT and not shared:
                s, e = lo, hi  # reported speech spans its sentence, speaker and verb included
            elif form in WHOLE_UNIT and shared and REP_FRAGMENTS_DROPPED:
                continue  # a whole-sentence form beside another message: a piece of its frame ("…“, sagte er in seiner Replik auf X.")
            elif hi < e < hi + MIN_MESSAGE + 2:
                e = hi  # a few tokens of the next sentence ("… freuen. Umweltminister Jürgen") are its subject
            cue, speaker = _frame(reader, cues, spks, lo, hi, s, e)
            if speaker is None and form == "DIR" and e > hi and self.form_split:
                # A quotation over several sentences: its frame follows its last one („A. B“, sagte X).
                v = max(bisect.bisect_right(unit_starts, e - 1) - 1, 0)
                end_cue, end_speaker = _frame(reader, cues, spks, reader.units[v][0], reader.units[v][1], s, e)
                if end_speaker is not None:
                    u, cue, speaker = v, end_cue, end_speaker
            out.append(stmt_cls(KINDS[form], [(s, e)], cue, speaker or last_speaker, u, carried=speaker is None,
                                tagger_prob=prob))
            last_speaker = speaker or last_speaker
        return out


def _frame(reader, cues, spks, lo: int, hi: int, s: int, e: int):
    """Cue and speaker of the message ``s:e`` in the unit ``lo:hi``: the tagged ones nearest it,
    else the rules' (:func:`_rule_frame`)."""
    cue = _cue(cues, lo, hi, s, e)
    local = [r for r in spks if lo <= r[0] < hi and reader.could_be_speaker(*r)]
    speaker = _nearest(local, *cue) if cue and local else _nearest(local, s, e)
    if speaker is None:
        cue, speaker = _rule_frame(reader, lo, hi, s, e, cue)
    return cue, speaker


def _rule_frame(reader, lo: int, hi: int, s: int, e: int, cue):
    """No speaker tagged: the rules' subject of the cue verb, or of a speech verb inside the message
    (reported speech holds its own frame: "Die Polizei forderte …")."""
    if cue is None:
        verb = next((i for i in range(s, e) if reader.low[i] in reader.lex.reported_verbs and reader.qid[i] < 0), None)
        if verb is None:
            return None, None
        cue = (verb, verb + 1)
    # "„…“, sagte er": look behind the message only, or it would pass for the subject.
    start = e if e <= cue[0] else lo
    return cue, reader.speaker_around(start, cue[0], hi)


def _dist(r: tuple[int, int], s: int, e: int) -> int:
    return s - r[1] if r[1] <= s else (r[0] - e if r[0] >= e else 0)


def _nearest(runs: list[tuple[int, int]], s: int, e: int) -> tuple[int, int] | None:
    return min(runs, key=lambda r: _dist(r, s, e), default=None)


def _cue(cues, lo: int, hi: int, s: int, e: int) -> tuple[int, int] | None:
    """The unit's cue run nearest the message, joined with a close second piece ("teilte … mit")."""
    local = [r for r in cues if lo <= r[0] < hi]
    best = _nearest(local, s, e)
    if best is None:
        return None
    for r in local:
        start, end = min(best[0], r[0]), max(best[1], r[1])
        if r != best and end - start <= MAX_CUE_EXTENT and not (start < e and s < end):
            best = (start, end)
    return best
