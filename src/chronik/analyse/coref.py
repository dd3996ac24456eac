"""Rule-based, precision-first coreference over the mentions that ``entities`` detected.

Three steps, in text order: names are grouped by name matching (same canonical key, surname of a
fuller name, genitive -s); definite role nouns ("die Ministerin", "das Verteidigungsbündnis") go
to the most recent compatible entity; pronouns go to the single compatible candidate of the
clause, otherwise they stay unresolved. Mentions that resolve to nothing are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .gazetteer import Place


@dataclass
class Cand:
    """A mention candidate in token offsets, with what the rules know about it."""

    start: int
    end: int
    label: str  # PER | ORG | LOC | MISC
    kind: str = "name"  # name | nominal | pronoun
    prio: int = 3
    key: str | None = None  # canonical key from a lexicon (org name, place) or an acronym
    words: tuple[str, ...] = ()  # name tokens, genitive -s stripped
    gender: str = "u"  # m | f | n | p | u; "fp" = f or plural (sie), "mn" (sein)
    compound: bool = False  # "IS-Miliz": part of one token, not written to doc.ents
    org_class: str | None = None
    nationality: str | None = None
    head: str | None = None  # role noun lemma of a nominal
    parties: frozenset[str] = frozenset()  # the parties a nominal's role noun names: "der FDP-Politiker" {"fdp"}
    place: Place | None = None
    described: bool = False  # introduced by a descriptor noun: "der Wohnungskonzern Vonovia"
    sent: int = 0
    entity: int | None = None


@dataclass
class Cluster:
    label: str
    mentions: list[Cand] = field(default_factory=list)
    gender: str = "u"
    nationality: str | None = None
    heads: set[str] = field(default_factory=set)  # role-noun lemmas the entity carries
    parties: set[str] = field(default_factory=set)  # its parties, as gazetteer.parties names them: "(CDU)", "SPD-Chef"
    classes: set[str | None] = field(default_factory=set)  # org class nouns (None: a name without one)
    key: str | None = None

    @property
    def names(self) -> list[tuple[str, ...]]:
        return [m.words for m in self.mentions if m.kind == "name" and m.words]

    def first_before(self, pos: int) -> int | None:
        """Start of the latest mention before token ``pos``, or None."""
        starts = [m.start for m in self.mentions if m.start < pos]
        return max(starts) if starts else None


def _person_match(words: tuple[str, ...], cluster: Cluster) -> bool:
    """Same person by name: one name form ends the other ("Esper" ⊂ "Mark Esper"), with no
    conflicting first name ("Peter Esper" vs "Mark Esper")."""
    for name in cluster.names:
        short, full = (words, name) if len(words) <= len(name) else (name, words)
        if full[len(full) - len(short) :] == short:
            return True
    return False


def cluster_names(cands: list[Cand]) -> list[Cluster]:
    """Group name mentions; a lone surname matching two different people joins neither."""
    clusters: list[Cluster] = []
    by_key: dict[tuple[str, str], int] = {}
    # Full names first so that a lone surname early in the text still finds its person.
    names = sorted((c for c in cands if c.kind == "name"), key=lambda c: (-len(c.words), c.start))
    for cand in names:
        idx = _find_cluster(cand, clusters, by_key)
        if idx is None:
            idx = len(clusters)
            clusters.append(Cluster(cand.label, key=cand.key))
        if cand.key:
            by_key.setdefault((cand.label, cand.key), idx)
        by_key.setdefault((cand.label, " ".join(cand.words)), idx)
        cand.entity = idx
        clusters[idx].mentions.append(cand)
    return clusters


def _find_cluster(cand: Cand, clusters: list[Cluster], by_key: dict) -> int | None:
    if cand.key and (cand.label, cand.key) in by_key:
        return by_key[(cand.label, cand.key)]
    if (cand.label, " ".join(cand.words)) in by_key:
        return by_key[(cand.label, " ".join(cand.words))]
    if cand.label != "PER":
        return None
    hits = [i for i, cl in enumerate(clusters) if cl.label == "PER" and _person_match(cand.words, cl)]
    return hits[0] if len(hits) == 1 else None


def _compatible_person(nom: Cand, cl: Cluster) -> int | None:
    """Score of a person entity for a role-noun NP; None when it cannot be that entity."""
    if cl.label != "PER" or (nom.gender in "mf" and cl.gender in "mf" and nom.gender != cl.gender):
        return None
    if nom.nationality and cl.nationality and nom.nationality != cl.nationality:
        return None
    if nom.parties and cl.parties and not nom.parties & cl.parties:
        return None  # "der FDP-Politiker" is not the chancellor named "(CDU)"
    score = 0
    if nom.head is not None and any(h == nom.head or h.endswith(nom.head) for h in cl.heads):
        score += 2
    if nom.nationality and nom.nationality == cl.nationality:
        score += 3  # explicit nationality outweighs a shared role head ("US-" vs "Minister")
    return score


def resolve_nominals(cands: list[Cand], clusters: list[Cluster], window: int) -> None:
    """Definite role NPs: the most recent entity that fits best; a person with neither a matching
    role nor nationality only when it is the one person of that gender in the last sentences."""
    for nom in (c for c in cands if c.kind == "nominal"):
        if nom.entity is not None:  # appositive, resolved by position
            clusters[nom.entity].mentions.append(nom)
            continue
        if nom.label == "ORG":
            best = _latest(nom, clusters, lambda cl, cls=nom.org_class: cls in cl.classes)
        else:
            best = _best_person(nom, clusters, window)
        if best is not None:
            nom.entity = best
            clusters[best].mentions.append(nom)
            if nom.head:
                clusters[best].heads.add(nom.head)


def _latest(nom: Cand, clusters: list[Cluster], ok) -> int | None:
    scored = [(cl.first_before(nom.start), i) for i, cl in enumerate(clusters) if ok(cl)]
    scored = [(pos, i) for pos, i in scored if pos is not None]
    return max(scored)[1] if scored else None


def _best_person(nom: Cand, clusters: list[Cluster], window: int) -> int | None:
    cands = []
    for i, cl in enumerate(clusters):
        pos = cl.first_before(nom.start)
        score = None if pos is None else _compatible_person(nom, cl)
        if score is not None:
            last_sent = max(m.sent for m in cl.mentions if m.start < nom.start)
            cands.append((score, pos, i, last_sent))
    if not cands:
        return None
    best = max(cands)
    if best[0] > 0:
        top = [c for c in cands if c[0] == best[0]]
        return best[2] if len(top) == 1 else None
    recent = [c for c in cands if nom.sent - c[3] <= window]
    return recent[0][2] if len(recent) == 1 else None


_PRON_OK = {"m": {"m"}, "mn": {"m", "n"}, "fp": {"f", "p"}}


def resolve_pronouns(cands: list[Cand], clusters: list[Cluster], in_parens: set[int], no_lookback: set[int],
                     texts: list[str] | None = None, sent_of: list[int] | None = None) -> None:
    """er/sie/sein/ihr: the one compatible entity of the clause, else of the previous sentence
    (unless the sentence is in ``no_lookback``). People outrank organisations; two people that
    fit leave the pronoun unresolved, unless (with the doc's ``texts`` and each token's sentence,
    ``sent_of``) the pronoun is a sentence-opening subject (*Er*, *Sie*) and one of them is the subject
    of the sentence before, its prefield (:func:`_prefield_person`): "Ministerpräsident X nennt das
    Verhalten von Y „schlimm“. Er sagt: …" is X, never Y; and a sentence opened by the same subject
    pronoun passes that pronoun's entity (or none) on, never its object's."""
    resolved = sorted((c for c in cands if c.kind != "pronoun" and c.entity is not None), key=lambda c: c.start)
    first = _sentence_starts(sent_of, texts) if sent_of is not None and texts is not None else {}
    openers = {c.start: c for c in cands if c.kind == "pronoun"}  # pronouns by token, to find one opening a sentence
    for pron in (c for c in cands if c.kind == "pronoun"):
        ok = _PRON_OK[pron.gender]
        for sent in (pron.sent,) if pron.sent in no_lookback else (pron.sent, pron.sent - 1):
            seen = [m for m in resolved
                    if m.entity is not None and m.sent == sent and m.start < pron.start and m.start not in in_parens
                    and _gender_fits(clusters[m.entity], m, ok)]
            found: set[int] = {m.entity for m in seen if m.entity is not None}
            if found:
                break
        people = [e for e in found if clusters[e].label == "PER"]
        pick = people if people else [e for e in found if clusters[e].label == "ORG"]
        if len(people) > 1 and texts is not None and first.get(pron.sent) == pron.start \
                and texts[pron.start].lower() in ("er", "sie"):
            subject = _prefield_person([m for m in seen if m.entity is not None and clusters[m.entity].label == "PER"],
                                       first.get(sent), texts)
            pick = [subject] if subject is not None else pick
        if texts is not None and sent == pron.sent and pron.sent not in no_lookback and seen \
                and texts[pron.start].lower() in ("er", "sie") and all(_governed(m.start, texts) for m in seen):
            # "X kritisierte die Partei. Von der Wortwahl gegenüber Y halte er nicht viel": whom the pronoun's own
            # sentence names only after a preposition or genitive is talked about; the subject before goes on speaking
            before = [m for m in resolved if m.entity is not None and m.sent == pron.sent - 1 and m.start not in in_parens
                      and clusters[m.entity].label == "PER" and _gender_fits(clusters[m.entity], m, ok)]
            subject = _prefield_person(before, first.get(pron.sent - 1), texts)
            pick = [subject] if subject is not None else pick
        opener = openers.get(first.get(sent, -1))
        if opener is not None and opener is not pron and texts is not None \
                and texts[opener.start].lower() == texts[pron.start].lower() in ("er", "sie"):
            # "Er warf Merz … vor. Dessen Rede habe ihn erinnert, entgegnete er": the subject pronoun of the sentence
            # goes on, never its object. Its entity, or none.
            pick = [opener.entity] if opener.entity is not None else []
        if len(pick) == 1:
            pron.entity = pick[0]
            clusters[pick[0]].mentions.append(pron)


def _sentence_starts(sent_of: list[int], texts: list[str]) -> dict[int, int]:
    """The first token of each sentence that is no white space, from each token's sentence index."""
    out: dict[int, int] = {}
    for i, s in enumerate(sent_of):
        if texts[i].strip():
            out.setdefault(s, i)
    return out


