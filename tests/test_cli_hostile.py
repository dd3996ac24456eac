"""The command line with wrong values and broken databases: a clear message and exit 2, never a traceback."""

import json

import pytest

from chronik.record import Record
from chronik.store import Store

GERMAN = "Die Ministerin sagte am Freitag in Berlin, die Lage sei ernst. Sie werde handeln."



@pytest.fixture
def db(tmp_path):
    path = tmp_path / "kb.db"
    with Store(path) as store:
        store.add(Record(id="a", text=GERMAN))
    return path


@pytest.mark.parametrize(
    "args,message",
    [
        (["search", "x", "--from", "2020-13-45"], "--from: '2020-13-45' is not a date in the calendar"),
        (["search", "x", "--to", "xyz"], "--to: 'xyz' is not a date"),
        (["search", "x", "--kind", "bogus"], "--kind: 'bogus' must be one of direct, indirect"),
        (["search", "x", "--what", "nothing"], "--what: 'nothing' must be one of all, articles, statements"),
        (["quotes", "--from", "2020-02-30"], "--from: '2020-02-30' is not a date in the calendar"),
        (["quotes", "--kind", "bogus"], "--kind: 'bogus'"),
        (["entities", "--type", "PERSON"], "--type: 'PERSON' must be one of PER, ORG, LOC, MISC"),
    ],
)
def test_wrong_filter_values_are_usage_errors(run, db, args, message):
    res = run(*args, "--db", db)
    assert res.exit_code == 2 and message in res.stderr, res.stderr


def test_valid_filters_pass(run, db):
    assert run("search", "Lage", "--from", "2020", "--to", "2030-12", "--db", db).exit_code == 0
    assert run("quotes", "--kind", "direct", "--db", db).exit_code == 0


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31"])
def test_extreme_dates_are_rejected_not_a_crash(run, tmp_path, date):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "x", "text": GERMAN, "date": date}) + "\n" + json.dumps({"text": GERMAN}) + "\n")
    res = run("ingest", src, "--db", tmp_path / "kb.db", "--workers", "1")
    assert res.exit_code == 1, res.stderr
    assert f"{src}:1: date {date} is out of range (1000-01-01 to 2999-12-31)" in res.stderr
    assert "1 added" in res.stderr
    assert run("extract", tmp_path / "x.txt", "--date", date).exit_code == 2


def test_wrong_typed_fields_are_rejected_naming_the_field(run, tmp_path):
    src = tmp_path / "in.jsonl"
    rows = [{"id": ["a", "b"], "text": GERMAN}, {"id": {"x": 1}, "text": GERMAN}, {"text": GERMAN, "title": 42},
            {"text": GERMAN, "date": 20200214}, {"id": 7, "text": GERMAN}]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    res = run("ingest", src, "--db", tmp_path / "kb.db", "--workers", "1")
    assert res.exit_code == 1
    assert f"{src}:1: 'id' must be a string, not a list" in res.stderr
    assert f"{src}:2: 'id' must be a string, not an object" in res.stderr
    assert f"{src}:3: 'title' must be a string, not a number" in res.stderr
    assert f"{src}:4: date must be a string (YYYY-MM-DD), not a number" in res.stderr
    with Store(tmp_path / "kb.db", readonly=True) as store:
        assert [r.id for r in store.records()] == ["7"]  # a number is an id; a list never becomes "['a', 'b']"


def test_corrupt_database_or_folder_is_a_clear_error(run, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database" * 100)
    src = tmp_path / "a.txt"
    src.write_text(GERMAN, encoding="utf-8")
    for args in (["stats", "--db", bad], ["search", "x", "--db", bad], ["ingest", src, "--db", bad],
                 ["ingest", src, "--db", tmp_path], ["stats", "--db", tmp_path]):
        res = run(*args)
        assert res.exit_code == 2, (args, res.stderr)
        assert "Traceback" not in res.stderr
        assert str(args[-1]) in res.stderr and ("not a usable" in res.stderr or "is a folder" in res.stderr)


def test_read_only_commands_never_create_or_migrate(run, tmp_path):
    import sqlite3

    old = tmp_path / "old.db"
    sqlite3.connect(old).execute("PRAGMA user_version = 1").connection.commit()
    before = old.read_bytes()
    res = run("stats", "--db", old)
    assert res.exit_code == 2 and "schema version 1" in res.stderr and "chronik ingest" in res.stderr
    assert old.read_bytes() == before
    assert run("search", "x", "--db", tmp_path / "typo.db").exit_code == 2
    assert not (tmp_path / "typo.db").exists()
