"""The API and web pages against hostile parameters, odd ids and stored data (a real uvicorn on loopback)."""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import quote

import pytest
from test_api import AUTH, TOKEN, Server, is_json_error

from chronik.record import Entity, Mention, Provenance, Quote, Record, Span, Speaker
from chronik.store import Store

ODD_IDS = ["https://news.example/2021/tram?x=1&y=2#oben", "a/b/c", "frage?", "raute#1", "100% sicher", "ä ö/ü"]


def person_record(article_id: str, name: str, url: str | None = None) -> Record:
    text = f"{name} sagte: „Wir machen weiter.“ Dann ging {name} nach Hause."
    s, q = text.index(name), text.index("„")
    return Record(
        id=article_id, title=f"Artikel {article_id}", date=dt.date(2021, 5, 3), text=text, url=url,
        entities=[Entity(id="e1", name=name, type="PER",
                         mentions=[Mention(start=s, end=s + len(name), text=name)])],
        quotes=[Quote(id="q1", kind="direct", content=[Span(start=q, end=q + 19, text=text[q:q + 19])],
                      speaker=Speaker(start=s, end=s + len(name), text=name, entity="e1"))],
        provenance=Provenance(source_file="/home/someone/secret/input.jsonl", chronik_version="t"),
    )


@pytest.fixture(scope="module")
def db(module_kb_db):
    path = module_kb_db  # a SQLite file and a PostgreSQL database
    with Store(path) as store:
        for n, article_id in enumerate(ODD_IDS):
            store.add(person_record(article_id, f"Erika Beispiel{n}", url="https://news.example/ok"))
        store.add(person_record("js", "Jakob Skript", url="javascript:alert(document.cookie)"))
        store.add(person_record("nul", "Nul\x00Mensch\x07"))  # as an older Chronik could have stored it
        store.add(person_record("other", "Otto Anders"))
    return path


@pytest.fixture(scope="module")
def client(db):
    with Server(db, TOKEN) as c:
        yield c


def kb_id(client, article_id: str) -> str:
    return client.get(f"/api/articles/{quote(article_id, safe='')}").json()["kb"]["e1"]


@pytest.mark.parametrize("article_id", ODD_IDS)
def test_any_id_is_reachable_in_api_and_web(client, article_id):
    encoded = quote(article_id, safe="")
    body = client.get(f"/api/articles/{encoded}").json()
    assert body["record"]["id"] == article_id
    page = client.get(f"/articles/{encoded}")
    assert page.status_code == 200 and "Erika Beispiel" in page.text


def test_every_link_is_encoded_and_leads_to_its_page(client):
    html = client.get("/").text + client.get("/entities").text
    entity = kb_id(client, ODD_IDS[0])
    html += client.get(f"/entities/{entity}").text + client.get("/", params={"q": "weiter"}).text
    hrefs = set(re.findall(r'href="(/(?:articles|entities)/[^"]+)"', html))
    assert any("%2F" in h and "%3F" in h and "%23" in h for h in hrefs)
    for href in hrefs:
        path = href.split("#")[0].replace("&amp;", "&")
        assert client.get(path).status_code == 200, href


def test_only_http_links_are_rendered(client):
    page = client.get("/articles/js").text
    assert "javascript:" not in page and "Quelle" not in page
    assert 'href="https://news.example/ok"' in client.get(f"/articles/{quote(ODD_IDS[1], safe='')}").text


@pytest.mark.parametrize("path", ["/", "/?q=weiter", "/articles/js", "/entities", "/pledges", "/articles/nope",
                                  "/?from=2020-13-45", "/api/articles", "/nothing"])
def test_security_headers_on_every_response(client, path):
    r = client.get(path)
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp and "script-src" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"


def test_404_does_not_echo_the_path_and_head_is_answered(client):
    r = client.get("/api/<b>spiegel-mich</b>")
    assert r.status_code == 404 and "spiegel" not in r.text
    for path in ("/", "/api/articles", "/articles/js"):
        head = client.head(path)
        assert head.status_code == 200 and head.content == b""


def test_input_paths_are_not_exposed(client):
    for body in (client.get("/api/articles/js").text, client.post("/api/extract", json={"text": "Hallo Welt."},
                                                                    headers=AUTH).text):
        assert "source_file" not in body and "secret" not in body


@pytest.mark.parametrize(
    "params,name",
    [({"q": "x", "from": "2020-13-45"}, "from"), ({"q": "x", "to": "xyz"}, "to"), ({"q": "x", "kind": "bogus"}, "kind"),
     ({"q": "x", "date_from": "2020"}, "date_from"), ({"q": "x", "offset": 10_001}, "offset"),
     ({"q": "x", "limit": 0}, "limit")],
)
def test_invalid_or_unknown_parameters_are_named(client, params, name):
    body = is_json_error(client.get("/api/search", params=params), 422)
    assert name in body["error"] and body["detail"][0]["where"] == ["query", name]
    page = client.get("/", params=params)
    if name not in ("offset", "limit"):  # the page has no paging
        assert page.status_code == 400 and f"„{name}“" in page.text


