"""Names with particles are one person ("Ursula von der Leyen", "Konstantin von Notz"), and a particle
does not pull in an organisation or another person's name. Sentences written for the test."""

from __future__ import annotations

import datetime as dt

import pytest

from chronik.analyse import Analyzer
from chronik.record import Article


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer()


def _entities(analyzer, text):
    record = analyzer.analyse(Article(id="t", text=text, date=dt.date(2025, 8, 19)))
    return {(e.name, e.type) for e in record.entities}


@pytest.mark.parametrize(("text", "name"), [
    ("Die Ministerin Ursula von der Leyen sagte, die Lage sei ernst.", "Ursula von der Leyen"),
    ("Grünen-Fraktionsvize Konstantin von Notz warf Seehofer vor, überfordert zu sein.", "Konstantin von Notz"),
])
def test_a_name_with_particles_is_one_person(analyzer, text, name):
    found = _entities(analyzer, text)
    assert (name, "PER") in found
    assert not any(t == "LOC" and n in name for n, t in found)  # not "Leyen" as a place


@pytest.mark.parametrize(("text", "name"), [
    ("Alice Weidel von der AfD kritisierte das Ifo-Institut am Montag scharf.", "Alice Weidel"),
    ("Der Abgeordnete Hans Müller von der Union kam am Montag nach Berlin.", "Hans Müller"),
    ("Sie las in dem Roman von Markus Werner bis spät in die Nacht.", "Markus Werner"),
])
def test_a_particle_does_not_join_an_organisation_or_another_name(analyzer, text, name):
    people = {n for n, t in _entities(analyzer, text) if t == "PER"}
    assert name in people and not any(n != name and name in n for n in people)
