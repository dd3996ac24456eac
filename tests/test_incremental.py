"""Copies, statement sources and stories are found incrementally: storing an article runs only indexed
lookups (no statement's query plan walks a whole table), and the Dask runner gives the same groups."""

from __future__ import annotations

import json

import pytest
from test_speaker_votes import ECHO, KURIER, WIRE
from test_stories import COPY, FIRST, FOLLOW_UP, LATER, OTHER, PEOPLE, SAID, record

from chronik.record import Quote, Span, Speaker
from chronik.store import Store

_SKIP = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK", "PRAGMA", "--")


def _plans(conn, statements: list[str]) -> dict[str, list[str]]:
    """Each traced statement → the whole-table scans in its query plan."""
    out = {}
    for sql in statements:
        if sql.lstrip().upper().startswith(_SKIP):
            continue  # transaction control, and FTS5's own statements ("-- …")
        plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql)]
        out[sql] = [p for p in plan if p.startswith("SCAN") and p != "SCAN CONSTANT ROW"]
    return out


def test_storing_an_article_walks_no_table(tmp_path):
    with Store(tmp_path / "kb.db") as kb:
        kb.add(record("first", FIRST, "2024-05-07", "dpa", [*PEOPLE, ("Hannover", "LOC")], SAID))
        kb.add(record("follow", FOLLOW_UP, "2024-05-08", "Kurier", [*PEOPLE, ("Grünen", "ORG")]))
        traced: list[str] = []
        kb.conn.set_trace_callback(traced.append)
        kb.add(record("copy", COPY, "2024-05-07", "Kurier", PEOPLE, SAID))  # a copy, a statement with sources
        kb.add(record("later", LATER, "2024-05-08", "dpa", PEOPLE))  # a story through shared people
        unlinked = Quote(id="q1", kind="indirect", content=[Span(start=0, end=20, text=OTHER[:20])],
                         speaker=Speaker(start=0, end=3, text=OTHER[:3]))  # a speaker no entity stands for
        other = record("other", OTHER, "2024-05-08", "Anzeiger", [("Grünen", "ORG"), ("Stadtwerke Hannover", "ORG")])
        kb.add(other.model_copy(update={"quotes": [unlinked]}))
        kb.conn.set_trace_callback(None)
        plans = _plans(kb.conn, traced)
        assert {sql: scans for sql, scans in plans.items() if scans} == {}
        # the lookups this is about did run (the test is not vacuous)
        ran = "\n".join(plans)
        for lookup in ("FROM story_bands", "FROM story_copies", "JOIN statements h ON", "FROM entities e JOIN articles a",
                       "s.speaker_kb IS NULL AND s.speaker ="):
            assert lookup in ran, lookup
        assert kb.copies("copy")["copy_of"] == "first" and kb.story("later")["id"] == "first"


@pytest.mark.slow
def test_dask_runner_gives_the_same_copies_sources_and_stories(tmp_path):
    pytest.importorskip("distributed")
    from distributed import Client, LocalCluster

    from chronik.batch import Batch
    from chronik.dask_runner import DaskRunner

    inputs = tmp_path / "in.jsonl"
    rows = [("echo", ECHO, "2024-05-14", "Westfalen-Echo"), ("wire", WIRE, "2024-05-14", "dpa"),
            ("kurier", KURIER, "2024-05-15", "Kurier"), ("first", FIRST, "2024-05-07", "dpa"),
            ("copy", COPY, "2024-05-07", "Kurier"), ("other", OTHER, "2024-05-08", "Anzeiger")]
    inputs.write_text("".join(json.dumps({"id": i, "text": t, "date": d, "source": s}, ensure_ascii=False) + "\n"
                              for i, t, d, s in rows), encoding="utf-8")

    def across(store: Store) -> dict:
        return {
            "copy_of": {i: store.copies(i)["copy_of"] for i, *_ in rows},
            "stories": sorted((s["id"], s["articles"]) for s in store.stories()),
            "sources": sorted((r["text"], tuple(sorted(r["sources"]))) for r in store.statements(limit=1000)),
        }

    with Store(tmp_path / "local.db") as store:
        Batch(ner_model="rules").ingest([inputs], store)
        local = across(store)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
        Store(tmp_path / "dask.db") as store,
    ):
        Batch(runner=DaskRunner(client, tmp_path / "parts", ner_model="rules", partition_size=2)).ingest([inputs], store)
        distributed = across(store)
    assert distributed == local
    assert local["copy_of"] == {"echo": None, "wire": "echo", "kurier": "echo", "first": None, "copy": "first",
                                "other": None}
    assert ("echo", 3) in local["stories"]
    assert any(len(sources) == 3 for _text, sources in local["sources"])  # one statement from all three outlets
