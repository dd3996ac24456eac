"""/api/pledges and the /pledges pages: pledges across articles, filters and the timeline."""

from __future__ import annotations

import pytest
from test_api import EVIL, Server
from test_kb_pledges import article

from chronik.store import Store


@pytest.fixture(scope="module")
def client(module_kb_db, seed_record):
    path = module_kb_db  # a SQLite file and a PostgreSQL database
    with Store(path) as store:
        store.add(seed_record)
        store.add(article("b1", "2010-03-01", "Die Bahn will bis 2015 alle Bahnhöfe barrierefrei machen.", "Die Bahn",
                          "alle Bahnhöfe barrierefrei machen", "2015", etype="ORG"))
        store.add(article("b2", "2012-05-01", "Die Bahn bekräftigte, bis 2015 alle Bahnhöfe barrierefrei zu machen.",
                          "Die Bahn", "alle Bahnhöfe barrierefrei zu machen", "2015", etype="ORG"))
        store.add(article("c1", "2021-03-01", "Österreich verspricht bis 2040 Klimaneutralität.", "Österreich",
                          "Klimaneutralität", "2040", strength="promise"))
    with Server(path, None) as c:
        yield c


def test_api_pledges_filters(client):
    items = client.get("/api/pledges").json()["items"]
    bahn = next(p for p in items if p["actor_name"] == "Die Bahn")
    assert bahn["sources"] == 2 and bahn["status"] == "repeated" and bahn["deadline_passed"]
    assert any(p["target"] == "das Zwei-Prozent-Ziel" and p["deadline"] == "2031" for p in items)
    only = client.get("/api/pledges", params={"strength": "promise"}).json()["items"]
    assert "Österreich" in [p["actor_name"] for p in only] and all(p["strength"] == "promise" for p in only)
    assert "Die Bahn" not in [p["actor_name"] for p in only]
    ranged = client.get("/api/pledges", params={"from": "2030", "to": "2035"}).json()["items"]
    assert ranged and all("2030" <= p["deadline"][:4] <= "2035" for p in ranged)
    passed = client.get("/api/pledges", params={"status": "deadline_passed"}).json()["items"]
    assert "Die Bahn" in [p["actor_name"] for p in passed] and all(p["deadline_passed"] for p in passed)
    assert [p["id"] for p in client.get("/api/pledges", params={"actor": "Bahn"}).json()["items"]] == [bahn["id"]]


def test_api_pledge_timeline(client):
    bahn = client.get("/api/pledges", params={"actor": "Bahn"}).json()["items"][0]
    detail = client.get(f"/api/pledges/{bahn['id']}").json()
    assert [e["kind"] for e in detail["timeline"]] == ["made", "repeated", "deadline_passed"]
    assert [e["article"] for e in detail["timeline"][:2]] == ["b1", "b2"]
    r = client.get("/api/pledges/nope")
    assert r.status_code == 404 and r.json()["error"]


def test_bad_filters_are_refused(client):
    assert client.get("/api/pledges", params={"strength": "maybe"}).status_code == 422
    assert client.get("/api/pledges", params={"status": "done"}).status_code == 422


@pytest.mark.parametrize("evil", EVIL)
def test_injection_strings_in_pledge_filters(client, evil):
    for path, params in (
        ("/api/pledges", {"actor": evil, "from": evil[:10], "to": evil[:10]}),
        ("/pledges", {"actor": evil, "date_from": evil, "date_to": evil, "strength": evil, "status": evil}),
    ):
        assert client.get(path, params=params).status_code < 500
    assert client.get("/pledges/" + evil.replace("\x00", "")).status_code in (200, 404, 307)


def test_pledge_pages(client):
    page = client.get("/pledges", params={"status": "deadline_passed"}).text
    assert "Die Bahn" in page and "Österreich" not in page and "Frist verstrichen" in page
    bahn = client.get("/api/pledges", params={"actor": "Bahn"}).json()["items"][0]
    assert f'href="/pledges/{bahn["id"]}"' in page
    detail = client.get(f"/pledges/{bahn['id']}").text
    assert "bekräftigt" in detail and 'href="/articles/b2"' in detail and "2 Quellen" in detail
    assert client.get("/pledges/nope").status_code == 404


def test_actor_and_speaker_apart_in_api_and_page(client):
    germany = client.get("/api/pledges", params={"actor": "Deutschland"}).json()["items"][0]
    made = client.get(f"/api/pledges/{germany['id']}").json()["timeline"][0]
    assert made["actor"] == "Deutschland" and "Kramp-Karrenbauer" in made["speaker"]
    page = client.get(f"/pledges/{germany['id']}").text
    assert "Deutschland, gesagt von" in page and "Kramp-Karrenbauer" in page
