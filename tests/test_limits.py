"""Expensive searches are bounded (chronik.web.limits): refused with 503 + Retry-After when every
slot is taken, while ordinary requests pass; what counts as expensive comes from the store's
own word frequencies (Store.common_query), on both backends."""

from __future__ import annotations

import datetime as dt
import threading
import time
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from chronik.api import create_app
from chronik.record import Article
from chronik.store import QueryTimeout, Store
from chronik.store.sqlite import COMMON_SHARE
from chronik.web.limits import DEEP_OFFSET, expensive

# invented reports: "Windpark" in every one, "Deichbau" in one of ten
TEXTS = [
    f"Kiel – Der Windpark vor der Küste wird größer. „Der Windpark bringt {n} Arbeitsplätze“, sagte "
    f"Bürgermeisterin Anna Albrecht{n}. " + ("Der Deichbau beginnt im Mai." if n == 0 else "Die Arbeiten laufen.")
    for n in range(10)
]


@pytest.fixture(scope="module")
def db(module_kb_db, analyzer):
    with Store(module_kb_db) as store:
        for n, text in enumerate(TEXTS):
            store.add(analyzer.analyse(Article(id=f"wind-{n}", title=f"Windpark {n}", text=text,
                                               date=dt.date(2024, 5, 1 + n))))
        if store.url:
            store.conn.execute("ANALYZE")  # PostgreSQL's word frequencies are the planner's statistics
    return module_kb_db


def test_common_query_reads_the_stores_word_frequencies(db):
    with Store(db, readonly=True) as store:
        assert store.common_query("Windpark")  # in every article
        assert store.common_query("windpark Windpark")
        assert not store.common_query("Deichbau")  # one article in ten: below COMMON_SHARE
        assert COMMON_SHARE > 0.1
        assert not store.common_query("Windpark Deichbau")  # all words must be common
        assert not store.common_query("Zyxwvutwort")
        assert store.common_query("Wi*")  # a short prefix reads most of the index
        assert not store.common_query("")


def test_expensive_searches_get_503_with_retry_after_while_ordinary_pass(db):
    app = create_app(db, expensive_slots=1)
    with TestClient(app) as http:
        assert http.get("/api/search", params={"q": "Windpark", "facets": "true"}).status_code == 200
        gate = app.state.expensive
        assert gate.acquire(blocking=False)  # the one slot taken, as by a long search in another thread
        try:
            for params in ({"q": "Deichbau", "facets": "true"}, {"q": "Windpark"},
                           {"q": "Deichbau", "offset": DEEP_OFFSET}):
                r = http.get("/api/search", params=params)
                assert r.status_code == 503, (params, r.text)
                assert r.headers["Retry-After"] == "2"
                assert "expensive searches" in r.json()["error"]
            r = http.get("/api/statements", params={"facets": "true"})
            assert r.status_code == 503 and r.headers["Retry-After"]
            page = http.get("/", params={"q": "Windpark"})
            assert page.status_code == 503 and page.headers["Retry-After"] == "2"
            assert "ausgelastet" in page.text
            # ordinary requests do not need the slot
            r = http.get("/api/search", params={"q": "Deichbau"})
            assert r.status_code == 200 and r.json()["total"] >= 1
            assert http.get("/api/statements", params={"q": "Deichbau", "limit": 5}).status_code == 200
            assert http.get("/", params={"q": "Deichbau"}).status_code == 200
            assert http.get("/api/articles/wind-3").status_code == 200
        finally:
            gate.release()
        # the slot is given back after each expensive search, also after a refused one
        for _ in range(3):
            assert http.get("/api/search", params={"q": "Windpark", "facets": "true"}).status_code == 200
        assert gate.acquire(blocking=False)
        gate.release()


