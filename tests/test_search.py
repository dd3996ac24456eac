"""Search that finds statements: highlights, sort, paging with totals, filters with and without words,
facets, CSV/JSONL export, offline /docs, and the same vocabulary in the web page (FastAPI TestClient)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from fastapi.testclient import TestClient

from chronik.api import create_app
from chronik.record import Entity, Mention, Quote, Record, Span, Speaker
from chronik.store import Store
from chronik.store.sqlite import marked_html


def article(aid: str, date: str, source: str, said: list[tuple[str, str]], kind: str = "direct") -> Record:
    """An article of sentences 'NAME sagte: „WORDS“', each a statement of NAME (one entity per name)."""
    text, entities, quotes = "", {}, []
    for n, (name, words) in enumerate(said):
        start = len(text)
        text += f"{name} sagte: „{words}“ "
        q_start = text.index(words, start)
        entity = entities.setdefault(name, Entity(id=f"e{len(entities) + 1}", name=name, type="PER", mentions=[]))
        entity.mentions.append(Mention(start=start, end=start + len(name), text=name))
        quotes.append(Quote(id=f"q{n + 1}", kind=kind, content=[Span(start=q_start, end=q_start + len(words), text=words)],
                            speaker=Speaker(start=start, end=start + len(name), text=name, entity=entity.id)))
    return Record(id=aid, title=f"Titel {aid}", date=dt.date.fromisoformat(date), source=source, text=text.strip(),
                  entities=list(entities.values()), quotes=quotes)


@pytest.fixture(scope="module")
def client(module_kb_db):
    path = module_kb_db
    with Store(path) as store:
        store.add(article("a1", "2021-03-05", "Tagesblatt", [("Anna Berger", "Die Bahn muss pünktlicher werden"),
                                                               ("Max Kohl", "Die Bahn ist zu teuer")]))
        store.add(article("a2", "2021-04-10", "Abendpost", [("Anna Berger", "Wir bauen neue Brücken")]))
        store.add(article("a3", "2020-12-01", "Tagesblatt", [("Max Kohl", "Die Bahn <b>fährt</b> nicht & nie")]))
        store.add(article("a4", "2022-01-15", "=Formel", [("Eva Roth", f"Zug Nummer {i} kommt") for i in range(30)],
                          kind="indirect"))
    with TestClient(create_app(path)) as c:
        yield c


def kb_id(client, name: str) -> str:
    (hit,) = client.get("/api/entities", params={"q": name}).json()["items"]
    return hit["id"]


def test_marked_html_escapes_text_and_marks_matches():
    assert marked_html("a <b> \x02Bahn\x03 & c") == "a &lt;b&gt; <mark>Bahn</mark> &amp; c"
    assert marked_html("stray \x02 marker") == "stray  marker"  # never an unbalanced tag


def test_search_highlights_with_mark_never_brackets(client):
    body = client.get("/api/search", params={"q": "Bahn", "what": "statements"}).json()
    assert body["total"] == 3 and len(body["items"]) == 3
    for hit in body["items"]:
        assert "<mark>Bahn</mark>" in hit["snippet_html"] and "[" not in hit["snippet"] and "\x02" not in hit["snippet"]
    escaped = next(h for h in body["items"] if h["article"] == "a3")
    assert "&lt;b&gt;fährt&lt;/b&gt;" in escaped["snippet_html"] and "&amp;" in escaped["snippet_html"]


def test_sort_by_date_both_ways_and_relevance(client):
    dates = lambda sort: [h["date"] for h in client.get("/api/search", params={  # noqa: E731
        "q": "Bahn", "what": "statements", "sort": sort}).json()["items"]]
    assert dates("date") == ["2020-12-01", "2021-03-05", "2021-03-05"]
    assert dates("-date") == ["2021-03-05", "2021-03-05", "2020-12-01"]
    assert sorted(dates("relevance")) == dates("date")
    assert client.get("/api/search", params={"q": "Bahn", "sort": "newest"}).status_code == 422


def test_paging_has_true_totals(client):
    first = client.get("/api/statements", params={"q": "Zug", "limit": 20}).json()
    second = client.get("/api/statements", params={"q": "Zug", "limit": 20, "offset": 20}).json()
    assert first["total"] == second["total"] == 30
    assert len(first["items"]) == 20 and len(second["items"]) == 10
    ids = {r["quote_id"] for r in first["items"]} | {r["quote_id"] for r in second["items"]}
    assert len(ids) == 30
    mixed = client.get("/api/search", params={"q": "Bahn", "limit": 1}).json()
    assert mixed["total"] == 3 + 2 and len(mixed["items"]) == 1  # 3 statements and 2 articles
    for path in ("/api/entities", "/api/pledges", "/api/articles", "/api/statements"):
        assert isinstance(client.get(path).json()["total"], int), path


def test_filters_work_without_words(client):
    anna = kb_id(client, "Anna Berger")
    rows = client.get("/api/statements", params={"speaker": anna}).json()
    assert rows["total"] == 2 and {r["article"] for r in rows["items"]} == {"a1", "a2"}
    march = client.get("/api/search", params={"speaker": anna, "from": "2021-03", "to": "2021-03"}).json()
    assert [h["article"] for h in march["items"]] == ["a1"] and march["total"] == 1
    by_source = client.get("/api/search", params={"what": "statements", "source": "Tagesblatt", "sort": "-date"}).json()
    assert by_source["total"] == 3 and [h["date"] for h in by_source["items"]] == ["2021-03-05", "2021-03-05", "2020-12-01"]
    indirect = client.get("/api/search", params={"kind": "indirect"}).json()
    assert indirect["total"] == 30 and {h["speaker"] for h in indirect["items"]} == {"Eva Roth"}
    in_articles = client.get("/api/statements", params={"entity": kb_id(client, "Max Kohl")}).json()
    assert {r["article"] for r in in_articles["items"]} == {"a1", "a3"}


def test_unknown_or_old_parameter_names_are_refused(client):
    response = client.get("/api/statements", params={"date_from": "2021-01-01"})
    assert response.status_code == 422 and "date_from" in response.json()["error"]
    assert client.get("/?date_from=2021").status_code == 400


def test_facets_count_speakers_sources_kinds_months(client):
    body = client.get("/api/search", params={"q": "Bahn", "facets": "1"}).json()
    facets = body["facets"]
    assert {f["label"]: f["count"] for f in facets["speaker"]} == {"Max Kohl": 2, "Anna Berger": 1}
    assert {f["value"]: f["count"] for f in facets["source"]} == {"Tagesblatt": 3}
    assert {f["value"]: f["count"] for f in facets["kind"]} == {"direct": 3}
    assert {f["value"]: f["count"] for f in facets["month"]} == {"2021-03": 2, "2020-12": 1}
    assert "facets" not in client.get("/api/search", params={"q": "Bahn"}).json()


def test_csv_and_jsonl_export_stream_the_whole_list(client):
    response = client.get("/api/statements", params={"q": "Zug", "format": "csv", "limit": 5})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.headers["x-total-count"] == "30" and "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert len(rows) == 30 and rows[0]["speaker"] == "Eva Roth"
    assert rows[0]["source"] == "'=Formel"  # a spreadsheet shows it, never computes it
    lines = client.get("/api/search", params={"q": "Bahn", "format": "jsonl"}).text.splitlines()
    hits = [json.loads(line) for line in lines]
    assert len(hits) == 5 and all("\x02" not in h["snippet"] for h in hits)
    assert client.get("/api/search", params={"q": "Bahn", "format": "xml"}).status_code == 422


def test_entities_paged_and_filtered_by_type(client):
    page = client.get("/api/entities", params={"type": "PER", "limit": 2}).json()
    assert page["total"] == 3 and len(page["items"]) == 2
    assert client.get("/api/entities", params={"type": "ORG"}).json()["total"] == 0


def test_web_search_marks_pages_and_links(client):
    html = client.get("/", params={"q": "Zug", "limit": 10}).text
    assert "<mark>Zug</mark>" in html and "[Zug]" not in html
    assert re.search(r"<h1[^>]*>31 Treffer", html)  # 30 statements and their article
    assert 'rel="next"' in html and 'rel="prev"' not in html and "offset=10" in html
    assert "/articles/a4#quote-q" in html  # a hit opens the article at its statement
    assert re.search(r'href="/entities/[^"]+">Eva Roth</a>', html)  # speaker links to its page
    assert "format=csv" in html and "format=jsonl" in html
    last = client.get("/", params={"q": "Zug", "limit": 10, "offset": 30}).text
    assert 'rel="prev"' in last and 'rel="next"' not in last
    article = client.get("/articles/a4").text
    assert 'id="quote-q1"' in article


def test_web_filters_without_words_list_statements_newest_first(client):
    anna = kb_id(client, "Anna Berger")
    html = client.get("/", params={"speaker": anna}).text
    assert re.search(r"<h1[^>]*>2 Treffer", html)
    assert html.index("2021-04-10") < html.index("2021-03-05")
    assert "Aussagen von" in html  # the active filter, named and linked
    facets = client.get("/", params={"q": "Bahn"}).text
    assert "Tagesblatt" in facets and 'class="facets"' in facets
    csv_text = client.get("/", params={"speaker": anna, "format": "csv"}).text
    assert len(list(csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff"))))) == 2
    assert client.get("/", params={"sort": "sideways", "kind": "direct"}).status_code == 400
    assert client.get("/", params={"offset": "-1", "kind": "direct"}).status_code == 400


def test_docs_and_redoc_work_offline(client):
    for path in ("/docs", "/redoc"):
        response = client.get(path)
        assert response.status_code == 200
        csp = response.headers["content-security-policy"]
        assert "script-src 'self';" in csp and "http" not in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        scripts = re.findall(r'<script src="([^"]+)"', response.text)
        assert scripts and all(s.startswith("/") for s in scripts) and "<script>" not in response.text
        for src in scripts:
            assert client.get(src).status_code == 200, src
    assert client.get("/docs-assets/swagger-ui.css").status_code == 200
    assert "unsafe-inline" not in client.get("/").headers["content-security-policy"]


def test_cli_says_when_it_truncates_and_shows_article_and_outlet(tmp_path):
    from typer.testing import CliRunner

    from chronik.cli import app

    db = tmp_path / "kb.db"
    with Store(db) as store:
        store.add(article("a4", "2022-01-15", "Abendpost", [("Eva Roth", f"Zug Nummer {i} kommt") for i in range(30)]))
        record = article("a5", "2022-02-01", "Tagesblatt", [("Alexander Throm", "Wir prüfen das")])
        record.entities[0].qid = "Q2643140"
        store.add(record)
    runner = CliRunner()
    invoke = lambda *args: runner.invoke(app, [*args, "--db", str(db)], catch_exceptions=False)  # noqa: E731
    res = invoke("quotes", "--limit", "5")
    assert res.exit_code == 0 and "showing 1–5 of 31; use --limit/--offset" in res.stderr
    assert "Abendpost" in res.stdout and "Titel a4" in res.stdout
    res = invoke("quotes", "--limit", "5", "--offset", "30")
    assert "Tagesbl" in res.stdout and "showing 31–31 of 31" in res.stderr  # (80 columns: rich may shorten)
    res = invoke("search", "Zug", "--what", "statements", "--limit", "3", "--sort", "-date")
    assert "showing 1–3 of 30" in res.stderr and "Abendpost" in res.stdout
    assert invoke("search", "Zug", "--sort", "newest").exit_code == 2
    res = invoke("entities", "--type", "PER", "--limit", "1")
    assert res.exit_code == 0 and "showing 1–1 of 2" in res.stderr
    throm = runner.invoke(app, ["entities", "Throm", "--db", str(db), "--json"]).stdout
    (entity,) = json.loads(throm)
    res = invoke("entity", entity["id"])
    assert "Alexander Throm (Q2643140)" in res.stdout


def test_web_entities_paged_and_wikidata_id_apart(client, tmp_path):
    html = client.get("/entities", params={"type": "PER", "limit": "1"}).text
    assert "3 Einträge" in html and 'rel="next"' in html and 'rel="prev"' not in html
    assert client.get("/entities", params={"limit": "0"}).status_code == 400
    db = tmp_path / "q.db"
    record = article("a5", "2022-02-01", "Tagesblatt", [("Alexander Throm", "Wir prüfen das")])
    record.entities[0].qid = "Q2643140"
    with Store(db) as store:
        store.add(record)
    with TestClient(create_app(db)) as c:
        page = c.get("/articles/a5").text
    text = re.sub(r"<[^>]+>", "", page)
    assert "Alexander Throm (Q2643140)" in text and "ThromQ2643140" not in text


def test_statement_facets_follow_the_statement_filters(client):
    body = client.get("/api/statements", params={"q": "Bahn", "facets": "true", "source": "Tagesblatt"}).json()
    assert body["total"] == 3 and sum(f["count"] for f in body["facets"]["kind"]) == 3
    assert all("<mark>Bahn</mark>" in r["text_html"] for r in body["items"])


def test_speaker_shown_as_the_kb_names_them_after_a_merge(kb_db):
    db = kb_db
    with Store(db) as store:
        store.add(article("m1", "2021-01-01", "Tagesblatt", [("Anna Berger", "Erstens")]))
        store.add(article("m2", "2021-01-02", "Tagesblatt", [("Hanna Bergmann", "Zweitens")]))
        keep, drop = (store.entities(name)[0]["id"] for name in ("Anna Berger", "Hanna Bergmann"))
        store.merge(keep, drop)
        assert {r["speaker"] for r in store.statements()} == {"Anna Berger"}
        assert {h["speaker"] for h in store.search("", what="statements")} == {"Anna Berger"}
        (facet,) = store.facets(None)["speaker"]
        assert facet == {"value": keep, "label": "Anna Berger", "count": 2}


def test_entity_page_links_to_its_statements_and_articles_in_the_search(client):
    anna = kb_id(client, "Anna Berger")
    html = client.get(f"/entities/{anna}").text
    speaker_link = re.search(r'class="search-speaker" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    entity_link = re.search(r'class="search-entity" href="([^"]+)"', html).group(1)
    listing = client.get(speaker_link).text
    assert re.search(r"<h1[^>]*>2 Treffer", listing) and "Wir bauen neue Brücken" in listing
    articles = client.get(entity_link).text
    assert "Titel a1" in articles and "Titel a2" in articles and "Titel a4" not in articles
    assert re.search(r'Artikel mit <a href="/entities/[^"]+">Anna Berger</a>', articles)


def test_article_list_exports_too(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/api/articles", params={"format": "csv"}).text.lstrip("\ufeff"))))
    assert {r["id"] for r in rows} == {"a1", "a2", "a3", "a4"} and rows[0]["id"] == "a4"  # newest first


def test_facets_share_a_time_budget_and_drop_what_runs_past_it(kb_db):
    db = kb_db
    with Store(db) as store:
        store.add(article("f1", "2021-01-01", "Tagesblatt", [("Anna Berger", "Erstens")]))
        assert store.facets(None, seconds=0) == {"speaker": None, "source": None, "kind": None, "month": None}
        assert store.facets(None)["source"] == [{"value": "Tagesblatt", "label": "Tagesblatt", "count": 1}]


def test_newest_first_puts_a_year_or_month_alone_after_its_own_days_as_sql_does():
    from chronik.store.sqlite import _neg

    dates = ["2020", "2021-01-05", "2020-03", "2020-03-09", "2019-12-31"]
    assert sorted(dates, key=_neg) == sorted(dates, reverse=True)
