"""The command line as a user drives it: exit codes, batch round trip, resume, exports."""

import json

GERMAN = "Die Ministerin sagte am Freitag in Berlin, die Lage sei ernst. Sie werde handeln."



def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def test_extract_single_text(run, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(GERMAN, encoding="utf-8")
    res = run("extract", f, "--date", "2020-02-14", "--compact")
    assert res.exit_code == 0, res.output
    rec = json.loads(res.stdout)
    assert rec["schema"] == "chronik/1" and rec["date"] == "2020-02-14" and rec["lang"] == "de"
    assert rec["text"] == GERMAN


def test_batch_round_trip_1000_articles(run, tmp_path):
    rows = [{"id": f"n{i}", "text": f"{GERMAN} Meldung Nummer {i}.", "date": "2020-02-14", "feed": i} for i in range(1000)]
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(src, rows)
    res = run("extract", src, "--output", dst)
    assert res.exit_code == 0, res.output
    out = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in out] == [r["id"] for r in rows]
    assert all(r["extra"] == {"feed": i} for i, r in enumerate(out))
    # running again resumes: nothing is written twice
    assert run("extract", src, "--output", dst).exit_code == 0
    assert len(dst.read_text(encoding="utf-8").splitlines()) == 1000


def test_extract_resumes_after_torn_line(run, tmp_path):
    rows = [{"id": f"n{i}", "text": f"{GERMAN} {i}"} for i in range(5)]
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(src, rows)
    run("extract", src, "--output", dst)
    lines = dst.read_text(encoding="utf-8").splitlines(keepends=True)
    dst.write_text("".join(lines[:2]) + lines[2][:40], encoding="utf-8")  # killed mid-write
    assert run("extract", src, "--output", dst).exit_code == 0
    assert sorted(json.loads(line)["id"] for line in dst.read_text(encoding="utf-8").splitlines()) == [f"n{i}" for i in range(5)]


def test_some_rejected_exit_1_with_reasons(run, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "ok", "text": GERMAN}) + "\n{broken\n" + json.dumps({"id": "x"}) + "\n")
    res = run("extract", src, "--output", tmp_path / "out.jsonl")
    assert res.exit_code == 1
    assert f"{src}:2: invalid JSON" in res.stderr and f"{src}:3: missing 'text'" in res.stderr
    assert "2 input(s) rejected" in res.stderr


def test_usage_errors_exit_2(run, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(GERMAN, encoding="utf-8")
    assert run("extract", f, "--date", "Freitag").exit_code == 2
    assert run("extract", f, "--genre", "poem").exit_code == 2
    assert run("extract", f, "--no-such-option").exit_code == 2
    assert run("search", "x", "--db", tmp_path / "none.db").exit_code == 2


def test_serve_refuses_a_missing_database_like_the_read_commands(run, tmp_path):
    typo = tmp_path / "typo.db"
    for command in (["serve"], ["stats"], ["entities"]):
        res = run(*command, "--db", typo)
        assert res.exit_code == 2 and f"no knowledge base at {typo}" in res.stderr
    assert not typo.exists()


def test_entity_commands_read_without_migrating(run, tmp_path):
    import sqlite3

    old = tmp_path / "old.db"
    sqlite3.connect(old).execute("PRAGMA user_version = 1").connection.commit()
    before = old.read_bytes()
    for command in (["entities"], ["entity", "P-1"]):
        res = run(*command, "--db", old)
        assert res.exit_code == 2 and "schema version 1" in res.stderr, command
    assert old.read_bytes() == before


def test_verbose_logs_what_chronik_does(run, tmp_path, caplog):
    import logging

    f = tmp_path / "a.txt"
    f.write_text(GERMAN, encoding="utf-8")
    try:
        assert run("extract", f, "--compact").exit_code == 0
        assert not [r for r in caplog.records if r.name.startswith("chronik")]
        assert run("--verbose", "extract", f, "--compact").exit_code == 0
        assert "analysing on InProcess with 1 worker(s)" in [r.getMessage() for r in caplog.records]
    finally:
        logging.getLogger("chronik").setLevel(logging.NOTSET)


def test_non_german_text_is_recorded_not_analysed(run, tmp_path):
    f = tmp_path / "en.txt"
    f.write_text("The minister said on Friday in Berlin that the situation was serious and would get worse.")
    res = run("extract", f, "--compact")
    assert res.exit_code == 0
    rec = json.loads(res.stdout)
    assert rec["lang"] == "en" and rec["quotes"] == [] and rec["entities"] == []


def test_ingest_twice_stores_once_then_query_and_export(run, tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text("date: 2020-02-14\n\n" + GERMAN, encoding="utf-8")
    (corpus / "sub" / "b.txt").write_text(GERMAN + " Zweite Meldung zum Zwei-Prozent-Ziel.", encoding="utf-8")
    db = tmp_path / "kb.db"
    assert run("ingest", corpus, "--db", db).exit_code == 0
    res = run("ingest", corpus, "--db", db)
    assert res.exit_code == 0 and "2 skipped" in res.stderr
    from chronik.store import Store

    with Store(db) as kb:
        assert kb.stats()["articles"] == 2
        ids = sorted(kb.known_hashes())
    hits = json.loads(run("search", "Zwei-Prozent-Ziel", "--db", db, "--json").stdout)
    assert [h["article"] for h in hits if h["hit"] == "article"] != []
    assert run("show", ids[0], "--db", db).exit_code == 0
    assert run("show", "nope", "--db", db).exit_code == 1
    out = tmp_path / "records.jsonl"
    assert run("export", "--db", db, "--output", out).exit_code == 0
    assert sorted(json.loads(line)["id"] for line in out.read_text().splitlines()) == ids
    pq = tmp_path / "parquet"
    assert run("export", "--db", db, "--format", "parquet", "--output", pq).exit_code == 0
    import pyarrow.parquet as parquet

    assert parquet.read_table(pq / "articles").num_rows == 2



def test_entities_lists_unsure_ones_on_request(run, tmp_path):
    import datetime as dt

    from chronik.record import Entity, Mention, Record
    from chronik.store import Store

    db = tmp_path / "conf.db"
    with Store(db) as store:
        store.add(Record(id="c1", text="Quarvix kam.", date=dt.date(2020, 1, 1), entities=[
            Entity(id="e1", name="Quarvix", type="ORG", confidence=0.5, mentions=[Mention(start=0, end=7, text="Quarvix")])]))  # fmt: skip
    assert "Quarvix" not in run("entities", "--db", db).output
    assert "Quarvix" in run("entities", "--db", db, "--all").output
    assert "Quarvix" in run("entities", "--db", db, "--min-confidence", "0.5").output
