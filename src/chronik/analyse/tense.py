"""The tense of the clause around a span: does a date in it lie before or after the article date?

Used by ``chronik_time`` to resolve weekdays, day-month dates and months without a year. The
clause is the stretch between clause punctuation (comma, semicolon, colon, brackets, quotes,
dashes, line breaks) inside the sentence, so a headline or a neighbouring clause does not decide.

* past: preterite (``hatte``, ``wurde``, ``kam``, weak ``-te(n)`` verbs), perfect and pluperfect
  (an auxiliary with a past participle) → -1;
* future: ``werden``, modals and plans (``soll``, ``will``, ``plant``, ``vorgesehen``), the
  subjunctive II of plans (``wäre``, ``würde``, ``müsste``), a clause-final ``zu``-infinitive
  ("…, am Dienstag das Verfahren einzuleiten") → +1;
* present: news uses it for what is scheduled ("Der Airbus startet am Mittwoch") → +1, told
  apart from a bare clause by a finite present verb next to the expression;
* nothing found → 0 (the caller decides: weekdays look back, dates take the nearest year).

Closed word classes only; the lists are constants here.
"""

from __future__ import annotations

import re

FUTURE_WORDS = frozenset([
    "wird", "werden", "werde", "wirst", "würde", "würden", "will", "wollen", "wolle", "soll", "sollen",
    "solle", "sollte", "sollten", "plant", "planen", "plane", "geplant", "vorgesehen",
    "angesetzt", "anberaumt", "terminiert", "voraussichtlich", "beabsichtigt", "wäre", "wären", "müsste",
    "müssten", "könnte", "könnten", "dürfte", "dürften", "bevorsteht", "bevorstehen", "bevorstehende",
    "bevorstehenden"
])
# auxiliaries of the perfect and pluperfect, and preterite forms of auxiliaries and frequent verbs
PAST_AUX = frozenset([
    "hat", "haben", "habe", "hast", "hatte", "hatten", "ist", "sind", "sei", "seien", "war", "waren"
])
PAST_WORDS = frozenset([
    "hatte", "hatten", "war", "waren", "wurde", "wurden", "worden", "gewesen", "kam", "kamen", "gab",
    "gaben", "ging", "gingen", "fand", "fanden", "starb", "starben", "traf", "trafen", "fiel", "fielen",
    "stand", "standen", "lag", "lagen", "sah", "sahen", "nahm", "nahmen", "hielt", "hielten", "rief",
    "riefen", "schrieb", "schrieben", "sprach", "sprachen", "trat", "traten", "zog", "zogen", "brach",
    "brachen", "gewann", "gewannen", "begann", "begannen", "erschien", "erschienen", "blieb", "blieben",
    "ließ", "ließen", "hieß", "hießen", "lief", "liefen", "flog", "flogen", "fuhr", "fuhren", "schlug",
    "schlugen", "stieg", "stiegen", "sank", "sanken", "wies", "wiesen", "bot", "boten", "griff", "griffen",
    "erhielt", "erhielten", "verließ", "verließen", "bat", "baten", "entschied", "entschieden", "beschloss",
    "beschlossen", "schloss", "schlossen", "riss", "rissen", "warf", "warfen", "galt", "galten", "stieß",
    "stießen", "erfuhr", "erfuhren", "geschah", "geschahen", "betrat", "betraten", "empfing", "empfingen",
    "verlor", "verloren", "wurde", "brachte", "brachten", "dachte", "dachten", "kannte", "kannten",
    "nannte", "nannten", "rannte", "sandte", "wandte", "wusste", "wussten", "musste", "mussten", "konnte",
    "konnten", "durfte", "durften", "mochte", "mochten"
])
# lower-case words ending like a weak preterite that are not verbs
NOT_PRETERITE = frozenset([
    "heute", "letzte", "letzten", "erste", "ersten", "zweite", "zweiten", "dritte", "dritten", "vierte",
    "vierten", "fünfte", "fünften", "sechste", "sechsten", "siebte", "siebten", "achte", "achten", "neunte",
    "neunten", "zehnte", "zehnten", "gute", "guten", "weite", "weiten", "breite", "breiten", "rechte",
    "rechten", "echte", "echten", "leichte", "leichten", "bekannte", "bekannten", "gesamte", "gesamten",
    "späte", "späten", "harte", "harten", "konkrete", "konkreten", "direkte", "direkten", "komplette",
    "kompletten", "private", "privaten", "absolute", "absoluten", "halbe", "mitte", "bereite", "bereiten",
    "weitere", "weiteren", "beste", "besten", "meiste", "meisten", "nächste", "nächsten", "größte",
    "größten", "mehrere", "unbekannte", "unbekannten", "verletzte", "verletzten", "breite", "soziale"
])
DETERMINERS = frozenset([
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines", "kein",
    "keine", "keinen", "keinem", "keiner", "dieser", "diese", "dieses", "diesen", "diesem", "jener", "jene",
    "seine", "seinen", "seinem", "seiner", "ihre", "ihren", "ihrem", "ihrer", "unsere", "unseren", "am",
    "im", "vom", "zum", "zur", "beim"
])
PREPOSITIONS = frozenset([
    "mit", "von", "bei", "nach", "aus", "zu", "vor", "seit", "in", "an", "auf", "für", "gegen", "über", "unter",
    "durch", "ohne", "um", "wegen", "trotz",
])
# not a finite present verb although lower-case and ending in -t
NOT_PRESENT = frozenset([
    "nicht", "jetzt", "erst", "seit", "bereits", "fast", "zuletzt", "zunächst", "meist", "längst", "selbst",
    "insgesamt", "statt", "mit", "gut", "weit", "breit", "bereit", "recht", "leicht", "oft", "sonst",
    "samt", "nebst", "direkt", "konkret", "komplett", "weltweit", "bundesweit", "bisher", "nachdem",
    "damit", "somit", "dort", "erstmals", "erneut", "heute", "gestern", "morgen", "knapp", "rund", "etwa"
])
STATIVE = frozenset([
    "lebt", "leben", "gehört", "gehören", "ist", "sind", "gibt", "gilt", "gelten", "besteht", "bestehen",
    "zählt", "zählen", "heißt", "heißen", "befindet", "befinden", "liegt", "liegen", "wohnt", "wohnen",
    "arbeitet", "arbeiten", "leitet", "leiten", "benutzen", "benutzt", "nutzen", "nutzt", "kennt", "kennen",
    "trägt", "tragen", "steht", "stehen", "erinnert", "erinnern"
])

