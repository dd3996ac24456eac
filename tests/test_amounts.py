"""chronik_amounts: German notation, words, units, objects and qualifiers."""

import pytest

from chronik.analyse.amounts import find_amounts
from chronik.analyse.numbers import parse_number, parse_ordinal


def test_seed_article(seed_record):
    soldiers = next(a for a in seed_record.amounts if a.object == "Soldaten")
    assert (soldiers.text, soldiers.value, soldiers.qualifier) == ("rund 500", 500, "approx")
    gdp = next(a for a in seed_record.amounts if a.unit == "Prozent")
    assert (gdp.text, gdp.value, gdp.object) == ("zwei Prozent", 2, "des Bruttoinlandsprodukts")
    assert not any(a.text in ("2024", "2031") for a in seed_record.amounts)


@pytest.mark.parametrize(
    "text, value", [("1.234,56", 1234.56), ("3,5", 3.5), ("zweieinhalb", 2.5), ("dreiundzwanzig", 23),
                    ("zweitausendvierhundert", 2400), ("anderthalb", 1.5), ("500", 500)],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text, value", [("3.", 3), ("dritten", 3), ("einundzwanzigsten", 21), ("zwanzigsten", 20)])
def test_parse_ordinal(text, value):
    assert parse_ordinal(text) == value


@pytest.mark.parametrize(
    "sentence, value, unit, obj, qualifier",
    [
        ("Das kostet 1.234,56 Euro.", 1234.56, "Euro", None, None),
        ("Zwei Drittel der Befragten lehnen das ab.", 66.67, "Prozent", "der Befragten", None),
        ("Fast ein Viertel der Stellen fällt weg.", 25, "Prozent", "der Stellen", "approx"),
        ("Der Staat zahlt zweieinhalb Milliarden Dollar.", 2.5e9, "Dollar", None, None),
        ("Es kamen mehr als 100 Menschen.", 100, None, "Menschen", "more_than"),
        ("Die Wirtschaft wuchs um 3,5 %.", 3.5, "Prozent", None, None),
        ("Die Hilfe beträgt 5 Mrd. Dollar.", 5e9, "Dollar", None, None),
        ("Die Zone reicht bis zu 30 Kilometer weit.", 30, "Kilometer", None, "max"),
        ("Weniger als zehn Prozent stimmten zu.", 10, "Prozent", None, "less_than"),
        ("Mindestens 20 Verletzte wurden gezählt.", 20, None, "Verletzte", "min"),
        ("Etwa 3,5 Millionen Euro fehlen.", 3.5e6, "Euro", None, "approx"),
        ("Er spendete 500 €.", 500, "Euro", None, None),
    ],
)
def test_amounts(sentence, value, unit, obj, qualifier):
    (a,) = find_amounts(sentence)
    assert (a.value, a.unit, a.object, a.qualifier) == (value, unit, obj, qualifier)
    assert sentence[a.start : a.end] == a.text


@pytest.mark.parametrize("sentence", ["Im 2. Weltkrieg.", "Ein Treffen fand statt.", "Das Zwei-Prozent-Ziel gilt."])
def test_not_amounts(sentence):
    assert find_amounts(sentence) == []


def test_time_spans_are_not_amounts():
    text = "Bis 2024 sollen es 500 Soldaten sein."
    (a,) = find_amounts(text, taken=[(4, 8)])
    assert a.value == 500


def test_the_component_declares_what_it_reads_and_writes():
    import spacy

    import chronik.analyse  # noqa: F401  (registers the factories)

    nlp = spacy.blank("de")
    nlp.add_pipe("chronik_amounts")
    assert nlp.get_pipe_meta("chronik_amounts").assigns == ["doc._.chronik_amounts"]
    # without a time component before it, spaCy names what is missing
    assert nlp.analyze_pipes()["problems"]["chronik_amounts"] == ["doc._.chronik_times"]
