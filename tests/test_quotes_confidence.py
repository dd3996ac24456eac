"""Statement confidence: calibration metric, the calibrator, the threshold option on every face,
and how statements are shown (only direct quotes in quotation marks)."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections import Counter

import pytest
from fastapi.testclient import TestClient

from chronik.analyse.quotes import DEFAULT_MODEL
from chronik.analyse.quotes_confidence import Calibrator, isotonic, resolve_min_confidence
from chronik.api import create_app
from chronik.cli.batch import JsonOut
from chronik.eval.quotes import Statement, calibration, score_doc
from chronik.projection import shown_text
from chronik.record import Quote, Record, Span, Speaker
from chronik.store import Store

needs_calibrator = pytest.mark.skipif(not (DEFAULT_MODEL / "confidence.json").exists(),
                                      reason="statement confidence not built")


def test_calibration_error_of_a_perfect_and_an_overconfident_system():
    perfect = [(0.25, False), (0.25, False), (0.25, False), (0.25, True)]
    assert calibration(perfect)["ece"] == 0.0
    overconfident = [(0.95, False)] * 5 + [(0.95, True)] * 5  # 95 % sure, right half the time
    assert calibration(overconfident)["ece"] == pytest.approx(0.45)
    assert calibration([(None, True)]) is None


def test_score_doc_reports_each_prediction_outcome():
    gold = [Statement(message=frozenset({1, 2, 3, 4}), speaker=frozenset({0}), form="Indirect")]
    pred = [Statement(message=frozenset({1, 2, 3, 4}), speaker=frozenset({0}), form="Indirect", confidence=0.8),
            Statement(message=frozenset({9, 10}), form="Direct", confidence=0.3)]
    c, outcomes = Counter(), []
    score_doc(pred, gold, c, outcomes)
    assert outcomes == [(0.8, True), (0.3, False)]
    assert (c["pred_Indirect"], c["pred_attributed_Indirect"], c["pred_Direct"]) == (1, 1, 1)


def test_isotonic_map_is_monotone_and_clipped():
    xs, ys = [0.1, 0.5, 0.9], [0.0, 0.4, 0.95]
    assert isotonic(0.0, xs, ys) == 0.0 and isotonic(1.0, xs, ys) == 0.95
    assert isotonic(0.3, xs, ys) == pytest.approx(0.2)
    assert isotonic(0.42, [], []) == 0.42


def test_calibrator_scores_with_its_weights():
    cal = Calibrator({"bias": 0.0, "direct": 2.0})
    row = [0.0] * 23
    assert cal.score(row) == 0.5


@pytest.mark.parametrize("value, expected", [(None, None), ("0.7", 0.7), (0.25, 0.25), ("1", 1.0)])
def test_min_confidence_accepts_numbers(value, expected):
    assert resolve_min_confidence(value) == expected


@pytest.mark.parametrize("value", ["1.5", "-0.1", "sure", "nan?"])
def test_min_confidence_rejects_bad_values_naming_them(value):
    with pytest.raises(ValueError, match="min_confidence"):
        resolve_min_confidence(value)


@needs_calibrator
def test_precise_names_the_shipped_threshold():
    threshold = resolve_min_confidence("precise")
    assert 0.0 < threshold < 1.0


@needs_calibrator
def test_every_statement_carries_a_confidence():
    import chronik

    rec = chronik.extract("Der Minister sagte, die Lage sei ernst. „Wir handeln jetzt“, sagte er.", date="2024-03-05")
    assert rec.quotes
    assert all(q.confidence is not None and 0.0 <= q.confidence <= 1.0 for q in rec.quotes)


def test_only_direct_quotes_are_shown_in_quotation_marks():
    assert shown_text("direct", "Wir handeln jetzt") == "„Wir handeln jetzt“"
    assert shown_text("direct", "„Wir handeln jetzt“") == "„Wir handeln jetzt“"
    assert shown_text("indirect", "die Lage sei ernst") == "die Lage sei ernst"
    assert shown_text("reported", "„Die Lage sei ernst“") == "Die Lage sei ernst"
    # a quoted fragment inside a paraphrase keeps the source's marks
    assert shown_text("indirect", "die Lage sei „ernst“") == "die Lage sei „ernst“"


def _record() -> Record:
    text = "Anna Roth sagte, die Lage sei ernst. „Wir handeln jetzt“, sagte sie."
    a, b = text.index("die Lage"), text.index("„Wir")
    spk = Speaker(start=0, end=9, text="Anna Roth")
    return Record(id="conf", date=dt.date(2024, 3, 5), text=text, quotes=[
        Quote(id="q1", kind="indirect", content=[Span(start=a, end=a + 18, text=text[a:a + 18])], speaker=spk,
              confidence=0.4),
        Quote(id="q2", kind="direct", content=[Span(start=b, end=b + 19, text=text[b:b + 19])], speaker=spk,
              confidence=0.9),
    ])


def test_store_filters_statements_and_search_by_confidence(tmp_path):
    with Store(tmp_path / "kb.db") as store:
        store.add(_record(), source_file="test")
        assert [r["quote_id"] for r in store.statements()] == ["q1", "q2"]
        assert [r["quote_id"] for r in store.statements(min_confidence=0.5)] == ["q2"]
        assert store.statements(min_confidence=0.5)[0]["confidence"] == 0.9
        hits = store.search("handeln", what="statements", min_confidence=0.95)
        assert hits == []


def test_api_min_confidence_parameter_and_server_floor(tmp_path):
    path = tmp_path / "kb.db"
    with Store(path) as store:
        store.add(_record(), source_file="test")
    with TestClient(create_app(path)) as client:
        items = client.get("/api/statements", params={"min_confidence": "0.5"}).json()["items"]
        assert [i["quote_id"] for i in items] == ["q2"]
        bad = client.get("/api/statements", params={"min_confidence": "very"})
        assert bad.status_code == 422 and "min_confidence" in bad.text
    with TestClient(create_app(path, min_confidence=0.5)) as client:
        assert len(client.get("/api/statements").json()["items"]) == 1
        assert len(client.get("/api/statements", params={"min_confidence": "0"}).json()["items"]) == 2


def test_extract_output_keeps_only_confident_statements():
    buf = io.StringIO()
    JsonOut(buf, None, 0.5).write(_record().to_json() + "\n")
    kept = json.loads(buf.getvalue())["quotes"]
    assert [q["id"] for q in kept] == ["q2"]


def test_official_scorer_gets_predictions_in_the_dataset_format(tmp_path):
    """--official runs a given eval.py as ``--prediction DIR --gold DIR`` and reads its final dict."""
    from chronik.eval.quotes import Doc, run_official

    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "7 - Ein Titel (2024-01-01).json").write_text(json.dumps({"documentName": "Ein Titel"}), encoding="utf-8")
    script = tmp_path / "eval.py"
    script.write_text(
        "import argparse, json, os\n"
        "ap = argparse.ArgumentParser(); ap.add_argument('--prediction'); ap.add_argument('--gold')\n"
        "a = ap.parse_args()\n"
        "docs = [json.load(open(os.path.join(a.prediction, f))) for f in os.listdir(a.prediction)]\n"
        "print('Messages(F1): 0.5')\n"
        "print({'f1_msg': float(len(docs)), 'f1_roles': float(len(docs[0]['annotations'])),"
        " 'f1_joint': float(docs[0]['documentName'] == 'Ein Titel')})\n", encoding="utf-8")
    doc = Doc(id="7", text="x", date=None, gold=[], starts=[0], ends=[1])
    pred = [Statement(message=frozenset({0}), speaker=frozenset(), form="Direct")]
    assert run_official(script, gold, [(doc, pred)]) == {"f1_msg": 1.0, "f1_roles": 1.0, "f1_joint": 1.0}
