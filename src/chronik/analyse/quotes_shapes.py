"""Reported speech read from the shape of a clause (issue 12, round 11).

Most Reported statements of Wikinews that the tagger and the rules miss have no speech verb the
lexicons know: the whole sentence reports an act of speech or judgement through a verb frame —
*X spricht/berichtet von Y*, *X geht von Y aus*, *X bezeichnet/wertet Y als Z*, *Y wurde von X als Z
kritisiert*, *X hält Y für Z*, *X sieht in Y Z*, *X rechnet mit Y*, *X begründet Y mit Z*. Each shape
here is such a frame: a finite verb (or passive participle) and the preposition or particle that
makes it a speech act, in one clause outside quotation marks. :func:`shape_statements` gives one
``reported`` statement per sentence that no other statement touches (the chooser then picks its
speaker); which shapes are used is ``quotes.REPORT_SHAPES`` (chosen by cross-validation on train,
``training/quotes/report_shapes.py``).
"""

from __future__ import annotations

from collections.abc import Iterable

from .quotes_reader import CLAUSE_OPENERS, RELATIVE, Reader, Statement

_CLAUSE_END = frozenset([",", ";", ":", ".", "!", "?", "(", ")", "–"])
_PASSIVE = frozenset(("wird", "werden", "wurde", "wurden", "worden"))

# shape → (finite verb forms, words that must follow the verb in its clause, clause-final particle or None)
_ACTIVE: dict[str, tuple[frozenset[str], frozenset[str], str | None]] = {
    # "Die Medien sprechen von örtlichen Angestellten als Geiseln." / "Andere Medien berichten von 13 Toten."
    "von": (frozenset(("spricht", "sprechen", "sprach", "sprachen", "berichtet", "berichten", "berichtete",
                       "berichteten")), frozenset(("von", "vom")), None),
    # "Die Polizei geht von Suizid aus."
    "aus": (frozenset(("geht", "gehen", "ging", "gingen")), frozenset(("von", "vom")), "aus"),
    # "Eine Verschiebung bezeichnete Conze als fatal." / "Beobachter werten den Sieg als Erfolg …"
    "als": (frozenset(("bezeichnet", "bezeichnete", "bezeichneten", "bezeichnen", "wertet", "werten", "wertete",
                       "werteten", "betrachtet", "betrachten", "betrachtete", "betrachteten", "beschreibt",
                       "beschreiben", "beschrieb", "beschrieben", "kritisiert", "kritisieren", "kritisierte",
                       "kritisierten", "attackierte", "attackierten", "lobt", "loben", "lobte", "lobten",
                       "nannte", "nannten", "nennt", "nennen", "empfanden", "empfand", "empfindet", "empfinden",
                       "stuft", "stufen", "stufte", "stuften")), frozenset(("als",)), None),
    # "Der Verfassungsschutz hält eine Veröffentlichung für unbedenklich."
    "fuer": (frozenset(("hält", "halten", "hielt", "hielten")), frozenset(("für",)), None),
    # "Experten sehen in dem Referendum den ersten Schritt …"
    "in": (frozenset(("sieht", "sehen", "sah", "sahen")), frozenset(("in", "im")), None),
    # "Die Analysten hatten mit 62 Millionen Euro gerechnet." / "Die Stadt begründet die Erhöhung mit …"
    "mit": (frozenset(("rechnet", "rechnen", "rechnete", "rechneten", "begründet", "begründen", "begründete",
                       "begründeten")), frozenset(("mit",)), None),
    # "Die deutschen Brauer warnen vor der umstrittenen Gasförderung."
    "vor": (frozenset(("warnt", "warnen", "warnte", "warnten")), frozenset(("vor", "vorm")), None),
    # "Frank plädiert für eine Erweiterung …" / "Die SPD sprach sich für … aus"
    "fuer_gegen": (frozenset(("plädiert", "plädieren", "plädierte", "plädierten", "spricht", "sprechen", "sprach",
                              "sprachen")), frozenset(("für", "gegen")), None),
    # "Datenschützer wiesen auf die Gefahren hin."
    "hin": (frozenset(("weist", "weisen", "wies", "wiesen")), frozenset(("auf",)), "hin"),
    # "Hilda Morales macht Misogynie für die Gewalt verantwortlich."
    "verantwortlich": (frozenset(("macht", "machen", "machte", "machten")), frozenset(("für",)), "verantwortlich"),
}
# "Y wurde von X als Z bezeichnet / kritisiert / gewertet / gelobt": a passive judgement with its agent
_PASSIVE_ALS = frozenset(("bezeichnet", "gewertet", "betrachtet", "beschrieben", "kritisiert", "gelobt",
                          "eingestuft", "genannt", "angesehen", "empfunden", "eingeschätzt"))
