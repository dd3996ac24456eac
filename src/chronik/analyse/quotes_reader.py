"""The statement reader: one rule pass over one doc, shared by the statement component,
the learned tagger (:mod:`.quotes_model`), the speaker chooser (:mod:`.quotes_speaker`) and training.

:class:`Reader` cuts a doc into units (sentences, never splitting a quotation), finds
quotation regions, reads noun phrases and subjects over plain tokens (no parser), and
finds rule statements (:meth:`Reader.rules`) as :class:`Statement` token ranges:

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
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import cached_property

from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, SPACY
from spacy.tokens import Doc

from ..record import Span
from . import gazetteer
from .extensions import doc_text, token_texts
from .quotes_lexicon import SEPARABLE_ACTS, Lexicon
from .vocab import QUOTE_MARKS, TIME_ADVERBS

# Nouns for the media a statement is made to (besides gazetteer.MEDIA_HEADS: newspaper names' last words).
_MEDIA_NOUNS = ("zeitung", "nachrichtenagentur", "presseagentur", "sender", "magazin", "zeitschrift", "portal", "rundfunk",
                "fernsehen", "blatt")

# German »…«, and Swiss/French «…» (a Swiss text read as »…« pairs each closing mark with the next
# opening one: "«Bild»-Zeitung. Sein Sprecher sagte dem Magazin «Monitor»" became one quotation).
_QUOTE_RE = re.compile(r"„[^“”\"„]{1,3000}?[“”\"]|\"[^\"\n]{1,3000}\"|»[^«»]{1,3000}«|«[^«»]{1,3000}»|“[^”“]{1,3000}”")
# Separable-prefix zu-infinitives: "aufzunehmen", "einzuhalten", "zurückzuziehen".
_ZU_INF = re.compile(r"(?:ab|an|auf|aus|bei|ein|fest|fort|her|hin|mit|nach|vor|weg|zu|zurück|zusammen|weiter)zu\w{3,}en")
_FINAL = frozenset(".!?")
DETS = frozenset(["der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem", "einen"])
POSSESSIVES = frozenset(["sein", "seine", "seiner", "seinem", "seinen", "ihr", "ihre", "ihrer", "ihrem", "ihren"])
PRONOUNS = frozenset(["er", "sie", "es", "man", "wir", "ich"])
# Object pronouns (dative, accusative): never a subject, so never a speaker ("… werfen die Eltern ihm vor").
OBJECT_PRONOUNS = frozenset(["ihm", "ihn", "ihnen", "mir", "mich", "dir", "dich", "euch"])
# Finite auxiliaries and modals: in "X hatte … erklärt" they hold the verb-second slot.
AUX = frozenset(
    ["hat", "hatte", "hatten", "haben", "habe", "hätte", "hätten", "ist", "sind", "war", "waren", "wird", "werden", "wurde", "wurden", "will", "wollen", "wollte", "wollten", "soll", "sollen", "sollte", "sollten", "muss", "müssen", "musste", "mussten", "kann", "können", "konnte", "konnten"]
)
# The rest of German's prepositions (a closed class): a prefield they open ("Wegen der Wahl des Politikers
# X sagte Merkel, …") is an adverbial, never the subject, whatever names it holds.
PREPOSITIONS = frozenset(
    ["wegen", "trotz", "angesichts", "infolge", "aufgrund", "neben", "hinter", "zwischen", "gemäß", "ab", "innerhalb",
     "außerhalb", "statt", "anstatt", "anstelle", "binnen", "dank", "mangels", "entgegen", "samt", "außer", "oberhalb",
     "unterhalb", "jenseits", "beim", "ins", "ans", "aufs", "übers", "ums", "zwecks", "bezüglich", "hinsichtlich",
     "inmitten", "anlässlich", "nahe", "entlang", "gegenüber"]
)
# Prepositions that never open a speaker: a speaker phrase may open with a source or agent marker
# ("von der Polizei", "laut …", "seitens …"), never with a place, time or cause.
NO_SOURCE_PREPOSITIONS = PREPOSITIONS - {"gemäß", "gegenüber"} | frozenset(
    ["am", "im", "in", "an", "auf", "bei", "vor", "zu", "zum", "zur", "mit", "über", "unter", "seit", "während", "bis",
     "für", "gegen", "durch", "ohne", "um", "aus"])
# Focus particles that may stand before any phrase ("sogar aus den eigenen Reihen", "auch die Grünen").
FOCUS = frozenset(["sogar", "auch", "selbst", "nur", "gerade", "ausgerechnet", "besonders"])
# Words that open a clause without being its subject: the subject then follows the verb.
NON_SUBJECT = frozenset(
    ["am", "im", "in", "an", "auf", "bei", "nach", "vor", "zu", "zum", "zur", "mit", "über", "unter", "gegenüber", "laut", "vom", "von", "seit", "während", "bis", "für", "gegen", "durch", "ohne", "um", "aus", "zudem", "außerdem", "dabei", "dann", "heute", "gestern", "morgen", "erneut", "zuvor", "später", "damals", "bisher", "bereits", "jetzt", "nun", "schon", "noch", "zugleich", "zuletzt", "inzwischen", "daraufhin", "deshalb", "daher", "dazu", "darüber", "trotzdem", "allerdings", "weiter", "weiterhin", "ebenfalls", "hier", "dort", "so", "wie", "als", "nachdem", "weil", "da", "wenn", "ob", "dass", "gleichzeitig", "anschließend", "außerdem", "vorher", "zunächst", "ferner", "insgesamt", "daneben", "hingegen", "dagegen",
     "unterdessen", "derweil", "indes", "mittlerweile", "damit", "darin", "daraus", "darauf", "danach", "davor",
     "ähnlich", "ebenso", "erst", "zwar", "dennoch", "somit", "schließlich", "letztlich", "tatsächlich",
     "erstmals", "derzeit", "bislang", "kürzlich", "offenbar", "angeblich", "vielmehr", "stattdessen"]
) | PREPOSITIONS
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
# Speech acts as a verb's object ("Kritik äußern/üben", "Vorwürfe erheben", "Lob kam von …"): the act, never its speaker.
ACT_OBJECTS = frozenset(
    ["kritik", "lob", "vorwurf", "vorwürfe", "forderung", "forderungen", "warnung", "warnungen", "appell", "appelle",
     "protest", "proteste", "zustimmung", "ablehnung", "widerspruch", "unterstützung", "dank", "absage", "zusage"]
)
ACT_OBJECTS_NO_SPEAKER = True
ADVERB_END_NO_SPEAKER = True  # a phrase ending in a time adverb (vocab.TIME_ADVERBS) is never a speaker
# Particles that close a separable speech verb's frame ("kündigte … an", "wies … zurück").
_PARTICLES = frozenset(["an", "aus", "vor", "zu", "ein", "fest", "hin", "mit", "zurück", "klar", "auf", "dar"])
SOURCE_SUFFIXES = ("angaben", "informationen", "berichten", "meldungen", "schätzungen", "erkenntnissen", "aussagen")
SOLL = frozenset(["soll", "sollen"])
WERDEN = frozenset(["wird", "wurde", "werden", "wurden", "worden"])
CLAUSE_OPENERS = frozenset(["dass", "ob", "wie", "warum", "weshalb", "wann", "wo", "wer", "was", "welche", "welcher"])
MAX_NP = 14
# Words in -e after a pronoun that are no verb ("sie alle", "er selbe").
NOT_VERB_E = frozenset(["alle", "beide", "selbe", "diese", "jene", "keine", "eine", "ohne", "gerne", "heute", "gerade",
                        "lange", "bitte", "ebenfalls", "wieder", "aber", "also", "eher", "ende", "seine", "ihre"])
# Source markers: a speaker in the dataset's sense although no noun ("Demnach", "X zufolge").
MARKER_WORDS = frozenset(["laut", "zufolge", "demnach", "wonach", "nach", "so", "wie", "gemäß"])
# Quantifying determiners that open a subject as often as an object ("sagten einige Abgeordnete").
QUANTIFIERS = frozenset(["einige", "einigen", "mehrere", "mehreren", "zahlreiche", "zahlreichen", "viele", "vielen",
                         "andere", "anderen", "beide", "beiden", "alle", "allen", "manche", "weitere", "weiteren"])
_PREPOSITIONS = frozenset(["mit", "bei", "gegenüber", "für", "gegen", "an", "auf", "in", "im", "über", "vor", "zu", "zum",
                           "zur", "aus", "unter", "durch", "ohne", "um", "von", "vom", "nach", "laut"])
# Words that attach a genitive or "von" phrase to a noun phrase's head ("der Chef eines Konzerns").
GENITIVE_OPENERS = frozenset(["des", "der", "eines", "einer", "seines", "seiner", "ihres", "ihrer", "von"])
CARRY_UNITS = 2  # a speaker carries over this many sentences
CARRY_NOT_PAST_PARAGRAPH = True  # … but not over a sentence of the writer's and a blank line
ADDRESS_RULE = True  # round 10: an addressee ("an die Adresse von X", "an X gerichtet") never speaks
COMMA_JOINS = True  # round 10: no unit starts right after a comma that follows a quotation (_units)
TWO_ROLES = True  # round 10: "der Oppositionsführer Bundeskanzler X" is two phrases (Reader.trim_speaker)
SO_TAIL = True  # round 10: "…, so X weiter." / "…, so X im Gespräch mit …" (Reader._so_tail)
SO_TAIL_OPENERS = frozenset(["weiter", "gegenüber", "im", "in", "am", "bei", "auf", "vor", "zuletzt", "zudem",
                             "außerdem", "noch", "dazu", "damals", "jüngst", "kürzlich", "zuvor", "jetzt", "nun", "heute"])
# Words that open a relative clause on their own (the articles der/die/das/dem/den only before a
# lower-case word that is no adjective: ", die seit Jahren …").
RELATIVE = frozenset(["denen", "deren", "dessen", "welche", "welcher", "welches", "welchem", "welchen"])
# A speaker phrase never ends in an article or a preposition ("Angaben der", "Vor allem in");
# "nach" and "zufolge" close source phrases ("seiner Meinung nach").
FRAGMENT_END = DETS | POSSESSIVES | NO_SOURCE_PREPOSITIONS | frozenset(["von", "vom", "laut", "des"])
# Prepositions whose phrase is never the speaker: a place, time, cause, addressee or target ("ein Brief
# an Ministerin X", "ein Streit mit dem Verband"). Not those that are also conjunctions ("Während X
# ankündigte, …"), nor "für"/"aus" ("für den Verband ist das …", "aus Parteikreisen hieß es"), nor
# "gegenüber" (the addressee, read on its own), nor "von"/"nach"/"laut" (agents and sources).
GOVERNING = frozenset(["an", "ans", "mit", "gegen", "über", "zu", "zum", "zur"])
# A document or speech act in such a phrase is a source the dataset marks ("in einer Mitteilung des
# Verbands", "auf die Forderung, …").
DOCUMENT_SUFFIXES = ("mitteilung", "erklärung", "bericht", "berichten", "berichts", "meldung", "stellungnahme",
                     "schreiben", "brief", "interview", "studie", "gutachten", "artikel", "beitrag", "ausgabe", "rede",
                     "angaben", "informationen", "kommuniqué", "statement", "papier", "antwort")
# Articles that open only an object (dative or accusative), never a subject.
OBJECT_ARTICLES = frozenset(["dem", "den", "einem", "einen", "ihrem", "ihren", "seinem", "seinen", "diesem", "diesen",
                             "unserem", "unseren", "jenem", "jenen", "keinem", "keinen"])
RELATIVE_END = frozenset([",", ";", ":", ".", "!", "?"])
# What ends a middle field before a phrase (reading back to its verb), and what opens a prefield
# (reading back from the verb: commas may lie inside the prefield, around an apposition).
MIDDLE_BREAKS = frozenset([",", ";", ":", ".", "!", "?", "(", ")", "–", "-"]) | QUOTE_MARKS
PREFIELD_BREAKS = frozenset([";", ":", ".", "!", "?", "–"])


@dataclass
class Statement:
    """A statement as token ranges of the reader's doc (end-exclusive)."""

    kind: str  # a record.QuoteKind: direct, indirect, free_indirect, reported
    content: list[tuple[int, int]]  # the message, maybe in pieces
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None
    unit: int  # index into Reader.units
    carried: bool = False  # the speaker was carried over from the statement before
    frame: tuple[int, int] | None = None  # the attribution clause ("sagte der Minister")
    addressee: tuple[int, int] | None = None
    nested: bool = False  # a quotation inside a longer statement of the same speaker
    tagger_prob: float | None = None  # the tagger's mean message probability (None: found by the rules)
    chooser_prob: float | None = None  # the speaker chooser's probability of its choice
    agreed: bool = False  # the tagger's statement and a rule statement share the message
    confidence: float | None = None
    marker: bool = False  # found by a source marker ("laut X", "X zufolge", "nach Angaben X")


