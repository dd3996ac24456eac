"""The number-word patterns match every word the parsers understand (their first-letter lookahead drops none)."""

import re

from chronik.analyse.numbers import NUMBER_WORD, ORDINAL_WORD, parse_number, parse_ordinal
from chronik.analyse.vocab import NUMERAL_TENS, NUMERAL_UNITS, ORDINAL_STEMS

CARDINALS = [*(u for u in NUMERAL_UNITS if u != "null"), *NUMERAL_TENS, "hundert", "tausend", "anderthalb",
             "dreiundzwanzig", "zweihundertfünfzig", "zweitausendvierhundert", "tausendundeins", "zweieinhalb"]
ORDINALS = [*ORDINAL_STEMS, "dreizehnten", "zwanzigsten", "einundzwanzigsten", "hundertdritten"]


def test_number_word_matches_every_cardinal():
    rx = re.compile(NUMBER_WORD)
    for word in CARDINALS:
        assert rx.fullmatch(word), word
        assert parse_number(word) is not None, word
    assert rx.fullmatch("Haus") is None and rx.fullmatch("und") is None


def test_ordinal_word_matches_every_ordinal():
    rx = re.compile(ORDINAL_WORD)
    for word in ORDINALS:
        assert rx.fullmatch(word), word
        assert parse_ordinal(word), word
    assert rx.fullmatch("Montag") is None


def test_capitalised_number_words_match_case_insensitively():
    rx = re.compile(rf"(?i:{NUMBER_WORD})")
    assert rx.fullmatch("Zweihundert") and rx.fullmatch("Anderthalb")
