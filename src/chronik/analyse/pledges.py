"""Pledges: what an actor commits to, with its strength, target and deadline (``chronik_pledges``).

A sentence is a candidate when it holds a commitment cue, in the forms German news
reports them: promises ("sagte … zu", "versprach", "verpflichtete sich", "sicherte zu",
"erklärte sich bereit"), announcements and plans ("kündigte an, … zu …", "plant",
"will", "werde …" in reported speech, "Wir werden …" in a quote, "soll bis … ") and
aims ("hat sich das Ziel gesetzt", "strebt an"); withdrawals ("rückte von dem Ziel ab",
"wird das Ziel verfehlen") are kept with ``status`` ``withdrawn``.

Each candidate gets features (cue kind, whether a committed party was found, demand,
condition, hearsay, past or observer wording, a quote, a deadline, an amount …) and a
small logistic model (``models/pledges-de.json``, trained on hand-annotated German
Wikinews, see ``training/pledges``) turns them into ``confidence``; candidates below the
threshold chosen by cross-validation are dropped. Without the model file the rules
decide alone (confidence 1 or nothing).

The **actor** is the committed party, the subject of the cue's clause ("Deutschland
werde …" commits Germany even when the minister says it); the **speaker** is kept when a
statement carries the pledge. The target is the goal noun ("das Zwei-Prozent-Ziel"), the
amount with what it counts, or the clause of the promised act; the deadline is a
``chronik_time`` expression of the sentence, read forward (a pledge's date without a year
lies ahead of the article).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..dates import timex_end
from ..record import Amount, Pledge, Quote, Span, Speaker, Time
from . import extensions  # noqa: F401
from .extensions import doc_text
from .linear import Logistic
from .regex_gates import finditer, needed
from .resources import model_path
from .vocab import PREPOSITIONS, QUOTE_MARKS, TIME_ADVERBS

MODEL_PATH = model_path("pledges-de.json")

# cue kind -> (strength, pattern). Checked in this order; the first kind found in a clause wins.
_I = re.IGNORECASE
CUES: list[tuple[str, str, re.Pattern]] = [
    ("withdraw", "plan", re.compile(  # no IGNORECASE: it makes the scan of every text several times slower
        r"\b(?:[Rr]ück\w*\b(?:[^.;]|(?<=\d)\.(?=\d)){0,60}\bab\b|abgerückt|[Vv]erfehl\w*|aufgegeben|(?:zurück|aus)ge(?:nommen|zogen)"
        r"|[Nn]icht\s+(?:mehr\s+)?(?:einhalten|einzuhalten|halten)|abrücken|Abkehr|verabschiedet\s+sich\s+von)")),
    ("promise", "promise", re.compile(
        r"\b(?:[Ss]agt(?:e|en)?\b(?!(?:[^.;]|(?<=\d)\.(?=\d)){0,3}\bzu\s+(?:de[mnr]|die|das)\b)[^.,;:!?]{1,90}?\bzu(?=\s*(?:[.,;:!?\"“”]|und\b|$))"
        r"|zugesagt|zusagen|Zusagen?\b|[Vv]ersprich\w*|[Vv]ersprach\w*|versproch\w*|versprechen(?!\s+sich)|Versprechen"
        r"|[Vv]erpflicht(?:e|et|ete|eten|en)\s+sich|sich\s+(?:\w+\s+){0,3}verpflichtet|Verpflichtung"
        r"|[Gg]arantier\w*|zugesichert|[Ss]icher(?:t|te|ten)\b(?:[^.;]|(?<=\d)\.(?=\d)){0,80}\bzu(?=\s*[.,;])"
        r"|(?:erklärt\w*|zeigt\w*|sind|ist|seien|sei)\s+(?:sich\s+)?(?:\w+\s+){0,2}bereit\b|Bereitschaft"
        r"|(?:steht|stehe|stehen)\W{0,2}\s*bereit|bereit\s+erklärt\w*|bereit\s+zu\s+erklären)\b")),
    ("announce", "plan", re.compile(
        r"\b(?:kündig(?:t|te|ten|en)\b(?:[^.;]|(?<=\d)\.){0,220}?\ban\b|angekündigt|ankündig(?:t|en|te|ten)"
        r"|Ankündigung\w*\b(?:[^.;]|(?<=\d)\.(?=\d)){0,80},"
        r"|k(?:ü|u)ndgetan)\b")),
    ("goal", "aim", re.compile(
        r"\b(?:Ziel(?:e|en)?\s+(?:ist|sei|war)|(?:das|als|zum)\s+Ziel\b|Ziel\s+gesetzt|Ziel\s+gestellt|\w+-Ziel\w*"
        r"|Zielmarke|strebt\w*\b(?:[^.;]|(?<=\d)\.(?=\d)){0,80}\ban\b|anstreb\w*|angestrebt\w*)")),
    ("plan", "plan", re.compile(r"\b(?:plan(?:t|en|e))\b")),
    ("intend", "plan", re.compile(
        r"\b(?:will|wollen|wolle|wollt|möchte|möchten|beabsichtig\w*|vorhab\w*|(?:hat|haben)\s+vor(?=\s*[,.])|Absicht)\b")),
    ("keep", "plan", re.compile(r"\b(?:(?:hält|halten|hielt)\b(?:[^.;]|(?<=\d)\.(?=\d)){0,80}\bfest|festhalten)\b")),
    ("future", "plan", re.compile(r"\b(?:werde|werden|wird)\b")),
    ("shall", "plan", re.compile(r"\b(?:soll|sollen|solle)\b")),
]
KINDS = [k for k, _, _ in CUES]
# Per cue kind, words one of which its every match contains (regex_gates): a text without
# any is not scanned for that kind (only speed depends on it).
_CUE_NEEDED = [words if (words := needed(p)) and min(map(len, words)) >= 3 else None for _, _, p in CUES]
_CUE_SCANS = [finditer(p) for _, _, p in CUES]  # each cue's finditer, skipping to where a match can start

_DEMAND = re.compile(r"\b(?:forder\w*|gefordert|verlang\w*|appellier\w*|aufgefordert|aufgerufen|rief\b[^.]{0,60}\bauf"
                     r"|drängt\w*|mahnt\w*|Forderung\w*)\b", _I)
_COND = re.compile(r"\b(?:wenn|falls|sofern|im\s+Fall\w*)\b", _I)
_KONJ2 = re.compile(r"\b(?:würde|würden|wäre|wären|könnte|könnten)\b")
_HEARSAY = re.compile(r"\b(?:soll|sollen|solle)\b[^.,;]*\b(?:haben|sein|worden)\b(?=\s*(?:[.,;]|und\b))")
_SPEECH = re.compile(r"\b(?:sagt\w*|erklärt\w*|teilt\w*\s+mit|mitgeteilt|betont\w*|kündigt\w*|angekündigt"
                     r"|bekräftigt\w*|versicher\w*|bestätigt\w*)\b", _I)
_SOURCE = re.compile(r"\b(?:laut|zufolge|nach\s+Angaben|wie\s+\w+(?:\s+\w+)?\s+mitteilte)\b", _I)
_VAGUE = frozenset(["viele", "einige", "manche", "mancher", "manch", "alle", "niemand", "jeder", "wer"])
_PAST = re.compile(r"\b(?:wollte|wollten|plante|planten|sollte|sollten|hatten|hatte)\b", _I)
_OBSERVER = re.compile(r"\b(?:erwart\w*|vermut\w*|rechne\w*|gehen?\s+davon\s+aus|befürcht\w*|schätz\w*|dürfte\w*"
                       r"|könnte\w*|voraussichtlich|wahrscheinlich|spekulier\w*|angeblich|offenbar|Gerücht\w*)\b", _I)
_PASSIVE = re.compile(r"\b(?:wird|werden|werde)\b[^.,;]*\bge\w+(?:t|en)\s*(?:werden\s*)?[.,;]")
_NEG = re.compile(r"\b(?:nicht|kein\w*|nie|niemals)\b", _I)
_GOAL = re.compile(r"\b(?:das|die|den|dem|ein|eine|dieses?|diese[nm]?|ihr\w*|sein\w*)\s+(?:[\w-]+\s+)?"
                   r"[\w-]*(?:Ziel|Zielmarke|Zusage|Versprechen|Quote)\b")
_FALSE = re.compile(r"\b(?:ins|im|am|als\s+erste\w*\s+ins)\s+Ziel\b|\bZiele?\s+(?:von|des|der)\s+\w*[Aa]ngriff"
                    r"|\bwie\s+geplant|\bursprünglich\s+geplant|\bwill\b[^.,;]{0,60}\b(?:erfahren|gesehen|gehört)"
                    r"\s+haben|\bwill\s+(?:\w+\s+)?wissen\b"
                    r"|\b(?:werden\s+wir|wird\s+man|wir\s+werden|man\s+wird)\s+(?:dann\s+|noch\s+|schon\s+)?sehen\b", _I)
_WHEN = re.compile(r"\b(?:bis|ab|spätestens|noch|innerhalb|binnen|in\s+den\s+(?:nächsten|kommenden)|im|am|zum|in)\b\W*$",
                   _I)
_DURATION = re.compile(r"^P(\d+(?:\.\d+)?)([YMWD])$")

_PRONOUNS = {"er": "m", "sie": "f", "es": "n", "wir": "p", "ich": "s", "man": "x", "ihr": "p"}
_DETS = frozenset(["der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem", "einen", "einige", "mehrere", "alle", "beide", "zwei", "drei", "sein", "seine", "seiner", "ihr", "ihre", "ihrer", "unser", "unsere", "dieser", "diese", "dieses", "jene"])
_PREPS = PREPOSITIONS
_NOT_SUBJECT = frozenset(["damit", "dabei", "dazu", "daher", "deshalb", "jetzt", "nun", "heute", "gestern", "morgen", "auch", "zudem", "außerdem", "allerdings", "aber", "doch", "dennoch", "zugleich", "bereits", "schon", "so", "dann", "inzwischen", "unterdessen", "insgesamt", "zunächst", "künftig", "langfristig", "mittelfristig", "kurzfristig", "erst", "noch", "hier", "dort", "dafür", "darüber", "darüberhinaus", "deswegen", "wie", "was", "wer", "wann", "wo", "ob", "dass", "weil", "wenn", "falls", "als", "nachdem"])


@dataclass
class Candidate:
    """One sentence's strongest commitment cue and what the rules read around it."""

    start: int
    end: int
    kind: str
    strength: str
    cue: tuple[int, int]
    actor: Speaker | None = None
    speaker: Speaker | None = None
    quote: str | None = None
    target: tuple[int, int] | None = None
    amount: int | None = None
    deadline: Time | None = None
    deadline_value: str | None = None
    features: dict[str, float] = field(default_factory=dict)
    actor_type: str | None = None
    cue_text: str = ""  # the clause of the cue


