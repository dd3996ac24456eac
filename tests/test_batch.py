"""Batch: streaming, rejected inputs, worker processes, resumable JSONL helpers."""

from __future__ import annotations

import io
import json

import pytest
from spacy.language import Language

from chronik.analyse import Analyzer
from chronik.batch import Batch, Summary, estimate_articles, read_jsonl_ids, truncate_torn_line
from chronik.store import Store


def articles_jsonl(path, n: int, bad_line: bool = False) -> list[str]:
    ids = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            ids.append(f"t{i:03d}")
            text = f"Die Ministerin Eva Roth sagte am Dienstag, das Projekt {i} koste 12 Millionen Euro."
            fh.write(
                json.dumps({"id": ids[-1], "text": text, "date": "2022-05-03"}, ensure_ascii=False) + "\n"
            )
            if bad_line and i == 2:
                fh.write('{"id": "broken", "text": \n')
    return ids


def records_of(out: io.StringIO) -> list[dict]:
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    for r in rows:
        r["provenance"].pop("ingested_at")
    return rows


@pytest.fixture(scope="module")
def rules_analyzer():
    from chronik.analyse import Analyzer

    return Analyzer("rules")


def test_extract_streams_and_reports_rejected(tmp_path, rules_analyzer):
    ids = articles_jsonl(tmp_path / "a.jsonl", 5, bad_line=True)
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\x00\x00")
    out = io.StringIO()
    summary = Batch(rules_analyzer).extract(
        [tmp_path / "a.jsonl", tmp_path / "photo.png", tmp_path / "nope.txt"], out
    )
    assert [r["id"] for r in records_of(out)] == ids
    assert summary.articles == 5 and summary.tokens > 50 and summary.cpu_seconds > 0
    reasons = {r.origin.rsplit("/", 1)[-1]: r.reason for r in summary.rejected}
    assert reasons["a.jsonl:4"].startswith("invalid JSON")
    assert "unknown file type" in reasons["photo.png"]
    assert reasons["nope.txt"] == "no such file or directory"
    assert not summary.ok


def test_extract_writes_each_id_once(tmp_path, rules_analyzer):
    articles_jsonl(tmp_path / "a.jsonl", 3)
    out = io.StringIO()
    summary = Batch(rules_analyzer).extract(
        [tmp_path / "a.jsonl", tmp_path / "a.jsonl"], out, resume_ids={"t000"}
    )
    assert [r["id"] for r in records_of(out)] == ["t001", "t002"]
    assert summary.skipped == 4


def test_workers_give_the_same_records_in_input_order(tmp_path, rules_analyzer):
    ids = articles_jsonl(tmp_path / "a.jsonl", 40)
    single, multi = io.StringIO(), io.StringIO()
    Batch(rules_analyzer).extract([tmp_path / "a.jsonl"], single)
    summary = Batch(ner_model="rules", workers=2, chunk_size=4).extract([tmp_path / "a.jsonl"], multi)
    assert records_of(multi) == records_of(single)
    assert [r["id"] for r in records_of(multi)] == ids
    assert summary.workers == 2 and len(summary.worker_max_rss) == 2
    assert all(50e6 < rss < 2e9 for rss in summary.worker_max_rss.values())


def test_small_inputs_stay_in_process(tmp_path, rules_analyzer):
    articles_jsonl(tmp_path / "a.jsonl", 3)
    summary = Batch(rules_analyzer, workers=8).extract([tmp_path / "a.jsonl"], io.StringIO())
    assert summary.articles == 3 and summary.workers == 1


def test_ingest_skips_what_is_stored(tmp_path, rules_analyzer):
    articles_jsonl(tmp_path / "a.jsonl", 4)
    with Store(tmp_path / "kb.db") as store:
        first = Batch(rules_analyzer).ingest([tmp_path / "a.jsonl"], store)
        again = Batch(rules_analyzer).ingest([tmp_path / "a.jsonl"], store)
        assert store.stats()["articles"] == 4
    assert (first.added, first.skipped) == (4, 0)
    assert (again.articles, again.skipped) == (0, 4)


def test_progress_counts_every_input(tmp_path, rules_analyzer):
    articles_jsonl(tmp_path / "a.jsonl", 4, bad_line=True)
    ticks: list[int] = []
    Batch(rules_analyzer, on_progress=ticks.append).extract(
        [tmp_path / "a.jsonl"], io.StringIO(), resume_ids={"t001"}
    )
    assert sum(ticks) == 5 == estimate_articles([tmp_path / "a.jsonl"])


def test_estimate_articles(tmp_path):
    articles_jsonl(tmp_path / "a.jsonl", 7)
    (tmp_path / "b.txt").write_text("Ein Text.", encoding="utf-8")
    (tmp_path / "b.json").write_text("{}", encoding="utf-8")  # sidecar of b.txt
    assert estimate_articles([tmp_path]) == 8
    assert estimate_articles(["-"]) is None
    assert estimate_articles(["https://example.org/feed.rss"]) is None


