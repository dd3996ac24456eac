"""What keeps a large knowledge base cheap to read under load (bench/load.py, docs/scale.md), on both
backends: the answers stay those of the plain queries they replace, and an estimate says it is one."""

from __future__ import annotations

import datetime as dt

import pytest

from chronik.record import Entity, Mention, Quote, Record, Span, Speaker
from chronik.store import Store
from chronik.store import sqlite as store_module

PEOPLE = ["Anna Berger", "Max Kohl", "Jana Ruge"]
SAID = ["Die Bahn muss in Zukunft pünktlicher werden", "Wir bauen in Zukunft neue Brücken",
        "Der Haushalt ist in Zukunft solide", "Die Rente bleibt in Zukunft sicher"]


def article(n: int) -> Record:
    """Article ``n``: each person says one thing (direct), dated from the article; every 5th is undated."""
    text, entities, quotes = f"Bericht {n}. ", [], []
    for k, name in enumerate(PEOPLE):
        words = SAID[(n + k) % len(SAID)]
        start = len(text)
        text += f"{name} sagte: „{words}.“ "
        q_start = text.index(words, start)
        entities.append(Entity(id=f"e{k}", name=name, type="PER",
                               mentions=[Mention(start=start, end=start + len(name), text=name)]))
        quotes.append(Quote(id=f"q{k}", kind="direct" if (n + k) % 2 else "indirect",
                            content=[Span(start=q_start, end=q_start + len(words), text=words)],
                            speaker=Speaker(start=start, end=start + len(name), text=name, entity=f"e{k}")))
    date = None if n % 5 == 4 else dt.date(2021, 1, 1) + dt.timedelta(days=(n * 37) % 400)
    return Record(id=f"a{n:02d}", title=f"Titel {n}", date=date, source=["Kurier", "Bote"][n % 2],
                  text=text.strip(), entities=entities, quotes=quotes)


@pytest.fixture
def kb(kb_db):
    """30 articles; the same words in another article within days make it a later report (copy
    detection); one of Kohl's statements is made a later report of one of Ruge's: that first
    report is listed under both speakers."""
    with Store(kb_db) as store:
        store.add_many(article(n) for n in range(30))
        # and one of Kohl's statements a later report of one of Ruge's (reports disagreeing on the speaker)
        ruge, kohl = store.entities("Ruge")[0]["id"], store.entities("Kohl")[0]["id"]
        first = "SELECT min(rowid) FROM statements WHERE speaker_kb = ? AND same_as IS NULL AND rowid > ?"
        with store.write() as c:
            head = c.execute(first, (ruge, 30)).fetchone()[0]
            c.execute("UPDATE statements SET same_as = ? WHERE rowid = (" + first + ")", (head, kohl, head))
        yield store


def _one_query(monkeypatch):
    """The plain path: a speaker's statements and the reports others attribute to them in one query."""
    monkeypatch.setattr(Store, "_speaker_parts", lambda self, *a, **k: [None])


def _keys(rows):
    return [(r["article"], r.get("quote_id"), r.get("date")) for r in rows]


