"""regex_gates: the words a pattern needs and the scanner that skips to where a match can start change no result."""

from __future__ import annotations

import random
import re

import pytest

from chronik.analyse import pledges, time
from chronik.analyse.regex_gates import finditer, first_chars, needed


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"\bsagte?\b", ("sagt",)),
        (r"[Gg]egen\s+Abende", ("abende",)),  # the longer of two runs
        (r"(?:Jan|Feb)\.?\s+\d{4}", ("feb", "jan")),
        (r"x|yz", ("x", "yz")),
        (r"(?<![\w-])(?:Montag|Dienstag)s?(?!\w)", ("dienstag", "montag")),
        (r"(?:Mitte|Ende)?\s*\d+\s+Uhr", ("uhr",)),  # an optional part needs nothing
        (r"\d+ Euro|Dollar", (" euro", "dollar")),
    ],
)
def test_needed_words(pattern, words):
    assert needed(pattern) == words


@pytest.mark.parametrize("pattern", [r"a*", r"\d+", r"(?:Uhr)?", r"\w+|Uhr", r"(.)\1"])
def test_nothing_needed(pattern):
    assert needed(pattern) is None


def test_case_folding_is_not_lower_case():
    # re.IGNORECASE matches "ſagt" (long s) with "sagt", which lower() does not: no needle then
    assert re.search("sagt", "ſagt", re.IGNORECASE)
    assert needed(re.compile("sagt", re.IGNORECASE)) is None
    assert needed("x(?i:sagt)") == ("x",)


# Hand-written sentences with the expressions the rules are for.
SENTENCES = [
    "Am Dienstag, dem 3. März 2020, sagte die Ministerin um 14:30 Uhr, sie werde bis Ende des Jahres zurücktreten.",
    "Seit den 1990er Jahren und im 19. Jahrhundert; im zweiten Quartal 2021 kündigte der Konzern tagelange Streiks an.",
    "Gestern Abend, vor drei Wochen und kürzlich wurde vereinbart, dass täglich und jeden Montag gezahlt wird.",
    "Zu Ostern 2019 und am Wochenende versprach er, an dem Ziel festzuhalten; die Regierung will bald Steuern senken.",
    "Der Verband rückte von dem Plan ab; künftig soll es derzeit keine Zusagen geben, am selben Tag hieß es anders.",
]


@pytest.mark.parametrize(
    ("name", "rx"), [*time._COMPILED, *((kind, rx) for kind, _, rx in pledges.CUES)]
)
def test_every_match_holds_a_needed_word(name, rx):
    words = needed(rx)
    for text in SENTENCES:
        for m in rx.finditer(text):
            if words is not None:
                assert any(w in m.group(0).lower() for w in words), (name, m.group(0), words)


def test_gates_skip_only_texts_without_matches():
    text = "Die Kommission legte einen Bericht vor."  # no time expression, no pledge cue
    lower = text.lower()
    for name, rx in time._COMPILED:
        words = time._NEEDED.get(name)
        if words and not any(w in lower for w in words):
            assert rx.search(text) is None, name
    assert any(words and not any(w in lower for w in words) for words in time._NEEDED.values())


RULES = [*time._COMPILED, *((kind, rx) for kind, _, rx in pledges.CUES)]


def _spans(matches):
    return [(m.span(), m.groupdict()) for m in matches]


@pytest.mark.parametrize(("name", "rx"), RULES)
def test_scanner_finds_what_finditer_finds(name, rx):
    scan = finditer(rx)
    for text in [*SENTENCES, " ".join(SENTENCES), "\n".join(reversed(SENTENCES)), ""]:
        assert _spans(scan(text)) == _spans(rx.finditer(text)), name


def test_scanner_on_random_text():
    # the words the rules read, shuffled: overlapping candidates and near misses
    rng = random.Random(7)
    words = ["am", "3.", "März", "2020", "14:30", "Uhr", "1990er", "Jahren", "Ende", "des", "Jahres", "jeden", "Montag-Abend", "heute", "/20", "–", "wird", "soll", "will"]
    for _ in range(60):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 30)))
        for name, rx in RULES:
            assert _spans(finditer(rx)(text)) == _spans(rx.finditer(text)), (name, text)


@pytest.mark.parametrize(
    ("pattern", "first"),
    [
        (r"(?<![\w-])(?:Montag|Dienstag)", "[MD]"),
        (r"\d+\s+Uhr|Mitternacht", r"[\dM]"),
        (r"(?:ab)?c", "[ac]"),
        (r"[a-c]x", "[a-c]"),
    ],
)
def test_first_chars(pattern, first):
    assert first_chars(pattern) == first


@pytest.mark.parametrize("pattern", [r"a?", r"\w+", r"(?i:sagt)", r".x", r"(?:x|)"])
def test_no_first_chars(pattern):
    assert first_chars(pattern) is None
    rx = re.compile(pattern)
    assert finditer(rx) == rx.finditer
