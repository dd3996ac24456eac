"""chronik_pledges: commitments in German news, their actor, strength, target and deadline.

Every sentence here is written for the test (none comes from the annotated data)."""

import datetime as dt

import pytest

from chronik.analyse.pledges import Model, forward_value
from chronik.record import Article, Time

DATE = dt.date(2021, 3, 1)


def _pledges(analyzer, text):
    return analyzer.analyse(Article(id="t", text=text, date=DATE)).pledges


def _one(analyzer, text):
    found = _pledges(analyzer, text)
    assert len(found) == 1, [p.evidence.text for p in found]
    return found[0]


def test_seed_pledges_stay_found(seed_record):
    by_target = {p.target.text: p for p in seed_record.pledges}
    nato = by_target["zwei Prozent des Bruttoinlandsprodukts"]
    assert nato.actor.text == "Die Nato-Staaten" and nato.strength == "promise"
    assert nato.deadline == "2024" and nato.deadline_span.text == "2024"
    assert seed_record.amounts[nato.amount].value == 2
    germany = by_target["das Zwei-Prozent-Ziel"]
    assert germany.actor.text == "Deutschland" and germany.deadline == "2031"
    assert germany.speaker is not None and "Kramp-Karrenbauer" in germany.speaker.text
    for p in seed_record.pledges:
        assert p.evidence.start <= p.target.start < p.evidence.end
        assert 0 < p.confidence <= 1


@pytest.mark.parametrize(("text", "actor", "strength", "deadline"), [
    ("Die Landesregierung sagte den Flutopfern Soforthilfe in Höhe von 50 Millionen Euro zu.",
     "Die Landesregierung", "promise", None),
    ("Der Bürgermeister versprach, das Hallenbad bis Ende 2026 wieder zu öffnen.", "Der Bürgermeister", "promise", "2026"),
    ("Der Konzern verpflichtete sich, bis 2030 klimaneutral zu produzieren.", "Der Konzern", "promise", "2030"),
    ("Die Stadtwerke kündigten an, die Strompreise zum 1. Juli um fünf Prozent zu senken.",
     "Die Stadtwerke", "plan", "2021-07-01"),
    ("Österreich will bis 2040 klimaneutral werden.", "Österreich", "plan", "2040"),
    ("Die Landesregierung hat sich das Ziel gesetzt, bis 2035 eine Million Wohnungen zu bauen.",
     "Die Landesregierung", "aim", "2035"),
    ("Die Firma Meyer plant, bis Ende des Jahres 200 neue Stellen zu schaffen.", "Die Firma Meyer", "plan", "2021"),
    ("Schweden hat sich bereit erklärt, weitere 300 Soldaten nach Mali zu entsenden.", "Schweden", "promise", None),
])
def test_commitment_forms(analyzer, text, actor, strength, deadline):
    p = _one(analyzer, text)
    assert p.actor is not None and p.actor.text == actor
    assert p.strength == strength
    assert p.deadline == deadline
    assert p.status == "made"


def test_amount_is_the_target(analyzer):
    p = _one(analyzer, "Die Bundesregierung hat zugesagt, bis 2030 mindestens 80 Prozent des Stroms "
                       "aus erneuerbaren Quellen zu gewinnen.")
    assert p.target.text == "mindestens 80 Prozent des Stroms"
    assert p.deadline == "2030" and p.amount is not None


def test_reported_werde_commits_the_named_party_not_the_speaker(analyzer):
    p = _one(analyzer, "Deutschland werde das Klimaziel bis spätestens 2045 erreichen, sagte die Ministerin am Montag.")
    assert p.actor.text == "Deutschland"
    assert p.deadline == "2045"


def test_we_will_in_a_quote_is_the_speakers_commitment(analyzer):
    p = _one(analyzer, "„Wir werden alle Schulen in den kommenden Wochen mit Luftfiltern ausstatten“, "
                       "sagte Bürgermeisterin Anna Berger.")
    assert p.actor.text == "Wir"
    assert p.speaker is not None and "Berger" in p.speaker.text
    assert p.deadline == "FUTURE_REF"


def test_withdrawal_is_kept_as_withdrawn(analyzer):
    p = _one(analyzer, "Die Regierung rückte am Dienstag von dem Ziel ab, bis 2030 eine Million Ladesäulen zu bauen.")
    assert p.status == "withdrawn"
    assert p.actor.text == "Die Regierung"


@pytest.mark.parametrize("text", [
    "Die Opposition fordert, dass die Regierung die Steuern bis 2025 deutlich senkt.",
    "Experten erwarten, dass die Mieten im kommenden Jahr weiter steigen werden.",
    "Der Täter soll die Frau am Montag bedroht haben.",
    "Im Jahr 2015 wollte die Stadt das Hallenbad schließen.",
    "Der Verein hat das Stadion im vergangenen Jahr für zehn Millionen Euro ausgebaut.",
    "Die Stadt hat vor zwei Wochen ein neues Hallenbad eröffnet.",
    "Wie wollen wir in Zukunft leben?",
])
def test_not_pledges(analyzer, text):
    assert _pledges(analyzer, text) == []


def test_deadline_without_year_lies_ahead():
    t = Time(start=0, end=10, text="1. Oktober", type="DATE", value="2010-10-01")
    assert forward_value(t, dt.date(2011, 8, 31), "ab ") == "2011-10-01"
    d = Time(start=0, end=10, text="zehn Jahren", type="DURATION", value="P10Y")
    assert forward_value(d, dt.date(2010, 2, 1), "in den nächsten ") == "2020"


def test_model_scores_features():
    m = Model({"cue_promise": 2.0, "demand": -3.0}, bias=-0.5, threshold=0.5)
    assert m.score({"cue_promise": 1.0}) > 0.5 > m.score({"cue_promise": 1.0, "demand": 1.0})


def test_pledge_offsets_hold_in_a_long_article_analysed_in_pieces(analyzer, seed_text):
    from chronik.analyse import Analyzer

    text = "\n\n".join([seed_text.strip()] * 3)
    pieces = Analyzer(nlp=analyzer.nlp, piece_chars=len(seed_text) // 2 + 100)
    record = pieces.analyse(Article(id="long", text=text, date=dt.date(2020, 2, 14)))
    spans = [s for p in record.pledges for s in (p.evidence, p.target, p.actor, p.speaker, p.cue, p.deadline_span) if s]
    assert len(record.pledges) >= 6 and all(text[s.start : s.end] == s.text for s in spans)
