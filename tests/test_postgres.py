"""PostgreSQL as the knowledge base: the SQL translation, the server-only behaviour, the CLI and
several real ingest processes into one database (the store suites run on both backends via ``kb_db``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from chronik.store import QueryTimeout, Store, StoreError, is_url
from chronik.store.postgres import redact, translate

BIN = Path(sys.executable).parent


# -- translation (no server needed) --------------------------------------------------------


def test_urls_are_told_from_files_and_passwords_kept_out_of_messages():
    assert is_url("postgresql://u@h/db") and is_url("postgres://h/db")
    assert not is_url("chronik.db") and not is_url(Path("postgresql:/x"))
    assert redact("postgresql://ed:geheim@db.example:5432/kb") == "postgresql://ed:***@db.example:5432/kb"
    assert redact("postgresql://ed@db.example/kb") == "postgresql://ed@db.example/kb"


def test_sqlite_sql_is_translated_outside_string_literals_only():
    assert translate("SELECT 'a ? %' || x FROM t WHERE y = ? AND z LIKE 'geo:%'") == (
        "SELECT 'a ? %%' || x FROM t WHERE y = %s AND z ILIKE 'geo:%%'")
    assert translate("INSERT OR IGNORE INTO story_bands (key, article) VALUES (?, ?)") == (
        "INSERT INTO story_bands (key, article) VALUES (%s, %s) ON CONFLICT DO NOTHING")
    assert translate("INSERT OR REPLACE INTO kb_redirects (old, new) VALUES (?, ?)") == (
        "INSERT INTO kb_redirects (old, new) VALUES (%s, %s) ON CONFLICT (old) DO UPDATE SET new = excluded.new")
    assert translate("UPDATE t SET c = max(coalesce(c, 0), ?), d = (SELECT max(e) FROM u)") == (
        "UPDATE t SET c = greatest(coalesce(c, 0), %s), d = (SELECT max(e) FROM u)")
    assert translate("SELECT 1 WHERE o.speaker IS s.speaker AND a IS NOT ? AND b IS NULL") == (
        "SELECT 1 WHERE o.speaker IS NOT DISTINCT FROM s.speaker AND a IS DISTINCT FROM %s AND b IS NULL")
    assert translate("INSERT INTO times (article, start, end) VALUES (?, ?, ?)") == (
        'INSERT INTO times (article, start, "end") VALUES (%s, %s, %s)')
    assert translate("SELECT s.end FROM s CROSS JOIN k ON k.id = s.k WHERE k.x = ?1 OR k.y = ?1") == (
        "SELECT s.end FROM s JOIN k ON k.id = s.k WHERE k.x = %(p1)s OR k.y = %(p1)s")
    with pytest.raises(NotImplementedError, match="no key known"):
        translate("INSERT OR REPLACE INTO nowhere (a) VALUES (?)")


# -- the server ----------------------------------------------------------------------------


def _record(aid: str, text: str):
    from chronik.record import Record

    return Record(id=aid, text=text, title=f"Titel {aid}")


def test_german_search_stems_words_and_marks_compounds_whole(pg_db):
    with Store(pg_db) as store:
        store.add(_record("b1", "Die Stadt baut neue Brücken über den Fluss. Das Zwei-Prozent-Ziel bleibt."))
        store.add(_record("b2", "Ein Text über Züge."))
        assert [h["article"] for h in store.search("Brücke", what="articles")] == ["b1"]  # stem: Brücken ~ Brücke
        (hit,) = store.search("Zwei-Prozent-Ziel", what="articles")
        assert "\x02Zwei-Prozent-Ziel\x03" in hit["snippet"]
        assert store.search("Brü*", what="articles")[0]["article"] == "b1"  # prefix
        assert store.search('"; DROP TABLE articles; --', what="articles") == []  # words, never SQL
        assert store.count() == 2


def test_records_come_in_pages_all_and_in_order(pg_db, monkeypatch):
    import chronik.store.sqlite as backend

    monkeypatch.setattr(backend, "RECORD_PAGE", 2)
    with Store(pg_db) as store:
        for i in range(5):
            store.add(_record(f"r{i}", f"Text Nummer {i}."))
        assert [r.id for r in store.records()] == ["r0", "r1", "r2", "r3", "r4"]


def test_readers_time_out_and_cannot_write(pg_db):
    Store(pg_db).close()
    with Store(pg_db, readonly=True, query_seconds=0.2) as reader:
        with pytest.raises(QueryTimeout, match="longer than 0.2 s"), reader.time_limit():
            reader.conn.execute("SELECT pg_sleep(2)")
        assert reader.count() == 0  # the connection works on after the timeout
        with pytest.raises(Exception, match="read-only"):
            reader.add(_record("r1", "Ein Text."))


def test_opening_fails_clearly(pg_server, pg_db):
    with pytest.raises(StoreError, match="no Chronik knowledge base in"):
        Store(pg_db, readonly=True)
    bad = "postgresql://nobody:geheim@127.0.0.1:1/nowhere"
    with pytest.raises(StoreError, match=r"cannot connect to postgresql://nobody:\*\*\*@127.0.0.1:1/nowhere") as exc:
        Store(bad)
    assert "geheim" not in str(exc.value)


def test_a_newer_schema_is_refused(pg_db):
    Store(pg_db).close()
    with Store(pg_db) as store:
        store.conn.execute("UPDATE chronik_schema SET version = version + 1")
    with pytest.raises(Exception, match="newer than this Chronik"):
        Store(pg_db)


def test_cli_commands_on_postgres(pg_db, run, tmp_path, monkeypatch):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "c1", "date": "2021-03-05", "text":
                               'Die Ministerin Anna Berger sagte am Montag: "Die Bahn muss pünktlicher werden."'}) + "\n",
                   encoding="utf-8")
    monkeypatch.setenv("CHRONIK_NER_MODEL", "rules")
    result = run("ingest", src, "--db", pg_db, "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "pünktlicher" in run("search", "Bahn", "--db", pg_db).output
    monkeypatch.setenv("CHRONIK_DB", pg_db)  # the environment names the database as well
    quotes = run("quotes", "--json")
    assert quotes.exit_code == 0 and "Anna Berger" in quotes.output
    assert run("show", "c1").exit_code == 0
    assert "Anna Berger" in run("entities").output
    missing = run("show", "nope")
    assert missing.exit_code == 1 and "no article 'nope'" in missing.output


# -- several real ingest processes into one database ----------------------------------------


@pytest.mark.slow
def test_parallel_ingest_processes_into_one_database(pg_db, tmp_path):
    """Three `chronik ingest` processes, overlapping inputs and shared names: no error, no loss, no duplicate."""
    people = ["Anna Berger", "Max Kohl", "Eva Roth"]
    files = []
    for p in range(3):
        src = tmp_path / f"in{p}.jsonl"
        ids = range(p * 6, p * 6 + 10)  # each file shares four articles with the next
        src.write_text("".join(
            json.dumps({"id": f"n{i}", "date": "2021-03-0" + str(1 + i % 9),
                        "text": f"Die Ministerin {people[i % 3]} sagte am Montag, Vorhaben {i} komme voran. "
                                f'{people[(i + 1) % 3]} erklärte: "Wir prüfen das Vorhaben {i}."'}) + "\n"
            for i in ids), encoding="utf-8")
        files.append(src)
    env = {**os.environ, "CHRONIK_NER_MODEL": "rules"}
    procs = [subprocess.Popen([str(BIN / "chronik"), "ingest", str(f), "--db", pg_db, "--workers", "1"],
                              stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env) for f in files]
    outputs = [p.communicate(timeout=600)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outputs
    assert not any("Traceback" in o or "duplicate key" in o for o in outputs)
    with Store(pg_db, readonly=True) as store:
        assert store.count() == 22  # n0 … n21, each once
        rows = store.conn.execute("SELECT id, count(*) FROM articles GROUP BY id HAVING count(*) > 1").fetchall()
        assert rows == []
        dup = store.conn.execute(
            "SELECT name, type FROM kb_entities GROUP BY name, type HAVING count(*) > 1").fetchall()
        assert dup == []  # the same person, linked by three processes, is one entity
        per_article = store.conn.execute(
            "SELECT min(n), max(n) FROM (SELECT count(*) AS n FROM statements GROUP BY article) AS c").fetchone()
        sequential = tmp_path / "seq.db"
        for f in files:
            subprocess.run([str(BIN / "chronik"), "ingest", str(f), "--db", str(sequential), "--workers", "1"],
                           env=env, check=True, capture_output=True)
        with Store(sequential, readonly=True) as one:
            assert store.stats() == one.stats()  # the same knowledge base as one process after another
            assert tuple(per_article) == tuple(one.conn.execute(
                "SELECT min(n), max(n) FROM (SELECT count(*) AS n FROM statements GROUP BY article) AS c").fetchone())