_BREAK = re.compile(r"[,;:()\[\]„“”\"»«\n]|\s[–-]\s")
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")
_PARTICIPLE = re.compile(
    r"(?:[a-zäöü]*ge[a-zäöü]{2,}(?:t|en)|(?:be|ver|er|ent|zer|emp|miss)[a-zäöü]{2,}(?:t|en)|[a-zäöü]{3,}iert)"
)
_NOT_PARTICIPLE = frozenset([
    "gegen", "genug", "gestern", "gerade", "genau", "gern", "gesamt", "gelten", "geben", "gehen", "gewinnen"
])
_ZU_INFINITIVE = re.compile(
    r"(?:\bzu\s+[a-zäöü]{3,}(?:en|ern|eln)|\b(?:ab|an|auf|aus|bei|ein|fest|fort|frei|her|hin|mit|nach|vor|weg"
    r"|weiter|zurück|zusammen|durch|um|wieder|teil|statt|bekannt|vorbei)zu[a-zäöü]{2,}(?:en|ern|eln))\s*[.!?]?\s*$"
)


_ZU_WORD = re.compile(
    r"(?:ab|an|auf|aus|bei|ein|fest|fort|frei|her|hin|mit|nach|vor|weg|weiter|zurück|zusammen|durch|um|wieder"
    r"|teil|statt|bekannt|vorbei)zu[a-zäöü]{2,}(?:en|ern|eln)"
)
_COORD = re.compile(r"\s(?:und|aber|doch|sondern)\s")
PRESENT_FINITE = frozenset([
    "ist", "sind", "sei", "seien", "hat", "habe", "gibt", "gebe", "geht", "gehe", "kommt", "komme", "steht",
    "stehe"
])


