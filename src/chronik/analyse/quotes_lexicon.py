"""Word lists for the statements component: cues, reported-speech verbs, Konjunktiv forms.

The TSV files under ``chronik/lexicons`` are derived from the Wikinews quotation
train split by ``training/quotes/derive_lexicons.py`` (counts only, no text);
the small closed-class sets below are written by hand. See ``docs/quotes.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .resources import tsv_records

# A cue form must be a cue in at least this share of its corpus occurrences.
MIN_CUE_RATIO = 0.3
# Derived cue forms that are particles, nouns or too generic to stand alone as a speech verb.
NOT_VERBS = frozenset(
    ["nach", "laut", "so", "wie", "zufolge", "gemäß", "demnach", "wonach", "danach", "davon", "darauf", "darüber", "hervor", "heraus", "fest", "worten", "schluss", "fazit", "these", "meinung", "aufforderung", "geht", "zeigte", "stellten", "gaben", "hören", "ergab", "erwiesen", "hob", "wandte", "rief", "ausgegangen", "angewiesen", "gebeten", "heißt", "hieß", "geheißen", "lautete"]
)
# Speech verbs the train split has fewer than two times but German news uses routinely.
EXTRA_VERBS = frozenset(
    ["sagten", "betonten", "bekräftigte", "bekräftigten", "bekannte", "bekannten", "bekundet", "bekundete", "bekundeten", "kündigten", "ankündigte", "angekündigt", "räumte", "räumten", "einräumte", "warnten", "mahnte", "mahnten", "forderten", "verlangten", "erklärt", "erklärte", "erklärten", "unterstrich", "unterstrichen", "versprach", "versprachen"]
)
# Verbs that make a sentence a report of a speech act even without a message clause.
EXTRA_REPORTED = frozenset(
    ["forderte", "forderten", "bekräftigte", "bekräftigten", "bekannte", "bekannten", "bekundet", "bekundete", "bekundeten", "gefordert", "kritisierte", "kritisierten", "warnte", "warnten", "lehnte", "lehnten", "verurteilte", "verurteilten"]
)
# Speech acts common in news, rare in train (threats, requests, protests, denials, appeals): reported
# speech for the rules only — the shipped tagger's features were computed without them.
SPEECH_ACTS = frozenset(
    ["drohte", "drohten", "droht", "bat", "baten", "bittet", "protestierte", "protestierten", "begrüßte",
     "begrüßten", "dementierte", "dementierten", "bestritt", "bestritten", "appellierte", "appellierten",
     "rief", "riefen"]
)
KONJUNKTIV_II = frozenset(["hätte", "hätten", "würde", "würden", "wäre", "wären", "könnte", "könnten", "müsste", "müssten", "dürfte", "dürften"])


@dataclass(frozen=True)
class Lexicon:
    speech_verbs: frozenset[str]
    reported_verbs: frozenset[str]
    tagger_reported: frozenset[str]  # reported_verbs as the statement tagger was trained with
    report_verbs: frozenset[str]  # verbs that on their own make a sentence reported speech
    konjunktiv_1: frozenset[str]
    konjunktiv_2: frozenset[str]


def _rows(name: str) -> list[dict[str, str]]:
    return tsv_records(name)


_PREFIXES = ("be", "er", "ver", "ent", "zer", "ge", "emp", "miss", "über", "unter", "wider")


def _weak_forms(past: str) -> list[str]:
    """Other finite forms and the participle of a weak verb seen in the past ("sagte" → "sagt", "gesagt")."""
    if not past.endswith("te") or len(past) < 5:
        return []
    stem = past[:-3] if past.endswith(("tete", "dete")) else past[:-2]
    e = "e" if stem.endswith(("t", "d")) else ""
    forms = [stem + e + "t", stem + e + "ten", stem + ("n" if stem.endswith(("er", "el")) else "en")]
    if not stem.startswith(_PREFIXES):
        forms.append("ge" + stem + e + "t")
    return forms


@lru_cache(maxsize=1)
def load() -> Lexicon:
    """Read the shipped lexicons once per process."""
    verbs = {
        r["form"]
        for r in _rows("cues.tsv")
        if r["kind"] == "word"
        and r["form"] not in NOT_VERBS
        and int(r["cue_count"]) >= MIN_CUE_RATIO * int(r["corpus_count"])
    }
    reported = {r["form"] for r in _rows("reported.tsv")}
    konj = {r["form"] for r in _rows("konjunktiv.tsv")}
    verbs |= EXTRA_VERBS
    speech = verbs | {f for v in verbs for f in _weak_forms(v)}
    return Lexicon(
        speech_verbs=frozenset(speech),
        # Any speech verb without a message clause reports a speech act ("kritisierte den Plan").
        reported_verbs=frozenset(speech | reported | EXTRA_REPORTED | SPEECH_ACTS),
        tagger_reported=frozenset(speech | reported | EXTRA_REPORTED),
        report_verbs=frozenset(reported | EXTRA_REPORTED | SPEECH_ACTS),
        konjunktiv_1=frozenset(konj - KONJUNKTIV_II),
        konjunktiv_2=KONJUNKTIV_II,
    )