def test_entity_page_holds_the_newest_statements_in_time_order(kb_db):
    """A speaker with more statements than the page holds: the newest ENTITY_STATEMENTS, as a timeline,
    and ``statements_more``; the statement listing still finds them all."""
    from test_kb import make_record

    from chronik.store.sqlite import ENTITY_STATEMENTS

    esper = ("Mark Esper", "PER", None, ["Esper"], [])
    n = ENTITY_STATEMENTS + 5
    with Store(kb_db) as store:
        for i in range(n):
            day = dt.date(2020, 1, 1) + dt.timedelta(days=(i * 37) % n)  # stored out of date order
            words = f"Wir bleiben Nummer {i}."
            store.add(make_record(f"e-{i}", f'Mark Esper sagte: "{words}"', {"e1": esper}, date=day.isoformat(),
                                  quotes=[("e1", words)]))
        kb_id = store.conn.execute("SELECT kb FROM entities WHERE article = (SELECT rowid FROM articles"
                                   " WHERE id = 'e-0')").fetchone()[0]
        entity = store.entity(kb_id)
        dates = [s["date"] for s in entity["statements"]]
        assert len(dates) == ENTITY_STATEMENTS and entity["statements_more"]
        assert dates == sorted(dates)
        newest = sorted((dt.date(2020, 1, 1) + dt.timedelta(days=(i * 37) % n)).isoformat() for i in range(n))
        assert dates == newest[-ENTITY_STATEMENTS:]
        assert store.statements_total(speaker=kb_id) == n
        listed = store.statements(speaker=kb_id, sort="-date", limit=n)
        assert [s["date"] for s in listed] == newest[::-1]
        assert len(entity["articles_list"]) == 50 and entity["articles_list"][0]["date"] == newest[-1]


def _slow_query(store: Store) -> str:
    """A query that runs for seconds on either backend (its time limit stops it first)."""
    if store.url:
        return "SELECT pg_sleep(3)"
    return ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000)"
            " SELECT count(*) FROM n")


def test_an_expensive_search_is_stopped_after_its_own_time_limit(db, monkeypatch):
    """An expensive search runs under CHRONIK_EXPENSIVE_SECONDS (stopped inside the database: 503 naming
    why it was expensive); the request's ordinary limit is back afterwards, and the slot is given back."""
    monkeypatch.setenv("CHRONIK_EXPENSIVE_SECONDS", "0.2")
    app = SimpleNamespace(state=SimpleNamespace(expensive=threading.BoundedSemaphore(1), expensive_slots=1))
    with Store(db, readonly=True, query_seconds=5.0) as store, store.time_limit(snapshot=True):
        started = time.monotonic()
        stopped = r"expensive search \(very common words\) is stopped after 0.2 s"
        with pytest.raises(QueryTimeout, match=stopped), expensive(app, store, "Windpark"):
            store.conn.execute(_slow_query(store)).fetchall()
        assert time.monotonic() - started < 2.0
        with expensive(app, store, "Windpark"):  # the slot was given back; a quick search passes
            assert store.search("Windpark", limit=3)
        # an ordinary search keeps the request's own limit (5 s), not the expensive one
        with expensive(app, store, "Deichbau"):
            ordinary = _slow_query(store).replace("3)", "0.4)").replace("100000000", "300000")
            assert len(store.conn.execute(ordinary).fetchall()) == 1
    assert create_app(db).state.expensive_seconds == 0.2
    for bad in ("0", "-1", "zwei"):  # refused when the server starts, naming the variable
        monkeypatch.setenv("CHRONIK_EXPENSIVE_SECONDS", bad)
        with pytest.raises(ValueError, match=f"CHRONIK_EXPENSIVE_SECONDS='{bad}'"):
            create_app(db)


def test_expensive_slots_are_the_databases_on_postgresql(db):
    """On PostgreSQL every server process (``chronik serve --workers``) shares the expensive-search slots:
    a slot held by another process's read transaction refuses this one's expensive searches (503,
    Retry-After) while ordinary ones pass; ended, it is free again. SQLite's slots are per process."""
    other = Store(db, readonly=True)  # another server process's connection
    try:
        with other.time_limit(snapshot=True):
            assert other.claim_expensive(1)
            with TestClient(create_app(db, expensive_slots=1)) as http:
                r = http.get("/api/search", params={"q": "Windpark", "facets": "true"})
                if other.url:
                    assert r.status_code == 503 and r.headers["Retry-After"] == "2", r.text
                    assert "expensive searches" in r.json()["error"]
                    with Store(db, readonly=True) as third, third.time_limit(snapshot=True):
                        assert not third.claim_expensive(1)
                        assert third.claim_expensive(2)  # a second slot
                else:
                    assert r.status_code == 200
                assert http.get("/api/search", params={"q": "Deichbau"}).status_code == 200
        with TestClient(create_app(db, expensive_slots=1)) as http:
            assert http.get("/api/search", params={"q": "Windpark", "facets": "true"}).status_code == 200
    finally:
        other.close()
