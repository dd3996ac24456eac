"""One projection of a record: the knowledge base and the Parquet export hold the same values."""

from __future__ import annotations

import datetime as dt

import pytest

from chronik.export import write_parquet
from chronik.projection import speaker_name, statement_date, statement_text, to_rows
from chronik.record import Entity, Event, Mention, Pledge, Quote, Record, Span, Speaker, Time
from chronik.store import Store

TEXT = (
    "Ministerin Eva Roth sagte am Montag: „Wir bauen.“ Ein Sprecher erklärte, es gehe voran. "
    "„Bis 2026 sind es zehn Schulen“, versprach sie."
)


def span(text: str, word: str) -> Span:
    start = text.index(word)
    return Span(start=start, end=start + len(word), text=word)


def speaker(word: str, entity: str | None = None) -> Speaker:
    s = span(TEXT, word)
    return Speaker(start=s.start, end=s.end, text=word, entity=entity)


@pytest.fixture
def record() -> Record:
    roth = span(TEXT, "Eva Roth")
    return Record(
        id="r1", title="Schulen", date=dt.date(2024, 3, 4), text=TEXT,
        entities=[Entity(id="e1", name="Eva Roth", type="PER", mentions=[Mention(**roth.model_dump())])],
        quotes=[
            # resolved speaker, date from the text
            Quote(id="q1", kind="direct", content=[span(TEXT, "Wir bauen.")], speaker=speaker("Eva Roth", "e1"),
                  time="2024-03-04", time_source="text"),
            # a speaker no entity stands for; no date of its own
            Quote(id="q2", kind="indirect", content=[span(TEXT, "es gehe voran")], speaker=speaker("Ein Sprecher")),
            # two pieces, no speaker at all
            Quote(id="q3", kind="direct", content=[span(TEXT, "Bis 2026"), span(TEXT, "zehn Schulen")]),
        ],
        times=[Time(**span(TEXT, "Montag").model_dump(), type="DATE", value="2024-03-04")],
        pledges=[Pledge(id="p1", actor=speaker("sie"), target=span(TEXT, "zehn Schulen"), deadline="2026",
                        quote="q3", evidence=span(TEXT, "„Bis 2026 sind es zehn Schulen“, versprach sie."))],
        # an event dated by its own time expression; one without a date of its own
        events=[Event(id="v1", type="agree", trigger=span(TEXT, "versprach"), actor=speaker("Eva Roth", "e1"),
                      time="2024-02-28T10:00", evidence=span(TEXT, "Ministerin Eva Roth sagte am Montag:")),
                Event(id="v2", type="request", trigger=span(TEXT, "erklärte"), actor=speaker("Ein Sprecher"),
                      evidence=span(TEXT, "Ein Sprecher erklärte, es gehe voran."))],
    )


def test_statement_text_speaker_and_date(record):
    q1, q2, q3 = record.quotes
    assert statement_text(q3) == "Bis 2026 … zehn Schulen"
    assert [speaker_name(record, q.speaker) for q in record.quotes] == ["Eva Roth", "Ein Sprecher", None]
    assert statement_date(record, q1) == ("2024-03-04", "text")
    assert statement_date(record, q2) == ("2024-03-04", "article")
    undated = record.model_copy(update={"date": None})
    assert statement_date(undated, q2) == (None, None)


def test_store_and_parquet_export_agree(record, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    write_parquet([record], tmp_path / "parquet")
    exported = {t: pq.read_table(tmp_path / "parquet" / t).to_pylist()
                for t in ("statements", "pledges", "times", "events")}
    with Store(tmp_path / "kb.db") as store:
        store.add(record)
        stored = {
            "statements": [dict(r) for r in store.conn.execute(
                "SELECT quote_id AS quote, kind, text, start, end, speaker, speaker_mention, speaker_entity, cue,"
                " date, date_source FROM statements ORDER BY start")],
            "pledges": [dict(r) for r in store.conn.execute(
                "SELECT pledge_id AS pledge, actor, actor_entity, target, deadline, evidence FROM pledges")],
            "times": [dict(r) for r in store.conn.execute("SELECT start, end, text, type, value, mod, role FROM times")],
            "events": [dict(r) for r in store.conn.execute(
                "SELECT event_id AS event, type, trigger, actor, actor_entity, target, place, time, date, evidence,"
                " start, end FROM events ORDER BY event_id")],
        }
    for table, rows in stored.items():
        assert rows, table
        columns = list(rows[0])
        assert [{k: e[k] for k in columns} for e in exported[table]] == rows, table
    # the unresolved speaker is named by its mention in both, and its statement dated by the article
    (q2,) = [r for r in stored["statements"] if r["quote"] == "q2"]
    assert q2["speaker"] == "Ein Sprecher" and q2["speaker_entity"] is None and q2["date_source"] == "article"
    assert stored["pledges"][0]["actor"] == "sie"
    # an event's date is its own calendar day, else the article's; actors named like speakers
    assert [(e["actor"], e["actor_entity"], e["date"]) for e in stored["events"]] == [
        ("Eva Roth", "e1", "2024-02-28"), ("Ein Sprecher", None, "2024-03-04")]
    assert stored["events"][0]["time"] == "2024-02-28T10:00"


def test_rows_cover_every_table(record):
    rows = to_rows(record)
    assert {t: len(r) for t, r in rows.items()} == {
        "articles": 1, "statements": 3, "entities": 1, "mentions": 1, "times": 1, "amounts": 0, "pledges": 1,
        "events": 2,
    }
    assert all(row["article"] == "r1" for table in rows.values() for row in table)