_PREFIELD_WORDS = frozenset(["der", "die", "das"])
# Prepositions that open a sentence capitalised ("Nach Angaben des Direktors …"): no subject follows.
_PREPOSITIONS = frozenset(["nach", "laut", "von", "vom", "bei", "beim", "mit", "für", "in", "im", "am", "an", "auf", "aus",
                           "über", "unter", "vor", "zu", "zum", "zur", "gegen", "seit", "trotz", "wegen", "gegenüber"])


def _prefield_person(mentions: list[Cand], start: int | None, texts: list[str]) -> int | None:
    """The person whose name opens the sentence from ``start``: only a nominative article (and a
    declined adjective after it) and capitalised words that are no preposition (a role, a genitive place: "Niedersachsens
    Ministerpräsident X") before it, so it stands in the prefield, the subject's place; None when a
    verb, adverb or preposition comes first ("Am Montag traf X Y", "Nach Angaben des Direktors X")
    or the first person mention is no name."""
    if start is None or not mentions:
        return None
    m = min(mentions, key=lambda c: c.start)
    if m.kind != "name" or m.start - start > 4 or any(
            texts[i].lower() in _PREPOSITIONS or not (texts[i][:1].isupper() or texts[i].lower() in _PREFIELD_WORDS
                                                      or _attributive(i, start, texts))
            for i in range(start, m.start)):
        return None
    # The others must be no rival subject or object: each after a preposition or a genitive ("das Verhalten von
    # Y", "der Plan des Y"). "X traf Y. Er sagte …" stays open: Y, the object, is as likely.
    if not all(_governed(o.start, texts) for o in mentions if o.entity != m.entity):
        return None
    return m.entity