def test_torn_line_is_cut_and_ids_read(tmp_path):
    path = tmp_path / "out.jsonl"
    whole = [
        json.dumps({"schema": "chronik/1", "id": f'x"{i}', "text": "ü"}, ensure_ascii=False) for i in range(3)
    ]
    path.write_text("\n".join(whole) + '\n{"schema":"chronik/1","id":"torn","te', encoding="utf-8")
    truncate_torn_line(path)
    assert path.read_text(encoding="utf-8") == "\n".join(whole) + "\n"
    assert read_jsonl_ids(path) == {'x"0', 'x"1', 'x"2'}
    truncate_torn_line(path)  # whole lines: unchanged
    assert read_jsonl_ids(path) == {'x"0', 'x"1', 'x"2'}


def test_summary_counts_records(seed_record):
    s = Summary()
    s.count(seed_record)
    assert s.articles == 1 and s.statements == len(seed_record.quotes) and s.tokens > 100


@Language.component("test_batch_explode")
def _explode(doc):
    """Fails on one article, as a component bug would."""
    if "KAPUTT" in doc.text:
        raise ValueError("component exploded\nsecond line")
    return doc


def test_an_article_the_pipeline_fails_on_is_rejected_and_the_rest_go_on(tmp_path, rules_analyzer):
    ids = articles_jsonl(tmp_path / "a.jsonl", 3)
    with (tmp_path / "a.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "bad", "text": "Das ist KAPUTT."}) + "\n")
    flaky = Analyzer("rules")
    flaky.nlp.add_pipe("test_batch_explode")
    out = io.StringIO()
    summary = Batch(flaky).extract([tmp_path / "a.jsonl"], out)
    assert [r["id"] for r in records_of(out)] == ids
    (rejected,) = summary.rejected
    assert rejected.origin.endswith("a.jsonl:4")
    assert rejected.reason == "analysis failed: ValueError: component exploded"


def test_progress_bar_on_a_terminal_only(tmp_path, rules_analyzer):
    from rich.console import Console

    from chronik.batch import progress_bar

    articles_jsonl(tmp_path / "a.jsonl", 4)
    with progress_bar(Console(file=io.StringIO()), [str(tmp_path)]) as tick:
        assert tick is None
    screen = io.StringIO()
    with progress_bar(Console(file=screen, force_terminal=True, width=120), [str(tmp_path)]) as tick:
        Batch(rules_analyzer, on_progress=tick).extract([tmp_path], io.StringIO())
    assert "4/4" in screen.getvalue() and "articles/s" in screen.getvalue()


def die_on_request(articles, ner_model):
    """A worker task that SIGKILLs its own process, as the out-of-memory killer would, on an article
    that asks for it: ``"die": "always"``, or ``"die": FILE`` only while FILE does not exist yet."""
    import os
    import signal
    from pathlib import Path

    from chronik.runners import analyse_on_worker

    for article in articles:
        request = article.extra.get("die")
        if request == "always" or (request and not Path(request).exists()):
            if request != "always":
                Path(request).touch()
            os.kill(os.getpid(), signal.SIGKILL)
    return analyse_on_worker(articles, ner_model)


def with_request(path, article_id: str, request: str) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        if row["id"] == article_id:
            row["die"] = request
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


@pytest.mark.slow
def test_a_killed_worker_is_replaced_and_its_articles_retried(tmp_path, rules_analyzer):
    from chronik.parallel import ProcessPool

    ids = articles_jsonl(tmp_path / "a.jsonl", 24)
    with_request(tmp_path / "a.jsonl", "t009", str(tmp_path / "killed-once"))
    single, multi = io.StringIO(), io.StringIO()
    Batch(rules_analyzer).extract([tmp_path / "a.jsonl"], single)
    pool = ProcessPool(2, "rules", chunk_size=3, task=die_on_request)
    summary = Batch(runner=pool).extract([tmp_path / "a.jsonl"], multi)
    assert (tmp_path / "killed-once").exists() and pool.replaced == 1
    assert summary.ok and summary.articles == 24
    assert [r["id"] for r in records_of(multi)] == ids and records_of(multi) == records_of(single)


@pytest.mark.slow
def test_an_article_that_kills_its_worker_twice_is_rejected_and_the_batch_goes_on(tmp_path):
    from chronik.parallel import DIED_TWICE, ProcessPool

    ids = articles_jsonl(tmp_path / "a.jsonl", 24)
    with_request(tmp_path / "a.jsonl", "t013", "always")
    out = io.StringIO()
    pool = ProcessPool(2, "rules", chunk_size=3, task=die_on_request)
    summary = Batch(runner=pool).extract([tmp_path / "a.jsonl"], out)
    assert [r["id"] for r in records_of(out)] == [i for i in ids if i != "t013"]
    (rejected,) = summary.rejected
    assert rejected.origin.endswith("a.jsonl:14") and rejected.reason == DIED_TWICE
    assert pool.replaced >= 1
