"""Statements: direct, indirect, free indirect and reported speech, attributed to a speaker.

The component ``chronik_quotes``. The statement reader (:mod:`.quotes_reader`) cuts the doc
into units and finds rule statements; with the shipped statement tagger
(:mod:`.quotes_model`) the tagger finds messages, cues and speakers, the rules refine and
complete them (``_combine``), a learned speaker chooser (:mod:`.quotes_speaker`) re-ranks
the speakers and a calibrator (:mod:`.quotes_confidence`) gives each statement a confidence;
without the tagger the rules run alone. Quoted fragments inside a message are also emitted
as direct statements of the same speaker (the dataset annotates them as nested direct
quotes). Lexicons: :mod:`.quotes_lexicon`; metric and figures: ``docs/quotes.md``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from ..dates import statement_date
from ..record import Quote, Span, Speaker
from . import extensions, gazetteer  # noqa: F401
from .coref import someone_else_between
from .extensions import doc_text
from .quotes_confidence import Calibrator
from .quotes_lexicon import Lexicon, load
from .quotes_model import StatementTagger
from .quotes_reader import (
    AUX,
    CLAUSE_OPENERS,
    DETS,
    POSSESSIVES,
    PRONOUNS,
    RELATIVE,
    SOLL,
    SOURCE_NOUNS,
    Reader,
    Statement,
)
from .quotes_shapes import QUOTED_NAME, SHAPES, shape_statements
from .quotes_speaker import SpeakerChooser, entity_tokens
from .resources import model_path
from .vocab import PREPOSITIONS

DEFAULT_MODEL = model_path("quotes-de")
FILL_KINDS = frozenset(("indirect", "direct", "free_indirect"))
RULES_BESIDE = True  # also the rules' statements beside a tagged message of the same cue (_beside); CV: docs/quotes.md
# Round 9 (_continuations): a sentence without a cue right after a statement continues it as free indirect
# speech when its main verb is "soll/sollen" (CONTINUE_SOLL) or it is in Konjunktiv I (CONTINUE_KONJUNKTIV).
# CV on train (docs/quotes.md, round 9): soll on (free indirect recall 0.38 -> 0.54, attributed F1 level),
# Konjunktiv off (neutral), a gap of 1 sentence over 2, continuing speaker-less statements too; a run of
# soll sentences is one message (+0.0015 attributed F1, better on every fold).
CONTINUE_SOLL = True
# Round 11: reported speech read from a clause shape (quotes_shapes) in sentences no statement touches
# (CV on train: attributed F1 +0.008, Reported recall 0.35 → 0.48, precision kept; docs/quotes.md);
# the shapes used (empty: none) and, for the CV script, a trace of what they added (None: no trace).
REPORT_SHAPES: frozenset[str] = SHAPES
SHAPE_TRACE: list | None = None
# The shapes whose own speaker (a passive's agent "von X") stands against the chooser's choice.
SHAPE_OWN_SPEAKER: frozenset[str] = frozenset(("passive_als",))
CONTINUE_KONJUNKTIV = False
CONTINUE_GAP = 1  # the statement's message ends at most this many sentences before
CONTINUE_NEEDS_SPEAKER = False  # only a statement with a speaker is continued
CONTINUE_EXTEND = True  # a soll sentence right after a soll free indirect statement extends its message
# A clause opened by one of these is subordinate ("…, die helfen sollen, …"): its "soll" reports nothing.
SUBORDINATE = RELATIVE | CLAUSE_OPENERS | frozenset((
    "der", "die", "das", "dem", "den", "daß", "weil", "da", "wenn", "als", "nachdem", "bevor", "damit", "obwohl",
    "während", "um", "wobei", "womit", "wodurch", "falls", "sofern", "indem", "seit", "seitdem", "bis"))


class QuoteFinder:
    """The ``chronik_quotes`` component: fills ``doc._.chronik_quotes``.

    With a trained statement tagger (``model``, default the shipped ``models/quotes-de``)
    the tagger finds messages, cues and speakers; without one, the rules below do.
    """

    def __init__(self, nlp: Language, name: str = "chronik_quotes", nested: bool = True,
                 model: str | None = None):
        self.name = name
        self.nested = nested
        self.lex: Lexicon = load()
        path = Path(model) if model else DEFAULT_MODEL
        self.tagger = StatementTagger(path) if model != "rules" and (path / "config.cfg").exists() else None
        self.chooser = SpeakerChooser.load(path / "speaker.json") if self.tagger else None
        self.calibrator = Calibrator.load(path / "confidence.json") if self.chooser else None

    def __call__(self, doc: Doc) -> Doc:
        return self._annotate(doc, Reader(doc, self.lex))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 16) -> Iterator[Doc]:
        """As ``__call__`` doc by doc, with the tagger run once per batch (less CPU per token)."""
        for batch in minibatch(docs, batch_size):
            readers = [Reader(doc, self.lex) for doc in batch]
            probs: list = [None] * len(batch)
            if self.tagger:
                nonempty = [k for k, doc in enumerate(batch) if len(doc)]
                found = self.tagger.probs_many([batch[k] for k in nonempty], [readers[k] for k in nonempty])
                for k, p in zip(nonempty, found):
                    probs[k] = p
            for doc, reader, p in zip(batch, readers, probs):
                yield self._annotate(doc, reader, p)

    def _annotate(self, doc: Doc, reader: Reader, probs=None) -> Doc:
        shaped: set[int] = set()  # ids of the statements read from clause shapes
        if self.tagger:
            # (a tagged relative clause on a closed frame, "kündigte X an, was Y empört", is no message: the
            # rules' reading of that sentence stands)
            learned = [st for st in self.tagger.statements(doc, reader, Statement, probs)
                       if not reader.relative_was(st.content[0][0])]
            stmts = _combine(learned, reader.rules(), reader.units, reader.strong_report, reader.impersonal)
            own: dict[int, tuple[int, int] | None] = {}
            if REPORT_SHAPES:
                stmts, own, shaped = _with_shapes(reader, stmts)
            if CONTINUE_SOLL or CONTINUE_KONJUNKTIV:
                stmts = _continuations(reader, stmts, CONTINUE_SOLL, CONTINUE_KONJUNKTIV)
            # A "message" that is only a name ("…", so der Chef, Max Muster (52).) is a tagger run over an apposition.
            names = entity_tokens(reader)
            stmts = [st for st in stmts if st.kind == "direct" or not (all(
                i in names or not reader.text[i][:1].isalpha() for a, b in st.content for i in range(a, b))
                or reader.apposition_only(st))]  # (or a role phrase and its name: "Der Chef der X, Y")
            if self.chooser:
                self.chooser.choose(reader, stmts)
            for st in stmts:
                if id(st) in own:
                    st.speaker = own[id(st)]
        else:
            stmts = reader.rules()
            ents = entity_tokens(reader)
            for st in stmts:  # (with a model, _combine and the chooser do this)
                if reader.impersonal(st) or (st.speaker and reader.not_a_speaker(st, *st.speaker, ents)):
                    st.speaker = None
        _no_speaker_inside_own_quotation(reader, stmts)
        _whole_quotations(reader, stmts)
        _quotations_are_direct(reader, stmts)
        for st in stmts:
            st.frame = reader.frame(st)
            st.addressee = reader.addressee(st)
        if self.nested:
            names = entity_tokens(reader)
            # (in a shape's sentence a short quotation is a quoted name: "Die Zeitung „Express“ berichtete von …")
            stmts = [x for st in stmts for x in (st, *(f for f in reader.fragments(st) if not _a_name(reader, f, names)
                                                      and not (id(st) in shaped and _quoted_name(reader, f))))]
        if self.calibrator:
            self.calibrator.assign(reader, stmts)
        doc._.chronik_quotes = to_quotes(reader, stmts)
        return doc


def _combine(learned: list[Statement], rules: list[Statement], units: list[tuple[int, int]], strong, impersonal) -> list[Statement]:
    """The tagger's statements, with the rules' speaker (and cut) where a rule statement shares the
    message, plus the rules' direct, indirect and free indirect statements and their strongly
    reported ones (``strong``) in units no tagged message touches; no speaker for ``impersonal``
    frames; carried speakers re-carried."""
    by_unit: dict[int, list[Statement]] = {}
    for st in rules:
        by_unit.setdefault(st.unit, []).append(st)
    out = []
    for st in learned:
        match = next((r for r in by_unit.get(st.unit, ()) if r.speaker and _overlap(r.content, st.content)), None)
        if match is None:
            out.append(st)
        elif _source_marker(match) and match.content[0][0] < st.content[0][0] \
                and st.content[-1][1] <= match.content[-1][1] + 1:
            # "Laut dem Ministerium besuchte Frau X …": the tagger's message starts after a name it took for the
            # speaker; the dataset's message is the whole clause outside the source phrase, as the rules cut it.
            out.append(Statement(match.kind, match.content, match.cue, match.speaker, st.unit, tagger_prob=st.tagger_prob,
                                 agreed=True))
        elif match.cue and _overlap([match.cue], st.content) and _within(match.content, st.content):
            # The tagged message swallowed its frame ("Diese glaubten, er sei …"): the rules' cut.
            out.append(Statement(st.kind, match.content, match.cue, match.speaker, st.unit, tagger_prob=st.tagger_prob,
                                 agreed=True))
        else:
            # The rules' subject-of-the-cue speaker beats the tagger's SPK run (dev: speaker accuracy 0.68 → 0.70).
            out.append(Statement(st.kind, st.content, st.cue or match.cue, match.speaker, st.unit,
                                 tagger_prob=st.tagger_prob, agreed=True))
    taken = [piece for st in learned for piece in st.content]
    tagged_cues = [st.cue for st in learned if st.cue]
    out += [st for st in rules if (st.kind in FILL_KINDS or strong(st)) and (
        not _overlap(units[st.unit:st.unit + 1], taken) or (RULES_BESIDE and _beside(st, taken, tagged_cues)))]
    out.sort(key=lambda st: st.content[0])
    for st in out:
        if impersonal(st):
            st.speaker, st.carried = None, False
    last = None
    for st in out:  # carry the (possibly corrected) speaker on
        if st.carried:
            st.speaker = last
        last = st.speaker or last
    return out


def _with_shapes(reader: Reader, stmts: list[Statement]) -> tuple[list[Statement], dict[int, tuple[int, int] | None],
                                                                 set[int]]:
    """``stmts`` plus the reported statements of ``REPORT_SHAPES`` in sentences none of them touches,
    the speakers of those of ``SHAPE_OWN_SPEAKER`` (by statement id) that the chooser must not change,
    and the ids of all that were added."""
    added = shape_statements(reader, [p for st in stmts for p in st.content], REPORT_SHAPES)
    if SHAPE_TRACE is not None:
        SHAPE_TRACE.extend((reader.doc_text, name, reader.idx[st.content[0][0]],
                            reader.idx[st.content[0][1] - 1] + len(reader.text[st.content[0][1] - 1]))
                           for name, st in added)
    own = {id(st): st.speaker for name, st in added if name in SHAPE_OWN_SPEAKER}
    return sorted([*stmts, *(st for _, st in added)], key=lambda st: st.content[0]), own, {id(st) for _, st in added}


def _quoted_name(reader: Reader, st: Statement) -> bool:
    """A quotation that is a name: short (``quotes_shapes.QUOTED_NAME`` tokens, marks included), every word
    capitalised („Express“, „Radio Nord“; not „Spott und Hohn“, which the dataset annotates as a direct quote)."""
    a, b = st.content[0]
    words = [w for w in reader.text[a:b] if w[:1].isalpha()]
    return len(st.content) == 1 and b - a <= QUOTED_NAME and bool(words) and all(w[:1].isupper() for w in words)


def _continuations(reader: Reader, stmts: list[Statement], soll: bool = True, konjunktiv: bool = True) -> list[Statement]:
    """Sentences that no statement touches and that have no speech verb, within ``CONTINUE_GAP``
    sentences after a statement's message (also across a paragraph or after a direct quote), continue
    it as free indirect speech, its speaker carried: a main clause with "soll/sollen" ("Die Zahl der
    Opfer soll bei 40 liegen.": the dataset's FreeIndirect, its commonest miss out of fold: 60 of 65)
    or a Konjunktiv I sentence ("Doch es betreffe auch …"; off: CV neutral, the rules' own
    continuation finds most). The tagger, trained on the debates too, leaves most of them out."""
    units = reader.units
    starts = [a for a, _ in units]
    touched = [False] * len(units)
    last_unit: list[tuple[int, Statement]] = []  # (last unit a statement's message reaches, statement)
    for st in stmts:
        for a, b in st.content:
            u0 = max(bisect.bisect_right(starts, a) - 1, 0)
            u1 = max(bisect.bisect_right(starts, b - 1) - 1, 0)
            for u in range(u0, u1 + 1):
                touched[u] = True
        last_unit.append((max(bisect.bisect_right(starts, st.content[-1][1] - 1) - 1, 0), st))
    added = []
    for u, (s, e) in enumerate(units):
        if touched[u] or e - s < 4:
            continue
        k = max((k for k, x in enumerate(last_unit) if u - CONTINUE_GAP <= x[0] < u), key=lambda k: last_unit[k][0],
                default=None)
        if k is None or any(reader.low[i] in reader.lex.rule_speech_verbs and reader.qid[i] < 0 for i in range(s, e)):
            continue
        prev = last_unit[k][1]
        if CONTINUE_NEEDS_SPEAKER and prev.speaker is None:
            continue
        by_soll = soll and _main_soll(reader, s, e)
        if by_soll or (konjunktiv and reader.has_konjunktiv(s, e, strict=True)
                       and not any(reader.qid[i] >= 0 for i in range(s, e))):
            while e > s and reader.space[e - 1]:
                e -= 1
            if CONTINUE_EXTEND and by_soll and prev.kind == "free_indirect" and len(prev.content) == 1 \
                    and last_unit[k][0] == u - 1 and _main_soll(reader, *units[u - 1]):
                # "Die Busse sollen … bleiben. Die Streiks sollen … andauern.": one message over both
                prev.content = [(prev.content[0][0], e)]
                last_unit[k] = (u, prev)
                continue
            added.append(Statement("free_indirect", [(s, e)], None, prev.speaker, u, carried=True))
            if CONTINUE_EXTEND:
                last_unit.append((u, added[-1]))
    if not added:
        return stmts
    out = sorted(stmts + added, key=lambda st: st.content[0])
    last = None
    for st in out:  # the carried speaker is the one of the statement right before, as _combine carries it
        if st.carried:
            st.speaker = last
        last = st.speaker or last
    return out


def _main_soll(reader: Reader, s: int, e: int) -> bool:
    """A "soll/sollen" outside quotation marks that is a main clause's finite verb: more words follow
    it in its clause, and the clause is not opened by a relative pronoun or a conjunction that
    makes it subordinate ("…, die helfen sollen, …", "Wann sie stattfinden soll, …")."""
    low, text = reader.low, reader.text
    for k in range(s, e - 1):
        if low[k] not in SOLL or reader.qid[k] >= 0 or not text[k + 1][:1].isalnum():
            continue
        start = next((j + 1 for j in range(k - 1, s - 1, -1) if text[j] in ",;:"), s)
        if start == s:  # the sentence's own first clause ("Die Zahl … soll …", "Dabei sollen …")
            return True
        while start < k and (low[start] in ("und", "aber", "doch", "denn", "oder", "jedoch") or not text[start][:1].isalnum()):
            start += 1
        if low[start] not in SUBORDINATE:
            return True
    return False


def _beside(st: Statement, taken: list[tuple[int, int]], tagged_cues: list[tuple[int, int]]) -> bool:
    """A rule statement the tagger tied to the same cue but put its message elsewhere ("Das Feuer sei
    gelöscht, sagte X, Sprecher der Feuerwehr, am Abend": the tagger's message is the apposition's
    tail): the rules' message, with its cue and speaker, where no tagged message overlaps it."""
    return (st.kind in ("indirect", "direct") and st.cue is not None and st.speaker is not None
            and not _overlap(st.content, taken) and _overlap([st.cue], tagged_cues))


def _no_speaker_inside_own_quotation(reader: Reader, stmts: list[Statement]) -> None:
    """A speaker inside the quotation its message ends in is a word of the quote, not who says it
    («Die CDU ist unglücklich, dass …»: not the CDU speaking); the statement keeps no speaker."""
    for st in stmts:
        if not st.speaker or not st.content:
            continue
        a, b = st.speaker
        q = reader.qid[a]
        if q < 0 or any(reader.qid[i] != q for i in range(a, b)):
            continue
        qs, qe = reader.quotes[q]
        if any(qs <= s and e <= qe for s, e in st.content):
            st.speaker = None


def _whole_quotations(reader: Reader, stmts: list[Statement]) -> None:
    """A message that opens a quotation and stops inside it ends at its closing mark, and one that
    closes a quotation and starts inside it starts at its opening mark: quotation marks bound a direct
    quote, and a cut ("… als die CDU“", "gibt wirklich Anlass zur Sorge.“") would show a fragment.
    Not where another message, or the statement's own speaker or cue, stands in the part left out."""
    starts = sorted(piece[0] for st in stmts for piece in st.content)
    ends = sorted(piece[1] for st in stmts for piece in st.content)
    for st in stmts:
        own = [r for r in (st.speaker, st.cue) if r]
        for n, (s, e) in enumerate(st.content):
            q = next((q for q in reader.quotes if q[0] == s and s < e < q[1]), None)
            if q is not None and not any(e <= b < q[1] for b in starts):
                st.content[n] = (s, q[1])
                continue
            q = next((q for q in reader.quotes if q[1] == e and q[0] < s < e), None)
            if q is not None and not any(q[0] < b <= s for b in ends) \
                    and not any(q[0] <= a < s or q[0] < b <= s for a, b in own):
                st.content[n] = (q[0], e)


def _quotations_are_direct(reader: Reader, stmts: list[Statement]) -> None:
    """A message that is exactly one quotation is direct speech, as the decoder rules for a tagged
    stretch: the tagger can read another form where the marks are not the German „…“ (an English-style
    “…” opens with the German closing mark), and the indirect statement would then also yield the same
    quotation again as its nested direct fragment."""
    quotes = set(reader.quotes)
    for st in stmts:
        if st.kind != "direct" and len(st.content) == 1 and st.content[0] in quotes:
            st.kind = "direct"


def _a_name(reader: Reader, fragment: Statement, names: set[int]) -> bool:
    """A quoted fragment that is only a name (a newspaper, a programme: „Handelsblatt“, „Made for
    Germany“) says nothing: every word inside the marks is an entity mention."""
    s, e = fragment.content[0]
    inner = [i for i in range(s, e) if reader.text[i] not in "„“”\"»«‚‘’'"]
    return bool(inner) and all(i in names for i in inner)


def _source_marker(st: Statement) -> bool:
    """A rule statement opened by a source marker ("laut X", "X zufolge", "nach Angaben X")."""
    return st.cue is not None and st.cue[1] - st.cue[0] == 1 and st.marker


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _within(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    """Every piece of ``a`` inside some piece of ``b`` (statements may nest, never cross)."""
    return all(any(s2 <= s1 and e1 <= e2 for s2, e2 in b) for s1, e1 in a)


@Language.factory(
    "chronik_quotes",
    default_config={"nested": True, "model": None},
    requires=["doc._.chronik_entities", "doc._.chronik_times", "doc._.chronik_date"],
    assigns=["doc._.chronik_quotes"],
)
def make_component(nlp: Language, name: str, nested: bool, model: str | None) -> QuoteFinder:
    """``nested``: also emit quoted fragments inside a message as direct statements;
    ``model``: the statement tagger's directory (None: the shipped one if built; "rules": none)."""
    return QuoteFinder(nlp, name, nested, model)


def to_quotes(reader: Reader, stmts: list[Statement]) -> list[Quote]:
    """Record quotes from statements (token ranges) of ``reader``'s doc, ids in order."""
    quotes, last_entity, last_end = [], None, 0
    for k, st in enumerate(stmts):
        speaker = None
        if st.speaker:
            sp = reader.span(*st.speaker)
            # (its own message: "Lauterbach finde keine Mehrheit, so der CDU-Politiker" is not Lauterbach's)
            entity = _entity(reader.doc, sp, last_entity, last_end, [reader.span(s, e) for s, e in _said_part(reader, st)],
                             _addressed(reader, st))
            if entity or sp.text.lower() in ("er", "sie"):  # an open "er" leaves who is speaking open ("")
                last_entity, last_end = entity or "", sp.end
            speaker = Speaker(start=sp.start, end=sp.end, text=sp.text, entity=entity)
        content = [reader.span(s, e) for s, e in st.content]
        time, source = _time(reader, st, content)
        quotes.append(Quote(
            id=f"q{k + 1}",
            kind=st.kind,
            content=content,
            cue=reader.span(*st.cue) if st.cue else None,
            speaker=speaker,
            frame=reader.span(*st.frame) if st.frame else None,
            addressee=reader.span(*st.addressee) if st.addressee else None,
            confidence=st.confidence,
            time=time,
            time_source=source,
        ))
    return quotes

def _entity(doc: Doc, sp: Span, salient: str | None, salient_end: int = 0, message: list[Span] | None = None,
            addressed: set[str] | None = None) -> str | None:
    """The entity a speaker mention names.

    An anonymous source ("ein Manager, der nicht genannt werden will") names none; a person
    mentioned in the span wins over an organisation ("IfW-Konjunkturchef Stefan Kooths");
    a definite person noun ("der SPD-Politiker", "die Ministerin") names the person last
    mentioned if the noun fits (one person, gender), else none; then coreference output; a
    pronoun falls back to the last speaker (``salient``, its mention ending at ``salient_end``) unless
    another person is named after it (:func:`.coref.someone_else_between`), else to the person named
    last before it. A person named in the statement's own ``message`` is never the one a role noun
    or pronoun stands for ("So finde Minister X keine Mehrheit, so der CDU-Politiker" is not X), nor
    is an entity the statement is ``addressed`` to ("…, sagte der FDP-Politiker an die Kanzlerin gerichtet")."""
    if _anonymous(sp.text, doc_text(doc)[sp.end:sp.end + 60]):
        return None
    ents = {e.id: e for e in doc._.chronik_entities or []}
    inside = [(m, e) for e in ents.values() for m in e.mentions if m.start < sp.end and sp.start < m.end]
    owners = {(m.start, m.end) for m, e in inside if _possessor(doc_text(doc), sp, m, e)}
    overlapping = [(m.start, e.id, m.kind) for m, e in inside if (m.start, m.end) not in owners]
    # Entities whose name, last before the speaker, stands in the message ("Er habe …, sagte er" is his own:
    # only names count; "Gall lehnt ab. … So sei …, sagte Gall" is not one when a name stands outside after it).
    said = set() if not (OWN_MESSAGE and message) else {
        eid for eid, m in _last_names(ents.values(), sp.start).items() if any(c.start <= m.start and m.end <= c.end for c in message)}
    surnames = {ents[eid].name.split()[-1] for eid in said if ents[eid].type == "PER" and ents[eid].name}
    said |= {e.id for e in ents.values() if e.type == "PER" and e.name and e.name.split()[-1] in surnames}  # "Scholz", "Olaf Scholz"
    said |= addressed or set()
    # (coreference may have put a pronoun or role noun among that person's mentions: only a name stands)
    overlapping = [(start, eid, kind) for start, eid, kind in overlapping if kind == "name" or eid not in said]
    hits = [eid for _, eid, _ in overlapping]
    words = sp.text.split()
    roles = gazetteer.load()
    head = _role_head(roles, words)
    role = _role(roles, words[head]) if head else None
    # The person named last in the span is its head: "Sein Sprecher Béla Anda" is Anda, not whom "Sein" refers to.
    # (A role phrase coreference linked, "der SPD-Politiker", is checked against the person below.)
    person = max(((start, eid) for start, eid, kind in overlapping if ents[eid].type == "PER"
                  and not (role is not None and kind == "nominal" and ROLE_PARTY)), default=(0, None))[1]
    if person:
        return person
    if role is not None:
        if words[0].lower() in INDEFINITE or not _one_person(words[0].lower(), role):
            return hits[0] if hits and words[0].lower() in INDEFINITE else None  # "ein Sprecher der Polizei"
        # (the person coreference gave the role phrase, else the first entity any mention in it names)
        linked = next((eid for _, eid, kind in overlapping if kind == "nominal" and ents[eid].type == "PER"), None) or next(
            (eid for (start, end), eid in (doc._.chronik_mention_entity or {}).items()
             if start < sp.end and sp.start < end and (start, end) not in owners), None)
        fits_role = partial(_role_fits, roles, role, words[head or 0], sp)
        if linked in ents and ents[linked].type == "PER" and fits_role(ents[linked]) and linked not in said \
                and not _party_elsewhere(ents.values(), ents[linked], words[head or 0], sp, fits_role, said):
            return linked
        member = _party_elsewhere(ents.values(), None, words[head or 0], sp, fits_role, said)
        if member is not None:
            return member  # "die FDP-Politikerin": the one named with the FDP, not the chancellor named since
        return _last_person(doc, ents.values(), sp.start, fits_role, skip=said, inside=message if OWN_MESSAGE else None)
    if hits:
        return hits[0]
    if len(words) == 1 and words[0].lower() == "sie" and _plural_verb(doc_text(doc), sp):
        return None  # "Fachleute sehen das anders. Sie erklärten …": a plural "sie" is no one person
    for (start, end), eid in (doc._.chronik_mention_entity or {}).items():
        if start < sp.end and sp.start < end and (start, end) not in owners and eid not in said:
            return eid
    pronoun = words[0].lower() if words else ""
    # "nach seinen Worten": whose words, as "er" would say; only a person's (an organisation's words are
    # "nach Angaben der Behörde", and "Seiner Darstellung zufolge" after "zitiert HRW einen Zeugen" is the witness's)
    possessive = pronoun in POSSESSIVES and len(words) == 2 and words[1].lower() in SOURCE_NOUNS
    if possessive:
        pronoun = "er" if pronoun.startswith("sein") else "sie"
    if pronoun not in PRONOUNS:
        return None
    # Coreference declined this pronoun; the fallback must not give "er" a woman or "sie" a man.
    fits = partial(_pronoun_fits, roles, pronoun)
    if possessive:
        fits = partial(lambda f, ent: ent.type == "PER" and f(ent), fits)
    if salient == "" and pronoun in ("er", "sie"):
        return None  # the last speaker was an "er" left open: this one is most likely the same, unknown
    text = doc_text(doc)
    clause_end = sp.end + next((k for k, ch in enumerate(text[sp.end:sp.end + 300]) if ch in ".!?,;:"), 300)
    named_in_clause = {e.id for e in ents.values() for m in e.mentions if sp.end <= m.start < clause_end}
    if salient in named_in_clause or salient in said:
        return None  # "Er warf Kramer … vor": a pronoun is never the person named as the object of its own clause
    if salient:
        if salient in ents and pronoun in ("er", "sie"):
            own = [(m.start, m.end) for m in ents[salient].mentions]
            lo = max([salient_end] + [e for s, e in own if e <= sp.start])
            people = [(m.start, m.end) for e in ents.values() if e.type == "PER" and e.id != salient and fits(e)
                      for m in e.mentions]
            person_noun = partial(_person_noun, roles, pronoun)
            if someone_else_between(text, lo, sp.start, own, people, person_noun):
                # "… schloss ein Sprecher des Konzerns aus. Er erklärte": not the last speaker; but
                # "X sagte … Altkanzler Kurz zeigte sich überwältigt. Er habe …" is the one named subject between
                found = _subject_between(doc, ents, salient, lo, sp.start, fits, said) if SUBJECT_BETWEEN else None
                if found is None or someone_else_between(text, lo, sp.start, [*own, found[1]], [], person_noun):
                    return None  # (a person noun outside that subject's own words is a third one)
                return found[0]
        return salient if salient not in ents or fits(ents[salient]) else None
    last = _last_person(doc, ents.values(), sp.start, lambda ent: fits(ent) and ent.id not in named_in_clause, orgs=True,
                        governed=not OWN_MESSAGE)
    return None if last in said else last  # (no further back: "Hoyzer soll …" after "Er" is not the magazine's)


def _subject_between(doc: Doc, ents: dict, salient: str, lo: int, hi: int, fits,
                     said: set[str]) -> tuple[str, tuple[int, int]] | None:
    """The one person (fitting the pronoun) named between the last speaker and the pronoun, when that
    name opens its sentence as its subject, with the span of that subject (descriptors and name); None
    when there are several or it stands elsewhere."""
    named = {e.id: m for e in ents.values() if e.type == "PER" and e.id != salient and e.id not in said and fits(e)
             for m in e.mentions if m.kind == "name" and lo <= m.start and m.end <= hi}
    if len(named) != 1:
        return None
    eid, m = next(iter(named.items()))
    sent = next((x for x in doc.sents if x.start_char <= m.start < x.end_char), None)
    if sent is None:
        return None
    before = doc_text(doc)[sent.start_char:m.start].split()
    # the prefield: at most a few descriptors before the name ("ÖVP-Spitzenkandidat und Altkanzler"), no phrase
    if len(before) > 4 or any(w.lower() in PREPOSITIONS or not w[:1].isupper() and w != "und" for w in before):
        return None
    return eid, (sent.start_char, m.end)


INDEFINITE = frozenset(["ein", "eine", "einer", "eines", "einem", "einen"])
# The role nouns whose holder speaks for the one named after them: "ein Sprecher Weimers" is Weimer's word.
_VOICE = re.compile(r"(?:[Ss]precher(?:in|innen)?|Pressestelle|Pressesprecher(?:in)?)$")

_ANONYMOUS = ("nicht genannt", "ungenannt", "anonym", "nicht namentlich")
# The person a nominal speaker refers to must have been named this close before it (characters).
NOMINAL_WINDOW = 600
PARTY_WINDOW = 1500  # characters: how far back a party role noun looks for a member of that party
ROLE_PARTY = True  # round 10: "der SPD-Politiker" never names a person the text gives another party
OWN_MESSAGE = True  # round 10: a role noun or pronoun never names a person named in its own message
GENITIVE_NAME = True  # round 10: a pronoun's fallback passes over "den Rauswurf Norbert Röttgens"
SUBJECT_BETWEEN = True  # round 11: a pronoun after someone named as a subject since the last speaker is that one
OTHER_OFFICE = True  # round 10: a role noun naming another post than the person's known one names someone else


def _possessor(text: str, sp: Span, m, ent) -> bool:
    """A person named after a role noun in the speaker phrase as its owner, not in apposition:
    "der Anwalt Trumps", "ein Berater von Scholz", "die Frau Putins" — the lawyer, adviser or wife
    speaks, not the person (a spokesperson speaks for them: "ein Sprecher Weimers" stays Weimer)."""
    if ent.type != "PER" or m.start <= sp.start:
        return False
    before = text[sp.start:m.start].split()
    if not before:
        return False
    roles = gazetteer.load()
    if before[-1] in ("von", "vom"):
        # "ein Berater von Scholz", not the name particle of "Konstantin von Notz"
        owner = len(before) > 1 and before[-2] not in roles.first_names and (
            _role(roles, before[-2]) is not None or roles.noun(before[-2]) is not None)
    else:
        owner = m.text.endswith(("s", "'", "’")) and not ent.name.endswith(m.text)
    if not owner:
        return False
    role_words = [w for w in before if w[:1].isupper()]
    return bool(role_words) and not _VOICE.search(role_words[-1])


def _anonymous(mention: str, after: str) -> bool:
    """A source that wants no name: "…, der nicht genannt werden will", "ein ungenannter Manager"."""
    low = mention.lower()
    if any(w in low for w in _ANONYMOUS):
        return True
    after = after.lower().lstrip()
    return after.startswith(",") and any(w in after[:45] for w in _ANONYMOUS)


def _plural_verb(text: str, sp: Span) -> bool:
    """The finite verb next to a pronoun ("Sie erklärten", "sagten sie") is a plural form the
    speech-verb lexicon or the auxiliaries know (ending in -en)."""
    before = re.findall(r"\w+", text[max(0, sp.start - 30):sp.start])
    after = re.findall(r"\w+", text[sp.end:sp.end + 30])
    verbs = load().speech_verbs
    return any(w.endswith("en") and (w in verbs or w in AUX) for w in (before[-1:] + after[:1]))


def _person_noun(roles, pronoun: str, word: str) -> bool:
    """A role noun that names a person "er" or "sie" may refer to: singular and not feminine for "er"
    ("ein Sprecher"), feminine or plural for "sie" ("eine Sprecherin", "Experten")."""
    role = _role(roles, word)
    if role is None:
        return False
    if pronoun == "er":
        return not role.plural and role.gender != "f"
    return role.plural or role.gender == "f"


def _role(roles, word: str):
    """A role noun, also behind an organisation prefix ("SPD-Politiker", "CDU-Chef")."""
    role = roles.role(word)
    if role is None and "-" in word:
        tail = word.rsplit("-", 1)[1]
        role = roles.role(tail) if tail[:1].isupper() else None
    return role


def _role_head(roles, words: list[str]) -> int | None:
    """Where a definite role phrase has its role noun: last ("der neue SPD-Chef") or before a genitive
    ("die Fraktionsvorsitzende der Linken": a person, not the party); None for other phrases."""
    if len(words) < 2 or words[0].lower() not in DETS:
        return None
    head = next((k for k in range(1, len(words)) if not _adjective_like(words[k])), None)
    if head == len(words) - 1 or (head is not None and words[head + 1] in ("der", "des") and _role(roles, words[head])):
        return head
    return None


def _adjective_like(word: str) -> bool:
    return word[:1].islower() and word.isalpha()


# Offices by the post they name ("Regierungschef" and "Ministerpräsident" are one post; "Präsident" another).
OFFICES = {"gov": ("kanzler", "kanzlerin", "bundeskanzler", "bundeskanzlerin", "ministerpräsident", "ministerpräsidentin",
                   "regierungschef", "regierungschefin", "premierminister", "premierministerin", "premier", "premierin"),
           "state": ("präsident", "präsidentin", "bundespräsident", "bundespräsidentin", "staatspräsident",
                     "staatspräsidentin", "staatschef", "staatschefin"),
           "party": ("parteichef", "parteichefin", "parteivorsitzende", "parteivorsitzender", "oppositionsführer",
                     "oppositionsführerin")}
_OFFICE = {w: k for k, words in OFFICES.items() for w in words}


def _office(word: str) -> str | None:
    """The post a role noun names ("Bundeskanzler": gov, "CDU-Chef": party, "Gesundheitsminister": minister),
    inflection aside; None for nouns that name no one post ("Sprecher", "Politiker", "Bundestagspräsident")."""
    low = re.sub(r"(?<=[a-zäöüß])(s|n|en|es)$", "", word.lower().removeprefix("party:"))
    prefix, _, tail = low.rpartition("-")
    if prefix and tail in ("chef", "chefin", "vorsitzende", "vorsitzender", "vorsitzend") and gazetteer.parties(prefix):
        return "party"
    tail = tail or low
    if tail in _OFFICE or low in _OFFICE:
        return _OFFICE.get(tail) or _OFFICE.get(low)
    if tail.endswith(("minister", "ministerin")) and not tail.startswith("premier"):
        return "minister"
    return None


def _parties_of(ent, sp: Span) -> set[str]:
    """The parties the text gives a person ("(CDU)", "CDU-Chef"), outside the speaker phrase ``sp``."""
    return set().union(*(gazetteer.parties(x.role.removeprefix("party:")) for x in ent.roles if not (x.start < sp.end and sp.start < x.end)))


def _party_elsewhere(ents, chosen, word: str, sp: Span, fits, said: set[str]):
    """For a party role noun ("die FDP-Politikerin"): the person named last before it (within
    :data:`PARTY_WINDOW`) whom the text gives that party, when ``chosen`` (if given) has no party
    known; else None."""
    wanted = gazetteer.parties(word) if ROLE_PARTY else set()
    if not wanted or (chosen is not None and _parties_of(chosen, sp)):
        return None
    best = None
    for ent in ents:
        if ent.type == "PER" and ent.id not in said and ent is not chosen and wanted & _parties_of(ent, sp) and fits(ent):
            for m in ent.mentions:
                if m.end <= sp.start and sp.start - m.end <= PARTY_WINDOW and (best is None or m.end > best[0]):
                    best = (m.end, ent)
    return best[1].id if best else None


def _role_fits(roles, role, word: str, sp: Span, ent) -> bool:
    """A definite role noun (``role``, written ``word``: "der SPD-Politiker") may name person ``ent``:
    the gender fits, the office is none other than the person's known ones (:func:`_office`),
    and a party prefix names the person's party where the text gives one ("Friedrich Merz (CDU)",
    "CDU-Chef X"); the person's roles taken from the speaker phrase itself do not count."""
    if not _gender_fits(roles, role, ent):
        return False
    own = [x for x in ent.roles if not (x.start < sp.end and sp.start < x.end)]
    office, known = _office(word), {_office(x.role) for x in own} - {None}
    if OTHER_OFFICE and office and known and office not in known:
        return False  # "der Kanzler" after "CDU-Chef X": another office, someone else
    wanted = gazetteer.parties(word) if ROLE_PARTY else set()
    known = set().union(*(gazetteer.parties(x.role.removeprefix("party:")) for x in own))
    return not (wanted and known and not wanted & known)


def _gender_fits(roles, role, ent) -> bool:
    """A role noun's gender against the person's first name, where both are known."""
    gender = _name_gender(roles, ent)
    return role.gender == "u" or gender == "u" or role.gender == gender


def _pronoun_fits(roles, pronoun: str, ent) -> bool:
    """A person's first name against "er" (a man) or "sie" (a woman, or several), where the name's gender is known."""
    if ent.type != "PER" or pronoun not in ("er", "sie"):
        return True
    return _name_gender(roles, ent) in ("u", "m" if pronoun == "er" else "f")


def _name_gender(roles, ent) -> str:
    """m, f or u (unknown): what the first-name lexicon says of an entity's first word."""
    first = ent.name.split()[0] if ent.name else ""
    return roles.first_names.get(first, "u")


_ORG_GOVERNORS = frozenset(["bei", "beim", "von", "vom", "für", "mit", "an", "am", "in", "im", "aus", "zu", "zum", "zur",
                            "gegen", "über", "unter", "nach", "vor", "der", "des"])


def _genitive_after_noun(text: str, m) -> bool:
    """A name in the genitive after the noun it belongs to ("den Rauswurf *Norbert Röttgens*"): an
    attribute, no subject a later pronoun goes on with. The word before is a capitalised common noun
    (no role noun, no name), the mention ends in -s."""
    before = _words_before(text, m.start, 2)
    if len(before) < 2 or not m.text.endswith("s") or not before[1][:1].isupper() or not before[1].isalpha():
        return False
    return before[0].lower() in DETS and _role(gazetteer.load(), before[1]) is None


def _words_before(text: str, pos: int, n: int) -> list[str]:
    """The last ``n`` words before ``pos`` (read from a short window: never a copy of the text before it)."""
    return text[max(0, pos - 120):pos].split()[-n:]


def _last_names(ents, before: int) -> dict:
    """Per entity its name mention ending last before ``before``."""
    out: dict = {}
    for ent in ents:
        for m in ent.mentions:
            if m.kind == "name" and m.end <= before and (ent.id not in out or m.end > out[ent.id].end):
                out[ent.id] = m
    return out


def _last_person(doc: Doc, ents, before: int, fits, orgs: bool = False, skip: set[str] | None = None,
                 inside: list[Span] | None = None, governed: bool = True) -> str | None:
    """The person (or organisation, with ``orgs``) mentioned last before ``before``, if it fits;
    entities in ``skip`` and mentions ``inside`` these spans (the statement's message) are passed over,
    and without ``governed`` an organisation after a preposition ("X, der bei *Stiftung Warentest* …
    arbeitet. …, forderte er": he is X)."""
    best = None
    text = doc_text(doc) if not governed else ""
    for ent in ents:
        if (ent.type == "PER" or (orgs and ent.type == "ORG")) and not (skip and ent.id in skip):
            for m in ent.mentions:
                if inside and any(c.start <= m.start and m.end <= c.end for c in inside):
                    continue
                if not governed and ent.type == "ORG" and any(
                        w.lower() in _ORG_GOVERNORS for w in _words_before(text, m.start, 1)):
                    continue
                if not governed and GENITIVE_NAME and ent.type == "PER" and _genitive_after_noun(text, m):
                    continue  # "Blüm hat den Rauswurf Norbert Röttgens kritisiert. …, sagte er": Blüm
                if m.end <= before and (best is None or m.end > best[0]) and not _bracketed(doc, m):
                    best = (m.end, ent)
    if best is None or not fits(best[1]) or (not orgs and before - best[0] > NOMINAL_WINDOW):
        return None
    return best[1].id


def _said_part(reader: Reader, st: Statement) -> list[tuple[int, int]]:
    """The statement's message, and where its cue follows the message in its sentence, all of the
    sentence before the cue ("Scholz hätte …, «die …», kritisierte der Vorsitzende": a quoted piece's
    statement whose sentence talks about Scholz)."""
    if st.kind == "reported":
        return []  # a reported sentence is frame and message at once: its speaker stands in it
    out = list(st.content)
    if st.cue is not None and all(e <= st.cue[0] for _, e in st.content):
        lo = reader.units[st.unit][0]
        first = min(a for a, _ in st.content)
        # (from the last colon or semicolon before the message: "X war zufrieden: „…“, sagte er" is X's)
        lo = max([lo] + [k + 1 for k in range(lo, first) if reader.text[k] in (":", ";") and reader.qid[k] < 0])
        if st.speaker is None or st.speaker[0] >= st.cue[0]:
            out.append((lo, st.cue[0]))
    return out


def _addressed(reader: Reader, st: Statement) -> set[str]:
    """Entities named (or referred to) in the statement's sentence outside its message in a phrase
    of address (:meth:`.quotes_reader.Reader.addressed`): whom the statement is aimed at."""
    lo, hi = reader.units[st.unit]
    a, b = reader.idx[lo], reader.idx[hi - 1] + 1
    found = {(m.start, m.end): e.id for e in reader.doc._.chronik_entities or [] for m in e.mentions}
    found.update(reader.doc._.chronik_mention_entity or {})
    out = set()
    for (start, _end), eid in found.items():
        if a <= start < b:
            k = bisect.bisect_right(reader.idx, start) - 1
            if not any(s <= k < e for s, e in st.content) and reader.addressed(k):
                out.add(eid)
    return out


def _bracketed(doc: Doc, m) -> bool:
    """A mention in brackets of its own ("Thorsten Frei (CDU)"): a label of the name before it, not a referent."""
    text = doc_text(doc)
    return text[m.start - 1:m.start] == "(" and text[m.end:m.end + 1] == ")"


def _time(reader: Reader, st: Statement, content: list[Span]) -> tuple[str | None, str | None]:
    """When the statement was made: a date in its frame ("hatte im November erklärt"), else the article's."""
    s, e = reader.units[st.unit]
    lo, hi = reader.doc[s].idx, reader.doc[e - 1].idx + len(reader.doc[e - 1])
    in_message = st.kind != "reported"
    for t in reader.doc._.chronik_times or []:
        if t.type not in ("DATE", "TIME") or not (lo <= t.start and t.end <= hi):
            continue
        if in_message and any(c.start <= t.start and t.end <= c.end for c in content):
            continue
        value = statement_date(t.value)  # a calendar value, never PRESENT_REF or 2022-12-02TMO
        if value is None:
            continue
        return value, "text"
    date = reader.doc._.chronik_date
    return (date.isoformat(), "article") if date else (None, None)


def _one_person(det: str, role) -> bool:
    """A role noun naming one person: not plural ("die Minister", "Sprecherinnen")."""
    if role is None or role.plural:
        return False
    return not (det == "die" and role.gender == "m")  # masculine noun after "die": plural