def test_valid_date_bounds_pass(client):
    assert client.get("/api/statements", params={"from": "2021", "to": "2021-05-03"}).json()["items"]
    assert client.get("/", params={"q": "weiter", "from": "2021-05", "to": "2021"}).status_code == 200


@pytest.mark.parametrize(
    "body,field",
    [({"text": "Hallo Welt.", "date": "0001-01-01"}, "date"), ({"text": "Hallo Welt.", "id": ["a", "b"]}, "id"),
     ({"text": "Hallo Welt.", "title": 42}, "title"), ({"text": "Hallo\u0000Welt."}, "text")],
)
def test_wrong_values_in_a_body_are_422_naming_the_field(client, body, field):
    r = is_json_error(client.post("/api/extract", json=body, headers=AUTH), 422)
    assert field in json.dumps(r)


def test_deeply_nested_bodies_are_422(client):
    extra = '{"k":' * 300 + "1" + "}" * 300
    body = '{"text": "Hallo Welt.", "extra": ' + extra + "}"
    r = client.post("/api/extract", content=body, headers={**AUTH, "Content-Type": "application/json"})
    assert "nested deeper than 32 levels" in is_json_error(r, 422)["error"]
    deep = "[" * 100_000 + "]" * 100_000
    r = client.post("/api/extract", content=deep, headers={**AUTH, "Content-Type": "application/json"})
    assert "parsing the body" in is_json_error(r, 400)["error"]


def test_control_characters_in_stored_names_never_break_a_page(client):
    nul = kb_id(client, "nul")
    assert client.get(f"/api/entities/{nul}").status_code == 200
    assert client.get(f"/entities/{nul}").status_code == 200
    assert client.get("/articles/nul").status_code == 200
    other = kb_id(client, "other")
    merged = client.post("/api/entities/merge", json={"keep": other, "drop": nul}, headers=AUTH)
    assert merged.status_code == 200 and merged.json()["id"] == other
    for path in (f"/api/entities/{other}", f"/entities/{other}", f"/entities/{nul}"):
        assert client.get(path).status_code == 200, path


def test_merge_that_fails_midway_commits_nothing(tmp_path, monkeypatch):
    with Store(tmp_path / "kb.db") as store:
        store.add(person_record("a", "Anna Alt"))
        store.add(person_record("b", "Anna Alt-Neu"))
        keep, drop = store.links("a")["e1"], store.links("b")["e1"]

        def broken(entity_id):
            raise RuntimeError("page cannot be built")

        monkeypatch.setattr(store, "entity", broken)
        with pytest.raises(RuntimeError):
            store.merge(keep, drop)
        monkeypatch.undo()
        assert store.entity(drop)["id"] == drop and not store.conn.execute("SELECT * FROM kb_redirects").fetchall()


def test_expensive_queries_are_cut_off_and_deep_offsets_refused(tmp_path):
    path = tmp_path / "big.db"
    with Store(path) as store:
        store.add_many(Record(id=f"n{i}", text=f"dies ist der text {i} eines sehr einfachen artikels") for i in range(3000))
    with Server(path, TOKEN, query_seconds=1e-6) as c:  # every query may run a microsecond
        r = c.get("/api/search", params={"q": "d* e* s*", "offset": 10_000, "limit": 200})
        assert "took longer than" in is_json_error(r, 503)["error"]
        assert c.get("/", params={"q": "d* e* s*"}).status_code == 503


def test_slow_request_bodies_are_timed_out(db):
    import socket
    import time

    with Server(db, TOKEN, body_seconds=1.5) as c:
        port = int(str(c.base_url).rsplit(":", 1)[1].strip("/"))
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"POST /api/extract HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Authorization: Bearer " + TOKEN.encode() + b"\r\nContent-Length: 100\r\n\r\n{")
            started = time.monotonic()
            answer = b""
            for _ in range(10):  # one byte a second, as a slow-loris client would
                try:
                    sock.sendall(b" ")
                except OSError:
                    break
                sock.settimeout(1)
                try:
                    answer += sock.recv(4096)
                except TimeoutError:
                    continue
                if answer:
                    break
        assert answer.startswith(b"HTTP/1.1 408") and time.monotonic() - started < 5


def test_a_crash_is_a_500_without_details_and_its_traceback_is_logged(db, monkeypatch, caplog):
    def broken(self, article_id):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "get", broken)
    with caplog.at_level("ERROR", logger="chronik.api"), Server(db, TOKEN) as c:
        body = is_json_error(c.get("/api/articles/js"), 500)
        page = c.get("/articles/js")
    assert body == {"error": "internal error", "detail": "RuntimeError"} and "disk on fire" not in page.text
    assert page.status_code == 500 and page.headers["content-security-policy"].startswith("default-src 'none'")
    logged = [r for r in caplog.records if r.name == "chronik.api"]
    assert logged and logged[0].exc_info and "disk on fire" in str(logged[0].exc_info[1])
