"""Statements: direct, indirect, free indirect and reported speech, attributed to a speaker.

With the shipped statement tagger (:mod:`chronik.analyse.quotes_model`) the tagger finds
messages, cues and speakers, the rules below refine and complete them (``_combine``) and a learned
speaker chooser (:mod:`chronik.analyse.quotes_speaker`) re-ranks the speakers; without the tagger
the rules run alone. The rules work over tokens (no parser needed). The text is cut
into units (sentences, never splitting a quotation); each unit is read in this order:

1. a cue verb with a message clause before it ("…, sagte X") or after it
   ("X sagte, …" / "X kündigte an, sie werde …" / "X sagte: „…“");
2. a source marker: "laut X", "X zufolge", "nach (NASA-)Angaben X", "demnach", "…, so X",
   "wie X mitteilte";
3. a quotation introduced by a colon; a speech-act noun with its content clause
   ("die Entscheidung, das Werk zu schließen": the noun phrase is the speaker);
   a quotation that fills the sentence, continuing the previous speaker;
4. a Konjunktiv I sentence continuing the previous statement (free indirect);
5. epistemic "soll … haben/sein" (free indirect hearsay);
6. a verb of reported speech ("forderte einen Abzug") → the whole sentence.

Quoted fragments inside a message are also emitted as direct statements of the
same speaker (the dataset annotates them as nested direct quotes). Lexicons:
:mod:`chronik.analyse.quotes_lexicon`; metric and figures: ``docs/quotes.md``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..dates import statement_date
from ..record import Quote, Span, Speaker
from . import extensions, gazetteer  # noqa: F401
from .quotes_lexicon import Lexicon, load
from .quotes_model import StatementTagger
from .quotes_speaker import SpeakerChooser
from .resources import model_path

DEFAULT_MODEL = model_path("quotes-de")

_QUOTE_RE = re.compile(r"„[^“”\"„]{1,3000}?[“”\"]|\"[^\"\n]{1,3000}\"|»[^«»]{1,3000}«|“[^”“]{1,3000}”")
# Separable-prefix zu-infinitives: "aufzunehmen", "einzuhalten", "zurückzuziehen".
_ZU_INF = re.compile(r"(?:ab|an|auf|aus|bei|ein|fest|fort|her|hin|mit|nach|vor|weg|zu|zurück|zusammen|weiter)zu\w{3,}en")
_QUOTE_CHARS = frozenset("„“”\"»«")
_FINAL = frozenset(".!?")
DETS = frozenset(["der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem", "einen"])
POSSESSIVES = frozenset(["sein", "seine", "seiner", "seinem", "seinen", "ihr", "ihre", "ihrer", "ihrem", "ihren"])
PRONOUNS = frozenset(["er", "sie", "es", "man", "wir", "ich"])
# Finite auxiliaries and modals: in "X hatte … erklärt" they hold the verb-second slot.
AUX = frozenset(
    ["hat", "hatte", "hatten", "haben", "habe", "hätte", "hätten", "ist", "sind", "war", "waren", "wird", "werden", "wurde", "wurden", "will", "wollen", "wollte", "wollten", "soll", "sollen", "sollte", "sollten", "muss", "müssen", "musste", "mussten", "kann", "können", "konnte", "konnten"]
)
# Words that open a clause without being its subject: the subject then follows the verb.
NON_SUBJECT = frozenset(
    ["am", "im", "in", "an", "auf", "bei", "nach", "vor", "zu", "zum", "zur", "mit", "über", "unter", "gegenüber", "laut", "vom", "von", "seit", "während", "bis", "für", "gegen", "durch", "ohne", "um", "aus", "zudem", "außerdem", "dabei", "dann", "heute", "gestern", "morgen", "erneut", "zuvor", "später", "damals", "bisher", "bereits", "jetzt", "nun", "schon", "noch", "zugleich", "zuletzt", "inzwischen", "daraufhin", "deshalb", "daher", "dazu", "darüber", "trotzdem", "allerdings", "weiter", "weiterhin", "ebenfalls", "hier", "dort", "so", "wie", "als", "nachdem", "weil", "da", "wenn", "ob", "dass", "gleichzeitig", "anschließend", "außerdem", "vorher", "zunächst", "ferner", "insgesamt", "daneben", "hingegen", "dagegen",
     "unterdessen", "derweil", "indes", "mittlerweile", "damit", "darin", "daraus", "darauf", "danach", "davor",
     "ähnlich", "ebenso", "erst", "zwar", "dennoch", "somit", "schließlich", "letztlich", "tatsächlich",
     "erstmals", "derzeit", "bislang", "kürzlich", "offenbar", "angeblich", "vielmehr", "stattdessen"]
)
# Dative/accusative articles: a prefield they open is an object ("Dem Sender sagte er", "Den IWF forderte er auf").
OBJECT_DETS = frozenset(["dem", "den", "einem", "einen"])
NOT_SUBJECT_START = NON_SUBJECT | OBJECT_DETS
LEADING = frozenset(["und", "aber", "auch", "doch", "denn", "jedoch", "sondern", "oder"])
# Words that end a name/noun phrase when reading rightwards from a cue.
NP_STOP = NON_SUBJECT | LEADING | AUX | PRONOUNS | frozenset(
    ["sich", "nicht", "kein", "keine", "dies", "diese", "dieser", "diesem", "diesen", "man", "sowie", "es", "wieder"]
)
SOURCE_NOUNS = frozenset(
    ["angaben", "informationen", "aussage", "aussagen", "ansicht", "einschätzung", "meinung", "auffassung", "darstellung", "worten", "berichten", "schätzungen", "erkenntnissen", "ermittlungen"]
)
# Nouns of speech acts and stances whose content clause (", dass …" / ", … zu tun") is a message.
SPEECH_NOUNS = frozenset(
    ["warnung", "entscheidung", "annahme", "forderung", "vorwurf", "vorwürfe", "appell", "aufforderung", "ankündigung",
     "behauptung", "hinweis", "verdacht", "vermutung", "befürchtung", "zusage", "versprechen", "bitte", "angebot",
     "einschätzung", "auffassung", "ansicht", "meinung", "überzeugung", "beschluss", "empfehlung", "drohung",
     "bestätigung", "erklärung", "mitteilung", "bericht", "berichte", "angaben", "hoffnung", "plan", "pläne", "absicht"]
)
SOURCE_SUFFIXES = ("angaben", "informationen", "berichten", "meldungen", "schätzungen", "erkenntnissen", "aussagen")
SOLL = frozenset(["soll", "sollen"])
WERDEN = frozenset(["wird", "wurde", "werden", "wurden", "worden"])
CLAUSE_OPENERS = frozenset(["dass", "ob", "wie", "warum", "weshalb", "wann", "wo", "wer", "was", "welche", "welcher"])
MAX_NP = 14
FILL_KINDS = frozenset(("indirect", "direct", "free_indirect"))
CARRY_UNITS = 2  # a speaker carries over this many sentences


@dataclass
class _Stmt:
    kind: str
    content: list[tuple[int, int]]  # token ranges
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None
    unit: int
    carried: bool = False  # the speaker was carried over from the statement before


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

    def __call__(self, doc: Doc) -> Doc:
        reader = _Reader(doc, self.lex, self.nested)
        stmts = None
        if self.tagger:
            stmts = _combine(self.tagger.statements(doc, reader, _Stmt), reader._rules(), reader.units,
                             reader.strong_report, reader.impersonal)
            if self.chooser:
                self.chooser.choose(reader, stmts)
        doc._.chronik_quotes = reader.read(stmts)
        return doc


def _combine(learned: list[_Stmt], rules: list[_Stmt], units: list[tuple[int, int]], strong, impersonal) -> list[_Stmt]:
    """The tagger's statements, with the rules' speaker (and cut) where a rule statement shares the
    message, plus the rules' direct, indirect and free indirect statements and their strongly
    reported ones (``strong``) in units no tagged message touches; no speaker for ``impersonal``
    frames; carried speakers re-carried."""
    by_unit: dict[int, list[_Stmt]] = {}
    for st in rules:
        by_unit.setdefault(st.unit, []).append(st)
    out = []
    for st in learned:
        match = next((r for r in by_unit.get(st.unit, ()) if r.speaker and _overlap(r.content, st.content)), None)
        if match is None:
            out.append(st)
        elif match.cue and _overlap([match.cue], st.content) and _within(match.content, st.content):
            # The tagged message swallowed its frame ("Diese glaubten, er sei …"): the rules' cut.
            out.append(_Stmt(st.kind, match.content, match.cue, match.speaker, st.unit))
        else:
            # The rules' subject-of-the-cue speaker beats the tagger's SPK run (dev: speaker accuracy 0.68 → 0.70).
            out.append(_Stmt(st.kind, st.content, st.cue or match.cue, match.speaker, st.unit))
    taken = [piece for st in learned for piece in st.content]
    out += [st for st in rules if (st.kind in FILL_KINDS or strong(st)) and not _overlap(units[st.unit:st.unit + 1], taken)]
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


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _within(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    """Every piece of ``a`` inside some piece of ``b`` (statements may nest, never cross)."""
    return all(any(s2 <= s1 and e1 <= e2 for s2, e2 in b) for s1, e1 in a)


@Language.factory("chronik_quotes", default_config={"nested": True, "model": None})
def make_component(nlp: Language, name: str, nested: bool, model: str | None) -> QuoteFinder:
    """``nested``: also emit quoted fragments inside a message as direct statements;
    ``model``: the statement tagger's directory (None: the shipped one if built; "rules": none)."""
    return QuoteFinder(nlp, name, nested, model)


