"""chronik_pledges: commitments with a target and a deadline."""

import datetime as dt

from chronik.record import Article


def test_seed_pledges(seed_record):
    nato, germany = seed_record.pledges
    assert nato.actor.text == "Die Nato-Staaten"
    assert nato.target.text == "zwei Prozent des Bruttoinlandsprodukts"
    assert nato.deadline == "2024" and nato.deadline_span.text == "2024"
    assert seed_record.amounts[nato.amount].value == 2
    assert germany.actor.text == "Deutschland"
    assert germany.target.text == "das Zwei-Prozent-Ziel"
    assert germany.deadline == "2031"
    for p in seed_record.pledges:
        assert p.evidence.start <= p.target.start < p.evidence.end


def _pledges(analyzer, text):
    return analyzer.analyse(Article(id="t", text=text, date=dt.date(2021, 3, 1))).pledges


def test_promise_with_amount(analyzer):
    (p,) = _pledges(analyzer, "Die Bundesregierung hat zugesagt, bis 2030 mindestens 80 Prozent des Stroms "
                              "aus erneuerbaren Quellen zu gewinnen.")
    assert "Bundesregierung" in p.actor.text
    assert p.target.text == "mindestens 80 Prozent des Stroms"
    assert p.deadline == "2030"


def test_wollen_senken(analyzer):
    (p,) = _pledges(analyzer, "Frankreich will die Emissionen bis Ende 2025 um 30 Prozent senken.")
    assert p.actor.text == "Frankreich"
    assert p.target.text == "30 Prozent"
    assert p.deadline == "2025"


def test_no_deadline_no_pledge(analyzer):
    assert _pledges(analyzer, "Frankreich will die Emissionen um 30 Prozent senken.") == []


def test_no_cue_no_pledge(analyzer):
    assert _pledges(analyzer, "Bis 2025 stieg der Anteil auf 30 Prozent.") == []