# The perfect of each shape ("hatten mit … gerechnet", "sind von … ausgegangen"): participles after a
# finite "haben"/"sein"
_PERFECT: dict[str, frozenset[str]] = {
    "von": frozenset(("berichtet", "gesprochen")), "aus": frozenset(("ausgegangen",)),
    "mit": frozenset(("gerechnet", "begründet")),
    "als": frozenset(("bezeichnet", "gewertet", "betrachtet", "kritisiert", "gelobt", "beschrieben")),
    "vor": frozenset(("gewarnt",)), "fuer_gegen": frozenset(("plädiert", "ausgesprochen")),
    "hin": frozenset(("hingewiesen",)),
}
_HAVE = frozenset(("hat", "haben", "hatte", "hatten", "ist", "sind", "war", "waren"))
_AUX_AFTER = frozenset(("können", "könnte", "könnten", "müsste", "müssten", "müssen", "muss", "kann", "sollte",
                        "sollten", "will", "wollen", "würde", "würden", "werden", "wird", "wurde", "wurden", "hat",
                        "haben", "hatte", "hatten", "ist", "sind", "war", "waren", "lassen", "zu"))
# A clause opened by one of these (after a comma, or at the sentence start) is subordinate: the
# judgement is the background of another clause ("…, das er für kontraproduktiv hält").
_SUBORDINATE = RELATIVE | CLAUSE_OPENERS | frozenset((
    "daß", "weil", "da", "wenn", "nachdem", "bevor", "damit", "obwohl", "während", "wobei", "falls", "sofern",
    "indem", "seit", "seitdem", "bis", "ehe", "sodass"))
_RELATIVE_AFTER_COMMA = frozenset(("der", "die", "das", "dem", "den", "in", "mit", "von", "für", "an", "bei", "auf"))
SHAPES = frozenset((*_ACTIVE, "passive_als"))
QUOTED_NAME = 5  # a quotation of at most this many tokens, marks included, is a name ("Die Zeitung „Express“")
WHOLE_UNIT = True  # the shape's preposition may stand after a comma ("hält das Verfahren, das …, für …")


def _clauses(reader: Reader, s: int, e: int) -> Iterable[tuple[int, int]]:
    """The stretches of [s, e) between clause punctuation, outside quotation marks."""
    a = s
    for i in range(s, e):
        if reader.text[i] in _CLAUSE_END and reader.qid[i] < 0:
            if i > a:
                yield a, i
            a = i + 1
    if e > a:
        yield a, e


def _subordinate(reader: Reader, a: int, s: int) -> bool:
    """The clause starting at token a (of the unit starting at s) is a subordinate or relative clause."""
    w = reader.low[a]
    return w in _SUBORDINATE or (a > s and reader.text[a - 1] == "," and w in _RELATIVE_AFTER_COMMA)


def _verb_final(reader: Reader, verb: int, b: int) -> bool:
    """The verb closes its clause (only auxiliaries or "zu" after it): a subordinate or infinitive clause."""
    return all(reader.low[i] in _AUX_AFTER or reader.punct[i] for i in range(verb + 1, b))


# Every verb form a shape starts from: a unit without one has no shape (a quick gate before the clauses).
_SHAPE_VERBS = frozenset().union(*(verbs for verbs, _, _ in _ACTIVE.values()), *_PERFECT.values(), _PASSIVE_ALS)


