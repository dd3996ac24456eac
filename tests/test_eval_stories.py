"""The constructed copy-detection set: edits made by the script, scoring through the store."""

import random

import pytest

from chronik.analyse.dateline import read_credits
from chronik.eval import stories

PARAS = [
    "Der Stadtrat hat am Montag den Haushalt für das kommende Jahr beschlossen, nach langer Debatte.",
    "Die Opposition stimmte dagegen und kritisierte die hohen Ausgaben für neue Verwaltungsgebäude.",
    "Der Kämmerer verteidigte den Plan: Die Gebäude seien alt und müssten dringend ersetzt werden.",
    "Für Schulen und Kindergärten sind zusätzlich zwölf Millionen Euro vorgesehen, mehr als im Vorjahr.",
    "Der Haushalt muss noch von der Aufsichtsbehörde genehmigt werden, das gilt als Formsache.",
]
ARTICLE = {"id": "a", "text": "Kassel – " + "\n\n".join(PARAS), "category": "Inland"}
OTHER = {"id": "b", "text": "\n\n".join(p.replace("Haushalt", "Plan") for p in PARAS), "category": "Inland"}


def test_copies_are_edited_and_keep_some_of_the_report():
    rng = random.Random(3)
    for _ in range(20):
        text, edits = stories.make_copy(rng, ARTICLE, [OTHER])
        assert 2 <= len(edits) <= 4 and text != ARTICLE["text"]
        assert sum(p in text for p in PARAS) >= 1
        if "credit" in edits:
            assert read_credits(text).agency is not None


def test_gold_pairs_include_copy_to_copy():
    items = [{"id": "o", "group": "o"}, {"id": "o-c0", "group": "o"}, {"id": "o-c1", "group": "o"},
             {"id": "x", "group": "x"}]
    assert stories.gold_pairs(items) == {frozenset(p) for p in (("o", "o-c0"), ("o", "o-c1"), ("o-c0", "o-c1"))}


@pytest.mark.data
def test_scoring_a_small_constructed_set(shared_data):
    pool = stories.load_pool(shared_data)[:80]
    figures = stories.score(stories.build(pool, seed=5), 0.5)
    assert figures["gold_pairs"] > 20
    assert figures["precision"] >= 0.9 and figures["recall"] >= 0.85


def test_scale_people_name_three_people_and_quote_the_first():
    from chronik.record import Record, Span

    cast = stories._People(50, random.Random(0))
    assert len(set(cast.names)) > 40 and cast.names == stories._People(50, random.Random(0)).names
    text = "Kassel (dpa) – " + PARAS[0]
    base = Record(id="a", text=text, credits=[Span(start=0, end=15, text=text[:15])])
    rec = cast.add(base, random.Random(1))
    assert rec.text.endswith(f"“, sagte {rec.entities[0].name}.") and PARAS[0] in rec.text
    for e in rec.entities:
        assert all(rec.text[m.start:m.end] == e.name == m.text for m in e.mentions)
    (quote,) = rec.quotes
    assert rec.text[quote.content[0].start:quote.content[0].end] == quote.content[0].text
    assert rec.text[quote.speaker.start:quote.speaker.end] == rec.entities[0].name
    assert rec.text[rec.credits[0].start:rec.credits[0].end] == "Kassel (dpa) – "
    assert rec == cast.add(base, random.Random(1))  # a report and its copies name the same people


@pytest.mark.data
@pytest.mark.slow
def test_scale_runs_on_a_small_store(shared_data):
    figures = stories.scale(shared_data, 30, probes=5, people=10)
    assert figures["background_articles"] == figures["store_articles_before"] == 30
    assert figures["probe_articles"] == 5 and figures["new_articles"] == 5
    assert figures["probes_finding_a_match"] >= 0.6 and figures["db_bytes"] > 0
