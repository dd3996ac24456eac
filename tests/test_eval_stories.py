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