def _clause_bounds(text: str, s: int, e: int, pos: int) -> tuple[int, int]:
    """The stretch between the punctuation marks around ``pos`` (commas, semicolons, colons, dashes)."""
    left = max((m.end() for m in re.finditer(r"[,;:–]\s*|\s[-–]\s", text[s:pos])), default=0) + s
    m = re.search(r"[,;:–]|\s[-–]\s", text[pos:e])
    return left, pos + m.start() if m else e


def _words(text: str, s: int, e: int) -> list[tuple[int, int, str]]:
    return [(s + m.start(), s + m.end(), m.group(0)) for m in re.finditer(r"\w[\w'’.-]*\w|\w", text[s:e])]


def _np_from(words: list[tuple[int, int, str]], i: int, stop: int) -> tuple[int, int] | None:
    """A noun phrase starting at word ``i``: determiner/adjectives then capitalised words, or a name."""
    if i >= len(words) or words[i][0] >= stop:
        return None
    w = words[i][2]
    j = i
    if w.lower() in _PRONOUNS:
        return words[i][0], words[i][1]
    if w.lower() in _DETS:
        j += 1
        while j < len(words) and words[j][0] < stop and (words[j][2][:1].islower() or words[j][2][:1].isdigit()) \
                and words[j][2].lower() not in _DETS:
            j += 1  # adjectives
    k = j
    while k < len(words) and words[k][0] < stop and (words[k][2][:1].isupper() or words[k][2][:1].isdigit()
                                                     and k > j):
        k += 1
    if k == j:
        return None
    # genitive or apposition tail: "der Deutschen Bank", "von Bündnis 90"
    while k + 1 < len(words) and words[k + 1][0] < stop and words[k][2] in ("der", "des") and \
            words[k + 1][2][:1].isupper():
        k += 2
        while k < len(words) and words[k][0] < stop and words[k][2][:1].isupper():
            k += 1
    return words[i][0], words[k - 1][1]


_AUX = re.compile(r"\b(?:hat|hatte|hatten|haben|habe|ist|sind|war|waren|sei|seien|wurde|wurden|wird|werden|werde)\b")
_PARTICIPLE = re.compile(r"^(?:ge|an|zu|ver|be|aus)\w*(?:t|en)$")


def _skip_adverbs(words: list[tuple[int, int, str]], i: int) -> int:
    while i < len(words) and words[i][2].lower() in _NOT_SUBJECT | {"sich", "bereits", "heute", "erneut"}:
        i += 1
    return i


_MODALS = frozenset(["will", "wollen", "wolle", "möchte", "möchten", "soll", "sollen", "solle", "kann", "können", "muss", "müssen"])
_FOCUS = frozenset(["auch", "nur", "selbst", "sogar", "gerade", "allein", "vor", "allem"])
_OBJECT_START = frozenset(["einen", "einem", "den", "dem", "ihm", "ihn", "ihnen", "uns", "mir", "mich", "dich"])
_NOMINATIVE_PRONOUNS = frozenset({"er", "wir", "ich", "man"})


