"""Pledges across articles: merging reports, follow-ups, the timeline and the filters."""

from __future__ import annotations

import datetime as dt

import pytest

from chronik.record import Entity, Mention, Pledge, Record, Span, Speaker
from chronik.store import Store
from chronik.store.pledges import deadline_end, similarity, target_key


def _span(text: str, part: str) -> Span:
    i = text.index(part)
    return Span(start=i, end=i + len(part), text=part)


def article(aid: str, date: str, text: str, actor: str | None, target: str | None, deadline: str | None = None,
            strength: str = "plan", status: str = "made", etype: str = "LOC") -> Record:
    """A record whose entity is ``actor`` and, when ``target`` is given, one pledge of it."""
    entities, pledges = [], []
    if actor:
        a = _span(text, actor)
        entities.append(Entity(id="e1", name=actor, type=etype,
                               mentions=[Mention(start=a.start, end=a.end, text=actor)]))
    if target:
        sentence = _span(text, text[: text.index(".", text.index(target)) + 1].rsplit(". ", 1)[-1])
        a = _span(text, actor)
        pledges.append(Pledge(id="p1", actor=Speaker(start=a.start, end=a.end, text=actor, entity="e1"),
                              target=_span(text, target), deadline=deadline, evidence=sentence,
                              strength=strength, status=status, confidence=0.8))
    return Record(id=aid, text=text, date=dt.date.fromisoformat(date), entities=entities, pledges=pledges)


@pytest.fixture
def store(kb_db):
    with Store(kb_db) as s:
        yield s


def test_same_pledge_reported_twice_is_one_kb_pledge(store):
    store.add(article("a1", "2019-11-07", "Deutschland will zwei Prozent des Bruttoinlandsprodukts bis 2031 "
                      "für Verteidigung ausgeben.", "Deutschland", "zwei Prozent des Bruttoinlandsprodukts", "2031",
                      strength="aim"))
    store.add(article("a2", "2020-02-14", "Deutschland werde das Zwei-Prozent-Ziel bis spätestens 2031 erreichen.",
                      "Deutschland", "das Zwei-Prozent-Ziel", "2031"))
    (p,) = store.kb_pledges()
    assert p["sources"] == 2 and p["status"] == "repeated" and p["deadline"] == "2031"
    assert p["first_date"] == "2019-11-07" and p["last_date"] == "2020-02-14"
    kinds = [e["kind"] for e in store.kb_pledge(p["id"])["timeline"]]
    assert kinds[:2] == ["made", "repeated"]
    assert {r["kb_pledge"] for r in store.pledges()} == {p["id"]}


def test_different_targets_stay_apart(store):
    store.add(article("a1", "2020-01-10", "Frankreich will bis 2030 die Emissionen halbieren.", "Frankreich",
                      "die Emissionen halbieren", "2030"))
    store.add(article("a2", "2020-01-11", "Frankreich will 5000 Soldaten nach Mali schicken.", "Frankreich",
                      "5000 Soldaten nach Mali schicken"))
    assert len(store.kb_pledges()) == 2


def test_follow_up_questions_and_withdrawal(store):
    store.add(article("a1", "2019-11-07", "Deutschland will das Zwei-Prozent-Ziel bis 2031 erreichen.",
                      "Deutschland", "das Zwei-Prozent-Ziel", "2031"))
    store.add(article("a2", "2020-05-02", "Ökonomen halten das Zwei-Prozent-Ziel für unrealistisch. "
                      "Deutschland gab dazu keine Auskunft.", "Deutschland", None))
    (p,) = store.kb_pledges()
    assert p["status"] == "questioned" and p["sources"] == 2
    store.add(article("a3", "2020-09-01", "Deutschland rückte von dem Zwei-Prozent-Ziel ab.", "Deutschland",
                      "dem Zwei-Prozent-Ziel", status="withdrawn"))
    detail = store.kb_pledge(p["id"])
    assert [e["kind"] for e in detail["timeline"]] == ["made", "questioned", "withdrawn"]
    assert detail["status"] == "withdrawn" and not detail["deadline_passed"]
    assert [x["id"] for x in store.kb_pledges(status="withdrawn")] == [p["id"]]