class Reader:
    """One pass over one doc: units, quotations, phrases and rule statements (token indices)."""

    def __init__(self, doc: Doc, lex: Lexicon):
        self.doc, self.lex = doc, lex
        # Token attributes read once, from arrays and the text: every Token access builds a Python object.
        self.text = token_texts(doc)
        self.low = [t.lower() for t in self.text]  # spaCy's LOWER is str.lower()
        arr = doc.to_array([IDX, SPACY, IS_SPACE, IS_PUNCT]).tolist() if len(doc) else []
        self.idx = [row[0] for row in arr]
        self.trailing = [row[1] == 1 for row in arr]
        self.space = [row[2] == 1 for row in arr]
        self.punct = [row[3] == 1 for row in arr]
        self.doc_text = doc_text(doc)
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
        if COMMA_JOINS:
            # A comma right after a quotation ends no sentence: the sentencizer cuts after "?“," / "!“,"
            # and the frame ("…?“, fragte Lindner.") would lose its quotation, which then takes an earlier speaker.
            ends = {e for _, e in self.quotes}
            starts.difference_update([k for k in starts if k > 1 and self.text[k - 1] == "," and k - 1 in ends])
        starts.update(i + 1 for i, sp in enumerate(self.space) if sp and "\n" in self.text[i])
        for s, e in self.quotes:
            starts.difference_update(range(s + 1, e + 1))
            if s > 0 and self.text[s - 1] in _FINAL:
                starts.add(s)
            if e < len(doc) and self.text[e - 1] in _FINAL and self.text[e] != ",":
                starts.add(e)
            # „… abpfeifen!“ Der Minister sagte …: a quotation closing its own sentence ends the unit
            if (e + 1 < len(doc) and e - s > 2 and self.text[e - 2] in _FINAL and self.text[e][:1].isupper()
                    and self.low[e] not in self.lex.speech_verbs):
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

    def np_after(self, i: int, end: int) -> tuple[int, int] | None:
        """The noun phrase starting at token i (a pronoun, or det/adj/names, genitives, "(CDU)")."""
        if i < end and self.low[i] in PRONOUNS:
            return (i, i + 1)
        j, last, genitive = i, None, False
        while j < end and j - i < MAX_NP:
            w, lw = self.text[j], self.low[j]
            if self._is_name(j):
                last, genitive = j + 1, False
            elif w in ("/", "&") and last == j and j + 1 < end and self._is_name(j + 1):
                pass  # "CDU/CSU-Fraktion", "Procter & Gamble": the next name goes on
            elif w == "(" and j + 2 < end and self.text[j + 2] == ")" and last:
                last = j + 3
                j += 2
            elif last is None or genitive:  # before the head (or a genitive's head): articles, adjectives
                if not (lw in DETS or lw in POSSESSIVES or lw in ("von", "-") or _adjective(lw)):
                    break
            elif lw in GENITIVE_OPENERS:  # "Sprecher der Polizei", "Chef von Siemens"
                genitive = True
            elif lw != "-":  # a dative object ("sagte der Minister dem Sender") or a verb ends the phrase
                break
            j += 1
        return (i, last) if last else None

    def addressee(self, st: Statement) -> tuple[int, int] | None:
        """Whom a statement was made to, where the frame says it: a dative phrase right after the
        cue verb (*sagte dem Sender*, after the speaker: *sagte der Minister der Zeitung*), after
        *gegenüber* (*sagte gegenüber der Zeitung*), or a dative prefield before it (*Dem Sender
        sagte …*). Never the speaker, never inside the message."""
        if st.cue is None or st.cue[1] - st.cue[0] != 1 or self.low[st.cue[0]] not in self.lex.speech_verbs:
            return None
        s, e = self.units[st.unit]
        spk = st.speaker
        j = st.cue[1]
        if spk and spk[0] == j:
            j = spk[1]
        np = None
        if j < e and self.low[j] == "gegenüber":
            j += 1
            np = self.np_after(j, e)
        elif j < e and (self.low[j] in ("dem", "einem") or (
                self.low[j] in ("der", "einer") and spk is not None and spk[1] <= j)):
            np = self.np_after(j, e)
        elif st.cue[0] > s and self.low[s] in ("dem", "einem"):
            np = self.np_after(s, st.cue[0])
            np = np if np and np[1] == st.cue[0] else None
        if np is None and j + 2 < e and self.low[j] in ("der", "dem") and self.qid[j + 1] >= 0:
            # a quoted name: "sagte der „Rundschau“"
            close = next((k for k in range(j + 2, min(e, j + 8)) if self.qid[k] != self.qid[j + 1]), None)
            np = (j, close) if close is not None else None
        if np is None or any(a < np[1] and np[0] < b for a, b in st.content):
            return None
        if spk and spk[0] < np[1] and np[0] < spk[1]:
            return None
        return np

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
        while start < verb and (self.low[start] in LEADING or self.text[start] in QUOTE_MARKS):
            start += 1
        if start >= verb or self.low[start] in NOT_SUBJECT_START or self.doc[start].like_num:
            return None
        if self.low[start] in PRONOUNS and self.qid[start] < 0 and start + 1 < verb and self.text[start + 1][:1].islower():
            return (start, start + 1)  # "Sie verteidigte … und warf …": the pronoun is the subject
        end = verb
        while end > start and self.text[end - 1] in {",", "-"}:
            end -= 1
        if end - start > MAX_NP + 6 or any(self.qid[k] >= 0 for k in range(start, end)):
            return None
        if end - start == 1 and not (self._is_name(start) or self.low[start] in PRONOUNS):
            return None
        if end - start == 1 and self.adverb_prefield(start, len(self.text)):
            return None
        return (start, end)

    def speaker_around(self, start: int, verb: int, end: int) -> tuple[int, int] | None:
        """Subject before the (finite) verb, else the phrase right after it ("sagte Esper")."""
        finite = next((k for k in range(start, verb) if self.low[k] in AUX and self.qid[k] < 0), verb)
        subj = self._subject(start, finite)
        if subj:
            return subj
        k = finite + 1
        while k < end and self.low[k] in ("sich", "auch", "nun", "jedoch", "dabei", "zudem", "außerdem"):
            k += 1
        return self.np_after(k, end)

    # --- clause patterns ----------------------------------------------------------------------

    def _outside(self, i: int) -> bool:
        return self.qid[i] < 0

    def has_konjunktiv(self, s: int, e: int, strict: bool = False) -> bool:
        forms = self.lex.konjunktiv_1 if strict else self.lex.konjunktiv_1 | self.lex.konjunktiv_2
        return any(
            self.low[i] in forms and self.low[i - 1] != "ich" and (i + 1 >= e or self.low[i + 1] != "ich")
            for i in range(s, e)
        )

    def _strip(self, s: int, e: int) -> tuple[int, int]:
        """Drop punctuation at both ends of a message, keeping quotation marks."""
        while s < e and self.punct[s] and self.text[s] not in QUOTE_MARKS:
            s += 1
        while e > s and self.punct[e - 1] and self.text[e - 1] not in QUOTE_MARKS | {")"}:
            e -= 1
        return s, e

    def _kind(self, s: int, e: int) -> str:
        return "direct" if any(q == self._strip(s, e) for q in self.quotes) else "indirect"

    def _pronoun_konjunktiv(self, s: int, e: int) -> bool:
        """"…, sie nehme ihr Amt nicht ernst": a third-person pronoun and a verb in -e (Konjunktiv I
        of any verb, beyond the lexicon's frequent forms) opening the clause after a speech verb."""
        return (e - s >= 3 and self.low[s] in ("er", "sie", "es", "man") and self.low[s + 1].endswith("e")
                and self.low[s + 1].isalpha() and len(self.low[s + 1]) > 3 and self.low[s + 1] not in NOT_VERB_E)

    def _zu_infinitive(self, s: int, e: int) -> bool:
        """A clause ending in a zu-infinitive ("…, die Mission wieder aufzunehmen"): what was announced."""
        last = self.low[e - 1]
        return e - s >= 2 and (self.low[e - 2] == "zu" or _ZU_INF.fullmatch(last) is not None) and last.endswith("en")

    def _cue_statement(self, s: int, e: int, u: int) -> Statement | None:
        verbs = self.lex.rule_speech_verbs
        for c in range(s, e):
            if self.low[c] not in verbs or not self._outside(c):
                continue
            stmt = self._message_after(s, c, e, u) or self._message_before(s, c, e, u)
            if stmt:
                return stmt
        return None

    def relative_was(self, i: int) -> bool:
        """Token i opens "…, was …" after a closed separable frame ("kündigte einen Stellenabbau an, was X
        empört"): a relative clause on the whole sentence, not what was announced."""
        return (self.low[i] == "was" and i >= 2 and self.text[i - 1] == "," and self.low[i - 2] in _PARTICLES
                and self.text[i - 2][:1].islower())

    def _message_before(self, s: int, c: int, e: int, u: int) -> Statement | None:
        """"<message>, sagte X" / "<message>, hatte X erklärt"."""
        m = next((k for k in range(c - 1, s, -1) if self.text[k] == "," and self._outside(k)), None)
        if m is None or m - s < 3:
            return None
        between = range(m + 1, c)
        if between and self.low[m + 1] not in AUX:
            return None
        msg = self._strip(s, m)
        speaker = self.np_after(m + 2 if between else c + 1, e)
        if speaker and between and speaker[1] > c:
            speaker = None
        if speaker is None and between:
            speaker = self.np_after(m + 2, c)
        return Statement(self._kind(*msg), [msg], (c, c + 1), speaker, u)

    def _message_after(self, s: int, c: int, e: int, u: int) -> Statement | None:
        """"X sagte, <message>" / "X kündigte an, sie werde …" / "X sagte: „…“"."""
        m = next((k for k in range(c + 1, min(e, c + 12)) if self.text[k] in {",", ":"} and self._outside(k)), None)
        if m is None or m + 1 >= e:
            return None
        msg = self._strip(m + 1, e)
        if msg[0] >= msg[1]:
            return None
        opener = self.low[msg[0]]
        if m - 1 > c and self.relative_was(msg[0]):
            return None
        if not (self.text[m] == ":" or opener in CLAUSE_OPENERS or self.qid[msg[0]] >= 0
                or self.has_konjunktiv(*msg) or self._zu_infinitive(*msg) or self._pronoun_konjunktiv(*msg)
                or self._v2_konjunktiv(*msg)):
            return None
        return Statement(self._kind(*msg), [msg], (c, c + 1), self.speaker_around(s, c, m), u)

    def _marker_statement(self, s: int, e: int, u: int) -> Statement | None:
        for i in range(s, e):
            if not self._outside(i):
                continue
            lw = self.low[i]
            if lw == "laut":
                stmt = self._around(s, e, i, self.np_after(i + 1, e), u, cue=(i, i + 1))
            elif lw == "zufolge":
                np = self._np_before(i, s)
                stmt = self._around(s, e, i, np, u, cue=(i, i + 1), lo=np[0] if np else i)
            elif lw == "nach" and (noun := self._source_noun(i + 1, e)) is not None:
                np = self.np_after(noun + 1, e)
                if np and not self._source_owner(np):
                    np = None  # "nach eigenen Angaben | mehrere Gutachten": the subject, not the source's owner
                spk = (i + 1, np[1]) if np else (i + 1, noun + 1)
                stmt = self._around(s, e, i, spk, u, cue=(i, i + 1))
            elif lw == "demnach":  # the dataset takes "demnach" as cue and speaker at once
                stmt = self._around(s, e, i, (i, i + 1), u, cue=(i, i + 1))
            elif lw == "so" and i > s and self.text[i - 1] == ",":
                np = self.np_after(i + 1, e)
                ok = np and (self._strip(np[1], e)[0] >= self._strip(np[1], e)[1] or self._so_tail(np[1], e))
                stmt = Statement(self._kind(*self._strip(s, i)), [self._strip(s, i)], (i, i + 1), np, u) if ok else None
            elif lw == "wie":
                stmt = self._wie_clause(s, e, i, u)
            else:
                continue
            if stmt:
                return stmt
        return None

    def _so_tail(self, k: int, e: int) -> bool:
        """What follows the speaker of "…, so X" to the sentence end is an adverbial of the frame, no
        clause: "so Frei *weiter*", "so X *im Gespräch mit der Zeitung*", "so X *gegenüber dem Sender*"."""
        if not SO_TAIL or k >= e or self.low[k] not in SO_TAIL_OPENERS:
            return False
        a, b = self._strip(k, e)
        verbs = (AUX, self.lex.konjunktiv_1, self.lex.konjunktiv_2, self.lex.rule_speech_verbs)
        return b - a <= 8 and all(self.text[i] not in ",;:" and self.qid[i] < 0 and not any(self.low[i] in v for v in verbs)
                                  for i in range(a, b))

    def _source_owner(self, np: tuple[int, int]) -> bool:
        """A phrase after a source noun that names whose the source is: a genitive or "von" phrase
        ("Angaben der Polizei", "Angaben von X", "Angaben örtlicher Behörden") or a name
        ("Angaben Kiews"); not the clause's subject or object ("nach eigenen Angaben mehrere Gutachten")."""
        first = self.low[np[0]]
        return (first in GENITIVE_OPENERS or first == "vom" or (first.endswith("er") and first.isalpha() and first not in DETS)
                or (self.text[np[0]][:1].isupper() and first not in DETS))

    def _source_noun(self, i: int, e: int) -> int | None:
        """The source noun of "nach [ersten] Angaben" / "nach NASA-Angaben", if token i or i+1 is one."""
        for k in (i, i + 1):
            if k < e and (self.low[k] in SOURCE_NOUNS or self.low[k].endswith(SOURCE_SUFFIXES)):
                return k
            if k < e and not _adjective(self.low[k]):
                return None
        return None

    def _around(self, s, e, i, speaker, u, cue, lo=None) -> Statement | None:
        """The unit minus the marker phrase [lo or i, speaker or cue end) as a (split) indirect message
        (the cue ends it in "…, wie X mitteilte, …")."""
        if speaker is None:
            return None
        lo = i if lo is None else lo
        hi = max(speaker[1], i + 1, cue[1])
        if hi < e and self.text[hi] == ",":
            hi += 1
        pieces = [p for p in (self._strip(s, lo), self._strip(hi, e)) if p[1] - p[0] >= 2]
        if not pieces:
            return None
        return Statement("indirect", pieces, cue, speaker, u, marker=True)

    def _wie_clause(self, s, e, i, u) -> Statement | None:
        """"…, wie X mitteilte, …"."""
        end = next((k for k in range(i + 1, min(e, i + 12)) if self.text[k] == ","), e)
        verb = next((k for k in range(i + 1, end) if self.low[k] in self.lex.rule_speech_verbs), None)
        if verb is None:
            return None
        speaker = self.np_after(i + 1, verb)
        lo = i - 1 if i > s and self.text[i - 1] == "," else i
        return self._around(s, e, lo, speaker, u, cue=(verb, verb + 1)) if speaker else None

    def _noun_clause(self, s: int, e: int, u: int) -> Statement | None:
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
            return Statement("indirect", [msg], None, (start, k), u)
        return None

    def _colon_quote(self, s: int, e: int, u: int) -> Statement | None:
        """"X stellte sich vor ihn: „…“" — a quotation introduced by a colon, speaker = the subject."""
        q = next((q for q in self.quotes if s < q[0] < e and self.text[q[0] - 1] == ":"), None)
        if q is None:
            return None
        # "…: „…“, findet CDU-Politiker X": a frame after the quotation names its speaker, whatever the verb
        if q[1] + 2 < e and self.text[q[1]] == "," and self.text[q[1] + 1].isalpha() and self.text[q[1] + 1].islower():
            np = self.np_after(q[1] + 2, e)
            if np is not None and any(self._is_name(i) for i in range(*np)) and self.low[np[0]] not in NOT_SUBJECT_START:
                return Statement("direct", [q], (q[1] + 1, q[1] + 2), np, u)
        k = s
        while k < q[0] and (self.low[k] in LEADING or self.low[k] in NON_SUBJECT):
            k += 1
        return Statement("direct", [q], None, self.np_after(k, q[0]), u)

    def _reported(self, s: int, e: int, u: int) -> Statement | None:
        verb = next((k for k in range(s, e) if self._outside(k) and (
            self.low[k] in self.lex.reported_verbs or self.separable_act(k, e))), None)
        if verb is None:
            return None
        return Statement("reported", [(s, e)], None, self.speaker_around(s, verb, e), u)

    def rules(self) -> list[Statement]:
        stmts: list[Statement] = []
        last: Statement | None = None
        for u, (s, e) in enumerate(self.units):
            stmt = (self._cue_statement(s, e, u) or self._marker_statement(s, e, u) or self._colon_quote(s, e, u)
                    or self._noun_clause(s, e, u))
            recent = (last is not None and u - last.unit <= CARRY_UNITS and last.speaker is not None
                      and not (CARRY_NOT_PAST_PARAGRAPH and u - last.unit > 1 and self._paragraph_between(last, s)))
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
                last = Statement(stmt.kind, stmt.content, stmt.cue, last.speaker, u)
        return stmts

    def _paragraph_between(self, last: Statement, s: int) -> bool:
        """A blank line between ``last``'s message and token ``s``: a new paragraph after a sentence in the
        writer's own voice is the writer's again."""
        end = last.content[-1][1]
        return any(self.space[i] and self.text[i].count("\n") >= 2 for i in range(end, s))

    def _hearsay(self, s: int, e: int, u: int, speaker) -> Statement | None:
        """Epistemic "soll": "Der Fahrer soll betrunken gewesen sein" (the dataset's FreeIndirect)."""
        core = self._strip(s, e)
        if core[1] - core[0] < 4 or self.low[core[1] - 1] not in ("sein", "haben"):
            return None
        if not any(self.low[i] in SOLL and self.qid[i] < 0 for i in range(*core)):
            return None
        return Statement("free_indirect", [(s, e)], None, speaker, u)

    def could_be_speaker(self, s: int, e: int) -> bool:
        """Not a sentence adverb or conjunction ("Unterdessen", "Damit") nor a lone lower-case word."""
        low = self.low[s:e]
        if all(not w[:1].isalpha() or w in NON_SUBJECT or w in LEADING for w in low):
            return False
        return e - s > 1 or self.text[s][:1].isupper() or low[0] in PRONOUNS

    def not_a_speaker(self, st: Statement, s: int, e: int, entity_tokens: set[int]) -> bool:
        """Tokens [s, e) cannot be ``st``'s speaker: a sentence adverb or lone lower-case word, a
        sentence adverb in the prefield with the subject after the verb ("Konkret nannte Kunze …"),
        a bare object phrase ("… fordert ähnliche Privilegien"), or the target of the speech act in
        the middle field ("Die Union hat Ministerin X vorgeworfen, …")."""
        if all(not w[:1].isalpha() or w in NON_SUBJECT or w in LEADING for w in self.low[s:e]):
            return True
        if self.no_phrase(st, s, e):
            return True
        if ADVERB_END_NO_SPEAKER and e - s >= 2 and self.text[e - 1] in TIME_ADVERBS:
            return True  # "Ein paar Tage später", "Kurz danach": a time adverbial names no one
        if (ACT_OBJECTS_NO_SPEAKER and self.low[e - 1] in ACT_OBJECTS and not any(i in entity_tokens for i in range(s, e))
                and any(i in entity_tokens for i in range(e + 1, min(e + 5, len(self.low))))):
            return True  # "Scharfe Kritik äußerte Merz", "Kritik kam von der SPD": the act, its speaker named after it
        lo, hi = self.units[st.unit] if s >= self.units[st.unit][0] else (s, e)
        k = lo
        while k < s and (self.low[k] in LEADING or self.text[k] in QUOTE_MARKS):
            k += 1
        if e - s == 1 and k == s and s not in entity_tokens and self.adverb_prefield(s, hi):
            return True  # "Konkret nannte Kunze": the prefield is an adverb, the subject follows the verb
        before = self.low[s - 1] if s > lo else ""
        if (st.kind == "reported" and _adjective(self.low[s]) and self.text[s][:1].islower()
                and self.low[s] not in QUANTIFIERS and before in self.lex.reported_verbs
                and not any(w.endswith(SOURCE_SUFFIXES) or w in SOURCE_NOUNS for w in self.low[s:e])):
            return True  # "fordert ähnliche Privilegien": the object right after the reporting verb
        if (st.cue is not None and lo <= s and e <= st.cue[0] and self.low[st.cue[1] - 1] in self.lex.rule_speech_verbs
                and all(a >= st.cue[1] for a, _ in st.content)):
            finite = next((i for i in range(lo, s) if self.low[i] in AUX and self.qid[i] < 0), None)
            subject = self.np_after(k, finite) if finite is not None and self.low[k] not in NOT_SUBJECT_START else None
            same_clause = finite is not None and not any(self.text[i] in ",;:" for i in range(finite, s))
            if same_clause and subject is not None and subject[1] == finite:
                return True  # the middle field between "hat" and "vorgeworfen" holds the object
        if self.middle_field_object(s, e, entity_tokens):
            return True
        return self.wrong_role(st, s, e)

    def middle_field_object(self, s: int, e: int, entity_tokens: set[int]) -> bool:
        """[s, e) stands in the middle field of a clause whose prefield is its subject, a person or
        organisation ("Heil warnte *Brüderle* vor …", "X hat *Ministerin Y* vorgeworfen, …", "Trittin
        warf *der Regierung Merkel* … vor"): after the finite verb (an auxiliary or a speech verb the
        lexicons know) with no clause break between, the phrase is an object, never the speaker. Not
        a source or agent phrase ("von der Polizei", "laut …"); not after a prefield that holds a
        verb (a message: "Merkel habe versagt, sagte *Macron*") or a lone comma ("Die Regierung, sagte
        *Macron*, sei …": a parenthetical frame)."""
        low, text = self.low, self.text
        if (self.qid[s] >= 0 or self._source_like(s, e) or self.governing_word(s) in ("von", "vom", "seitens", "durch")
                or any(w in MARKER_WORDS for w in low[s:e]) or (e - s == 1 and low[s] in ("er", "ich", "wir", "man"))):
            return False  # (a nominative pronoun is the subject: "Minister X warf er vor", the prefield an object)
        lo = self.unit_of(s)[0]
        verb = None
        for i in range(s - 1, lo - 1, -1):
            if low[i] in ("und", "oder") and i > lo and text[i - 1][:1].isupper() and text[i + 1][:1].isupper():
                continue  # "die Minister X und *Y*": one coordinated phrase
            if text[i] in MIDDLE_BREAKS or low[i] in LEADING or self.qid[i] >= 0:
                return False
            if (low[i] in ("er", "sie", "wir", "ich") and i - 1 > lo and text[i - 1].isalpha() and text[i - 1].islower()
                    and low[i - 1] not in CLAUSE_OPENERS and low[i - 1] not in RELATIVE and low[i - 1] not in DETS
                    and text[i - 2][:1].isupper()):
                return True  # "Im Interview nimmt sie sich *die Minister X* vor": after the verb and its subject pronoun
            if self._finite_verb(i):
                verb = i
                break
        if verb is None:
            return False
        k = verb
        while k > lo and text[k - 1] not in PREFIELD_BREAKS:
            if self.qid[k - 1] >= 0 or text[k - 1] in QUOTE_MARKS:
                return False  # a quotation inside or before the prefield: no clause reading here
            k -= 1
        while k < verb and low[k] in LEADING:
            k += 1
        inside, depth = set(), 0  # brackets in the prefield: "Thorsten Frei (CDU),"
        for i in range(k, verb):
            depth += text[i] == "("
            if depth:
                inside.add(i)
            depth -= text[i] == ")" and depth > 0
        field = range(k, verb)
        if not field or low[k] in NOT_SUBJECT_START or low[k] in OBJECT_ARTICLES:
            return False
        commas = [i for i in field if text[i] == ","]
        if commas and (len(commas) != 2 or commas[-1] != verb - 1):
            return False  # only an apposition between two commas ("Der Chef der X, Y, warf …")
        for i in field:
            w = low[i]
            if i in inside:
                continue
            if text[i][:1].islower() and not (w in DETS or w in POSSESSIVES or w in GENITIVE_OPENERS or w in PRONOUNS
                                              or w in ("und", "für", "-", "/") or _adjective(w)):
                return False  # a verb or adverb: the prefield is a clause or no noun phrase
            if self._finite_verb(i) or w in self.lex.konjunktiv_1 or w in self.lex.konjunktiv_2:
                return False
        if field.stop - field.start == 1 and low[k] in ("er", "sie", "wir", "ich", "man"):
            return True  # "Er warf Merz … vor"
        roles = gazetteer.load()
        caps = [i for i in field if text[i][:1].isupper() and i not in inside and low[i] not in DETS and low[i] not in POSSESSIVES]
        if not caps:
            return False
        # The head (the first capitalised word) names a person or organisation: a mention, a role noun ("SPD-Chef"),
        # or, with more than one word, names the common-noun lexicon lacks. Not "Die Forderungen Berningers" (an
        # object fronted: "… wurden von X bezeichnet"), nor one capitalised word that is no mention ("Gegenwärtig").
        head = text[caps[0]]
        return (caps[0] in entity_tokens or roles.role(head) is not None or roles.role(head.rsplit("-", 1)[-1]) is not None
                or (len(caps) > 1 and all(self._is_name(i) and text[i] not in roles.common for i in caps)))

    def apposition_only(self, st: Statement) -> bool:
        """A non-direct message that is only a noun phrase and the name in apposition to it ("Der
        Fraktionschef der Grünen, Jürgen Trittin"): no verb, so no message; the phrase is a speaker
        the tagger took for what was said."""
        if st.kind == "direct" or len(st.content) != 1:
            return False
        s, e = st.content[0]
        while e > s and self.text[e - 1] in (".", ",", ";", ":"):
            e -= 1
        commas = [i for i in range(s, e) if self.text[i] == ","]
        if not commas or e - commas[-1] - 1 > 4 or not all(
                self.text[i][:1].isupper() or self.text[i] in "()" for i in range(commas[-1] + 1, e)):
            return False
        verbs = (AUX, self.lex.konjunktiv_1, self.lex.konjunktiv_2, self.lex.rule_speech_verbs, self.lex.reported_verbs)
        for i in range(s, e):
            w = self.low[i]
            if self.qid[i] >= 0 or any(w in v for v in verbs):
                return False
            if self.text[i][:1].islower() and not (w in DETS or w in POSSESSIVES or w in GENITIVE_OPENERS or w in LEADING
                                                    or w in FOCUS or w in ("im", "von", "vom", "für", "und") or _adjective(w)):
                return False
        return True

    def _finite_verb(self, i: int) -> bool:
        """Token i is a finite verb the lexicons know: an auxiliary, a speech or reporting verb, a
        separable speech act ("warf … vor"); lower-case, outside quotation marks."""
        w = self.low[i]
        return (self.qid[i] < 0 and self.text[i][:1].islower()
                and (w in AUX or w in self.lex.rule_speech_verbs or w in self.lex.reported_verbs or w in SEPARABLE_ACTS))

    def wrong_role(self, st: Statement, s: int, e: int) -> bool:
        """Tokens [s, e) play another part in the sentence than the speaker's (issue 12: no speaker
        rather than a wrong one): a lone article ("Der"); an object pronoun ("ihm", "ihnen"); a bracketed party ("X (CSU)"); a date; a
        phrase opened by an object article ("dem", "seinen"; not a source: "laut dem Ministerium"); a
        phrase governed by a preposition of address, target or topic ("in einem Brief *an* Ministerin
        X"); a phrase inside a relative clause that does not hold the cue ("…, in denen der Beamte …"); an object prefield before a verb and a
        subject pronoun ("Das Urteil nannte er …")."""
        low = self.low
        if e - s == 1 and low[s] in FRAGMENT_END:
            return True  # a lone article ("Der"): the tagger's speaker run stopped at the first token
        if low[s] in OBJECT_PRONOUNS:
            return True  # "… werfen die Eltern ihm vor, …", "Mir sind …": dative or accusative, never the subject
        text = self.text
        if s > 1 and e < len(low) and text[s - 1] == "(" and text[e] == ")" and text[s - 2] not in QUOTE_MARKS:
            return True  # "Seehofer (CSU)": a bracketed party or abbreviation belongs to the phrase before it
        if self._temporal(s, e):
            return True  # "Ende Januar": a date
        if low[s] in OBJECT_ARTICLES and not self._source_like(s, e):
            return True  # "Den Vorschlag …", "seinen Rücktritt": a dative or accusative object
        if self.addressed(s):
            return True  # "…, sagte X an die Adresse von Ministerin Y": Y is spoken to
        gov = self.governing_word(s)
        if gov is not None and gov in GOVERNING and not any(
                w in SPEECH_NOUNS or w in SOURCE_NOUNS or w.endswith(DOCUMENT_SUFFIXES) for w in low[s:e]):
            return True
        rel = next((r for r in self.relative_clauses if r[0] <= s and e <= r[1]), None)
        if rel is not None and not self._cue_in(st, rel):
            return True
        # A subject pronoun right after the verb: the prefield is an object ("Das Urteil nannte er …",
        # "Minister X warf er vor, …").
        return (e + 1 < len(low) and low[e + 1] in ("er", "ich", "wir") and self.qid[e] < 0 and self.text[e][:1].islower()
                and low[e].isalpha() and low[s] not in PRONOUNS and self._prefield(st, self.phrase_start(s)))

    @cached_property
    def _time_tokens(self) -> set[int]:
        """Tokens inside a date or time expression (``doc._.chronik_times``)."""
        out: set[int] = set()
        for tm in self.doc._.chronik_times or []:
            s = bisect.bisect_left(self.idx, tm.start)
            while s < len(self.idx) and self.idx[s] < tm.end:
                out.add(s)
                s += 1
        return out

    def _temporal(self, s: int, e: int) -> bool:
        """[s, e) is all date or time ("Ende Januar 2006"), punctuation and articles aside."""
        times = self._time_tokens
        return any(i in times for i in range(s, e)) and all(
            i in times or self.punct[i] or self.low[i] in DETS for i in range(s, e))

    def _source_like(self, s: int, e: int) -> bool:
        """[s, e) is a source phrase: after a source marker, before "zufolge", or naming a document."""
        before = self.low[s - 1] if s > 0 else ""
        return (before in MARKER_WORDS or before in ("von", "vom", "seitens") or (e < len(self.low) and self.low[e] == "zufolge")
                or any(w in SPEECH_NOUNS or w in SOURCE_NOUNS or w.endswith(DOCUMENT_SUFFIXES) for w in self.low[s:e]))

    def trim_speaker(self, st: Statement, sp: tuple[int, int] | None) -> tuple[int, int] | None:
        """A speaker phrase without a relative clause it holds ("Die Eltern, denen die Lehrerin X
        geschrieben hatte" → "Die Eltern": the person in the clause is not who speaks; unless the
        cue stands in that clause) and without
        the article or preposition it ends in ("Angaben der" → "Angaben": the run stopped before
        its head; the rest still names the speaker), nor capitalised words outside any entity after
        the last person's name (the verb's object: "Markus Söder Neuwahlen" → "Markus Söder")."""
        if sp is None:
            return sp
        s, e = sp
        e = next((r[0] - 1 for r in self.relative_clauses if s < r[0] - 1 and r[0] < e
                  and not self._cue_in(st, r)), e)  # "X, der … erklärte, …": the cue's own clause
        while e > s + 1 and (self.low[e - 1] in FRAGMENT_END or self.text[e - 1] in (",", "(") or self._opens_quote(e - 1, e)):
            e -= 1  # ('der "': a run that stopped at the mark opening a quotation)
        if TWO_ROLES and e - s > 2 and self.low[s] in DETS:
            # "attackierte der Oppositionsführer Bundeskanzler Olaf Scholz": a second role noun right after
            # the first opens the object, not an apposition ("der SPD-Vorsitzende Lars Klingbeil" has one)
            roles = gazetteer.load()

            def role(i: int) -> bool:
                w = self.text[i]
                return w[:1].isupper() and (roles.role(w) is not None or roles.role(w.rsplit("-", 1)[-1]) is not None)

            k = s + 1
            while k < e and _adjective(self.low[k]) and self.text[k][:1].islower():
                k += 1
            if k + 1 < e and role(k) and role(k + 1):
                e = k + 1
        if st.cue is not None and st.cue[1] <= s and self.low[st.cue[1] - 1] in self.lex.speech_verbs:
            # after the verb a dative medium is whom it was said to: "sagte der CDU-Politiker der Zeitung"
            e = next((k for k in range(s + 1, e - 1) if self.low[k] in ("der", "dem") and self._medium(k + 1, e)), e)
        per = [i for i in range(s, e) if self.ent_type[i] == "PER"]
        if per and per[-1] + 1 < e and all(self.text[i][:1].isupper() and self.text[i].isalpha() and not self.ent_type[i]
                                           for i in range(per[-1] + 1, e)):
            e = per[-1] + 1  # "CSU-Chef Markus Söder Neuwahlen": the name, not the object the run went on into
        return (s, e)

    def _medium(self, j: int, e: int) -> bool:
        """A newspaper, agency or broadcaster among the next few words ("Nachrichtenagentur dpa",
        "Augsburger Allgemeinen", "Deutschen Presse-Agentur")."""
        return any(self.text[k][:1].isupper() and (gazetteer.media_head(self.text[k]) or self.low[k].rpartition("-")[2].endswith(
            _MEDIA_NOUNS) or self.low[k] == "presse-agentur") for k in range(j, min(e, j + 3)))

    def _opens_quote(self, i: int, e: int) -> bool:
        """Token i is the mark opening a quotation that goes on past ``e``."""
        q = self.qid[i]
        return q >= 0 and self.quotes[q][0] == i and self.quotes[q][1] > e

    @staticmethod
    def _cue_in(st: Statement, clause: tuple[int, int]) -> bool:
        """The statement's cue verb (the last token of its cue: "geschrieben hatte, *sagten*") is in the clause."""
        return st.cue is not None and clause[0] <= st.cue[1] - 1 < clause[1]

    def _prefield(self, st: Statement, s: int) -> bool:
        """Token s opens its unit (after conjunctions and quotation marks)."""
        u0 = self.units[st.unit][0] if s >= self.units[st.unit][0] else self.unit_of(s)[0]
        k = u0
        while k < s and (self.low[k] in LEADING or self.text[k] in QUOTE_MARKS):
            k += 1
        return k == s

    def unit_of(self, i: int) -> tuple[int, int]:
        """The unit holding token i."""
        k = bisect.bisect_right(self._unit_starts, i) - 1
        return self.units[max(k, 0)]

    @cached_property
    def _unit_starts(self) -> list[int]:
        return [a for a, _ in self.units]

    def phrase_start(self, s: int) -> int:
        """Where the noun phrase that holds token s starts, reading back over articles, adjectives, role
        nouns and a genitive name before a role ("an Brandenburgs Ministerin Dr. X": at "Brandenburgs")."""
        roles = gazetteer.load()
        articles = DETS | POSSESSIVES
        text, low = self.text, self.low
        j = s
        # An adjective only right after an article ("an die neue Ministerin"): a lower-case word in -e/-en
        # elsewhere is as often a verb ("sagte der Papst").
        while j > 0 and self.qid[j - 1] < 0 and (
                low[j - 1] in articles
                or (j > 1 and _adjective(low[j - 1]) and low[j - 2] in articles)
                or (text[j - 1][:1].isupper() and roles.role(text[j - 1]) is not None)
                or (text[j - 1][:1].isupper() and low[j - 1].endswith("s") and j < len(text)
                    and roles.role(text[j]) is not None)):
            j -= 1
        return j

    def addressed(self, s: int) -> bool:
        """The phrase holding token s is whom a statement is aimed at, never its speaker: "an die
        Kanzlerin gerichtet", "an X gewandt", "an die Adresse der Kanzlerin", "an die Adresse von X",
        "in Richtung der Regierung"."""
        if not ADDRESS_RULE:
            return False
        j = self.phrase_start(s)
        gov = self.low[j - 1] if j > 0 and not self.punct[j - 1] else None
        if gov in ("von", "vom") and j > 1:
            gov = self.low[j - 2] if self.low[j - 2] == "adresse" else gov
        return gov in ("an", "ans", "adresse", "richtung")

    def governing_word(self, s: int) -> str | None:
        """The word before the noun phrase that holds token s (:meth:`phrase_start`: "an Bundesministerin
        Anna Roth" → "an"); None at the doc's start or after punctuation."""
        j = self.phrase_start(s)
        if j == 0 or self.punct[j - 1]:
            return None
        return self.low[j - 1]

    @cached_property
    def relative_clauses(self) -> list[tuple[int, int]]:
        """Relative clauses as token ranges, from the relative pronoun (or its preposition) to the
        next comma or sentence end: ", der nicht genannt werden will", ", in denen der Beamte …"."""
        out = []
        n, low, text = len(self.text), self.low, self.text
        for k in range(1, n - 1):
            if text[k - 1] != "," or self.qid[k] >= 0:
                continue
            j = k + 1 if low[k] in _PREPOSITIONS and k + 2 < n else k
            w, nxt = low[j], text[j + 1]
            if w in RELATIVE or (w in ("der", "die", "das", "dem", "den") and nxt[:1].islower()
                                 and not _adjective(nxt.lower()) and nxt.lower() not in QUANTIFIERS and nxt.isalpha()):
                end = next((i for i in range(j + 1, n) if text[i] in RELATIVE_END and self.qid[i] < 0), n)
                out.append((k, end))
        return out

    @cached_property
    def ent_type(self) -> list[str]:
        """The NER label of each token ("" outside entities); read only when a speaker run needs cutting."""
        return [t.ent_type_ for t in self.doc]

    def no_phrase(self, st: Statement, s: int, e: int) -> bool:
        """Tokens [s, e) cannot open a speaker phrase: a bracket ("(CDU), sagte …") or a preposition
        that marks no source or agent ("sogar aus den eigenen Reihen")."""
        k = next((i for i in range(s, e) if self.low[i] not in FOCUS), e)
        return self.text[s][:1] in "([" or (k < e and self.low[k] in NO_SOURCE_PREPOSITIONS)

    def speaker_phrase(self, st: Statement, s: int, e: int) -> tuple[int, int] | None:
        """The noun phrase in a speaker run [s, e) that also holds a verb form (the cue's or another) or a
        clause or headline break ("wirft der Bericht den Behörden" → "der Bericht den Behörden", "Die Regierung
        könne sich in …" → "Die Regierung"): the piece before the first such token when it can be a
        subject, else the first capitalised piece after it; None when no piece is left."""
        if e - s == 1:
            return (s, e)  # a marker ("Demnach"), a pronoun or a name
        # A break: the run went on into the next clause ("Streit im Rathaus: | Opposition wirft …");
        # the piece after the last one is next to the verb. Breaks inside "„E! Online“" are names.
        breaks = [i for i in range(s, e) if self.qid[i] < 0 and self.text[i] in (":", ";", ".", "!", "?")]
        if breaks and any(self.text[i][:1].isupper() for i in range(breaks[-1] + 1, e)):
            s = breaks[-1] + 1
        elif breaks:
            e = breaks[0]
        verbs = (AUX, self.lex.konjunktiv_1, self.lex.konjunktiv_2, self.lex.rule_speech_verbs)
        bad = [i for i in range(s, e)
               if self.qid[i] < 0 and self.text[i][:1].islower() and any(self.low[i] in v for v in verbs)]
        if not bad:
            return (s, e) if e > s else None
        pieces = [(a, b) for a, b in zip([s, *(i + 1 for i in bad)], [*bad, e]) if b > a]
        pieces = [p for p in pieces if any(self.text[i][:1].isupper() for i in range(*p))]
        if pieces and pieces[0][0] == s and self.low[s] in NOT_SUBJECT_START:
            pieces = pieces[1:]
        # A piece naming a person or organisation beats a place or thing ("Kandahar | kündigte … Präsident X").
        named = [p for p in pieces if any(t in ("PER", "ORG") for t in self.ent_type[p[0]:p[1]])]
        if not pieces:
            return None
        a, b = (named or pieces)[0]
        while b > a + 1 and (self.text[b - 1][:1].islower() or self.text[b - 1] == ","):
            b -= 1
        while a < b - 1 and self.text[a][:1].islower() and self.low[a] not in DETS and self.low[a] not in POSSESSIVES:
            a += 1  # "heute der Präsident": an adverb before the phrase
        return (a, b)

    def adverb_prefield(self, s: int, hi: int) -> bool:
        """A capitalised one-word prefield that is no noun the lexicons know, followed by a verb and a
        name: an adverb ("Konkret nannte Kunze …"), the subject comes after the verb."""
        roles = gazetteer.load()
        return (s + 2 < hi and self.text[s][:1].isupper() and self.low[s] not in PRONOUNS
                and self.low[s] not in MARKER_WORDS and self.text[s] not in roles.common
                and roles.role(self.text[s]) is None and not self.low[s].endswith(SOURCE_SUFFIXES)
                and self.text[s + 1][:1].islower() and self.low[s + 1] not in MARKER_WORDS
                and self._is_name(s + 2))

    def impersonal(self, st: Statement) -> bool:
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

    def strong_report(self, st: Statement) -> bool:
        """A reported statement whose verb reports speech on its own ("forderte", "bekräftigte")."""
        s, e = st.content[0]
        return st.kind == "reported" and any(
            self.low[i] in self.lex.report_verbs or self.separable_act(i, e) for i in range(s, e))

    def separable_act(self, k: int, e: int) -> bool:
        """Token k is a separable speech act whose particle closes the clause ("wies … zurück")."""
        particles = SEPARABLE_ACTS.get(self.low[k])
        if not particles:
            return False
        end = next((i for i in range(k + 1, e) if self.text[i] in ",;:" or self.text[i] in _FINAL), e)
        return end - 1 > k and self.low[end - 1] in particles

    def _continuation(self, s: int, e: int, u: int, last: Statement) -> Statement | None:
        """A sentence-filling quotation or a Konjunktiv I sentence: the last speaker goes on."""
        core = self._strip(s, e)
        q = next((q for q in self.quotes if q[0] <= core[0] and q[1] >= core[1] - 1), None)
        if q is not None:
            return Statement("direct", [q], None, last.speaker, u)
        after_quote = last.unit == u - 1 and last.kind == "direct"  # "„…“ Die Beschäftigung nehme zu."
        if self.has_konjunktiv(s, e, strict=True) or (after_quote and self._v2_konjunktiv(s, e)):
            return Statement("free_indirect", [(s, e)], None, last.speaker, u)
        return None

    def _v2_konjunktiv(self, s: int, e: int) -> bool:
        """"Die Beschäftigung nehme weiter zu": the verb after the subject phrase is in -e (Konjunktiv I
        of a verb the lexicon lacks; preterite "-te" forms excluded)."""
        k = s
        while k < e and (self.low[k] in LEADING or self.text[k] in QUOTE_MARKS):
            k += 1
        if k >= e or self.qid[k] >= 0 or self.low[k] in NOT_SUBJECT_START:
            return False
        np = self.np_after(k, e)
        if np is None or np[1] >= e or np[1] - np[0] > 4:
            return False
        verb = self.low[np[1]]
        return (verb.isalpha() and len(verb) > 3 and verb.endswith("e") and not verb.endswith(("te", "rde"))
                and verb not in NOT_VERB_E and verb not in DETS and verb not in AUX
                and verb not in self.lex.konjunktiv_2 and not self.text[np[1]][:1].isupper())

    def frame(self, st: Statement) -> tuple[int, int] | None:
        """The attribution clause: the stretch of the statement's unit around its cue outside the
        message ("Die Kanadier hingegen sagen," / ", sagte der Minister dem Sender")."""
        if st.cue is None or st.kind == "reported":
            return None
        lo, hi = self.units[st.unit]
        c0, c1 = st.cue
        if any(s <= c0 < e for s, e in st.content):
            return None
        start = max([e for s, e in st.content if e <= c0] + [lo])
        end = min([s for s, e in st.content if s >= c1] + [hi])
        while end > start and self.text[end - 1] in _FINAL:
            end -= 1
        return (start, end) if end > start else None

    def fragments(self, stmt: Statement) -> list[Statement]:
        """Quotations inside an indirect or reported message, as direct statements."""
        if stmt.kind == "direct":
            return []
        return [
            Statement("direct", [q], stmt.cue, stmt.speaker, stmt.unit, frame=stmt.frame, nested=True,
                      tagger_prob=stmt.tagger_prob, chooser_prob=stmt.chooser_prob, agreed=stmt.agreed)
            for q in self.quotes
            for s, e in stmt.content
            if s <= q[0] and q[1] <= e
        ]


    def span(self, s: int, e: int) -> Span:
        start, end = self.idx[s], self.idx[e - 1] + len(self.text[e - 1])
        return Span(start=start, end=end, text=self.doc_text[start:end])


def _adjective(lw: str) -> bool:
    """A lower-case inflected adjective ("irakische", "ersten") inside a noun phrase."""
    return lw.isalpha() and len(lw) > 3 and lw.endswith(("e", "en", "er", "es", "em")) and lw not in NP_STOP
