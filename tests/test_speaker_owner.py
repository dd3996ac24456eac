"""A person named after a role noun as its owner ("der Anwalt Trumps") is not the speaker and does not get the role.

Precision first: the lawyer's, adviser's or wife's words must never be filed under the person they work for.
A spokesperson is the exception: "ein Sprecher Weimers" speaks for Weimer. Sentences written for the test."""

from __future__ import annotations

import datetime as dt

import pytest

from chronik.analyse import Analyzer
from chronik.record import Article


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer()


def _speakers(analyzer, text):
    record = analyzer.analyse(Article(id="t", text=text, date=dt.date(2025, 8, 19)))
    names = {e.id: e for e in record.entities}
    return record, [(q.speaker.text, names[q.speaker.entity].name if q.speaker.entity else None)
                    for q in record.quotes if q.speaker]


@pytest.mark.parametrize(("text", "speaker"), [
    ("Donald Trump schwieg. Der Anwalt Trumps sagte, sein Mandant sei unschuldig.", "Der Anwalt Trumps"),
    ("Bundeskanzler Olaf Scholz reiste nach Paris. Ein Berater von Scholz sagte, die Lage sei ernst.",
     "Ein Berater von Scholz"),
])
def test_an_owner_named_in_the_speaker_phrase_is_not_the_speaker(analyzer, text, speaker):
    _, found = _speakers(analyzer, text)
    assert (speaker, None) in found


@pytest.mark.parametrize(("text", "speaker", "entity"), [
    ("Kulturstaatsminister Wolfram Weimer sagte die Feier ab. Die Debatte drohe alles zu überlagern, "
     "teilte ein Sprecher Weimers mit.", "ein Sprecher Weimers", "Wolfram Weimer"),  # a spokesperson speaks for him
    ("Der Kanzler Scholz sagte, die Lage sei ernst. Olaf Scholz reiste danach ab.", "Der Kanzler Scholz", "Olaf Scholz"),
])
def test_a_spokesperson_or_an_apposition_stays_the_person(analyzer, text, speaker, entity):
    _, found = _speakers(analyzer, text)
    assert (speaker, entity) in found


def test_the_owner_does_not_get_the_role(analyzer):
    record, _ = _speakers(analyzer, "Donald Trump schwieg. Der Anwalt Trumps sagte, sein Mandant sei unschuldig.")
    trump = next(e for e in record.entities if e.name == "Donald Trump")
    assert "Anwalt" not in [r.role for r in trump.roles]
    assert "Der Anwalt" not in [m.text for m in trump.mentions]


def test_a_quoted_name_inside_a_message_is_no_statement(analyzer):
    text = ("Nach Informationen der Zeitung „Handelsblatt“ seien mehr als 30 Unternehmen der Initiative "
            "„Made for Germany“ beigetreten, sagte der Minister. Die Lage sei „ernst“, sagte er.")
    record = analyzer.analyse(Article(id="t", text=text, date=dt.date(2025, 6, 25)))
    direct = [q.content[0].text for q in record.quotes if q.kind == "direct"]
    assert "„Handelsblatt“" not in direct and "„Made for Germany“" not in direct
    assert "„ernst“" in direct  # a quoted word is still the speaker's


def test_a_name_particle_is_no_owner(analyzer):
    _, found = _speakers(analyzer, "Grünen-Fraktionsvize Konstantin von Notz sagte, die Lage sei ernst.")
    assert ("Grünen-Fraktionsvize Konstantin von Notz", "Konstantin von Notz") in found


@pytest.mark.parametrize(("text", "speaker", "addressee"), [
    ("Jens Spahn verteidigte das. „Das bedauere ich“, sagte der CDU-Politiker der Zeitung.", "der CDU-Politiker",
     "der Zeitung"),
    ("Die Lage sei ernst, sagte Innenpolitiker Stephan Thomae der „Augsburger Allgemeinen“.",
     "Innenpolitiker Stephan Thomae", "der „Augsburger Allgemeinen“"),
])
def test_a_medium_after_the_speaker_is_whom_it_was_said_to(analyzer, text, speaker, addressee):
    record = analyzer.analyse(Article(id="t", text=text, date=dt.date(2021, 11, 20)))
    said = [(q.speaker.text, q.addressee.text if q.addressee else None) for q in record.quotes if q.speaker]
    assert (speaker, addressee) in said


def test_a_source_after_nach_angaben_keeps_its_medium(analyzer):
    record = analyzer.analyse(Article(id="t", text="Nach Angaben der Nachrichtenagentur Reuters sind 900 Menschen "
                                      "ums Leben gekommen.", date=dt.date(2021, 11, 20)))
    assert any(q.speaker and "Reuters" in q.speaker.text for q in record.quotes)


def test_a_word_inside_the_quotation_is_not_its_speaker(analyzer):
    text = ("Der Landesvorsitzende Volker Wissing warf der größten Fraktion am Freitag im Landtag schwere Fehler vor, "
            "weil sie die Wahl verloren habe. Die Christdemokraten hätten auf das falsche Bündnis gesetzt. «Die CDU ist "
            "unglücklich, dass sie in der Opposition gelandet ist.» Nun werfe sie der FDP den Fehdehandschuh hin.")
    record = analyzer.analyse(Article(id="t", text=text, date=dt.date(2018, 7, 6)))
    quoted = [q for q in record.quotes if "unglücklich" in q.content[0].text]
    assert quoted and all(q.speaker is None or q.speaker.text != "CDU" for q in quoted)
