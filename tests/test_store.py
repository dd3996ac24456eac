"""The SQLite knowledge base: idempotent writes, FTS that cannot be broken by input, migrations."""

import sqlite3

import pytest

from chronik.record import Entity, Mention, Quote, Record, Span, Speaker
from chronik.store import SCHEMA_VERSION, SchemaError, Store, fts_query

TEXT = 'Das Zwei-Prozent-Ziel gilt, sagte Annegret Kramp-Karrenbauer. "Wir bleiben dabei."'


def record(rid="a1", text=TEXT):
    name = "Annegret Kramp-Karrenbauer"
    start = text.index(name)
    msg = text.index("Das"), text.index(",")
    return Record(
        id=rid,
        text=text,
        date="2020-02-14",
        entities=[Entity(id="e1", name=name, type="PER", mentions=[Mention(start=start, end=start + len(name), text=name)])],
        quotes=[
            Quote(
                id="q1",
                kind="indirect",
                content=[Span(start=msg[0], end=msg[1], text=text[msg[0] : msg[1]])],
                speaker=Speaker(start=start, end=start + len(name), text=name, entity="e1"),
            )
        ],
    )


@pytest.fixture
def kb(kb_db):
    with Store(kb_db) as store:
        yield store


def test_add_is_idempotent_and_updates_changed_text(kb):
    assert kb.add(record()) == "added"
    assert kb.add(record()) == "unchanged"
    assert kb.stats()["articles"] == 1 and kb.stats()["statements"] == 1
    assert kb.add(record(text=TEXT + " Neu.")) == "updated"
    stats = kb.stats()
    assert (stats["articles"], stats["statements"], stats["entities"], stats["times"]) == (1, 1, 1, 0)
    assert kb.get("a1").text.endswith("Neu.")


def test_search_articles_and_statements(kb):
    kb.add(record())
    hits = kb.search("Zwei-Prozent-Ziel")
    assert {h["hit"] for h in hits} == {"article", "statement"}
    assert kb.search("Zwei-Prozent-Ziel", what="statements", speaker="Kramp")[0]["speaker"] == "Annegret Kramp-Karrenbauer"
    assert kb.search("prozent*") and not kb.search("Kanzler")


@pytest.mark.parametrize("query", ['"', "' OR 1=1 --", "NEAR(", "a AND", "*", "-x", '"; DROP TABLE articles; --', "ziel OR"])
def test_hostile_queries_do_not_break(kb, query):
    kb.add(record())
    kb.search(query)
    kb.statements(speaker=query)
    assert kb.stats()["articles"] == 1


def test_fts_query_quotes_every_word():
    assert fts_query('Zwei-Prozent-Ziel "x') == '"Zwei-Prozent-Ziel" """x"'
    assert fts_query("Prozent*") == '"Prozent"*'


def test_statements_by_speaker_and_date(kb):
    kb.add(record())
    [row] = kb.statements(speaker="Kramp-Karrenbauer")
    assert row["date"] == "2020-02-14" and row["kind"] == "indirect"
    assert kb.statements(speaker="Kramp", date_to="2019") == []
    assert kb.statements(speaker="Kramp", date_from="2020-02", date_to="2020-02")


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(SchemaError, match="newer"):
        Store(path)


def test_readonly_store_needs_existing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        Store(tmp_path / "missing.db", readonly=True)


def test_fragments_inside_a_longer_statement_are_listed_only_on_request(kb):
    rec = record()
    frag = TEXT.index("Zwei-Prozent-Ziel")
    piece = Span(start=frag, end=frag + 17, text=TEXT[frag : frag + 17])
    rec.quotes.append(rec.quotes[0].model_copy(update={"id": "q2", "kind": "direct", "content": [piece]}))
    kb.add(rec)
    assert [r["quote_id"] for r in kb.statements()] == ["q1"]
    assert sorted(r["quote_id"] for r in kb.statements(nested=True)) == ["q1", "q2"]