def find_shape(reader: Reader, s: int, e: int,
               shapes: frozenset[str]) -> tuple[str, int, tuple[int, int] | None, int] | None:
    """The first reporting clause shape in unit [s, e) among ``shapes``: (shape, verb token, agent
    phrase of a passive or None, the clause's first token)."""
    low, qid = reader.low, reader.qid
    if not any(w in _SHAPE_VERBS for w in low[s:e]) or any(reader.text[i] == "?" for i in range(s, e)):
        return None  # no shape verb; a question reports nothing
    for a, b in _clauses(reader, s, e):
        if any(qid[i] >= 0 and reader.quotes[qid[i]][1] - reader.quotes[qid[i]][0] > QUOTED_NAME for i in range(a, b)) \
                or _subordinate(reader, a, s):
            continue  # a clause with a quotation is the other statements' business (a quoted name is not one)
        words = low[a:b]
        passive = any(w in _PASSIVE for w in words)
        if "als" in words and any(low[i] == "als" and i + 1 < b and low[i + 1] == "auch" for i in range(a, b)):
            continue  # "sowohl … als auch"
        if "passive_als" in shapes and passive and "als" in words:
            verb = next((i for i in range(b - 1, a, -1) if low[i] in _PASSIVE_ALS), None)
            von = next((i for i in range(a, verb) if low[i] in ("von", "vom")), None) if verb is not None else None
            if verb is not None and von is not None and any(low[i] == "als" for i in range(a, verb)):
                agent = reader.np_after(von + 1, verb)
                if agent is not None:
                    return "passive_als", verb, agent, a
        for name, (verbs, after, particle) in _ACTIVE.items():
            if name not in shapes or passive:
                continue
            verb = next((i for i in range(a, b) if low[i] in verbs), None)
            if verb is not None and (_verb_final(reader, verb, b) or (verb > a and low[verb - 1] == "zu")):
                verb = None
            if verb is None and name in _PERFECT:
                verb = next((i for i in range(b - 1, a, -1) if low[i] in _PERFECT[name]), None)
                have = next((i for i in range(a, verb) if low[i] in _HAVE), None) if verb is not None else None
                if have is None or _verb_final(reader, have, b):
                    verb = None
            if verb is None:
                continue
            if name == "in" and (not any(low[i] in after for i in range(verb + 1, min(b, verb + 4)))
                                 or low[b - 1] in ("vor", "aus", "an", "zu", "fern", "nach")):
                continue  # "sieht in X Y", not "sah … Gelb", "sieht … in … vor" (plans) or "sieht … aus"
            if not any(low[i] in after for i in range(a, e if WHOLE_UNIT else b) if i != verb):
                continue
            if name == "fuer_gegen" and low[verb].startswith("spr") and not (
                    "sich" in words and (low[b - 1] == "aus" or low[verb] == "ausgesprochen")):
                continue  # "sprach sich für … aus", not "spricht für sich"
            if name == "als" and verb + 1 < b and low[verb + 1] == "sich":
                continue  # "bezeichnet sich als …": a self-description
            if particle is not None and low[verb] not in _PERFECT.get(name, ()) and low[b - 1] != particle:
                continue
            return name, verb, None, a
    return None


def _quoted_name_subject(reader: Reader, a: int, verb: int) -> tuple[int, int] | None:
    """The prefield [a, verb) as the subject when it is a short phrase holding a quoted name ("Die Zeitung
    „Express“ berichtete …"), which the reader's subject rule leaves out as a quotation."""
    if not 1 < verb - a <= 8 or not reader.text[a][:1].isupper():
        return None
    names = [reader.qid[i] for i in range(a, verb) if reader.qid[i] >= 0]
    if not names or any(reader.quotes[q][1] - reader.quotes[q][0] > QUOTED_NAME for q in names):
        return None
    return None if any(reader.text[i] in _CLAUSE_END for i in range(a, verb) if reader.qid[i] < 0) else (a, verb)


def shape_statements(reader: Reader, taken: list[tuple[int, int]],
                     shapes: frozenset[str]) -> list[tuple[str, Statement]]:
    """(shape, ``reported`` statement) for each unit no message in ``taken`` touches whose clause has one of
    ``shapes``: the whole sentence is the message, the shape's verb its cue, the speaker found
    around the verb (the chooser may choose another)."""
    if not shapes:
        return []
    out = []
    for u, (s, e) in enumerate(reader.units):
        if e - s < 4 or any(a < e and s < b for a, b in taken):
            continue
        found = find_shape(reader, s, e, shapes)
        if found is None:
            continue
        name, verb, agent, a = found
        while e > s and reader.space[e - 1]:
            e -= 1
        # the subject before the verb, else after it; after a subordinate clause, read from the main clause
        speaker = (agent or reader.speaker_around(s, verb, e) or (reader.speaker_around(a, verb, e) if a > s else None)
                   or _quoted_name_subject(reader, a, verb))
        if speaker is not None and speaker[0] > verb and name in _ACTIVE:
            # after the verb the phrase ends at the shape's preposition: "gingen die Behörden | von X aus"
            cut = next((i for i in range(*speaker) if reader.low[i] in _ACTIVE[name][1]), speaker[1])
            speaker = (speaker[0], cut) if cut > speaker[0] else None
        if speaker is None or (speaker[1] - speaker[0] == 1 and reader.low[speaker[0]] == "man"):
            continue  # no one named: the dataset's speaker stands elsewhere, if anywhere
        out.append((name, Statement("reported", [(s, e)], (verb, verb + 1), speaker, u)))
    return out