def _attributive(i: int, start: int, texts: list[str]) -> bool:
    """A declined adjective right after the sentence's opening article ("Der frühere Minister X",
    "Die schleswig-holsteinische Ministerin Y")."""
    return i == start + 1 and texts[start].lower() in _PREFIELD_WORDS and texts[i].endswith(("e", "en")) \
        and texts[i][:1].islower()


def _governed(i: int, texts: list[str]) -> bool:
    """The mention at token i follows a preposition or genitive article (over up to two capitalised
    words and an article: "von Ministerin Y", "mit dem Kanzler Y")."""
    j = i
    while j > 0 and i - j < 3 and (texts[j - 1][:1].isupper() or texts[j - 1].lower() in ("dem", "den", "der", "die", "das")):
        j -= 1
    return j > 0 and (texts[j - 1].lower() in _PREPOSITIONS or texts[j - 1].lower() in ("des", "eines"))


def _gender_fits(cl: Cluster, mention: Cand, ok: set[str]) -> bool:
    if cl.label == "PER":
        return cl.gender in ok or cl.gender == "u"
    return cl.label == "ORG" and cl.gender in ok


_QUOTED = re.compile(r"„[^“”\"„]*[“”\"]|\"[^\"\n]*\"|»[^«»]*«|«[^«»]*»")
_WORD = re.compile(r"[A-ZÄÖÜ][\w-]*")
_APPOSITION = re.compile(r"\s*,\s*(?:\S+\s+){0,3}$")


def someone_else_between(text: str, lo: int, hi: int, salient: list[tuple[int, int]], people: list[tuple[int, int]],
                         is_person_noun) -> bool:
    """Whether another person is mentioned in ``text[lo:hi]`` (character offsets) outside quotation
    marks: a person mention (``people``) or a capitalised person noun (``is_person_noun``: "ein
    Sprecher des Konzerns", "Fachleute") that is no part of a mention of the salient entity
    (``salient``). A pronoun after it is as likely that person as the last speaker: "X sagte … Eine
    Überlastung schloss ein Sprecher des Konzerns aus. Er erklärte …" is not X."""
    if hi <= lo:
        return False
    between = text[lo:hi]
    quoted = [(lo + m.start(), lo + m.end()) for m in _QUOTED.finditer(between)]

    def free(s: int, e: int) -> bool:
        return not any(a <= s and e <= b for a, b in quoted) and not any(a <= s and e <= b for a, b in salient)

    if any(lo <= s and e <= hi and free(s, e) for s, e in people):
        return True
    # (not an apposition of the salient mention: "sagte X, ein Anwalt des Verbands. Er …")
    return any(free(lo + m.start(), lo + m.end()) and is_person_noun(m.group()) and not _APPOSITION.match(between[:m.start()])
               for m in _WORD.finditer(between))
