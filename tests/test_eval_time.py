"""The WikiWarsDE/Duckling scorers, on hand-written files and (marked data) on the dev documents."""

from pathlib import Path

import pytest

from chronik.eval.time import evaluate_time, read_duckling, read_inline, run, run_duckling

DOC = """<DOC>
<DOCID>x</DOCID>
<DATETIME> <TIMEX2 val="2011-02-16">2011-02-16</TIMEX2> </DATETIME>
<TEXT>
Am <TIMEX2 val="1914-08-01">1. August 1914</TIMEX2> begann der Krieg. <TIMEX2 val="1914-08-03">Zwei Tage später</TIMEX2> fiel die Stadt.
Im <TIMEX2 val="1915-FA">Herbst 1915</TIMEX2> war es still.
</TEXT>
</DOC>
"""


def test_read_inline(tmp_path):
    path = tmp_path / "a.key.xml"
    path.write_text(DOC, encoding="utf-8")
    text, gold = read_inline(path)
    assert [g.text for g in gold] == ["1. August 1914", "Zwei Tage später", "Herbst 1915"]
    assert all(text[g.start : g.end] == g.text for g in gold)
    assert "2011-02-16" not in text


def test_evaluate_hand_written(tmp_path):
    (tmp_path / "a.key.xml").write_text(DOC, encoding="utf-8")
    res = run(tmp_path)
    assert res["documents"] == 1
    assert res["strict_f1"] == 1.0 and res["value_accuracy"] == 1.0
    assert res["tokens_per_cpu_second"] > 0


def test_read_duckling(tmp_path):
    corpus = tmp_path / "Duckling" / "Time" / "DE"
    corpus.mkdir(parents=True)
    (corpus / "Corpus.hs").write_text(
        'examples (datetime (2013, 2, 11, 0, 0, 0) Day)\n  [ "gestern"\n  ]\n'
        'examples (datetime (2013, 2, 12, 4, 30, 0) Second)\n  [ "jetzt"\n  ]\n', encoding="utf-8")
    assert read_duckling(corpus / "Corpus.hs") == [("gestern", "2013-02-11")]
    assert run_duckling(tmp_path)["share"] == 1.0


@pytest.mark.data
def test_wikiwarsde_dev(shared_data):
    res = evaluate_time(__import__("chronik.eval.time", fromlist=["time_pipeline"]).time_pipeline(),
                        Path(shared_data) / "time" / "wikiwarsde" / "keyinline")
    assert res["documents"] == 11
    assert res["strict_f1"] >= 0.88 and res["value_accuracy"] >= 0.88
    assert res["tokens_per_cpu_second"] >= 10_000


def _wikinews_fixture(tmp_path):
    """A tiny Wikinews-shaped folder and its gold files, written for the purpose."""
    import json

    (tmp_path / "wn" / "train").mkdir(parents=True)
    text = "Am Mittwoch sagte die Ministerin, sie bleibe. Heute lebt sie in Bonn. Dem widersprach der Abgeordnete Jerzy Montag."
    (tmp_path / "wn" / "train" / "7 - Test (2020-02-14).pretty.json").write_text(
        json.dumps({"documentName": "7 - Test (2020-02-14)", "originalText": text}), encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "news-docs.tsv").write_text("split\tdoc\tdate\tstatus\ntrain\t7\t2020-02-14\tannotated\n", encoding="utf-8")
    start = text.index("Heute")
    (gold / "news-dates.tsv").write_text(
        "split\tdoc\tstart\tend\tvalue\tkind\tnote\n"
        "train\t7\t3\t11\t2020-02-12\tweekday\t\n"
        f"train\t7\t{start}\t{start + 5}\tPRESENT_REF\theute\tuncertain\n", encoding="utf-8")
    return tmp_path / "wn", gold


def test_news_scorer_on_hand_written_files(tmp_path):
    from chronik.eval.time import evaluate_news

    wikinews, gold = _wikinews_fixture(tmp_path)
    errors: list = []
    res = evaluate_news(wikinews, "train", gold_folder=gold, errors=errors)
    assert res["gold"] == 2 and res["documents"] == 1
    assert res["per_kind"]["weekday"]["correct"] == 1 and res["per_kind"]["heute"]["gold"] == 1
    assert res["accuracy"] == 1.0 and res["detection_precision"] == 1.0  # the surname is no weekday
    assert errors == []


def test_news_scorer_counts_a_miss_as_wrong(tmp_path):
    from chronik.eval.time import evaluate_news

    wikinews, gold = _wikinews_fixture(tmp_path)
    rows = (gold / "news-dates.tsv").read_text(encoding="utf-8").replace("2020-02-12", "2020-02-19")
    (gold / "news-dates.tsv").write_text(rows, encoding="utf-8")
    errors: list = []
    res = evaluate_news(wikinews, "train", gold_folder=gold, errors=errors)
    assert res["accuracy"] == 0.5 and res["accuracy_certain"] == 0.0
    assert [(e["kind"], e["gold"], e["predicted"]) for e in errors] == [("weekday", "2020-02-19", "2020-02-12")]


@pytest.mark.data
def test_news_dates_train(shared_data):
    from chronik.eval.time import evaluate_news

    res = evaluate_news(Path(shared_data) / "quotes" / "wikinews", "train")
    assert res["gold"] >= 150 and res["accuracy"] >= 0.9 and res["detection_recall"] >= 0.9