def test_a_speakers_own_statements_and_others_reports_read_apart_give_the_one_query_pages(kb, monkeypatch):
    kohl = kb.entities("Kohl")[0]["id"]
    assert kb._speaker_parts(kohl) == ["own", "heads"]  # the case under test
    asked = [dict(sort=sort, limit=limit, offset=offset, **extra)
             for sort in ("date", "-date") for limit, offset in ((4, 0), (4, 4), (7, 9), (50, 0))
             for extra in ({}, {"kind": "direct"}, {"dated": True})]
    split = [_keys(kb.statements(speaker=kohl, **a)) for a in asked]
    totals = [kb.statements_total(speaker=kohl, kind=k) for k in (None, "direct")]
    found = [_keys(kb.search(None, what="statements", speaker=kohl, sort=sort, limit=5, offset=o))
             for sort in ("date", "-date") for o in (0, 5)]
    _one_query(monkeypatch)
    assert split == [_keys(kb.statements(speaker=kohl, **a)) for a in asked]
    assert totals == [kb.statements_total(speaker=kohl, kind=k) for k in (None, "direct")]
    assert found == [_keys(kb.search(None, what="statements", speaker=kohl, sort=sort, limit=5, offset=o))
                     for sort in ("date", "-date") for o in (0, 5)]
    # first reports of others' statements that a later report attributes to Kohl are in his listing
    others = {(r[0], r[1]) for r in kb.conn.execute(
        "SELECT a.id, s.quote_id FROM statements s JOIN articles a ON a.rowid = s.article"
        " WHERE s.speaker_kb IS NOT ? AND s.rowid IN (SELECT same_as FROM statements WHERE speaker_kb = ?)",
        (kohl, kohl))}
    listed = {(a, q) for a, q, _d in _keys(kb.statements(speaker=kohl, limit=200))}
    assert others and others <= listed


def test_totals_are_exact_up_to_the_bound_then_estimated_and_said_so(kb, monkeypatch):
    exact = kb.search_total("Zukunft", what="statements")
    assert exact == len(kb.search("Zukunft", what="statements", limit=200)) > 20 and not exact.estimated
    assert not kb.search_total("Zukunft", what="statements", estimate=True).estimated  # under COUNT_EXACT
    monkeypatch.setattr(store_module, "COUNT_EXACT", 10)
    monkeypatch.setattr(store_module, "COUNT_SAMPLE", 2)
    if kb.url:
        kb.conn.execute("ANALYZE")  # PostgreSQL estimates from the planner's statistics
    estimated = kb.search_total("Zukunft", what="statements", estimate=True)
    assert estimated.estimated and exact / 2 <= estimated <= exact * 2  # every other row id, times two
    assert kb.search_total("Zukunft", what="statements") == exact  # the CLI's count stays exact
    few = kb.search_total("Brücken", what="statements", kind="direct", estimate=True)
    assert not few.estimated and few == kb.search_total("Brücken", what="statements", kind="direct") > 0
    total = kb.statements_total(estimate=True, q="Zukunft") + kb.statements_total(estimate=True, q="Brücken")
    assert total.estimated  # a sum of counts is an estimate when one of them is


def test_relevance_ranks_the_newest_matches_when_there_are_many_and_never_shortens_a_page(kb, monkeypatch):
    if kb.url:
        kb.conn.execute("ANALYZE")  # PostgreSQL places the window by the planner's word statistics
    everything = kb.search("Zukunft", what="statements", limit=200)
    assert everything.ranked_newest is None
    monkeypatch.setattr(store_module, "RANK_NEWEST", 12)
    page = kb.search("Zukunft", what="statements", limit=10)
    # the newest 12 matches hold later reports too: fewer than 10 first reports, so the window was widened
    assert page.ranked_newest and page.ranked_newest >= 12 and len(page) == 10
    # statements are stored in article order, 3 an article: the window's are in the newest articles
    assert min(h["article"] for h in page) >= f"a{(90 - page.ranked_newest) // 3:02d}"
    # filters that leave the window too few rows for the page: widened or all ranked, the page is full
    berger = kb.entities("Berger")[0]["id"]
    thin = kb.search("Zukunft", what="statements", speaker=berger, limit=8)
    assert len(thin) == min(8, kb.search_total("Zukunft", what="statements", speaker=berger))
    deep = kb.search("Zukunft", what="statements", limit=10, offset=len(everything) - 10)
    assert deep.ranked_newest is None and len(deep) == 10
    rows = kb.statements(q="Zukunft", limit=5)
    assert rows.ranked_newest and len(rows) == 5 and all("\x02" in r["marked"] for r in rows)


