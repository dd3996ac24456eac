"""Concurrent writers with real processes: a new database is migrated once, the same article stored once."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chronik.store import Store, StoreError

BIN = Path(sys.executable).parent

WRITER = """
import sys, time
from chronik.record import Record
from chronik.store import Store
start, path, n = float(sys.argv[1]), sys.argv[2], int(sys.argv[3])
while time.time() < start:
    time.sleep(0.001)
with Store(path) as store:
    for i in range(n):
        store.add(Record(id=f"a{i}", text=f"Text {i} von Prozess und Prozess."))
"""


def test_processes_racing_on_a_new_database_migrate_once_and_store_each_article_once(kb_db):
    db = kb_db  # a new SQLite file, or an empty PostgreSQL schema
    start = time.time() + 1.5  # all processes open the file in the same instant
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(start), str(db), "40"], stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    with Store(db, readonly=True) as store:
        assert store.count() == 40
        version = "SELECT version FROM chronik_schema" if store.url else "PRAGMA user_version"
        assert store.conn.execute(version).fetchone()[0] >= 2


def test_two_chronik_ingest_of_the_same_input_on_a_new_database(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(json.dumps({"id": f"n{i}", "text": f"Die Ministerin sagte am Montag, Vorhaben {i} komme voran."})
                  for i in range(12)) + "\n",
        encoding="utf-8",
    )
    db = tmp_path / "kb.db"
    env = {**os.environ, "CHRONIK_NER_MODEL": "rules"}
    cmd = [str(BIN / "chronik"), "ingest", str(src), "--db", str(db), "--workers", "1"]
    procs = [subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
             for _ in range(2)]
    outputs = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert not any("Traceback" in o or "UNIQUE" in o or "already exists" in o for o in outputs)
    with Store(db, readonly=True) as store:
        assert store.count() == 12


def test_a_new_database_locked_at_once_by_its_creator_is_opened_after_a_retry(tmp_path, monkeypatch):
    # While another process switches a new file to WAL, SQLite may answer "locked" without waiting;
    # the open retries (the race itself is rare: the two-ingest test above met it under load).
    real_open, calls = Store._open, []

    def locked_once(self, readonly):
        calls.append(readonly)
        if len(calls) == 1:
            raise sqlite3.OperationalError("database is locked")
        real_open(self, readonly)

    monkeypatch.setattr(Store, "_open", locked_once)
    with Store(tmp_path / "kb.db") as store:
        assert store.count() == 0
    assert calls == [False, False]
    # a read-only open is not retried, and other errors are reported at once, naming the file
    calls.clear()
    with pytest.raises(StoreError, match="kb.db is not a usable Chronik knowledge base: database is locked"):
        Store(tmp_path / "kb.db", readonly=True)
    assert calls == [True]
