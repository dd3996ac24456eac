"""Dask: a LocalCluster of 2 worker processes gives the same records as local processing,
writes one Parquet + JSONL part per partition, and resumes from parts it finds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pq = pytest.importorskip("pyarrow.parquet")

from chronik.batch import Batch
from chronik.dask_runner import DaskRunner, part_name
from chronik.export import TABLES
from chronik.store import Store

pytestmark = pytest.mark.slow
N = 40


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    path = tmp_path_factory.mktemp("dask") / "in.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(N):
            text = (
                f"Bürgermeisterin Lena Vogt kündigte am Mittwoch in Köln an, bis Ende 2025 {i + 2} neue Schulen "
                f"zu bauen. „Das sind wir den Kindern schuldig“, sagte Vogt. Kosten: {i + 10} Millionen Euro."
            )
            fh.write(
                json.dumps({"id": f"d{i:03d}", "text": text, "date": "2023-09-06"}, ensure_ascii=False) + "\n"
            )
    return path


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as c,
    ):
        yield c


def comparable(records) -> dict[str, dict]:
    out = {}
    for r in records:
        d = r.to_dict()
        d["provenance"].pop("ingested_at")
        out[d["id"]] = d
    return out


@pytest.fixture(scope="module")
def dask_run(tmp_path_factory, inputs, client):
    """Local records, and the Dask runner's parts and summary, for the same inputs."""
    tmp = tmp_path_factory.mktemp("dask-run")
    with Store(tmp / "local.db") as store:
        Batch(ner_model="rules").ingest([inputs], store)
        local = comparable(store.records())
    runner = DaskRunner(client, tmp / "parts", ner_model="rules", partition_size=8)
    with Store(tmp / "dask.db") as store:
        summary = Batch(runner=runner).ingest([inputs], store)
        distributed = comparable(store.records())
    return local, distributed, summary, tmp / "parts"


def test_dask_matches_local_and_writes_parts(dask_run):
    local, distributed, summary, parts = dask_run
    assert summary.added == N and summary.workers == 2 and len(summary.worker_max_rss) == 2
    assert distributed == local
    assert len(list((parts / "records").glob("part-*.jsonl"))) == N // 8
    articles = pq.read_table(parts / "articles").to_pylist()
    assert sorted(a["article"] for a in articles) == sorted(local)
    statements = pq.read_table(parts / "statements")
    assert statements.num_rows == sum(len(r["quotes"]) for r in local.values()) > 0
    for table in TABLES:
        assert len(list((parts / table).glob("*.parquet"))) == N // 8


def test_docs_duckdb_queries_run_on_dask_parts(dask_run):
    duckdb = pytest.importorskip("duckdb")
    local, _, _, parts = dask_run
    docs = (Path(__file__).resolve().parent.parent / "docs" / "scale.md").read_text(encoding="utf-8")
    queries = re.findall(r"```sql\n(.*?)```", docs, re.DOTALL)
    assert len(queries) >= 2
    results = [duckdb.sql(q.replace("'parquet/", f"'{parts}/")).fetchall() for q in queries]
    per_speaker_month, *_ = results
    assert sum(n for *_, n in per_speaker_month) == sum(
        1 for r in local.values() for q in r["quotes"] if q["speaker"] and q["speaker"]["entity"]
    )


def test_dask_resume_uses_finished_parts(tmp_path, inputs, client, kb_db):
    from chronik.ingest import Reader

    parts = tmp_path / "parts"
    articles = [a for a in Reader().read([inputs])][:8]
    # A worker finished this part but the store never saw it (the main process was killed) …
    from chronik.dask_runner import analyse_partition

    analyse_partition(articles, "rules", str(parts))
    # … and another part was cut off before its JSONL was written.
    (parts / "statements" / "part-unfinished.parquet").write_bytes(b"junk")
    with Store(kb_db) as store:  # a SQLite file or a PostgreSQL database
        summary = Batch(runner=DaskRunner(client, parts, ner_model="rules", partition_size=8)).ingest([inputs], store)
        assert store.stats()["articles"] == N
    # every input counted once: analysed now, or recovered from the finished part (not also "skipped")
    assert summary.added == N and summary.articles == N - 8 and summary.recovered == 8 and summary.skipped == 0
    assert not (parts / "statements" / "part-unfinished.parquet").exists()
    ids = [json.loads(line)["id"] for p in (parts / "records").glob("*.jsonl") for line in p.open()]
    assert sorted(ids) == [f"d{i:03d}" for i in range(N)]
    assert (parts / "records" / f"{part_name(articles)}.jsonl").exists()