def clause(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The clause around ``text[start:end]`` within the sentence ``text[lo:hi]``."""
    left = lo
    for m in _BREAK.finditer(text, lo, start):
        left = m.end()
    after = _BREAK.search(text, end, hi)
    return left, (after.start() if after else hi)


def _words(text: str, lo: int, hi: int, skip: tuple[int, int]) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in _WORD.finditer(text, lo, hi) if not skip[0] <= m.start() < skip[1]]


def _preterite(words: list[tuple[int, str]], i: int, modal: bool) -> bool:
    w = words[i][1]
    if w in PAST_WORDS:
        return True
    if not w.islower() or len(w) < 5 or w in NOT_PRETERITE or not w.endswith(("te", "ten")):
        return False
    if w.endswith("ten") and (modal or _ZU_WORD.fullmatch(w) or (i > 0 and words[i - 1][1] == "zu")):
        return False  # an infinitive: "wird ... starten", "einzuleiten", "zu halten"
    if w.endswith(("ste", "sten")) and not w.endswith(("sste", "ssten")):
        return False  # superlatives and ordinals ("größte", "zwanzigste")
    prev = words[i - 1][1].lower() if i > 0 else ""
    if prev in DETERMINERS or (w.endswith("ten") and prev in PREPOSITIONS):
        return False  # an attributive participle: "die geplante Reise", "mit verletzten Menschen"
    # "-te" before a noun without an article is an adjective too ("veröffentlichte Player")
    return w.endswith("ten") or not (i + 1 < len(words) and words[i + 1][1][:1].isupper()
                                     and words[i + 1][1].lower() not in DETERMINERS)


def cues(text: str, lo: int, hi: int, skip: tuple[int, int]) -> list[tuple[int, int]]:
    """(position, sign) of every tense cue in ``text[lo:hi]`` outside ``skip`` (the expression)."""
    words = _words(text, lo, hi, (0, 0))
    out = []
    aux = any(w in PAST_AUX for p, w in words if not skip[0] <= p < skip[1])
    modal = any(w.lower() in FUTURE_WORDS for _, w in words)
    for i, (pos, w) in enumerate(words):
        if skip[0] <= pos < skip[1]:
            continue
        lw = w.lower()
        if lw in FUTURE_WORDS and (w.islower() or i == 0):
            out.append((pos, 1))
        elif i + 1 < len(words) and words[i + 1][1] == "werden" and w.islower():
            continue  # "beschlossen werden (soll)": a passive infinitive, the future's, not the past's
        elif _preterite(words, i, modal) or (aux and w.islower() and w not in _NOT_PARTICIPLE and _PARTICIPLE.fullmatch(w)):
            out.append((pos, -1))
    if _ZU_INFINITIVE.search(text, lo, hi) and not any(s < 0 for _, s in out):
        out.append((hi, 1))
    return out


def direction(text: str, start: int, end: int, lo: int, hi: int, sentence: bool = True) -> int:
    """-1 before, +1 after, 0 unknown: the expression's clause decides, else (``sentence``) the nearest
    cue in its sentence."""
    c_lo, c_hi = clause(text, start, end, lo, hi)
    for a, b in ((c_lo, c_hi), (lo, hi))[: 2 if sentence else 1]:
        found = cues(text, a, b, (start, end))
        if found:
            return min(found, key=lambda ps: abs(ps[0] - start))[1]
    return 0


def present_verb_next_to(text: str, start: int, end: int, lo: int, hi: int) -> bool:
    """A finite present verb just before the expression (and its preposition) or just after it."""
    words = _words(text, lo, hi, (start, end))
    before = [w for p, w in words if p < start][-2:]
    after = [w for p, w in words if p >= end][:1]
    if before and before[-1] in ("am", "an", "ab", "bis", "für", "vom", "zum", "Am", "An", "Ab", "Bis", "Für"):
        before = before[:-1]
    if not before and after:
        # "Am Donnerstag folgen die Ressorts …": the verb right after a fronted date is finite
        w = after[0]
        if w.islower() and w.endswith("en") and not w.endswith("ten") and w not in PAST_WORDS:
            return True
    for w in before[-1:] + after:
        if w in PRESENT_FINITE:
            return True
        if w.islower() and len(w) > 3 and w.endswith("t") and w not in NOT_PRESENT and not _PARTICIPLE.fullmatch(w):
            return True
    return False


def nowadays(text: str, start: int, end: int, lo: int, hi: int) -> bool:
    """'heute' meaning nowadays: 'heute noch', 'bis heute', 'der heute 49-Jährige', a stative present clause."""
    before, after = text[max(lo, start - 12) : start], text[end : min(hi, end + 16)]
    if re.search(r"(?:\b[Bb]is|\b[Nn]och|\b[Aa]uch)\s+$", before) or re.match(r"\s+noch\b|\s+\d+-[Jj]ährige", after):
        return True
    if re.search(r"\b(?:seit|ab|für|von|an)\s+$", before):
        return False  # "seit heute", "für heute": the day
    c_lo, c_hi = clause(text, start, end, lo, hi)
    # "… wurde verfeinert und ist heute Standard": the coordinated clause of "heute" counts
    for m in _COORD.finditer(text, c_lo, start):
        c_lo = m.end()
    coord = _COORD.search(text, end, c_hi)
    c_hi = coord.start() if coord else c_hi
    if cues(text, c_lo, c_hi, (start, end)):
        return False
    return any(w in STATIVE for _, w in _words(text, c_lo, c_hi, (start, end)))