def test_facets_of_a_large_result_are_counted_on_a_sample_and_said_so(kb, monkeypatch):
    exact = kb.facets("Zukunft")
    assert not exact.estimated
    assert sum(f["count"] for f in exact["kind"]) == kb.statements_total(q="Zukunft", nested=True)
    monkeypatch.setattr(store_module, "FACET_EXACT", 10)
    sampled = kb.facets("Zukunft")
    assert sampled.estimated
    assert {f["value"] for f in sampled["kind"]} <= {"direct", "indirect"}
    counted = sum(f["count"] for f in exact["kind"])
    assert counted / 2 <= sum(f["count"] for f in sampled["kind"]) <= counted * 2
    assert {f["label"] for f in sampled["speaker"]} <= set(PEOPLE)


def test_the_page_rows_of_a_word_search_are_those_of_the_sorted_keys(kb):
    """A page's snippets are read by a range of full-text row ids plus the keys (SQLite): the same rows."""
    for sort in ("relevance", "date", "-date"):
        hits = kb.search("Brücken", what="all", sort=sort, limit=7, offset=2)
        assert len(hits) == 7 and all("\x02" in h["snippet"] for h in hits)
    assert [h["article"] for h in kb.search("Brücken", what="statements", sort="date", limit=50)] == sorted(
        (h["article"] for h in kb.search("Brücken", what="statements", limit=50)),
        key=lambda a: (kb.get(a).date is None, kb.get(a).date or dt.date.min, a))


def test_a_speakers_later_reports_have_their_own_small_index(kb):
    kohl = kb.entities("Kohl")[0]["id"]
    assert kb._speaker_heads(kohl)
    if kb.url:
        found = kb.conn.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'statements_reports_speaker'"
                                ).fetchone()
        assert found and "WHERE (same_as IS NOT NULL)" in found[0]
        return
    plan = [r[3] for r in kb.conn.execute(
        "EXPLAIN QUERY PLAN SELECT DISTINCT m.same_as FROM statements m WHERE m.speaker_kb = ?"
        " AND m.same_as IS NOT NULL LIMIT 501", (kohl,))]
    assert any("statements_reports_speaker" in step for step in plan), plan


def test_a_common_word_by_date_read_from_the_date_index_gives_the_sorted_pages(kb, monkeypatch):
    asked = [dict(what=what, sort=sort, limit=limit, offset=offset, **extra)
             for what in ("all", "statements", "articles") for sort in ("date", "-date")
             for limit, offset in ((5, 0), (5, 5), (30, 20)) for extra in ({}, {"kind": "direct"})
             if not (what == "articles" and extra)]
    if kb.url:
        kb.conn.execute("ANALYZE")  # PostgreSQL's word shares are the planner's statistics
    # both walk (PostgreSQL: the ORDER BY the date index gives, the planner's choice); with a date range
    # SQLite reads the range from the index, PostgreSQL ANDs two index bitmaps (the next test)
    assert all(kb._by_date(part, "Zukunft") for part in kb._search_parts("Zukunft", what="all"))
    assert all(kb._by_date(part, "Zukunft", ranged=True) is None for part in kb._search_parts("Zukunft", what="all")
               ) is bool(kb.url)
    walked = [_keys(kb.search("Zukunft", **a)) for a in asked]
    monkeypatch.setattr(store_module, "WALK_SHARE", 2.0)  # never: every match sorted
    assert walked == [_keys(kb.search("Zukunft", **a)) for a in asked]