def test_deadline_passed_and_filters(store):
    store.add(article("a1", "2010-03-01", "Die Bahn will bis 2015 alle Bahnhöfe barrierefrei machen.", "Die Bahn",
                      "alle Bahnhöfe barrierefrei machen", "2015", etype="ORG"))
    store.add(article("a2", "2020-03-01", "Österreich verspricht bis 2040 Klimaneutralität.", "Österreich",
                      "Klimaneutralität", "2040", strength="promise"))
    passed = store.kb_pledges(status="deadline_passed")
    assert [p["actor_name"] for p in passed] == ["Die Bahn"]
    assert store.kb_pledge(passed[0]["id"])["timeline"][-1]["kind"] == "deadline_passed"
    assert [p["actor_name"] for p in store.kb_pledges(strength="promise")] == ["Österreich"]
    assert [p["deadline"] for p in store.kb_pledges(deadline_from="2016", deadline_to="2045")] == ["2040"]
    assert [p["actor_name"] for p in store.kb_pledges(actor="Bahn")] == ["Die Bahn"]
    assert store.kb_pledges(actor="Schweden") == []


def test_replacing_an_article_removes_its_events(store):
    rec = article("a1", "2020-01-10", "Frankreich will bis 2030 die Emissionen halbieren.", "Frankreich",
                  "die Emissionen halbieren", "2030")
    store.add(rec)
    store.add(rec.model_copy(update={"text": rec.text + " ", "pledges": []}))
    assert store.kb_pledges() == []


def test_an_unresolved_wir_stays_article_local(store):
    text = "„Wir werden die Schulen sanieren“, sagte sie."
    rec = Record(id="a1", text=text, date=dt.date(2020, 1, 1), pledges=[Pledge(
        id="p1", actor=Speaker(start=1, end=4, text="Wir"), target=_span(text, "die Schulen sanieren"),
        evidence=Span(start=0, end=len(text), text=text))])
    store.add(rec)
    assert store.kb_pledges() == [] and len(store.pledges()) == 1


def test_target_keys():
    assert similarity(target_key("das Zwei-Prozent-Ziel"), target_key("zwei Prozent des Bruttoinlandsprodukts")) >= 0.5
    assert similarity(target_key("die Emissionen halbieren"), target_key("5000 Soldaten schicken")) == 0


def test_deadline_end():
    assert deadline_end("2024") == dt.date(2024, 12, 31)
    assert deadline_end("2024-02") == dt.date(2024, 2, 29)
    assert deadline_end("2024-12") == dt.date(2024, 12, 31)
    assert deadline_end("2007-Q1") == dt.date(2007, 3, 31)
    assert deadline_end("2008-W25") == dt.date(2008, 6, 22)
    assert deadline_end("FUTURE_REF") is None


def test_upgrading_a_version_2_database_links_its_pledges(tmp_path):

    from test_kb import rewind

    from chronik.store.migrations import MIGRATIONS

    path = tmp_path / "old.db"
    with Store(path) as s:
        s.add(article("a1", "2020-01-10", "Frankreich will bis 2030 die Emissionen halbieren.", "Frankreich",
                      "die Emissionen halbieren", "2030"))
    rewind(path, 5)  # before KB pledges (migration 6)
    with Store(path) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        (p,) = s.kb_pledges()
        assert p["actor_name"] == "Frankreich" and s.pledges()[0]["kb_pledge"] == p["id"]


def test_a_deadline_that_is_no_date_is_not_kept_in_the_kb(kb_db):
    with Store(kb_db) as s:
        s.add(article("a1", "2020-01-10", "Die Stadt will möglichst bald neue Radwege bauen.", "Die Stadt",
                      "neue Radwege bauen", "FUTURE_REF"))
        (p,) = s.kb_pledges()
        assert p["deadline"] is None and not p["deadline_passed"]


def test_timeline_keeps_actor_and_speaker_apart(store):
    text = "Deutschland werde das Zwei-Prozent-Ziel bis 2031 erreichen, sagte die Ministerin Anna Berg."
    record = article("a1", "2020-02-14", text, "Deutschland", "das Zwei-Prozent-Ziel", "2031")
    who = _span(text, "die Ministerin Anna Berg")
    record.pledges[0].speaker = Speaker(start=who.start, end=who.end, text=who.text)
    store.add(record)
    (p,) = store.kb_pledges()
    (made,) = store.kb_pledge(p["id"])["timeline"]
    assert (made["actor"], made["speaker"]) == ("Deutschland", "die Ministerin Anna Berg")
