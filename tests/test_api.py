"""The HTTP API and web pages against a real uvicorn server on loopback."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time

import httpx
import pytest
import uvicorn

from chronik.api import create_app
from chronik.record import Entity, Mention, Quote, Record, Span, Speaker
from chronik.store import Store

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_ATTR = '" onmouseover="alert(1)'
EVIL = ["' OR 1=1 --", '"; DROP TABLE articles; --', "*", '"', "NEAR(", "%", "_", "\\", "a AND OR NOT b", "Ä\x00"]


def hostile_record() -> Record:
    """An article whose text, title and entity names carry HTML/JS payloads."""
    name = f"Max {XSS_SCRIPT}"
    said = f'"{XSS_ATTR}'
    text = f"{name} sagte: {said}. Ende."
    s_name, s_said = text.index(name), text.index(said)
    return Record(
        id="xss", title=f"Titel {XSS_SCRIPT}", date=dt.date(2021, 5, 3), text=text,
        entities=[Entity(id="e1", name=name, type="PER",
                         mentions=[Mention(start=s_name, end=s_name + len(name), text=name)])],
        quotes=[Quote(id="q1", kind="direct", content=[Span(start=s_said, end=s_said + len(said), text=said)],
                      speaker=Speaker(start=s_name, end=s_name + len(name), text=name, entity="e1"))],
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """uvicorn in a thread, serving ``create_app`` on a free loopback port."""

    def __init__(self, db, token, **app_options):
        self.port = free_port()
        config = uvicorn.Config(create_app(db, token=token, **app_options), host="127.0.0.1", port=self.port,
                                log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> httpx.Client:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.05)
        self.client = httpx.Client(base_url=f"http://127.0.0.1:{self.port}", timeout=60)
        return self.client

    def __exit__(self, *exc) -> None:
        self.client.close()
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def db(module_kb_db, seed_record):
    path = module_kb_db  # every API test on a SQLite file and on PostgreSQL
    with Store(path) as store:
        store.add(seed_record.model_copy(update={"title": "Anti-IS-Koalition tagt in München"}))
        store.add(hostile_record())
    return path


@pytest.fixture(scope="module")
def client(db):
    with Server(db, TOKEN) as c:
        yield c


def is_json_error(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["error"], str) and body["error"]
    return body


def speaker_kb(client, seed_record) -> tuple[str, str]:
    """The KB id and name of the speaker of the seed article's first attributed statement."""
    quote = next(q for q in seed_record.quotes if q.speaker and q.speaker.entity)
    links = client.get("/api/articles/seed").json()["kb"]
    return links[quote.speaker.entity], seed_record.entity(quote.speaker.entity).name


def test_openapi_and_docs(client):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/search", "/api/articles", "/api/entities/{entity_id}", "/api/entities/merge"} <= set(paths)


def test_articles_pagination(client):
    first = client.get("/api/articles", params={"limit": 1}).json()
    assert first["total"] == 2 and len(first["items"]) == 1
    second = client.get("/api/articles", params={"limit": 1, "offset": 1}).json()
    assert first["items"][0]["id"] != second["items"][0]["id"]
    body = is_json_error(client.get("/api/articles", params={"limit": 201}), 422)
    assert body["detail"][0]["where"] == ["query", "limit"]


def test_article_with_record_and_links(client, seed_record):
    body = client.get("/api/articles/seed").json()
    assert body["record"]["text"] == seed_record.text
    assert len(body["record"]["quotes"]) == len(seed_record.quotes)
    assert set(body["kb"]) == {e.id for e in seed_record.entities}


def test_unknown_ids_are_404_json(client):
    assert "nope" in is_json_error(client.get("/api/articles/nope"), 404)["error"]
    is_json_error(client.get("/api/entities/P-0000000000"), 404)
    is_json_error(client.get("/api/nothing-here"), 404)
    is_json_error(client.post("/api/entities/P-0000000000/split", json={"articles": ["seed"]}, headers=AUTH), 404)
    assert client.get("/articles/nope").status_code == 404  # the page is HTML
    assert client.get("/entities/nope").status_code == 404