def test_a_common_word_by_date_within_a_date_range_read_from_the_date_index_gives_the_sorted_pages(kb, monkeypatch):
    """The range's dates as index bounds and the beginnings of ``from`` read apart: the same hits, order and
    totals as every match tested and sorted, with dates that are years or months among the days."""
    with kb.write() as c:  # a year, a month and a beginning of a bound among the days
        c.execute("UPDATE statements SET date = '2021' WHERE rowid % 7 = 0")
        c.execute("UPDATE statements SET date = '2021-03' WHERE rowid % 7 = 3")
        c.execute("UPDATE articles SET date = '2021-03' WHERE rowid % 4 = 1")
    ranges = [("2021-03-05", "2021-06"), ("2021-03", None), (None, "2021-04"), ("2021", "2021"),
              ("2021-02-20", "2021-03-31"), ("2022-01-15", None), ("2030", None)]
    asked = [dict(what=what, sort=sort, limit=limit, offset=offset, date_from=lo, date_to=hi, **extra)
             for what in ("all", "statements", "articles") for sort in ("date", "-date")
             for limit, offset in ((5, 0), (5, 5), (30, 10)) for lo, hi in ranges
             for extra in ({}, {"kind": "direct"}) if not (what == "articles" and extra)]
    listed = [{**{k: v for k, v in a.items() if k != "what"}, "q": "Zukunft"} for a in asked if a["what"] == "all"]
    walks = []
    walk_range = Store._walk_range
    monkeypatch.setattr(Store, "_walk_range", lambda self, *a: walks.append(a) or walk_range(self, *a))
    walked = [_keys(kb.search("Zukunft", **a)) for a in asked]
    counted = [{k: v for k, v in a.items() if k not in ("limit", "offset")} for a in asked]
    totals = [kb.search_total("Zukunft", **a) for a in counted]
    statements = [[(r["article"], r["quote_id"], r["date"]) for r in kb.statements(**a)] for a in listed]
    assert {w[0] for w in walks} == (set() if kb.url else {"articles", "statements"})  # PostgreSQL ANDs two indexes
    monkeypatch.setattr(store_module, "WALK_SHARE", 2.0)  # never: every match tested and sorted
    assert walked == [_keys(kb.search("Zukunft", **a)) for a in asked]
    assert totals == [kb.search_total("Zukunft", **a) for a in counted]
    assert statements == [[(r["article"], r["quote_id"], r["date"]) for r in kb.statements(**a)] for a in listed]
    assert any(len(page) == 5 for page in statements) and any(5 < len(page) < 30 for page in statements)
    assert any(len(page) == 30 for page in walked) and any(not page for page in walked)
    assert {d for page in walked for _, _, d in page} >= {"2021", "2021-03"}


def test_the_api_and_the_page_say_when_a_total_or_facets_are_estimated(kb, kb_db, monkeypatch):
    from fastapi.testclient import TestClient

    from chronik.api import create_app

    if kb.url:
        kb.conn.execute("ANALYZE")
    exact = kb.search_total("Zukunft", what="statements")
    with TestClient(create_app(kb_db)) as client:
        body = client.get("/api/search", params={"q": "Zukunft", "what": "statements", "limit": 5}).json()
        assert body["total"] == exact and body["total_estimated"] is False
        monkeypatch.setattr(store_module, "COUNT_EXACT", 10)
        monkeypatch.setattr(store_module, "FACET_EXACT", 5)
        body = client.get("/api/statements", params={"q": "Zukunft", "facets": "true", "limit": 5}).json()
        assert body["total_estimated"] is True and body["facets_estimated"] is True
        assert "total_estimated" not in client.get("/api/entities").json()  # counted exactly, as ever
        export = client.get("/api/search", params={"q": "Zukunft", "what": "statements", "format": "jsonl"})
        assert export.headers["x-total-count"] == str(exact)  # an export's count is never an estimate
        page = client.get("/", params={"q": "Zukunft", "what": "statements"}).text
        assert "etwa " in page and "Stichprobe" in page