class _Reader:
    """One pass over one doc."""

    def __init__(self, doc: Doc, lex: Lexicon, nested: bool):
        self.doc, self.lex, self.nested = doc, lex, nested
        # Token attributes read once: every Token access builds a Python object.
        toks = list(doc)
        self.text = [t.text for t in toks]
        self.low = [t.lower_ for t in toks]
        self.space = [t.is_space for t in toks]
        self.trailing = [bool(t.whitespace_) for t in toks]
        self.idx = [t.idx for t in toks]
        # doc.text would build every Token a second time; a token's whitespace is " " or "".
        self.doc_text = "".join(t + " " if ws else t for t, ws in zip(self.text, self.trailing))
        self.quotes = self._quote_regions()
        self.qid = [-1] * len(doc)
        for k, (s, e) in enumerate(self.quotes):
            for i in range(s, e):
                self.qid[i] = k
        self.units = self._units()

    # --- segmentation -------------------------------------------------------------------------

    def _quote_regions(self) -> list[tuple[int, int]]:
        out = []
        for m in _QUOTE_RE.finditer(self.doc_text):
            span = self.doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None and len(span) >= 2:
                out.append((span.start, span.end))
        return out

    def _units(self) -> list[tuple[int, int]]:
        """Sentences, merged so that no quotation is cut, plus breaks at blank lines."""
        doc = self.doc
        starts = {s.start for s in doc.sents}
        starts.update(i + 1 for i, sp in enumerate(self.space) if sp and "\n" in self.text[i])
        for s, e in self.quotes:
            starts.difference_update(range(s + 1, e + 1))
            if s > 0 and self.text[s - 1] in _FINAL:
                starts.add(s)
            if e < len(doc) and self.text[e - 1] in _FINAL and self.text[e] != ",":
                starts.add(e)
        bounds = sorted(starts | {0, len(doc)})
        units = []
        for s, e in itertools.pairwise(bounds):
            while s < e and self.space[s]:
                s += 1
            while e > s and self.space[e - 1]:
                e -= 1
            if e > s:
                units.append((s, e))
        return units

    # --- phrases ------------------------------------------------------------------------------

    def _is_name(self, i: int) -> bool:
        t = self.text[i]
        return t[:1].isupper() and self.low[i] not in NP_STOP and self.qid[i] < 0

    def _np_after(self, i: int, end: int) -> tuple[int, int] | None:
        """The noun phrase starting at token i (a pronoun, or det/adj/names, genitives, "(CDU)")."""
        if i < end and self.low[i] in PRONOUNS:
            return (i, i + 1)
        j, last = i, None
        while j < end and j - i < MAX_NP:
            w, lw = self.text[j], self.low[j]
            if self._is_name(j):
                last = j + 1
            elif w == "(" and j + 2 < end and self.text[j + 2] == ")" and last:
                last = j + 3
                j += 2
            elif not (lw in DETS or lw in POSSESSIVES or lw in ("von", "-") or _adjective(lw)):
                break
            j += 1
        return (i, last) if last else None

    def _np_before(self, i: int, start: int) -> tuple[int, int] | None:
        """The noun phrase ending just before token i ("den Angaben der Polizei" zufolge)."""
        j = i
        while j > start and (self._is_name(j - 1) or self.low[j - 1] in DETS | POSSESSIVES
                             or _adjective(self.low[j - 1])):
            j -= 1
        while j < i and not self._is_name(j) and self.low[j] not in DETS | POSSESSIVES and not _adjective(self.low[j]):
            j += 1
        return (j, i) if j < i and any(self._is_name(k) for k in range(j, i)) else None

    def _subject(self, start: int, verb: int) -> tuple[int, int] | None:
        """The prefield before the finite verb, if it is a subject-like phrase."""
        while start < verb and (self.low[start] in LEADING or self.text[start] in _QUOTE_CHARS):
            start += 1
        if start >= verb or self.low[start] in NOT_SUBJECT_START or self.doc[start].like_num:
            return None
        end = verb
        while end > start and self.text[end - 1] in {",", "-"}:
            end -= 1
        if end - start > MAX_NP + 6 or any(self.qid[k] >= 0 for k in range(start, end)):
            return None
        if end - start == 1 and not (self._is_name(start) or self.low[start] in PRONOUNS):
            return None
        return (start, end)

    def _speaker_around(self, start: int, verb: int, end: int) -> tuple[int, int] | None:
        """Subject before the (finite) verb, else the phrase right after it ("sagte Esper")."""
        finite = next((k for k in range(start, verb) if self.low[k] in AUX and self.qid[k] < 0), verb)
        subj = self._subject(start, finite)
        if subj:
            return subj
        k = finite + 1
        while k < end and self.low[k] in ("sich", "auch", "nun", "jedoch", "dabei", "zudem", "außerdem"):
            k += 1
        return self._np_after(k, end)

    # --- clause patterns ----------------------------------------------------------------------

    def _outside(self, i: int) -> bool:
        return self.qid[i] < 0

    def _has_konj(self, s: int, e: int, strict: bool = False) -> bool:
        forms = self.lex.konjunktiv_1 if strict else self.lex.konjunktiv_1 | self.lex.konjunktiv_2
        return any(
            self.low[i] in forms and self.low[i - 1] != "ich" and (i + 1 >= e or self.low[i + 1] != "ich")
            for i in range(s, e)
        )

    def _strip(self, s: int, e: int) -> tuple[int, int]:
        """Drop punctuation at both ends of a message, keeping quotation marks."""
        while s < e and self.doc[s].is_punct and self.text[s] not in _QUOTE_CHARS:
            s += 1
        while e > s and self.doc[e - 1].is_punct and self.text[e - 1] not in _QUOTE_CHARS | {")"}:
            e -= 1
        return s, e

    def _kind(self, s: int, e: int) -> str:
        return "direct" if any(q == self._strip(s, e) for q in self.quotes) else "indirect"

    def _zu_infinitive(self, s: int, e: int) -> bool:
        """A clause ending in a zu-infinitive ("…, die Mission wieder aufzunehmen"): what was announced."""
        last = self.low[e - 1]
        return e - s >= 2 and (self.low[e - 2] == "zu" or _ZU_INF.fullmatch(last) is not None) and last.endswith("en")

    def _cue_statement(self, s: int, e: int, u: int) -> _Stmt | None:
        verbs = self.lex.speech_verbs
        for c in range(s, e):
            if self.low[c] not in verbs or not self._outside(c):
                continue
            stmt = self._message_after(s, c, e, u) or self._message_before(s, c, e, u)
            if stmt:
                return stmt
        return None

    def _message_before(self, s: int, c: int, e: int, u: int) -> _Stmt | None:
        """"<message>, sagte X" / "<message>, hatte X erklärt"."""
        m = next((k for k in range(c - 1, s, -1) if self.text[k] == "," and self._outside(k)), None)
        if m is None or m - s < 3:
            return None
        between = range(m + 1, c)
        if between and self.low[m + 1] not in AUX:
            return None
        msg = self._strip(s, m)
        speaker = self._np_after(m + 2 if between else c + 1, e)
        if speaker and between and speaker[1] > c:
            speaker = None
        if speaker is None and between:
            speaker = self._np_after(m + 2, c)
        return _Stmt(self._kind(*msg), [msg], (c, c + 1), speaker, u)

    def _message_after(self, s: int, c: int, e: int, u: int) -> _Stmt | None:
        """"X sagte, <message>" / "X kündigte an, sie werde …" / "X sagte: „…“"."""
        m = next((k for k in range(c + 1, min(e, c + 12)) if self.text[k] in {",", ":"} and self._outside(k)), None)
        if m is None or m + 1 >= e:
            return None
        msg = self._strip(m + 1, e)
        if msg[0] >= msg[1]:
            return None
        opener = self.low[msg[0]]
        if not (self.text[m] == ":" or opener in CLAUSE_OPENERS or self.qid[msg[0]] >= 0
                or self._has_konj(*msg) or self._zu_infinitive(*msg)):
            return None
        return _Stmt(self._kind(*msg), [msg], (c, c + 1), self._speaker_around(s, c, m), u)

    def _marker_statement(self, s: int, e: int, u: int) -> _Stmt | None:
        for i in range(s, e):
            if not self._outside(i):
                continue
            lw = self.low[i]
            if lw == "laut":
                stmt = self._around(s, e, i, self._np_after(i + 1, e), u, cue=(i, i + 1))
            elif lw == "zufolge":
                np = self._np_before(i, s)
                stmt = self._around(s, e, i, np, u, cue=(i, i + 1), lo=np[0] if np else i)
            elif lw == "nach" and (noun := self._source_noun(i + 1, e)) is not None:
                np = self._np_after(noun + 1, e)
                spk = (i + 1, np[1]) if np else (i + 1, noun + 1)
                stmt = self._around(s, e, i, spk, u, cue=(i, i + 1))
            elif lw == "demnach":  # the dataset takes "demnach" as cue and speaker at once
                stmt = self._around(s, e, i, (i, i + 1), u, cue=(i, i + 1))
            elif lw == "so" and i > s and self.text[i - 1] == ",":
                np = self._np_after(i + 1, e)
                ok = np and self._strip(np[1], e)[0] >= self._strip(np[1], e)[1]
                stmt = _Stmt(self._kind(*self._strip(s, i)), [self._strip(s, i)], (i, i + 1), np, u) if ok else None
            elif lw == "wie":
                stmt = self._wie_clause(s, e, i, u)
            else:
                continue
            if stmt:
                return stmt
        return None

    def _source_noun(self, i: int, e: int) -> int | None:
        """The source noun of "nach [ersten] Angaben" / "nach NASA-Angaben", if token i or i+1 is one."""
        for k in (i, i + 1):
            if k < e and (self.low[k] in SOURCE_NOUNS or self.low[k].endswith(SOURCE_SUFFIXES)):
                return k
            if k < e and not _adjective(self.low[k]):
                return None
        return None

    def _around(self, s, e, i, speaker, u, cue, lo=None) -> _Stmt | None:
        """The unit minus the marker phrase [lo or i, speaker end) as a (split) indirect message."""
        if speaker is None:
            return None
        lo = i if lo is None else lo
        hi = max(speaker[1], i + 1)
        if hi < e and self.text[hi] == ",":
            hi += 1
        pieces = [p for p in (self._strip(s, lo), self._strip(hi, e)) if p[1] - p[0] >= 2]
        if not pieces:
            return None
        return _Stmt("indirect", pieces, cue, speaker, u)

    def _wie_clause(self, s, e, i, u) -> _Stmt | None:
        """"…, wie X mitteilte, …"."""
        end = next((k for k in range(i + 1, min(e, i + 12)) if self.text[k] == ","), e)
        verb = next((k for k in range(i + 1, end) if self.low[k] in self.lex.speech_verbs), None)
        if verb is None:
            return None
        speaker = self._np_after(i + 1, verb)
        lo = i - 1 if i > s and self.text[i - 1] == "," else i
        return self._around(s, e, lo, speaker, u, cue=(verb, verb + 1)) if speaker else None

    def _noun_clause(self, s: int, e: int, u: int) -> _Stmt | None:
        """"die Warnung, sich nicht einzumischen" / "die Annahme, dass …": a speech-act noun with its
        content clause; the dataset takes the noun phrase as the speaker."""
        for k in range(s + 1, e - 2):
            if self.text[k] != "," or self.low[k - 1] not in SPEECH_NOUNS or not self._outside(k):
                continue
            end = next((j for j in range(k + 1, e) if self.text[j] in {",", ";"} and self._outside(j)), e)
            msg = self._strip(k + 1, end)
            if msg[1] - msg[0] < 3 or not (self.low[msg[0]] in ("dass", "ob") or self._zu_infinitive(*msg)):
                continue
            start = k - 2 if k - 2 >= s and (self.low[k - 2] in DETS or self.low[k - 2] in POSSESSIVES) else k - 1
            return _Stmt("indirect", [msg], None, (start, k), u)
        return None

    def _colon_quote(self, s: int, e: int, u: int) -> _Stmt | None:
        """"X stellte sich vor ihn: „…“" — a quotation introduced by a colon, speaker = the subject."""
        q = next((q for q in self.quotes if s < q[0] < e and self.text[q[0] - 1] == ":"), None)
        if q is None:
            return None
        k = s
        while k < q[0] and (self.low[k] in LEADING or self.low[k] in NON_SUBJECT):
            k += 1
        return _Stmt("direct", [q], None, self._np_after(k, q[0]), u)

    def _reported(self, s: int, e: int, u: int) -> _Stmt | None:
        verb = next((k for k in range(s, e) if self.low[k] in self.lex.reported_verbs and self._outside(k)), None)
        if verb is None:
            return None
        return _Stmt("reported", [(s, e)], None, self._speaker_around(s, verb, e), u)

    # --- the pass -----------------------------------------------------------------------------

    def read(self, found: list[_Stmt] | None = None) -> list[Quote]:
        """Quotes from ``found`` statements (a model's), else from the rules."""
        stmts = found
        if stmts is None:
            stmts = self._rules()
            for st in stmts:  # (with a model, _combine does this before re-carrying speakers)
                if self.impersonal(st):
                    st.speaker = None
        if self.nested:
            stmts = [x for st in stmts for x in (st, *self._fragments(st))]
        return self._to_quotes(stmts)

    def _rules(self) -> list[_Stmt]:
        stmts: list[_Stmt] = []
        last: _Stmt | None = None
        for u, (s, e) in enumerate(self.units):
            stmt = (self._cue_statement(s, e, u) or self._marker_statement(s, e, u) or self._colon_quote(s, e, u)
                    or self._noun_clause(s, e, u))
            recent = last is not None and u - last.unit <= CARRY_UNITS and last.speaker is not None
            if stmt is None and recent and last is not None:
                stmt = self._continuation(s, e, u, last)
            if stmt is None:
                stmt = self._hearsay(s, e, u, last.speaker if recent and last is not None else None)
            if stmt is None:
                stmt = self._reported(s, e, u)
            if stmt is None:
                continue
            stmts.append(stmt)
            if stmt.speaker is not None:
                last = stmt
            elif last is not None:
                last = _Stmt(stmt.kind, stmt.content, stmt.cue, last.speaker, u)
        return stmts

    def _hearsay(self, s: int, e: int, u: int, speaker) -> _Stmt | None:
        """Epistemic "soll": "Der Fahrer soll betrunken gewesen sein" (the dataset's FreeIndirect)."""
        core = self._strip(s, e)
        if core[1] - core[0] < 4 or self.low[core[1] - 1] not in ("sein", "haben"):
            return None
        if not any(self.low[i] in SOLL and self.qid[i] < 0 for i in range(*core)):
            return None
        return _Stmt("free_indirect", [(s, e)], None, speaker, u)

    def could_be_speaker(self, s: int, e: int) -> bool:
        """Not a sentence adverb or conjunction ("Unterdessen", "Damit") nor a lone lower-case word."""
        low = self.low[s:e]
        if all(not w[:1].isalpha() or w in NON_SUBJECT or w in LEADING for w in low):
            return False
        return e - s > 1 or self.text[s][:1].isupper() or low[0] in PRONOUNS

    def impersonal(self, st: _Stmt) -> bool:
        """An impersonal passive frame ("Ihm wird vorgeworfen, …", "Es wird befürchtet, dass …") or
        "heißt es": the dataset gives these no speaker unless an agent ("von der Polizei") is named."""
        if st.cue is None:
            return False
        low, (s, e), (c0, c1) = self.low, self.units[st.unit], st.cue
        verb = low[c1 - 1]
        passive = verb.endswith(("t", "en")) and verb not in WERDEN and any(
            low[i] in WERDEN for i in range(max(s, c0 - 3), min(e, c1 + 1)))
        heisst = any(low[i] in ("heißt", "hieß") and low[i + 1] == "es" for i in range(max(s, c0 - 1), min(e - 1, c1 + 1)))
        return (passive or heisst) and not (st.speaker and low[st.speaker[0]] == "von")

    def strong_report(self, st: _Stmt) -> bool:
        """A reported statement whose verb reports speech on its own ("forderte", "bekräftigte")."""
        s, e = st.content[0]
        return st.kind == "reported" and any(self.low[i] in self.lex.report_verbs for i in range(s, e))

    def _continuation(self, s: int, e: int, u: int, last: _Stmt) -> _Stmt | None:
        """A sentence-filling quotation or a Konjunktiv I sentence: the last speaker goes on."""
        core = self._strip(s, e)
        q = next((q for q in self.quotes if q[0] <= core[0] and q[1] >= core[1] - 1), None)
        if q is not None:
            return _Stmt("direct", [q], None, last.speaker, u)
        if self._has_konj(s, e, strict=True):
            return _Stmt("free_indirect", [(s, e)], None, last.speaker, u)
        return None

    def _fragments(self, stmt: _Stmt) -> list[_Stmt]:
        """Quotations inside an indirect or reported message, as direct statements."""
        if stmt.kind == "direct":
            return []
        return [
            _Stmt("direct", [q], stmt.cue, stmt.speaker, stmt.unit)
            for q in self.quotes
            for s, e in stmt.content
            if s <= q[0] and q[1] <= e
        ]

    # --- records ------------------------------------------------------------------------------

    def _span(self, s: int, e: int) -> Span:
        start, end = self.idx[s], self.idx[e - 1] + len(self.text[e - 1])
        return Span(start=start, end=end, text=self.doc_text[start:end])

    def _to_quotes(self, stmts: list[_Stmt]) -> list[Quote]:
        quotes, last_entity = [], None
        for k, st in enumerate(stmts):
            speaker = None
            if st.speaker:
                sp = self._span(*st.speaker)
                entity = self._entity(sp, last_entity)
                last_entity = entity or last_entity
                speaker = Speaker(start=sp.start, end=sp.end, text=sp.text, entity=entity)
            content = [self._span(s, e) for s, e in st.content]
            time, source = self._time(st, content)
            quotes.append(Quote(
                id=f"q{k + 1}",
                kind=st.kind,
                content=content,
                cue=self._span(*st.cue) if st.cue else None,
                speaker=speaker,
                time=time,
                time_source=source,
            ))
        return quotes

    def _entity(self, sp: Span, salient: str | None) -> str | None:
        """The entity a speaker mention names: coreference output first, else a simple salience guess."""
        for (start, end), eid in (self.doc._.chronik_mention_entity or {}).items():
            if start < sp.end and sp.start < end:
                return eid
        words = sp.text.split()
        # Only pronouns and a definite person noun ("die Ministerin") fall back to salience.
        if not words or not (words[0].lower() in PRONOUNS or (words[0].lower() in DETS and len(words) == 2)):
            return None
        person_noun = len(words) == 2
        if person_noun and not _one_person(words[0].lower(), gazetteer.load().role(words[1])):
            return None  # "die Regierung", plural "die Nato-Verteidigungsminister": not one person
        if salient:
            return salient
        best = None
        for ent in self.doc._.chronik_entities or []:
            if ent.type == "PER" or (ent.type == "ORG" and not person_noun):
                for m in ent.mentions:
                    if m.end <= sp.start and (best is None or m.end > best[0]):
                        best = (m.end, ent.id)
        return best[1] if best else None

    def _time(self, st: _Stmt, content: list[Span]) -> tuple[str | None, str | None]:
        """When the statement was made: a date in its frame ("hatte im November erklärt"), else the article's."""
        s, e = self.units[st.unit]
        lo, hi = self.doc[s].idx, self.doc[e - 1].idx + len(self.doc[e - 1])
        in_message = st.kind != "reported"
        for t in self.doc._.chronik_times or []:
            if t.type not in ("DATE", "TIME") or not (lo <= t.start and t.end <= hi):
                continue
            if in_message and any(c.start <= t.start and t.end <= c.end for c in content):
                continue
            value = statement_date(t.value)  # a calendar value, never PRESENT_REF or 2022-12-02TMO
            if value is None:
                continue
            return value, "text"
        date = self.doc._.chronik_date
        return (date.isoformat(), "article") if date else (None, None)


def _one_person(det: str, role) -> bool:
    """A role noun naming one person: not plural ("die Minister", "Sprecherinnen")."""
    if role is None or role.plural:
        return False
    return not (det == "die" and role.gender == "m")  # masculine noun after "die": plural


def _adjective(lw: str) -> bool:
    """A lower-case inflected adjective ("irakische", "ersten") inside a noun phrase."""
    return lw.isalpha() and len(lw) > 3 and lw.endswith(("e", "en", "er", "es", "em")) and lw not in NP_STOP