def test_search_statements_and_entities(client, seed_record):
    assert seed_record.quotes, "the seed article should yield statements"
    kb_id, name = speaker_kb(client, seed_record)
    hits = client.get("/api/search", params={"q": "Nato"}).json()["items"]
    assert any(h["article"] == "seed" for h in hits)
    mine = client.get("/api/statements", params={"speaker": kb_id}).json()["items"]
    assert mine and all(s["speaker_kb"] == kb_id for s in mine)
    direct = client.get("/api/statements", params={"kind": "direct", "article": "seed"}).json()["items"]
    assert all(s["kind"] == "direct" for s in direct)
    assert client.get("/api/statements", params={"from": "2030"}).json()["items"] == []
    found = client.get("/api/entities", params={"q": name.split()[-1]}).json()["items"]
    assert kb_id in [e["id"] for e in found]
    entity = client.get(f"/api/entities/{kb_id}").json()
    assert entity["name"] == name and len(entity["statements"]) == len(mine)
    assert {"aliases", "roles", "statements_about", "co_mentioned", "pledges"} <= set(entity)
    is_json_error(client.get("/api/statements", params={"kind": "shouted"}), 422)


def test_seed_speakers_kramp_karrenbauer_and_esper(client):
    """Holds once the analysis components attribute the seed article's statements."""
    akk = client.get("/api/entities", params={"q": "Kramp-Karrenbauer", "type": "PER"}).json()["items"]
    assert akk and akk[0]["name"] == "Annegret Kramp-Karrenbauer"
    statements = client.get(f"/api/entities/{akk[0]['id']}").json()["statements"]
    assert any("noch nicht besiegt" in s["text"] for s in statements)
    assert any("Schritt für Schritt" in s["text"] for s in statements)
    esper = client.get("/api/entities", params={"q": "Esper", "type": "PER"}).json()["items"]
    assert esper and esper[0]["name"] == "Mark Esper"
    said = client.get("/api/statements", params={"speaker": esper[0]["id"]}).json()["items"]
    assert any("wachsam" in s["text"] for s in said)


def test_esper_direct_quote_is_his(client):
    """Needs the quotes component to resolve 'der US-Verteidigungsminister' to Mark Esper."""
    esper = client.get("/api/entities", params={"q": "Esper", "type": "PER"}).json()["items"]
    said = client.get("/api/statements", params={"speaker": esper[0]["id"]}).json()["items"]
    assert any("unnachgiebigen Druck" in s["text"] for s in said)


@pytest.mark.parametrize("evil", EVIL)
def test_injection_strings_in_every_parameter(client, evil):
    before = client.get("/api/articles").json()["total"]
    requests = [
        ("/api/search", {"q": evil}),
        ("/api/search", {"q": "Nato", "speaker": evil, "entity": evil, "from": evil[:10], "to": evil[:10]}),
        ("/api/search", {"q": "Nato", "what": evil}),
        ("/api/statements", {"speaker": evil, "entity": evil, "article": evil, "from": evil[:10], "to": evil[:10]}),
        ("/api/statements", {"kind": evil}),
        ("/api/entities", {"q": evil}),
        ("/api/entities", {"type": evil}),
        ("/api/pledges", {"actor": evil}),
        ("/api/articles", {"limit": evil}),
        ("/", {"q": evil, "speaker": evil, "kind": evil, "what": evil, "from": evil, "to": evil}),
        ("/entities", {"q": evil, "type": evil}),
        ("/pledges", {"actor": evil}),
    ]
    for path, params in requests:
        r = client.get(path, params=params)
        assert r.status_code < 500, (path, params, r.text)
        if path.startswith("/api"):
            assert r.headers["content-type"].startswith("application/json")
    for path in ("/api/articles/", "/api/entities/", "/articles/", "/entities/"):
        assert client.get(path + evil.replace("\x00", "")).status_code in (200, 404, 405, 307)
    assert client.get("/api/articles").json()["total"] == before
    assert client.get("/api/articles/seed").status_code == 200