def _lead_np(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The noun phrase opening [s, e), after a focus particle ("Auch einige Parteien …")."""
    words = _words(text, s, e)
    i = 1 if words and words[0][2].lower() in _FOCUS else 0
    if i < len(words) and words[i][2].lower() not in _PREPS | _NOT_SUBJECT | {"es"}:
        return _np_from(words, i, e)
    return None


_SUBORDINATORS = frozenset(["dass", "daß", "ob", "weil", "wobei", "da", "nachdem", "obwohl", "obgleich", "sobald",
                            "bevor", "indem", "sodass", "seit", "seitdem", "solange", "während"])
_ADVERBS = frozenset(["bislang", "bisher", "hinzu", "neu", "später", "zuvor", "anschließend", "ebenfalls", "ferner",
                      "gleichzeitig", "stattdessen", "weiter", "weiterhin", "demnach", "demnächst", "bald", "derzeit",
                      "aktuell", "vorerst", "zuletzt", "zusätzlich", "parallel", "ebenso", "ohnehin", "offiziell",
                      "nunmehr", "immerhin", "trotzdem", "somit", "also", "folglich", "jedoch", "nämlich", "zurzeit",
                      "momentan", "gegenwärtig", "mittlerweile", "neuerdings", "jüngst", "kürzlich", "längst", "seither",
                      "erneut", "nochmals", "wiederum", "stets", "meist", "oft", "häufig", "vielleicht", "wohl"])
_ADVERB_ENDINGS = ("lich", "weise", "mals", "wärts", "dings", "falls", "halb", "seits")


def _adverbial_prefield(words: list[tuple[int, int, str]]) -> bool:
    """A prefield that is an adverbial, not the subject: "Angeblich plant …", "Agenturmeldungen zufolge will …"."""
    if not words:
        return False
    if words[-1][2].lower() in ("zufolge", "nach", "gemäß", "entsprechend") or words[-1][2] in TIME_ADVERBS:
        return True  # "Agenturmeldungen zufolge will …", "Ein paar Tage später kündigte … an"
    if len(words) != 1:
        return False
    w = words[0][2].lower()
    return w in _ADVERBS or w.endswith(_ADVERB_ENDINGS) and len(w) > 5


def _subject(text: str, s: int, e: int, cue: int) -> tuple[int, int] | None:
    """The subject of the clause [s, e) whose commitment cue starts at ``cue``.

    German puts one constituent before the finite verb: when it is not an adverbial or
    a prepositional phrase, that constituent (up to eight words) is the subject; after an
    adverbial ("Damit will die Bank …") the subject follows the verb. A participle cue
    ("hatte … angekündigt") takes the auxiliary before it as the verb.
    """
    words = _words(text, s, e)
    if not words:
        return None
    verb_i = next((i for i, w in enumerate(words) if w[0] >= cue), len(words))
    if verb_i < len(words) and _PARTICIPLE.match(words[verb_i][2]) and words[verb_i][2][:1].islower():
        aux = [i for i, w in enumerate(words[:verb_i]) if _AUX.fullmatch(w[2])]
        if aux:
            verb_i = aux[0]
    first = words[0][2].lower()
    if first in _SUBORDINATORS and verb_i > 1:
        np = _np_from(words, _skip_adverbs(words, 1), e)
        return np if np and np[0] < words[min(verb_i, len(words) - 1)][1] else None
    if 0 < verb_i < len(words) and words[verb_i - 1][2] in ("und", "oder") and verb_i > 2:
        # "schrieben die Hacker und kündigten … an", "Ich arbeite … und plane": the first verb's subject
        before = words[:verb_i - 1]
        if before[0][2][:1].islower() and before[0][2].lower() not in _DETS | _PRONOUNS.keys():
            return _np_from(before, 1, before[-1][1])
        if before[0][2].lower() in _PRONOUNS or before[0][2].lower() in _DETS or before[0][2][:1].isupper():
            return _np_from(before, 0, before[-1][1]) if before[0][2].lower() not in _NOT_SUBJECT | _PREPS else None
    if first in ("denn", "doch") and len(words) > 2:
        return _subject(text, words[1][0], e, cue)  # "…, denn Wales will …": a main clause follows
    if first in ("und", "sondern", "aber", "oder"):
        return None
    if verb_i + 1 < len(words) and words[verb_i + 1][2].lower() in _NOMINATIVE_PRONOUNS:
        return words[verb_i + 1][0], words[verb_i + 1][1]  # "Neue Märkte will man erschließen"
    lead = 1 if first in _FOCUS else 0
    pronoun_lead = words[lead][2].lower() in ("es", "das", "dies", "was") and verb_i == lead + 1
    if verb_i > lead and not pronoun_lead and not _adverbial_prefield(words[lead:verb_i]) \
            and words[lead][2].lower() not in _PREPS | _NOT_SUBJECT | {"es", "dies", "was"}:
        stop = next((i for i in range(lead + 1, verb_i) if _AUX.fullmatch(words[i][2])
                     or words[i][2] in _MODALS), verb_i)
        if stop - lead <= 8 and words[lead][2][:1].isupper():
            return words[lead][0], words[stop - 1][1]
        np = _np_from(words, lead, words[verb_i][0] if verb_i < len(words) else e)
        if np:
            return np
    i = _skip_adverbs(words, verb_i + 1)
    if i < len(words) and words[i][2].lower() in _OBJECT_START:
        return None
    np = _np_from(words, i, e)
    if np and text[np[0]:np[1]].lower() not in ("es", "das", "dies", "dieses", "was"):
        return np
    return None


def _mentions(doc: Doc) -> list[Speaker]:
    out = []
    for ent in doc._.chronik_entities or []:
        for m in ent.mentions:
            out.append(Speaker(start=m.start, end=m.end, text=m.text, entity=ent.id))
    return sorted(out, key=lambda m: m.start)


def _named_after_verb(text: str, subj: tuple[int, int], verb: int, mentions: list[Speaker],
                      types: dict[str, str]) -> tuple[int, int] | None:
    """A named party right after the finite verb, when the prefield is one word that names no one.

    German puts one constituent before the verb; when that is a bare word ("Konkret kündigte
    Scholz … an", "Investitionen plant die Regierung") and a name follows the verb, the name is
    the subject, not the word.
    """
    if subj[1] > verb or " " in text[subj[0]:subj[1]] or any(m.start <= subj[0] < m.end for m in mentions):
        return None
    word = re.match(r"\w+", text[verb:])
    if word is None:
        return None
    after = verb + word.end()
    while after < len(text) and text[after] == " ":
        after += 1
    named = next((m for m in mentions if m.start == after and types.get(m.entity or "") in ("PER", "ORG", "LOC")), None)
    return (named.start, named.end) if named is not None else None


def _as_actor(text: str, span: tuple[int, int], mentions: list[Speaker]) -> Speaker:
    if text.count("(", *span) > text.count(")", *span) and text.startswith(")", span[1]):
        span = (span[0], span[1] + 1)  # "Olaf Scholz (SPD)": words end before the bracket
    inside = [m for m in mentions if span[0] <= m.start and m.end <= span[1]]
    entity = inside[0].entity if inside else None
    if entity is None:
        covering = [m for m in mentions if m.start <= span[0] and span[1] <= m.end]
        entity = covering[0].entity if covering else None
    return Speaker(start=span[0], end=span[1], text=text[span[0]:span[1]], entity=entity)


def _apposition(text: str, actor: Speaker, cue: int, mentions: list[Speaker],
                types: dict[str, str]) -> Speaker | None:
    """The name in apposition to a role subject: "der Investor für den Neubau, Larry A. Silverstein, sagte zu"."""
    for m in mentions:
        if actor.start < m.start < cue and m.entity and types.get(m.entity) == "PER" \
                and text[actor.start:m.start].rstrip().endswith(",") and re.fullmatch(r",?\s*(?:\w+\s+)?", text[m.end:cue]):
            return Speaker(start=m.start, end=m.end, text=m.text, entity=m.entity)
    return None


_AGENT_HEADS = ("regierung", "koalition", "kabinett", "polizei", "kommission", "junta", "armee", "militär",
                "parlament", "rat", "behörde", "verwaltung", "fraktion", "opposition", "führung", "leitung",
                "vorstand", "staaten", "länder", "land", "staat", "stadt", "gemeinde", "senat", "minister",
                "nation", "union", "bündnis", "allianz", "nato", "team", "mannschaft", "demonstranten",
                "investor", "investoren", "vertreter", "mitarbeiter", "beschäftigten", "hacker", "rebellen",
                "aktivisten", "forscher", "wissenschaftler", "betreiber", "käufer", "eigentümer", "organisatoren",
                "veranstalter", "seite", "spitze", "gewerkschaft", "gewerkschaften", "unternehmen", "konzern")
_AGENT_PRONOUN_WORDS = frozenset({"er", "sie", "wir", "ich", "ihr"})


_PASSIVE_CLAUSE = re.compile(r"\b(?:ge\w+|\w+(?:ge|zu)\w+)(?:t|en)\s+(?:werden|worden)\b"
                             r"|\b(?:ist|sind|war|waren|wurde|wurden)\s+(?:\w+\s+){0,6}?angekündigt\b")


def _agentive(actor: Speaker, types: dict[str, str], mentions: list[Speaker]) -> bool:
    """Whether the subject can commit: a named person, organisation or country heading it, a personal
    pronoun, or a noun phrase headed by a role, organisation or collective noun (not "die Eröffnung")."""
    words = re.findall(r"[\w-]+", actor.text)
    if not words:
        return False
    if words[0].lower() in _AGENT_PRONOUN_WORDS:
        return True  # "Wir Deutsche werden …"
    if any(len(w) > 1 and w.isupper() and w.isalpha() for w in words[:3]):
        return True  # an acronym: "die SPLA", "die GDL"
    head_end = actor.end  # the head: before a genitive or prepositional tail ("Die Busse der BVG")
    for w in re.finditer(r"[\w-]+", actor.text):
        if w.start() and (w.group(0).lower() in _DETS or w.group(0).lower() in _PREPS):
            head_end = actor.start + w.start()
            break
    if any(actor.start <= m.start < head_end and m.end <= actor.end and types.get(m.entity or "") in
           ("PER", "ORG", "LOC", "GPE") for m in mentions):
        return True
    if actor.entity and types.get(actor.entity) in ("PER", "ORG", "LOC", "GPE") and \
            not any(actor.start <= m.start and m.end <= actor.end for m in mentions):
        return True  # a pronoun or noun phrase that coreference resolved to a named party
    from .gazetteer import ORG_HEADS, load

    gaz = load()
    heads = []  # the capitalised words of the phrase before a genitive or preposition: its head noun(s)
    for i, w in enumerate(words):
        if i and (w.lower() in _DETS or w.lower() in _PREPS):
            break
        if w[:1].isupper() and not (i == 0 and w.lower() in _DETS):
            heads.append(w)
    return any(gaz.role(h) or gaz.org_class(h) or h.lower().endswith(ORG_HEADS) or h.lower().endswith(_AGENT_HEADS)
               for h in heads)


_SPOKESPERSON = re.compile(r"\b(?:Sprecher\w*|Vertreter\w*|Chef\w*|Leiter\w*|Mitarbeiter\w*|Anwalt|Anwältin"
                           r"|Vorsitzende\w*|Pressestelle|Management)\s+(?:von|vom|des|der|beim|bei)\s+(?:der\s+|dem\s+)?"
                           r"([A-ZÄÖÜ][\w.&-]*(?:\s+[A-ZÄÖÜ][\w.&-]*)*)")
_GOVERNMENT_ROLE = re.compile(r"minister|kanzler|präsident|regierungs|senator|bürgermeister|staatssekretär", _I)
_GOVERNMENT_NAME = re.compile(r"regierung|kabinett|\bsenat\b|ministerium", _I)


def _body(speaker: Speaker, text: str, entities: dict, mentions: list[Speaker]) -> Speaker | None:
    """The body a statement's speaker speaks for: an organisation speaking; the organisation of its
    spokesperson ("ein Sprecher von Tesla"); a minister's government when the text names one, else the
    party in the speaker's roles ("Peter Müller (SPD)")."""
    ent = entities.get(speaker.entity or "")
    if ent is not None and ent.type == "ORG":
        return speaker
    sp = _SPOKESPERSON.search(speaker.text)
    if sp:
        start = speaker.start + sp.start(1)
        inside = next((m for m in mentions if start <= m.start < speaker.end), None)
        if inside is not None:
            return inside
        return Speaker(start=start, end=speaker.start + sp.end(1), text=sp.group(1), entity=None)
    if ent is None or ent.type != "PER":
        return None
    if any(_GOVERNMENT_ROLE.search(r.role) for r in ent.roles):
        gov = next((e for e in entities.values() if e.type == "ORG" and _GOVERNMENT_NAME.search(e.name)), None)
        if gov is not None:
            first = min(gov.mentions, key=lambda x: x.start)
            return Speaker(start=first.start, end=first.end, text=first.text, entity=gov.id)
    for r in ent.roles:
        if r.role.startswith("party:"):
            party = next((m for m in mentions if r.start <= m.start and m.end <= r.end), None)
            if party is not None:
                return party
    return None


def _committed_party(actor: Speaker, q: Quote | None, in_quote: bool, text: str, entities: dict,
                     mentions: list[Speaker]) -> Speaker | None:
    """The actor as the record keeps it: a first person in a statement resolves to the body its speaker
    speaks for (or the speaker); an impersonal "man" to a spokesperson's organisation, else no actor;
    an unresolved "er"/"sie" opening reported speech to its speaker."""
    word = actor.text.lower()
    speaker = q.speaker if q is not None else None
    if word in ("es", "das", "dies"):
        return None
    if word == "man":
        body = _body(speaker, text, entities, mentions) if speaker is not None else None
        return body.model_copy() if body is not None else None
    if speaker is None or actor.entity:
        return actor
    if word in ("wir", "ich", "uns") or word.startswith("wir "):
        body = _body(speaker, text, entities, mentions) if word != "ich" else None
        actor.entity = body.entity if body is not None and body.entity else speaker.entity
    elif word in ("er", "sie") and not in_quote:
        actor.entity = speaker.entity
    return actor


def _in_quote(text: str, s: int, pos: int) -> bool:
    return sum(text[s:pos].count(c) for c in "„“”\"»«") % 2 == 1


def _quote_of(quotes: list[Quote], s: int, e: int) -> Quote | None:
    for q in quotes:
        if any(sp.start < e and s < sp.end for sp in [*q.content, *([q.cue] if q.cue else [])]):
            return q
    return None


def forward_value(t: Time, anchor: dt.date | None, text_before: str) -> str | None:
    """The deadline value of ``t`` read forward from the article date.

    A day or month written without a year lies ahead ("ab 1. Oktober" in an article of
    August 2011 is 2011-10-01, not 2010); "in den nächsten zehn Jahren" ends ten years on.
    """
    value = t.value
    if anchor is None:
        return value
    m = _DURATION.match(value)
    if m and re.search(r"(?:nächsten|kommenden|innerhalb|binnen|in)\s*(?:\w+\s+)?(?:bis\s+)?\W*$", text_before, _I):
        n, unit = float(m.group(1)), m.group(2)
        days = {"Y": 365.25, "M": 30.44, "W": 7, "D": 1}[unit] * n
        end = anchor + dt.timedelta(days=days)
        return str(end.year) if unit in "YM" else end.isoformat()
    if value in ("PXW", "PXM", "PXD", "PXY"):
        return "FUTURE_REF"
    if re.search(r"\b\d{4}\b", t.text):
        return value
    dm = re.match(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$", value)
    if dm:
        month, day = int(dm.group(2)), int(dm.group(3) or 28)
        year = anchor.year if (month, day) >= (anchor.month, anchor.day if dm.group(3) else 1) else anchor.year + 1
        return f"{year}{value[4:]}"
    return value


_PAST_MARK = re.compile(r"\b(?:seit|seitdem|vergangen\w*|letzte[nmrs]?|vorige[nmrs]?|zuletzt|damals)\W*(?:\w+\W+)?$"
                        r"|^(?:vergangen|letzte|vorige)", _I)


_BY = re.compile(r"\b(?:(?:bis|ab|spätestens|binnen|innerhalb)\b\W*(?:\w+\W+){0,2}|für\b\W*(?:\w+\W+){0,4})$", _I)


def _deadline(times: list[Time], text: str, s: int, e: int, anchor: dt.date | None,
              speech_end: int) -> tuple[Time, str] | None:
    """The sentence's deadline, read forward from the article date.

    Before the end of a speech-act cue (``speech_end``), a date without "bis", "ab",
    "spätestens" … says when the pledge was made ("hat am Donnerstag angekündigt",
    "kündigte heute an"); a date before the article is context, not a deadline.
    """
    best = None
    for t in times:
        if not (s <= t.start < e) or t.type not in ("DATE", "TIME", "DURATION"):
            continue
        before = text[max(s, t.start - 40):t.start]
        firm = t.role in ("deadline", "end") or bool(_BY.search(before))
        if t.start < speech_end and not firm:
            continue
        if t.type == "DURATION" and not re.search(r"(?:nächsten|kommenden|innerhalb|binnen)\s*(?:\w+\s+)?(?:bis\s+)?"
                                                  r"\W*$", before, _I) and not re.search(
                                                      r"kommenden|nächsten", t.text):
            continue
        value = forward_value(t, anchor, before + (" nächsten " if re.search(r"kommenden|nächsten", t.text) else ""))
        if value is None or value in ("PAST_REF", "PRESENT_REF"):
            continue
        value = re.sub(r"^(\d{4}-\d{2}-\d{2})T.*$", r"\1", value)  # "bis Samstagmittag": the deadline is the day
        if not firm and (_PAST_MARK.search(before[-25:]) or _PAST_MARK.search(t.text)):
            continue  # "seit dem 19. September", "in der vergangenen Woche", "das letzte Jahr"
        last = timex_end(value)
        if anchor and last is not None and last < anchor and not firm:
            continue  # a past date is the context, not the deadline
        score = (2 if firm else 1 if _WHEN.search(before) else 0, t.start > speech_end, len(value))
        if best is None or score > best[0]:
            best = (score, t, value)
    return (best[1], best[2]) if best else None


_ON_OR_BEFORE = re.compile(r"\b(?:bis|spätestens|binnen|innerhalb|noch)\b\W*(?:\w+\W+){0,2}$", _I)
_ON_OR_AFTER = re.compile(r"\b(?:ab|frühestens|von)\b\W*(?:\w+\W+){0,2}$", _I)


def deadline_mod(t: Time, text: str) -> str | None:
    """How the pledge relates to its deadline, as a TIMEX3 mod: ``ON_OR_BEFORE`` ("bis spätestens 2031",
    "bis Ende des Jahres", "binnen zwei Wochen"), ``ON_OR_AFTER`` ("ab 1. Juli"), else the time's own
    mod (``START``, ``MID``, ``END``: "Anfang 2022", "Mitte Mai")."""
    before = text[max(0, t.start - 30):t.start]
    if _ON_OR_BEFORE.search(before) or t.role == "deadline":
        return "ON_OR_BEFORE"
    if _ON_OR_AFTER.search(before) or t.role == "begin":
        return "ON_OR_AFTER"
    return t.mod if t.mod in ("START", "MID", "END") else None


def _features(c: Candidate, text: str, in_quote: bool) -> dict[str, float]:
    sent = text[c.start:c.end]
    f = {f"cue_{c.kind}": 1.0}
    if c.actor is None:
        f["no_actor"] = 1.0
    else:
        a = c.actor.text.lower()
        if a in _PRONOUNS:
            f["actor_pronoun"] = 1.0
            if a == "man":
                f["actor_man"] = 1.0
            if a in ("wir", "ich"):
                f["actor_first_person"] = 1.0
        if c.actor.entity:
            f["actor_entity"] = 1.0
            if c.actor_type:
                f[f"actor_{c.actor_type}"] = 1.0
    f["demand"] = float(bool(_DEMAND.search(sent)))
    f["conditional"] = float(bool(_COND.search(sent)))
    f["hearsay"] = float(bool(_HEARSAY.search(sent)))
    f["past"] = float(bool(_PAST.search(sent)))
    f["observer"] = float(bool(_OBSERVER.search(sent)))
    f["passive"] = float(bool(_PASSIVE.search(sent)))
    f["negation"] = float(bool(_NEG.search(sent)))
    f["question"] = float("?" in text[c.cue[0]:_clause_bounds(text, c.start, c.end, c.cue[0])[1] + 1] or sent.rstrip().endswith("?"))
    cue = text[c.cue[0]:c.cue[1]].split()[0].lower()
    cs, ce = _clause_bounds(text, c.start, c.end, c.cue[0])
    clause = text[cs:ce]
    f["clause_if"] = float(bool(_IF.search(clause)))
    f["clause_wh"] = float(bool(_WH.search(clause)))
    f["critic"] = float(bool(_CRITIC.search(sent)))
    agent = c.actor is not None and (c.actor_type in ("PER", "ORG", "LOC") or c.actor.text.lower() in _AGENT_PRONOUNS
                                     or c.actor.text.lower().startswith("wir "))
    inf = _INFINITIVE_END.search(text[c.cue[1]:ce])
    if c.kind in _WEAK and agent and inf and inf.group(1).lower() not in ("haben", "sein", "werden", "worden"):
        f[f"weak_agent_act_{cue}"] = 1.0  # "Er werde … bleiben", not "soll … getötet haben", "wird … geschützt werden"
    f["speech"] = float(bool(_SPEECH.search(sent)))
    f["source"] = float(bool(_SOURCE.search(sent)))
    if c.kind in _WEAK and (f["speech"] or f["source"]):
        f["weak_reported"] = 1.0
    if c.kind in _WEAK and c.actor is not None and c.actor.entity:
        f["weak_named"] = 1.0
    if c.actor is not None and (c.actor.text.split() or [""])[0].lower() in _VAGUE:
        f["actor_vague"] = 1.0
    if c.kind in ("future", "shall", "intend"):
        f[f"word_{cue}"] = 1.0  # "werde" (reported) and "wird" differ, so do "will" and "möchte"
    if c.actor is not None and not f.get("no_actor"):
        f[f"{c.kind}_actor"] = 1.0
    if c.deadline is not None:
        f[f"{c.kind}_deadline"] = 1.0
    f["konj2"] = float(bool(_KONJ2.search(sent)))
    f["clause_infinitive"] = float(bool(_INFINITIVE_END.search(text[c.cue[1]:ce])))
    f["sentence_start_cue"] = float(c.cue[0] - c.start < 3)
    if c.actor is not None and c.actor.entity:
        f["actor_named"] = 1.0
    if c.actor is not None and c.actor.text[:1].isupper() and c.actor.text.lower() not in _PRONOUNS:
        f["actor_np"] = 1.0
    f["in_quote"] = float(in_quote)
    f["statement"] = float(c.quote is not None)
    f["deadline"] = float(c.deadline is not None)
    f["amount"] = float(c.amount is not None)
    f["zu_inf"] = float(bool(re.search(r"\bzu\s+\w+en\b|\w+zu\w+en\b", text[c.cue[1]:c.end])))
    f["long"] = float(len(sent) > 250)
    return {k: v for k, v in f.items() if v}


def _target(text: str, amounts: list[Amount], s: int, e: int) -> tuple[tuple[int, int], int | None]:
    for i, a in enumerate(amounts):
        if s <= a.start < e:
            end = a.end
            if a.object and text.startswith(a.object, a.end + 1):
                end = a.end + 1 + len(a.object)
            return (a.start, end), i
    g = _GOAL.search(text, s, e)
    if g:
        return (g.start(), g.end()), None
    while s < e and (text[s] in ",\"„“”" or text[s].isspace()):  # also the blank line after a headline
        s += 1
    while e > s and (text[e - 1] in ".,;:!?\"„“”" or text[e - 1].isspace()):
        e -= 1
    return (s, e), None


_WEAK = frozenset({"future", "shall"})
_REPORTED_VERB = re.compile(r"\b(?:werde|werden|würde|würden|wolle|wollen|wird)\b")
_INFINITIVE_END = re.compile(r"\b([a-zäöüß]\w*(?:en|ern|eln))\b\W*$")


_COMMITMENT_NOUN = re.compile(r"(?:Ziel|Zusage|Versprechen|Plan|Pläne|Vorhaben|[Vv]erpflichtung|Ankündigung"
                              r"|Bereitschaft|Garantie)", _I)
_WH = re.compile(r"^\W*(?:was|wie|wer|wann|warum|wo|ob|welche\w*)\b", _I)
_IF = re.compile(r"^\W*(?:wenn|falls|sofern|sollte)\b", _I)
_CRITIC = re.compile(r"\b(?:kritisier\w*|wirft\b[^.]{0,80}\bvor|warf\b[^.]{0,80}\bvor|vorgeworfen|Vorwurf|befürchtet\w*"
                     r"|unterstellt\w*)\b", _I)
_AGENT_PRONOUNS = frozenset({"er", "sie", "wir", "ich"})


def _excluded(kind: str, text: str, m: re.Match) -> bool:
    """Cue words that are not commitments here: "versprechen sich" (expect), a withdrawal of no commitment."""
    word = m.group(0)
    if kind == "withdraw":
        start = max(0, text.rfind(".", 0, m.start()))
        end = text.find(".", m.end())
        return not _COMMITMENT_NOUN.search(text, start, end if end >= 0 else len(text))
    after = text[m.end():m.end() + 14]
    if kind == "promise" and word.lower().startswith("verspr") and re.match(r"\s+(?:\w+\s+)?sich\b", after):
        return True
    if kind == "promise" and word.lower().startswith("verpflicht") and re.search(r"verpflichtend", word, _I):
        return True
    return bool(kind == "goal" and re.search(r"\b(?:ins|im|am)\s+Ziel", text[max(0, m.start() - 5):m.end()]))


_ACT_STOP = re.compile(r"[“”\"»«]?,\s*(?:der|die|das|dem|den|deren|dessen|denen|welche\w*|wo|wie|sagte\w*|so\b"
                       r"|erklärte\w*|betonte\w*|teilte\w*|hieß|schrieb\w*|weil|da\b|nachdem|obwohl|als\b|seit\w*"
                       r"|wenn|falls|sofern|bevor|während|doch|aber|sondern)\b"
                       r"|[“”\"»«]\s*(?:,|sagte|so\b|erklärte|betonte)|\s[-–]\s")


def _act_end(text: str, q: Quote | None, cue: int, start: int, e: int) -> int:
    """Where the promised act ends: at the end of the quote the cue stands in, at a relative or adverbial
    clause, or at the speech frame after it ("…“, sagte der Minister am Montag")."""
    if q is not None:
        piece = next((p for p in q.content if p.start <= cue < p.end), None)
        if piece is not None:
            e = min(e, piece.end)
    stop = _ACT_STOP.search(text, start + 1, e)
    return stop.start() if stop else e


def _sentences(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the sentences (read from arrays: iterating ``doc.sents`` costs more than the rest)."""
    if not len(doc):
        return []
    arr = doc.to_array([SENT_START, IDX, LENGTH])
    firsts = [0, *(numpy.flatnonzero(arr[1:, 0] == 1) + 1).tolist()]
    if len(firsts) == 1 and not (arr[:, 0] != 0).any():
        return [(0, len(doc_text(doc)))]  # no sentence boundaries set: the whole text
    ends = [*firsts[1:], len(arr)]
    idx, length = arr[:, 1].tolist(), arr[:, 2].tolist()
    text = doc_text(doc)
    out = []
    for a, b in zip(firsts, ends):
        s, e = idx[a], idx[b - 1] + length[b - 1]
        while s < e and text[s].isspace():  # a blanked dateline before, a paragraph break after
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        out.append((s, e))
    return out


def candidates(doc: Doc, text: str | None = None) -> list[Candidate]:
    """Every sentence with a commitment cue, with actor, target, deadline and features.

    ``text`` is ``doc.text`` when the caller has it already (spaCy rebuilds it on each access).
    """
    text = doc_text(doc) if text is None else text
    times = doc._.chronik_times or []
    amounts = doc._.chronik_amounts or []
    quotes = doc._.chronik_quotes or []
    anchor = doc._.chronik_date
    mentions = _mentions(doc)
    entities = {e.id: e for e in doc._.chronik_entities or []}
    types = {e.id: e.type for e in entities.values()}
    out: list[Candidate] = []
    sentences = _sentences(doc)
    starts = [s for s, _ in sentences]
    by_sentence: dict[int, list] = {}
    lower = text.lower()
    for (kind, strength, _), gate, scan in zip(CUES, _CUE_NEEDED, _CUE_SCANS):  # one pass per kind, then by sentence
        if gate and not any(word in lower for word in gate):
            continue
        for m in scan(text):
            i = bisect.bisect_right(starts, m.start()) - 1
            if i >= 0 and m.end() <= sentences[i][1] and not _excluded(kind, text, m):
                by_sentence.setdefault(i, []).append((kind in _WEAK, m.start(), kind, strength, m))
    for i, hits in sorted(by_sentence.items()):
        s, e = sentences[i]
        sentence = text[s:e]
        if len(sentence) < 15 or _FALSE.search(sentence) and not any(p.search(sentence) for _, _, p in CUES[:3]):
            continue
        _, _, kind, strength, m = min(hits, key=lambda h: h[:2])
        cs, ce = _clause_bounds(text, s, e, m.start())
        c = Candidate(start=s, end=e, kind=kind, strength=strength, cue=(m.start(), m.end()), cue_text=text[cs:ce])
        subj = _subject(text, cs, ce, m.start())
        impersonal = bool(re.match(r"\W*(?:es|das|dies)\s+(?:\w+\s+)?$", text[cs:m.start()], _I))
        if subj is None and not impersonal:  # the cue's clause is cut off by a comma: read the whole sentence
            subj = _subject(text, s, e, m.start())
        if subj is None and not impersonal:  # "X, der Milliardär, kündigte … an": the subject opens the sentence
            lead = _lead_np(text, s, _clause_bounds(text, s, e, s)[1])
            if lead is not None:
                end = cs
                while end > lead[1] and text[end - 1] in " ,–-\n":
                    end -= 1
                subj = (lead[0], end) if len(text[lead[0]:end].split()) <= 15 else lead
        if kind in ("announce", "promise") and ce < e and text[ce] == ",":
            # "X kündigte an, die Taliban würden …": the reported clause names the committed party
            rs, re_ = _clause_bounds(text, s, e, ce + 1)
            verb = _REPORTED_VERB.search(text, rs, re_)
            if verb:
                reported = _subject(text, rs, re_, verb.start())
                if reported and text[reported[0]:reported[1]].lower() not in _PRONOUNS and _agentive(
                        _as_actor(text, reported, mentions), types, mentions):
                    subj = reported  # not "die Sanierung werde … kosten": the announcer stays committed
        if subj is not None:
            subj = _named_after_verb(text, subj, m.start(), mentions, types) or subj
        if subj is not None and text[subj[0]:subj[1]].strip():
            c.actor = _as_actor(text, subj, mentions)
            if c.actor.entity is None and doc._.chronik_mention_entity:
                c.actor.entity = doc._.chronik_mention_entity.get((subj[0], subj[1]))
        if c.actor is not None:
            c.actor = _apposition(text, c.actor, m.start(), mentions, types) or c.actor
        if c.actor is not None and kind in ("intend", "plan") and c.actor.end <= m.start() \
                and not _agentive(c.actor, types, mentions):
            # "Dieses Batteriekonzept will Shelby … anbieten": a thing does not want; the agent follows the verb
            words = _words(text, m.end(), ce)
            np = _np_from(words, _skip_adverbs(words, 0), ce)
            after = _as_actor(text, np, mentions) if np else None
            if after is not None and after.text.lower() not in _PRONOUNS and _agentive(after, types, mentions):
                c.actor = after
        if c.actor is not None and c.actor.entity:
            c.actor_type = types.get(c.actor.entity)
        q = _quote_of(quotes, s, e)
        if q is not None:
            c.quote = q.id
            c.speaker = q.speaker.model_copy() if q.speaker else None  # own copy: offsets get shifted per object
        # the promised act: after the cue (announcements, promises) or the actor
        actor_end = c.actor.end if c.actor and c.actor.end <= m.start() else None
        if kind in ("announce", "promise") and m.end() <= ce < e and text[ce:ce + 1] in ",:":
            t0 = ce
        elif kind == "goal":
            t0 = actor_end or max(s, m.start() - 40)
        else:
            t0 = max(actor_end or m.end(), m.end())
        act_end = _act_end(text, q, m.start(), max(t0, m.end()), e)
        (ts, te), c.amount = _target(text, amounts, t0, act_end)
        if te <= ts and actor_end is not None and not text[m.end():ce].strip(" .!\n" + "".join(QUOTE_MARKS)):
            # "Die Ministerin hat ein Programm angekündigt.": the act stands before the closing participle
            (ts, te), c.amount = _target(text, amounts, actor_end, m.start())
            aux = _AUX.match(text, ts)
            ts = aux.end() + 1 if aux and aux.end() + 1 < te else ts  # not the auxiliary "hat
        if te <= ts and kind == "announce" and re.fullmatch(r"kündig\w*\s.*\san", m.group(0), re.S):
            # "kündigte Scholz Investitionen an": the act stands inside the verb's bracket, after the actor
            inner = m.start() + len(m.group(0).split(None, 1)[0])
            if c.actor is not None and m.start() < c.actor.start and c.actor.end < m.end():
                inner = c.actor.end
            (ts, te), c.amount = _target(text, amounts, inner, m.end() - 2)
        if te <= ts:
            (ts, te), c.amount = _target(text, amounts, s, e)
        c.target = (ts, te)
        # the deadline belongs to the pledge's own clause and act, not to a frame, relative clause or context
        dl = _deadline(times, text, min(cs, ts), act_end, anchor, m.end() if kind in ("announce", "promise") else s)
        if dl:
            c.deadline, c.deadline_value = dl
        in_quote = _in_quote(text, s, m.start())
        c.features = _features(c, text, in_quote)
        lead_in = text[s:m.start()]  # what governs the cue's clause: "fordert, dass …", "erwartet, dass …"
        if re.match(r"\W*(?:wenn|falls|sofern)\b", text[s:cs], _I):
            c.features["condition_before"] = 1.0  # "Wenn es keine Fortschritte gibt, werden wir …"
        for name, pattern in (("demand_before", _DEMAND), ("critic_before", _CRITIC), ("observer_before", _OBSERVER)):
            if pattern.search(lead_in):
                c.features[name] = 1.0
        if c.actor is not None and not _agentive(c.actor, types, mentions):
            c.features["subject_thing"] = 1.0
        if kind == "withdraw" and (re.search(r"\bnachdem\b", lead_in, _I) or re.match(r"\W*als\b", text[cs:ce]) or any(
                cs <= t.start < ce and re.fullmatch(r"\d{4}", t.value) and anchor and int(t.value) < anchor.year
                for t in times)):
            c.features["past_act"] = 1.0  # "hat den Walfang 1986 aufgegeben", "nachdem Airbus … nicht einhalten konnte"
        if c.actor is not None and (_PASSIVE_CLAUSE.search(text, cs, ce) or (
                kind in _WEAK or c.features.get("passive")) and not _agentive(c.actor, types, mentions)):
            c.features["actor_thing"] = 1.0  # "Die Eröffnung soll … stattfinden": what is planned, not who
            c.actor = None
        elif c.actor is not None:
            c.actor = _committed_party(c.actor, q, in_quote, text, entities, mentions)
        out.append(c)
    return out


class Model(Logistic):
    """The logistic pledge model (`linear.Logistic`) over candidate features."""

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> Model | None:
        raw = cls.read(path)
        return None if raw is None else cls(raw["weights"], raw["bias"], raw["threshold"])


def rule_decision(c: Candidate) -> bool:
    """The pattern-only decision: a firm cue, a committed party, nothing that says otherwise."""
    f = c.features
    if f.get("no_actor") or f.get("demand") or f.get("hearsay") or f.get("question"):
        return False
    if c.kind in ("future", "shall"):
        return bool(f.get("in_quote") and f.get("actor_first_person")) or bool(
            c.kind == "shall" and f.get("deadline") and not f.get("passive"))
    if f.get("conditional") or f.get("observer"):
        return False
    return c.kind != "intend" or not f.get("past")


_EXPLICIT = re.compile(r"\bsich\s+(?:\w+\s+){0,3}(?:das|zum)\s+(?:\w+\s+)?Ziel\s+(?:gesetzt|gestellt)"
                       r"|\bverpflicht(?:e|et|ete|eten|en)\s+sich\b|\bsich\s+(?:\w+\s+){0,3}verpflichtet\b"
                       r"|\bversprach|\bversprochen\b|\bzugesagt\b|\bzugesichert\b")
# Features that veto a candidate outright: the cue's clause is or follows a condition ("wenn wir … wollen"),
# a critic's or a demander's wording ("wirft ihm vor, … zu wollen", "fordert, dass die Regierung … werde"),
# or a withdrawal word about a completed past act. Chosen by cross-validation (docs/pledges.md).
HARD: tuple[str, ...] = ("clause_if", "condition_before", "critic_before", "demand_before", "past_act")
_AGAINST = ("demand", "hearsay", "question", "conditional", "clause_if", "clause_wh", "critic", "observer")


def decide(c: Candidate, model: Model | None) -> float | None:
    """The candidate's confidence when it is kept as a pledge, else None.

    Withdrawals and explicit self-commitments ("hat sich das Ziel gesetzt", "verpflichtete
    sich", "versprach", "sagte zu") are too rare in the annotated news to be learned: with a
    committed party and nothing against them, the rules keep them (see docs/pledges.md).
    """
    f = c.features
    if f.get("question"):
        return None  # "Wie wollen wir leben?" asks, it does not commit
    if any(f.get(k) for k in HARD):
        return None
    explicit = c.actor is not None and not any(f.get(k) for k in _AGAINST)
    if c.kind == "withdraw":
        return 0.6 if explicit else None
    if explicit and c.kind in ("promise", "goal") and _EXPLICIT.search(c.cue_text):
        score = model.score(f) if model is not None else 1.0
        return max(score, 0.7)
    if model is None:
        return 1.0 if rule_decision(c) else None
    conf = model.score(f)
    return conf if conf >= model.threshold else None


def find_pledges(doc: Doc, model: Model | None = None) -> list[Pledge]:
    text = doc_text(doc)
    out: list[Pledge] = []
    for c in candidates(doc, text):
        conf = decide(c, model)
        if conf is None or c.target is None:
            continue
        ts, te = c.target
        out.append(Pledge(
            id=f"p{len(out) + 1}",
            actor=c.actor,
            target=Span(start=ts, end=te, text=text[ts:te]),
            amount=c.amount,
            deadline=c.deadline_value,
            deadline_span=Span(start=c.deadline.start, end=c.deadline.end, text=c.deadline.text) if c.deadline else None,
            deadline_mod=deadline_mod(c.deadline, text) if c.deadline else None,
            quote=c.quote,
            evidence=Span(start=c.start, end=c.end, text=text[c.start:c.end]),
            strength=c.strength,
            confidence=round(conf, 3),
            status="withdrawn" if c.kind == "withdraw" else "made",
            speaker=c.speaker,
            cue=Span(start=c.cue[0], end=c.cue[1], text=text[c.cue[0]:c.cue[1]]),
        ))
    return out


class PledgeFinder:
    """spaCy component: writes ``doc._.chronik_pledges`` (list of :class:`chronik.record.Pledge`)."""

    def __init__(self, nlp: Language, name: str = "chronik_pledges", model: str | None = None):
        self.name = name
        self.model = Model.load(Path(model)) if model else Model.load()

    def __call__(self, doc: Doc) -> Doc:
        doc._.chronik_pledges = find_pledges(doc, self.model)
        return doc


@Language.factory(
    "chronik_pledges",
    default_config={"model": None},
    assigns=["doc._.chronik_pledges"],
    requires=["doc._.chronik_entities", "doc._.chronik_times", "doc._.chronik_amounts", "doc._.chronik_quotes"],
)
def make_component(nlp: Language, name: str, model: str | None):
    return PledgeFinder(nlp, name, model)
