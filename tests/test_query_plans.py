"""How the knowledge base answers under load (bench/load.py found each of these): which index leads a
statement query, read connections that map the file, and API JSON written without a second pass."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from chronik.api import FastJSON
from chronik.record import Entity, Mention, Quote, Record, Span, Speaker
from chronik.store import Store

WORDS = ["Die Bahn muss pünktlicher werden", "Wir bauen neue Brücken", "Der Haushalt ist solide"]


def article(n: int) -> Record:
    """Article ``n``: two people, each with a direct and an indirect statement."""
    text, entities, quotes = "", {}, []
    for k, name in enumerate(["Anna Berger", "Max Kohl"]):
        for kind in ("direct", "indirect"):
            words = WORDS[(n + k) % len(WORDS)]
            start = len(text)
            text += f"{name} sagte: „{words}“ "
            q_start = text.index(words, start)
            entity = entities.setdefault(name, Entity(id=f"e{len(entities) + 1}", name=name, type="PER", mentions=[]))
            entity.mentions.append(Mention(start=start, end=start + len(name), text=name))
            quotes.append(Quote(id=f"q{len(quotes) + 1}", kind=kind,
                                content=[Span(start=q_start, end=q_start + len(words), text=words)],
                                speaker=Speaker(start=start, end=start + len(name), text=name, entity=entity.id)))
    return Record(id=f"a{n}", title=f"Titel {n}", date=dt.date(2021, 1, 1) + dt.timedelta(days=30 * n),
                  source="Tagesblatt", text=text.strip(), entities=list(entities.values()), quotes=quotes)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("plans") / "kb.db"
    with Store(path) as store:
        store.add_many(article(n) for n in range(40))
    return path


def plan(store: Store, sql: str, args: list) -> list[str]:
    return [row[3] for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql, args)]


def test_statement_words_with_kind_or_speaker_filter_are_led_by_the_full_text_index(store_path):
    with Store(store_path, readonly=True) as store:
        speaker = store.entities("Berger")[0]["id"]
        for filters in ({"kind": "indirect"}, {"speaker": speaker}, {"speaker": speaker, "kind": "direct"}):
            body, args, _match = store._statements_where(q="Bahn", **filters)
            first = plan(store, "SELECT count(*)" + body, args)[0]
            assert "statements_fts" in first, (filters, first)
            # the same statements as the filter applied by hand to the word search
            by_hand = [r for r in store.statements(q="Bahn", limit=1000)
                       if all(r[{"speaker": "speaker_kb"}.get(k, k)] == v for k, v in filters.items())]
            found = store.statements(q="Bahn", limit=1000, **filters)
            assert found and [(r["article"], r["quote_id"]) for r in found] == \
                [(r["article"], r["quote_id"]) for r in by_hand]


def test_a_speakers_statements_never_go_through_the_same_as_index(store_path, tmp_path):
    """With the statistics of a large store (ANALYZE counts every NULL as one value), the planner took the
    same_as index for 'first reports only' over the speaker's own: a scan of nearly every statement."""
    path = tmp_path / "analysed.db"
    with Store(store_path, readonly=True) as store:
        speaker = store.entities("Kohl")[0]["id"]
        store.conn.backup(target := sqlite3.connect(path))
    target.execute("ANALYZE")
    target.execute("DELETE FROM sqlite_stat1 WHERE tbl IN ('articles', 'statements')")
    target.executemany("INSERT INTO sqlite_stat1 VALUES (?, ?, ?)", [  # as on 100,000 articles
        ("articles", "articles_date", "100000 2"), ("articles", "sqlite_autoindex_articles_1", "100000 1"),
        ("statements", "statements_same_as", "550000 29"), ("statements", "statements_speaker_kb", "550000 500 20"),
        ("statements", "statements_article", "550000 6"), ("statements", "statements_kind", "550000 275000 12"),
        ("statements", "statements_date", "550000 150"), ("statements", "statements_speaker", "550000 500 20"),
    ])
    target.commit()
    target.close()
    with Store(path, readonly=True) as store:
        body, args, _match = store._statements_where(speaker=speaker)
        steps = plan(store, "SELECT count(*)" + body, args)
        assert any(step.startswith("SEARCH s USING INDEX statements_speaker_kb") for step in steps), steps
        assert not any(step.startswith("SEARCH s USING INDEX statements_same_as") for step in steps), steps
        assert store.statements_total(speaker=speaker) == len(store.statements(speaker=speaker, limit=1000)) > 0


def test_read_connections_map_the_file(store_path):
    with Store(store_path, readonly=True) as store:
        assert store.conn.execute("PRAGMA mmap_size").fetchone()[0] > 0


def test_api_json_is_written_as_before_without_the_encoder_pass():
    body = {"name": "Müller „zitiert“", "n": 3, "x": 0.25, "none": None, "items": [{"a": [1, 2]}],
            "day": dt.date(2021, 3, 5)}  # a value json cannot write goes through jsonable_encoder
    assert FastJSON(body).body == JSONResponse(jsonable_encoder(body)).body
    with pytest.raises(ValueError):
        FastJSON({"x": float("nan")})  # like JSONResponse: no NaN in JSON
