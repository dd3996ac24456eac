"""Coreference metrics, the PCC reader and the PCC evaluation."""

from __future__ import annotations

import pytest

from chronik.eval import coref

# A hand-written three-sentence document in PCC's CoNLL layout (14 columns, coref last).
CONLL = """#begin document (test); test
1\tAnna\t_\t_\t_\t_\t_\t_\t_\t_\t_\t_\t_\t(1
2\tBerg\t_\t_\t_\t_\t_\t_\t_\t_\t_\t_\t_\t1)
3\tkam\t_\t_\t_\t_\t_\t_\t_\t_\t_\t_\t_\t_
4\t.\t_\t_\t_\t_\t_\t_\t_\t_\t_\t_\t_\t_

1\tSie\t_\t_\t_\t_\t_\t_\t_\t_\t_\t_\t_\t(1)
2\tlobte\t_\t_\t_\t_\t_\t_\t_\t_\t_\t_\t_\t_
3\tihren\t_\t_\t_\t_\t_\t_\t_\t_\t_\t_\t_\t(2|(1)
4\tChef\t_\t_\t_\t_\t_\t_\t_\t_\t_\t_\t_\t2)
5\t.\t_\t_\t_\t_\t_\t_\t_\t_\t_\t_\t_\t_
#end document
"""


def test_load_conll(tmp_path):
    path = tmp_path / "maz-test.conll"
    path.write_text(CONLL, encoding="utf-8")
    doc = coref.load(path)
    assert doc.text == "Anna Berg kam .\nSie lobte ihren Chef ."
    spans = sorted(sorted(doc.text[s:e] for s, e in c) for c in doc.gold)
    assert spans == [["Anna Berg", "Sie", "ihren"], ["ihren Chef"]]


A, B, C, D, E = (0, 1), (2, 3), (4, 5), (6, 7), (8, 9)


def test_muc():
    key, resp = [{A, B, C, D}], [{A, B}, {C, D}]
    assert coref.muc(key, resp) == (2, 3)  # recall 2/3
    assert coref.muc(resp, key) == (2, 2)  # precision 1


def test_b_cubed():
    key, resp = [{A, B, C, D}], [{A, B}, {C, D}]
    num, den = coref.b_cubed(key, resp)
    assert num / den == pytest.approx(0.5)
    num, den = coref.b_cubed(resp, key)
    assert num / den == pytest.approx(1.0)


def test_score_perfect_and_singletons():
    gold = [{A, B}, {C}, {D, E}]
    perfect = coref.score([(gold, [{A, B}, {D, E}, {C}])])
    assert perfect["muc"]["f1"] == perfect["b3"]["f1"] == perfect["avg_f1"] == 1.0
    # a wrong merge costs precision, not recall
    merged = coref.score([(gold, [{A, B, D, E}])])
    assert merged["muc"]["r"] == 1.0 and merged["muc"]["p"] < 1.0
    assert merged["b3"]["p"] == pytest.approx(0.5)


def test_lenient_alignment():
    gold = [{(0, 9), (20, 25)}]  # "Anna Berg", "ihren"
    pred = [{(5, 9), (20, 25)}]  # "Berg", "ihren"
    assert coref.align(pred, gold) == [{(0, 9), (20, 25)}]
    assert coref.score([(gold, coref.align(pred, gold))])["muc"]["f1"] == 1.0


@pytest.mark.data
def test_pcc_eval_runs(shared_data):
    result = coref.run(shared_data / "syntax" / "pcc-coref")
    assert result["docs"] == 176
    lenient = result["lenient"]
    # precision-first rules: few merges, most of them right (figures in docs/entities.md)
    assert lenient["muc"]["p"] > 0.6
    assert 0.05 < lenient["muc"]["r"] < 0.6
    assert result["strict"]["avg_f1"] <= lenient["avg_f1"]
