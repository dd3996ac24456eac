"""``chronik pledges`` and ``chronik eval pledges`` as a user runs them."""

import json

import pytest

from chronik.eval import pledges as ev
from chronik.record import Pledge, Span, Speaker

ARTICLES = [
    {"id": "w1", "date": "2019-11-07", "text": "Die Bundesregierung will bis 2030 insgesamt 400.000 neue Wohnungen "
                                                 "bauen lassen. Das kündigte die Bauministerin in Berlin an."},
    {"id": "w2", "date": "2020-02-01", "text": "Die Bundesregierung hat am Montag angekündigt, bis 2030 insgesamt "
                                                 "400.000 neue Wohnungen zu bauen."},
]



def test_pledges_across_articles(run, tmp_path):
    src, db = tmp_path / "in.jsonl", tmp_path / "kb.db"
    src.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    assert run("ingest", src, "--db", db).exit_code == 0
    res = run("pledges", "--db", db, "--json")
    assert res.exit_code == 0, res.output
    (p,) = [p for p in json.loads(res.stdout) if "400.000" in p["target"]]
    assert p["sources"] == 2 and p["deadline"] == "2030" and p["status"] == "repeated"
    res = run("pledges", p["id"], "--db", db, "--json")
    assert [e["article"] for e in json.loads(res.stdout)["timeline"]] == ["w1", "w2"]
    res = run("pledges", "--db", db, "--from", "2031")
    assert res.exit_code == 0 and "No pledges found." in res.stdout
    table = run("pledges", p["id"], "--db", db).stdout
    assert "repeated" in table and "w2" in table


@pytest.mark.parametrize("args", [("--strength", "maybe"), ("--status", "done"), ("--from", "next year")])
def test_pledges_usage_errors(run, tmp_path, args):
    db = tmp_path / "kb.db"
    run("stats", "--db", db)
    assert run("pledges", "--db", db, *args).exit_code == 2


def test_pledges_unknown_id(run, tmp_path):
    src, db = tmp_path / "in.jsonl", tmp_path / "kb.db"
    src.write_text(json.dumps(ARTICLES[0]) + "\n", encoding="utf-8")
    run("ingest", src, "--db", db)
    assert run("pledges", "nope", "--db", db).exit_code == 1


def _pledge(start, end, actor=None, deadline=None):
    return Pledge(id="p", actor=actor, target=Span(start=start, end=end, text=""), deadline=deadline,
                  evidence=Span(start=start, end=end, text=""))


def test_eval_matching_and_scores():
    gold = [ev.Gold("d", (0, 50), (0, 5), (10, 20), "2030", "plan", True, "made"),
            ev.Gold("d", (60, 90), None, (60, 70), "", "aim", False, "made")]
    actor = Speaker(start=0, end=5, text="Die X")
    pred = [_pledge(0, 50, actor, "2030"), _pledge(60, 90), _pledge(100, 120)]
    pairs = ev.match(pred, gold)
    assert [g.clear if g else None for _, g in pairs] == [True, False, None]
    from collections import Counter

    c = Counter()
    ev.score([(pairs, gold, {})], c)
    out = ev.summarise(c)
    assert out["clear"] == {"p": 0.5, "r": 1.0, "f1": 0.6667, "tp": 1, "fp": 1, "fn": 0}
    assert out["actor_accuracy"] == 1.0 and out["deadline_accuracy"] == 1.0
    assert out["borderline"] == {"gold": 1, "found": 1, "recall": 1.0}


def test_annotations_are_offsets_only():
    docs, gold = ev.load_gold("dev")
    assert len(docs) == 150 and sum(len(g) for g in gold.values()) >= 60
    train_docs, train_gold = ev.load_gold("train")
    assert len(train_docs) == 380 and not set(docs) & set(train_docs)
    header = (ev.ANNOTATIONS / "annotations.tsv").read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert "text" not in header and header[:4] == ["split", "doc", "sent_start", "sent_end"]


@pytest.mark.data
def test_dev_figures_hold(shared_data, analyzer):
    data = shared_data / "quotes" / "wikinews"
    if not (data / "dev").is_dir():
        pytest.skip("wikinews dev split absent")
    r = ev.run(data, "dev", analyzer)
    assert r["counts"]["docs"] == 150
    # measured once on dev (docs/pledges.md): F1 0.629, actor right 0.75, deadline right 0.857
    assert r["clear"]["f1"] >= 0.58 and r["actor_accuracy"] >= 0.7 and r["deadline_accuracy"] >= 0.8