def test_xss_payloads_render_inert(client):
    pages = [
        client.get("/articles/xss").text,
        client.get("/", params={"q": "alert"}).text,
        client.get("/", params={"q": XSS_SCRIPT + XSS_ATTR}).text,
        client.get("/").text,
        client.get("/entities", params={"q": "Max"}).text,
    ]
    links = client.get("/api/articles/xss").json()["kb"]
    pages.append(client.get(f"/entities/{links['e1']}").text)
    for html in pages:
        assert XSS_SCRIPT not in html
        assert "onmouseover=" not in html.replace("onmouseover=&#34;", "").replace("onmouseover=&quot;", "")
        assert "<script" not in html
    article = pages[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
    assert 'id="quote-q1"' in article and 'class="q q-direct"' in article


def test_article_page_highlights_from_offsets(client, seed_record):
    html = client.get("/articles/seed").text
    assert '<html lang="de">' in html and "charset=\"utf-8\"" in html
    assert "Münchner Sicherheitskonferenz" in html or "München" in html
    for q in seed_record.quotes:
        assert f'id="quote-{q.id}"' in html
    if seed_record.times:
        assert f'datetime="{seed_record.times[0].value}"' in html


def test_writes_need_a_token(client):
    body = {"text": "Olaf Scholz sagte, er sei zufrieden.", "date": "2021-12-08"}
    assert "token" in is_json_error(client.post("/api/extract", json=body), 401)["error"]
    is_json_error(client.post("/api/articles", json=body, headers={"Authorization": "Bearer wrong"}), 401)
    is_json_error(client.post("/api/entities/merge", json={"keep": "a", "drop": "b"}), 401)
    is_json_error(client.post("/api/entities/P-1/split", json={"articles": ["seed"]}), 401)


def test_writes_refused_without_configured_token(db, monkeypatch):
    monkeypatch.delenv("CHRONIK_TOKEN", raising=False)
    with Server(db, None) as c:
        body = is_json_error(c.post("/api/extract", json={"text": "Hallo."}, headers=AUTH), 403)
        assert "CHRONIK_TOKEN" in body["error"]
        assert c.get("/api/articles").status_code == 200


def test_oversized_body_is_413(client):
    big = {"text": "Wort " * 500_000}
    assert len(str(big)) > 2_000_000
    is_json_error(client.post("/api/extract", json=big, headers=AUTH), 413)

    def chunks():  # no Content-Length: streamed
        for _ in range(30):
            yield b"x" * 100_000

    r = client.post("/api/articles", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
    is_json_error(r, 413)


def test_extract_stores_nothing_and_articles_stores(client):
    text = 'Die Kanzlerin sagte am Montag: "Wir schaffen das." Berlin bleibt ruhig.'
    before = client.get("/api/articles").json()["total"]
    r = client.post("/api/extract", json={"text": text, "date": "2015-08-31", "id": "wsd"}, headers=AUTH)
    assert r.status_code == 200 and r.json()["id"] == "wsd" and r.json()["text"] == text
    assert client.get("/api/articles").json()["total"] == before
    is_json_error(client.post("/api/extract", json={"text": ""}, headers=AUTH), 422)
    is_json_error(client.post("/api/extract", json={"text": "x", "date": "gestern"}, headers=AUTH), 422)
    r = client.post("/api/articles", json={"text": text, "date": "2015-08-31", "id": "wsd", "feed": "x"},
                    headers=AUTH)
    assert r.status_code == 201 and r.json()["result"] == "added"
    assert r.json()["record"]["extra"] == {"feed": "x"}
    assert client.get("/api/articles/wsd").json()["record"]["date"] == "2015-08-31"


def test_merge_and_split_over_http(client):
    for n in (1, 2):
        text = f'Erika Mustermann sagte: "Ja {n}." Dann ging sie.'
        r = client.post("/api/articles", json={"text": text, "id": f"bsp{n}", "date": f"2022-01-0{n}"}, headers=AUTH)
        assert r.status_code == 201
    people = client.get("/api/entities", params={"q": "Erika Mustermann"}).json()["items"]
    assert len(people) == 1, people
    kb_id = people[0]["id"]
    split = client.post(f"/api/entities/{kb_id}/split", json={"articles": ["bsp2"]}, headers=AUTH)
    assert split.status_code == 201
    new = split.json()["id"]
    assert new != kb_id
    assert new in client.get("/api/articles/bsp2").json()["kb"].values()
    assert kb_id in client.get("/api/articles/bsp1").json()["kb"].values()
    again = client.post(f"/api/entities/{kb_id}/split", json={"articles": ["bsp1"]}, headers=AUTH)
    is_json_error(again, 409)
    merged = client.post("/api/entities/merge", json={"keep": kb_id, "drop": new}, headers=AUTH)
    assert merged.status_code == 200 and merged.json()["id"] == kb_id
    assert client.get(f"/api/entities/{new}").json()["id"] == kb_id  # redirect


def test_highlight_nests_crossing_spans_and_escapes():
    from chronik.web.render import Mark, highlight

    text = "a <b> & c d"
    html = highlight(text, [
        Mark(0, 7, 0, "span", (("class", "q"),), "quote-q1"),
        Mark(2, 9, 1, "a", (("href", "/e/1"), ("title", '"x" <y>'))),
        Mark(3, 4, 1, "a", (("href", "/e/2"),)),  # inside another link: dropped
        Mark(5, 3, 2, "time", ()),  # empty: dropped
    ])
    assert html == (
        '<span class="q" id="quote-q1">a <a href="/e/1" title="&#34;x&#34; &lt;y&gt;">&lt;b&gt; &amp;</a></span>'
        '<a href="/e/1" title="&#34;x&#34; &lt;y&gt;"> c</a> d'
    )


def test_party_roles_read_as_words():
    from chronik.web.pages import env

    assert env.filters["role_label"]("party:CDU") == "CDU (Partei)"
    assert env.filters["role_label"]("US-Kollege") == "US-Kollege"


def test_pages_show_dates_as_a_reader_reads_them(client, seed_record):
    html = client.get("/articles/seed").text
    assert '<time datetime="2020-02-14">Freitag, 14. Februar 2020</time>' in html  # the article's date
    mittwoch = next(t for t in seed_record.times if t.text == "Mittwoch")
    assert f'datetime="{mittwoch.value}"' in html and "Mittwoch, 12. Februar 2020" in html  # the record keeps TIMEX3
    assert "PRESENT_REF" not in client.get("/entities").text


def test_entities_below_the_confidence_threshold_only_on_request(tmp_path):
    text = "Quarvix kam zur Acme Holding."
    ents = [Entity(id="e1", name="Quarvix", type="ORG", confidence=0.5, mentions=[Mention(start=0, end=7, text="Quarvix")]),
            Entity(id="e2", name="Acme Holding", type="ORG", confidence=0.8,
                   mentions=[Mention(start=16, end=28, text="Acme Holding")])]  # fmt: skip
    path = tmp_path / "conf.db"
    with Store(path) as store:
        store.add(Record(id="c1", text=text, date=dt.date(2020, 1, 1), entities=ents))
    with Server(path, TOKEN) as client:
        listed = client.get("/api/entities").json()
        assert [e["name"] for e in listed["items"]] == ["Acme Holding"] and listed["min_confidence"] == 0.7
        every = client.get("/api/entities", params={"min_confidence": 0}).json()["items"]
        assert {e["name"] for e in every} == {"Quarvix", "Acme Holding"}
        is_json_error(client.get("/api/entities", params={"min_confidence": 2}), 422)
