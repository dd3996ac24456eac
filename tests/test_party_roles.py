"""A role noun with a party ("der FDP-Politiker") is never a mention of a person of another party, and names
the member of its own. Sentences written for the test."""

from __future__ import annotations

import datetime as dt

import pytest

from chronik.analyse import Analyzer
from chronik.record import Article


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer()


def _people(analyzer, text):
    record = analyzer.analyse(Article(id="t", text=text, date=dt.date(2025, 8, 19)))
    return {e.name: e for e in record.entities if e.type == "PER"}


def test_a_party_role_noun_is_not_a_person_of_another_party(analyzer):
    people = _people(analyzer, "Bundeskanzler Friedrich Merz (CDU) verteidigte den Haushalt im Bundestag am Mittwoch. "
                               "Der FDP-Politiker widersprach ihm heftig.")
    merz = people["Friedrich Merz"]
    assert "Der FDP-Politiker" not in [m.text for m in merz.mentions]
    assert "FDP-Politiker" not in [r.role for r in merz.roles]


def test_a_party_role_noun_still_names_its_own_member(analyzer):
    people = _people(analyzer, "CDU-Chef Friedrich Merz verteidigte den Haushalt. Der CDU-Politiker sagte, alles sei solide.")
    assert "Der CDU-Politiker" in [m.text for m in people["Friedrich Merz"].mentions]


def test_a_prefix_that_is_no_party_does_not_block(analyzer):
    people = _people(analyzer, "Ursula von der Leyen (CDU) kam nach Berlin. Die EU-Kommissionschefin sagte, alles sei gut.")
    assert "Die EU-Kommissionschefin" in [m.text for m in people["Ursula von der Leyen"].mentions]