def test_an_entitys_roles_come_from_all_its_rows_each_with_its_first_evidence(kb_db):
    """Roles read one by one from the (entity, role, date, article) index: the same first dates and
    evidence as the entity's rows in date order, and the last date over every row (the date-ordered
    read stopped at 1,000 rows and gave the 1,000th row's date as the last)."""
    with Store(kb_db) as store:
        store.add_many(article(n) for n in range(3))
        berger = store.entities("Berger")[0]["id"]
        with store.write() as c:
            arow = c.execute("SELECT rowid FROM articles WHERE id = 'a01'").fetchone()[0]
            rows = [(berger, arow, "Ministerin" if n % 3 else "party:SPD", None if n == 5 else
                     (dt.date(2020, 1, 1) + dt.timedelta(days=n)).isoformat(), n, n + 4, f"Beleg {n}")
                    for n in range(1100)]
            c.executemany("INSERT INTO kb_roles (entity, article, role, date, start, \"end\", text)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        roles = {r["role"]: r for r in store.entity(berger)["roles"]}
        dated = sorted((r for r in rows if r[3]), key=lambda r: r[3])
        for role in ("Ministerin", "party:SPD"):
            mine = [r for r in rows if r[2] == role]
            assert roles[role]["last"] == max(r[3] for r in mine if r[3]) > dated[999][3]
            # the evidence: the role's first 10 rows in the backend's date order (SQLite: undated first)
            order = sorted(mine, key=lambda r: (r[3] is not None, r[3] or "") if not store.url else
                           (r[3] is None, r[3] or ""))
            assert [e["text"] for e in roles[role]["evidence"]] == [r[6] for r in order[:10]]
            assert roles[role]["first"] == order[0][3]


def test_a_batch_stored_by_add_many_is_committed_for_every_other_connection(kb_db):
    """On PostgreSQL add_many sends a batch in pipeline mode; its COMMIT was skipped when the connection's
    status, read mid-pipeline, still said idle: the last batch stayed open and was rolled back on close."""
    with Store(kb_db) as store:
        assert store.add_many((article(n) for n in range(7)), batch_size=5) == {"added": 7, "updated": 0,
                                                                               "unchanged": 0}
    with Store(kb_db, readonly=True) as reader:
        assert reader.count() == 7 and reader.count("statements") == 21


def test_the_indexable_date_bounds_pass_exactly_the_dates_the_plain_ones_pass():
    """PostgreSQL's date filter is written as plain comparisons of the column (the date index serves them);
    every value, days, months, years and odd strings alike, passes or fails as under the plain tests."""
    import itertools
    import sqlite3

    values = ["2019", "2020", "2021", "2019-12", "2020-01", "2020-02", "2020-03", "2020-12", "2020-02-01",
              "2020-02-29", "2020-03-01", "2019-12-31", "2021-01-01", "2", "20", "202", "2020-", "2020-0",
              "2020-02-1", "2020-02-10T10:00", "2020~", "2020-02~", "", "9999", "0000-00-00"]
    bounds = [None, "2020", "2019", "2020-02", "2020-03", "2020-02-10", "2020-02-29", "2019-12-31", "2021"]
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (d TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", [(v,) for v in values])
    for date_from, date_to in itertools.product(bounds, bounds):
        plain = store_module._date_filter(" FROM t WHERE 1=1", [], "d", date_from, date_to)
        indexed = store_module._date_filter(" FROM t WHERE 1=1", [], "d", date_from, date_to, indexed=True)
        if date_from or date_to:
            assert "||" not in indexed[0] and "substr" not in indexed[0]
        passed = [sorted(r[0] for r in conn.execute("SELECT d" + sql, args)) for sql, args in (plain, indexed)]
        assert passed[0] == passed[1], (date_from, date_to)


def test_a_hit_a_write_changes_between_the_key_query_and_the_row_query_is_left_out(kb, monkeypatch):
    """A search reads a page's keys, then their rows: a merge in between can make a hit a later report
    (the load run's mix had one such 500); the page then leaves it out instead of failing."""
    among = Store._among
    changed: list[int] = []

    def merged_meanwhile(self, column, keys):
        if not changed:
            changed.append(keys[0])
            self.conn.execute("UPDATE statements SET same_as = ? WHERE rowid = ?", (keys[-1], keys[0]))
        return among(self, column, keys)

    before = kb.search("Zukunft", what="statements", sort="-date", limit=5)
    monkeypatch.setattr(Store, "_among", merged_meanwhile)
    after = kb.search("Zukunft", what="statements", sort="-date", limit=5)
    assert changed and len(before) == 5
    assert [(h["article"], h["quote_id"]) for h in after] == [(h["article"], h["quote_id"]) for h in before[1:]]


def _naming_record(rid: str = "n1", date: dt.date = dt.date(2021, 5, 1)) -> Record:
    """Kohl names Berger; Berger names herself; an unlinked speaker "Anna Berger" names nobody."""
    parts = [("Max Kohl", "e1", "Anna Berger hat recht mit der Bahn"),
             ("Anna Berger", "e0", "Anna Berger bleibt im Amt"),
             ("Anna Berger", None, "Die Brücke ist marode")]
    text, quotes, entities = "Bericht. ", [], {}
    for k, (name, entity, words) in enumerate(parts):
        start = len(text)
        text += f"{name} sagte: „{words}.“ "
        q_start = text.index(words, start)
        if entity and entity not in entities:
            entities[entity] = Entity(id=entity, name=name, type="PER",
                                      mentions=[Mention(start=start, end=start + len(name), text=name)])
        quotes.append(Quote(id=f"q{k}", kind="direct", content=[Span(start=q_start, end=q_start + len(words), text=words)],
                            speaker=Speaker(start=start, end=start + len(name), text=name, entity=entity)))
    return Record(id=rid, title=f"Namen {rid}", date=date, text=text.strip(),
                  entities=list(entities.values()), quotes=quotes)


def test_statements_by_others_name_the_entity_in_their_text_not_in_their_speaker(kb_db):
    with Store(kb_db) as store:
        store.add(_naming_record())
        berger = store.entities("Berger")[0]["id"]
        about = store.statements_about(berger, ["Anna Berger"])
        # Kohl's words name her; her own statement is hers; the unlinked "Anna Berger" only carries the name
        assert [(r["speaker"], r["text"]) for r in about] == [("Max Kohl", "Anna Berger hat recht mit der Bahn")]
        assert store.statements_about(berger, ["Bahn"])[0]["quote_id"] == "q0"  # any word of the text
        store.add(_naming_record("n0", dt.date(2020, 1, 1)))  # earlier: listed first, with its own article
        assert [(r["article"], r["title"], r["date"]) for r in store.statements_about(berger, ["Anna Berger"])] == [
            ("n0", "Namen n0", "2020-01-01"), ("n1", "Namen n1", "2021-05-01")]


def test_a_postgres_kb_of_schema_9_gets_the_text_column_and_its_index(pg_db):
    from chronik.store import postgres

    with Store(pg_db) as store:
        store.add(_naming_record())
    conn = postgres.connect(pg_db)
    try:  # back to schema 9: no text column, no index (nor schema 11's indexes)
        for name in ("statements_newest", "statements_speaker_kb_newest", "statements_kind_newest", "articles_source"):
            conn.execute(f"DROP INDEX {name}")
        conn.execute("DROP INDEX statements_text_tsv")
        conn.execute("ALTER TABLE statements DROP COLUMN text_tsv")
        conn.execute("UPDATE chronik_schema SET version = 9")
    finally:
        conn.close()
    with Store(pg_db) as store:  # the upgrade fills the column for the statements already stored
        assert store.conn.execute("SELECT count(*) FROM statements WHERE text_tsv @@ to_tsquery('german', 'bahn')"
                                  ).fetchone()[0] == 1
        assert store.conn.execute("SELECT count(*) FROM pg_indexes WHERE indexname = 'statements_text_tsv'"
                                  ).fetchone()[0] == 1
        berger = store.entities("Berger")[0]["id"]
        assert [r["speaker"] for r in store.statements_about(berger, ["Anna Berger"])] == ["Max Kohl"]


def test_one_request_reads_one_snapshot_while_a_writer_commits(kb_db):
    """Every read of one request (``app.state.reading``, nested too) sees the database as at its first read."""
    from chronik.api import create_app

    with Store(kb_db) as store:
        store.add_many(article(n) for n in range(3))
    app = create_app(kb_db)
    with app.state.reading() as reader:
        before = reader.count(), reader.statements_total()
        with Store(kb_db) as writer:
            writer.add(article(3))
        with app.state.reading() as nested:
            assert (nested.count(), nested.statements_total()) == before == (3, 9)
    with app.state.reading() as reader:  # the next request sees the write
        assert (reader.count(), reader.statements_total()) == (4, 12)
    app.state.store.close()


def test_a_query_stopped_by_its_time_limit_leaves_the_requests_snapshot_usable(kb_db):
    from chronik.api import create_app
    from chronik.store import QueryTimeout

    with Store(kb_db) as store:
        store.add(article(0))
    slow = ("SELECT pg_sleep(1)" if isinstance(kb_db, str) else
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000) SELECT max(i) FROM n")
    app = create_app(kb_db)
    with app.state.reading() as reader:
        with pytest.raises(QueryTimeout), reader.time_limit(0.05):  # as facets give up on a large result
            reader.conn.execute(slow).fetchall()
        assert reader.count() == 1  # the same request reads on
    if isinstance(kb_db, str):  # the snapshot's limits end with it: none left on the connection
        assert reader.conn.execute("SHOW statement_timeout").fetchone()[0] == "0"
    app.state.store.close()


def _said(rid: str, date: dt.date, words: str, name: str = "Anna Berger") -> Record:
    text = f"{name} sagte: „{words}.“"
    q = text.index(words)
    return Record(id=rid, title=rid, date=date, text=text,
                  entities=[Entity(id="e0", name=name, type="PER", mentions=[Mention(start=0, end=len(name), text=name)])],
                  quotes=[Quote(id="q0", kind="direct", content=[Span(start=q, end=q + len(words), text=words)],
                                speaker=Speaker(start=0, end=len(name), text=name, entity="e0"))])


def test_a_relink_reading_each_speaker_once_links_as_the_query_per_statement_does(kb, monkeypatch):
    from chronik.stories import statements as linking

    def links():
        return [tuple(r) for r in store.conn.execute(
            "SELECT rowid, same_as FROM statements WHERE same_as IS NOT NULL ORDER BY rowid")]

    def relink(entity: str, *, per_statement: bool) -> list[tuple]:
        with monkeypatch.context() as m:
            if per_statement:  # every speaker too large to read at once: the query per statement, the reference
                m.setattr(linking, "READ_SPEAKER_MAX", -1)
            else:
                m.setattr(linking, "_same_speaker", lambda *a, **k: pytest.fail("a query per statement"))
            with store.write() as c:
                linking.relink_speakers(c, [entity])
        return links()

    store = kb
    # the same words three times, stored out of date order: linking the first changes the later ones' candidates
    words = "Wir sanieren im Sommer alle Brücken an der Ruhr"
    for rid, day in (("x3", 12), ("x1", 10), ("x2", 11)):
        store.add(_said(rid, dt.date(2023, 5, day), words))
    berger, kohl = store.entities("Berger")[0]["id"], store.entities("Kohl")[0]["id"]
    reference = relink(berger, per_statement=True)
    assert len([r for r in reference if r[0] > 90]) == 2  # x3 and x2 (the last rows) point to the first report
    assert relink(berger, per_statement=False) == reference
    kept = store.merge(berger, kohl)  # one speaker now: their statements are matched again, each speaker read once
    merged = links()
    assert merged != reference
    assert relink(kept, per_statement=True) == merged


def test_a_words_share_is_read_once_for_every_connection_of_the_process_then_again(kb, kb_db, monkeypatch):
    asked = []
    real = Store._table_share
    monkeypatch.setattr(Store, "_table_share", lambda self, word, table: asked.append((word, table)) or real(self, word, table))
    with Store(kb_db, readonly=True) as one, Store(kb_db, readonly=True) as two:
        common = one.common_query("Zukunft")
        assert sorted(asked) == [("Zukunft", "articles"), ("Zukunft", "statements")]
        assert two.common_query("Zukunft") == common and len(asked) == 2  # another reader thread: no query
        monkeypatch.setattr(store_module, "SHARE_SECONDS", 0.0)
        assert one.common_query("Zukunft") == common and len(asked) == 2  # still within its first minute
        rare = one.common_query("Brücken")
        assert len(asked) == 4
        assert one.common_query("Brücken") == rare and len(asked) == 6  # expired at once: read again


def _newest_first(rows):
    """Rows as "newest first, undated last" sorts them (ties: article, then position)."""
    dated = sorted((r for r in rows if r["date"]), key=lambda r: (r["article"], r["start"]))
    dated.sort(key=lambda r: r["date"], reverse=True)
    return dated + sorted((r for r in rows if not r["date"]), key=lambda r: (r["article"], r["start"]))


def test_newest_first_pages_read_from_the_newest_indexes_are_the_sorted_pages(kb, monkeypatch):
    """Statement lists newest first, undated last (by speaker, by kind, all): PostgreSQL reads them from
    migration 11's ``date DESC NULLS LAST`` indexes (forced here: no sequential scan, no bitmap), SQLite
    from its date indexes backwards; every page is the slice of the fully sorted list."""
    if kb.url:
        kb.conn.execute("SET enable_seqscan = off")
        kb.conn.execute("SET enable_bitmapscan = off")
    ruge = kb.entities("Ruge")[0]["id"]
    _one_query(monkeypatch)  # one query per list: the index's order is the page's
    for filters in ({"speaker": ruge}, {"kind": "direct"}, {}):
        every = kb.statements(**filters, limit=500)
        expected = _keys(_newest_first(every))
        assert len(expected) >= 10 and any(r["date"] is None for r in every)
        for offset, limit in ((0, 5), (5, 5), (len(expected) - 4, 10)):
            page = kb.statements(**filters, sort="-date", limit=limit, offset=offset)
            assert _keys(page) == expected[offset:offset + limit], (filters, offset)
    if kb.url:  # the plan a speaker's newest page takes
        plan = "\n".join(r[0] for r in kb.conn.execute(
            "EXPLAIN SELECT rowid FROM statements s WHERE speaker_kb = ? ORDER BY s.date DESC NULLS LAST LIMIT 5",
            (ruge,)))
        assert "statements_speaker_kb_newest" in plan


def test_a_postgres_kb_of_schema_10_gets_the_newest_first_and_outlet_indexes(pg_db):
    from chronik.store import postgres

    names = ("statements_newest", "statements_speaker_kb_newest", "statements_kind_newest", "articles_source")
    with Store(pg_db) as store:
        store.add_many(article(n) for n in range(6))
    conn = postgres.connect(pg_db)
    try:  # back to schema 10
        for name in names:
            conn.execute(f"DROP INDEX {name}")
        conn.execute("UPDATE chronik_schema SET version = 10")
    finally:
        conn.close()
    with Store(pg_db) as store:
        found = {r[0] for r in store.conn.execute("SELECT indexname FROM pg_indexes WHERE indexname = ANY(?)",
                                                  (list(names),))}
        assert found == set(names)
        assert store.conn.execute("SELECT version FROM chronik_schema").fetchone()[0] == 11
        expected = {f"a{n:02d}" for n in range(6) if n % 2 and "Rente" in article(n).text}
        assert len(expected) >= 2
        assert {h["article"] for h in store.search("Rente", source="Bote", what="articles")} == expected
