"""Unit test for chronik.eval.ner with a hand-written GermEval-format fixture."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

spacy = pytest.importorskip("spacy")

from chronik.eval.ner import evaluate_ner, read_germeval, score_spans, summary  # noqa: E402

# Written for this test (not taken from any corpus).  Columns: index, token, outer, inner.
FIXTURE = "\n".join([
    "#\thttp://example.org/a\t[2020-01-01]",
    "1\tAngela\tB-PER\tO",
    "2\tMerkel\tI-PER\tO",
    "3\tbesuchte\tO\tO",
    "4\tParis\tB-LOC\tO",
    "5\t.\tO\tO",
    "",
    "#\thttp://example.org/b\t[2020-01-02]",
    "1\tDie\tO\tO",
    "2\tdeutschen\tB-LOCderiv\tO",
    "3\tFans\tO\tO",
    "4\tjubelten\tO\tO",
    "5\tin\tO\tO",
    "6\tMünchen\tB-LOC\tO",
    "7\t.\tO\tO",
    "",
    "#\thttp://example.org/c\t[2020-01-03]",
    "1\tDer\tO\tO",
    "2\tFilm\tO\tO",
    "3\tTitanic\tB-OTH\tO",
    "4\tlief\tO\tO",
    "5\tbei\tO\tO",
    "6\tder\tO\tO",
    "7\tARD\tB-ORG\tO",
    "8\t.\tO\tO",
    "",
    "#\thttp://example.org/d\t[2020-01-04]",
    "1\tDie\tO\tO",
    "2\tSPD-Fraktion\tB-ORGpart\tO",
    "3\ttagte\tO\tO",
    "4\tin\tO\tO",
    "5\tBerlin\tB-LOC\tO",
    "6\tMitte\tI-LOC\tB-LOC",
    "7\t.\tO\tO",
    "",
])

PATTERNS = [
    {"label": "PER", "pattern": [{"TEXT": "Angela"}, {"TEXT": "Merkel"}]},  # TP
    {"label": "ORG", "pattern": [{"TEXT": "Paris"}]},          # FP ORG (+ FN LOC)
    {"label": "MISC", "pattern": [{"TEXT": "deutschen"}]},     # = excluded LOCderiv: ignored
    {"label": "PER", "pattern": [{"TEXT": "Fans"}]},           # FP PER
    {"label": "LOC", "pattern": [{"TEXT": "München"}]},        # TP
    {"label": "MISC", "pattern": [{"TEXT": "Titanic"}]},       # TP (OTH -> MISC)
    {"label": "ORG", "pattern": [{"TEXT": "SPD-Fraktion"}]},   # = excluded ORGpart: ignored
    {"label": "LOC", "pattern": [{"TEXT": "Berlin"}]},         # partial: FP LOC (+ FN LOC)
]                                                              # ARD not found: FN ORG


def test_read_germeval(tmp_path):
    p = tmp_path / "fixture.tsv"
    p.write_text(FIXTURE, encoding="utf8")
    data = read_germeval(p)
    assert len(data) == 4
    assert data[0] == (["Angela", "Merkel", "besuchte", "Paris", "."],
                       [(0, 2, "PER"), (3, 4, "LOC")])
    assert data[1][1] == [(5, 6, "LOC")]          # LOCderiv left out
    assert data[2][1] == [(2, 3, "MISC"), (6, 7, "ORG")]
    assert data[3][1] == [(4, 6, "LOC")]          # outer only, ORGpart left out
    full = read_germeval(p, with_excluded=True)
    assert full[1][2] == [(1, 2, "LOCderiv")]
    assert full[3][2] == [(1, 2, "ORGpart")]


def test_evaluate_ner_exact_values(tmp_path):
    p = tmp_path / "fixture.tsv"
    p.write_text(FIXTURE, encoding="utf8")
    nlp = spacy.blank("de")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(PATTERNS)
    res = evaluate_ner(nlp, p)
    # gold: PER 1, LOC 3, MISC 1, ORG 1 = 6; pred scored: 6 (2 ignored)
    assert (res["tp"], res["fp"], res["fn"]) == (3, 3, 3)
    assert res["ignored_excluded_matches"] == 2
    assert res["p"] == pytest.approx(0.5)
    assert res["r"] == pytest.approx(0.5)
    assert res["f"] == pytest.approx(0.5)
    pt = res["per_type"]
    assert (pt["PER"]["p"], pt["PER"]["r"], pt["PER"]["f"]) == pytest.approx((0.5, 1.0, 2 / 3))
    assert (pt["LOC"]["p"], pt["LOC"]["r"], pt["LOC"]["f"]) == pytest.approx((0.5, 1 / 3, 0.4))
    assert (pt["ORG"]["p"], pt["ORG"]["r"], pt["ORG"]["f"]) == (0.0, 0.0, 0.0)
    assert (pt["MISC"]["p"], pt["MISC"]["r"], pt["MISC"]["f"]) == (1.0, 1.0, 1.0)
    assert res["n_sents"] == 4 and res["n_tokens"] == 27 and res["n_gold"] == 6
    assert res["tokens_per_cpu_s"] > 0
    # sentence slicing (used for the tune / held-out halves)
    half = evaluate_ner(nlp, p, 0, 2)
    assert (half["tp"], half["fp"], half["fn"]) == (2, 2, 1)
    # the stored form: rounded, types filtered, unseen recall flattened
    stored = summary(evaluate_ner(nlp, p, seen={"Berlin"}), ("PER", "LOC"))
    assert set(stored["per_type"]) == {"PER", "LOC"} and stored["per_type"]["LOC"]["r"] == 0.3333
    assert (stored["tp"], stored["f"]) == (3, 0.5) and isinstance(stored["tokens_per_cpu_s"], int)
    assert "unseen_recall" in stored and "unseen_n" in stored


def test_score_spans_empty():
    res = score_spans([([], [], [])])
    assert res["f"] == 0.0 and res["per_type"]["PER"]["f"] == 0.0


def test_unseen_recall(tmp_path):
    p = tmp_path / "fixture.tsv"
    p.write_text(FIXTURE, encoding="utf8")
    nlp = spacy.blank("de")
    nlp.add_pipe("entity_ruler").add_patterns(PATTERNS)
    # gold: Angela Merkel (found), Paris (missed), München (found), Titanic (found),
    # ARD (missed), Berlin Mitte (missed); "Angela Merkel" and "ARD" were seen in training
    res = evaluate_ner(nlp, p, seen={"Angela Merkel", "ARD"})
    u = res["unseen"]
    assert (u["n"], u["found"]) == (4, 2)
    assert u["r"] == pytest.approx(0.5)
    assert u["per_type"]["LOC"] == {"n": 3, "found": 1, "r": pytest.approx(1 / 3)}
    assert u["per_type"]["MISC"] == {"n": 1, "found": 1, "r": 1.0}
    assert "PER" not in u["per_type"]
    assert "unseen" not in evaluate_ner(nlp, p)
