"""chronik_events: who did what to whom, where and when; the events table, ``chronik events``, /api/events, pages.

Every sentence here is written for the test (none comes from SmartData or Wikinews)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from spacy.language import Language
from test_api import Server

from chronik.analyse.events import Model, category, triggers
from chronik.analyse.pipeline import Analyzer
from chronik.eval import events as ev
from chronik.record import Article, Entity, Event, Mention, Record, Span, Speaker
from chronik.store import Store

DATE = dt.date(2021, 3, 1)


def _events(analyzer, text):
    return analyzer.analyse(Article(id="t", text=text, date=DATE)).events


def _one(analyzer, text, etype):
    found = [v for v in _events(analyzer, text) if v.type == etype]
    assert len(found) == 1, [(v.type, v.trigger.text) for v in _events(analyzer, text)]
    return found[0]


def test_component_declares_its_contract(analyzer):
    meta = Language.get_factory_meta("chronik_events")
    assert meta.assigns == ["doc._.chronik_events"]
    assert set(meta.requires) == {"doc._.chronik_entities", "doc._.chronik_times", "doc._.chronik_quotes"}
    assert analyzer.nlp.pipe_names[-1] == "chronik_events"


def test_trigger_forms_inflections_and_compounds():
    words = {"Tarifstreiks": "strike", "kritisierte": "accuse", "Milliarden-Übernahme": "acquisition",
             "Verkehrsunfall": "accident", "Sanktionen": "sanction"}
    text = " ".join(words)
    found = {text[s:e]: {f.type for f in forms} for s, e, forms in triggers(text)}
    for word, etype in words.items():
        assert etype in found[word], word
    assert not triggers("Der Garten blüht im Frühling.")


@pytest.mark.parametrize(("text", "etype", "actor", "target"), [
    ("Am Montag kritisierte Bundeskanzlerin Angela Merkel die Regierung in Moskau scharf.", "accuse", "Merkel", None),
    ("Die USA verhängten am Freitag neue Sanktionen gegen Russland.", "sanction", "USA", "Russland"),
    ("Der Iran wurde in der Nacht von Israel angegriffen.", "assault", "Israel", "Iran"),
    ("Frankreich lehnte den Vorschlag aus Brüssel ab.", "reject", "Frankreich", None),
    ("Die Telekom übernimmt den Mobilfunkanbieter Vodafone.", "acquisition", "Telekom", "Vodafone"),
])
def test_actor_and_target_by_word_order(analyzer, text, etype, actor, target):
    v = _one(analyzer, text, etype)
    assert v.actor is not None and actor in v.actor.text and v.actor.entity
    if target is not None:
        assert v.target is not None and target in v.target.text
    assert v.evidence.start <= v.trigger.start < v.trigger.end <= v.evidence.end
    assert 0 < v.confidence <= 1


def test_object_before_the_verb_is_no_actor(analyzer):
    """"Die Opposition kritisierte Merkel": Merkel is criticised, not criticising."""
    v = _one(analyzer, "Die Opposition kritisierte Angela Merkel wegen der Reform.", "accuse")
    assert v.actor is None or "Merkel" not in v.actor.text


def test_two_actors_are_left_to_the_reader(analyzer):
    v = _one(analyzer, "Frankreich und Deutschland kritisierten den Beschluss.", "accuse")
    assert v.actor is None


@pytest.mark.parametrize(("text", "absent"), [
    ("Die Regierung lehnte den Vorschlag nicht ab.", "reject"),  # negated
    ("Der Minister forderte Sanktionen gegen den Iran.", "sanction"),  # demanded, not imposed
    ("Das Parlament hatte einen Abzug der Truppen gefordert.", "retreat"),  # demanded, verb after the noun
    ("Greift Russland die Ukraine an?", "assault"),  # a question
    ("Der Stau an offenen Fragen wächst.", "traffic_jam"),  # no road, rail or traffic word
    ("Der Minister verteidigte die viel kritisierte Begrenzung der Bestellungen.", "accuse"),  # an adjective
    ("Die Kommission legte das neu verhandelte Abkommen mit Kanada vor.", "agree"),
])
def test_no_event(analyzer, text, absent):
    assert absent not in [v.type for v in _events(analyzer, text)]


@pytest.mark.parametrize(("text", "etype"), [
    ("Das kritisierte Merkel am Montag scharf.", "accuse"),  # "Das" opens the sentence: the object, not an article
    ("Die Opposition kritisierte Scholz am Montag scharf.", "accuse"),
])
def test_a_verb_before_a_name_stays_an_event(analyzer, text, etype):
    assert etype in [v.type for v in _events(analyzer, text)]


def test_demand_stays_when_its_object_is_dropped(analyzer):
    assert "request" in [v.type for v in _events(analyzer, "Der Minister forderte Sanktionen gegen den Iran.")]


def test_time_and_place_from_the_sentence(analyzer):
    v = _one(analyzer, "Am 3. März 2021 griffen Rebellen die Stadt Goma an.", "assault")
    assert v.time == "2021-03-03" and v.time_span is not None and v.time_span.text.startswith("3. März")
    w = _one(analyzer, "Auf der A9 bei München staut sich der Verkehr nach einem Unfall auf 5 km Stau.", "traffic_jam")
    assert w.place is not None and w.place.text in ("A9", "München")
    assert category("traffic_jam") == "traffic" and category("accuse") == "political" and category("strike") == "industry"


def test_statement_feeds_its_accusation(analyzer):
    rec = analyzer.analyse(Article(id="t", date=DATE, text=(
        "„Das ist ein Skandal“, warf Olaf Scholz der Regierung vor. Er sprach von einem schweren Fehler.")))
    (v,) = [v for v in rec.events if v.type == "accuse"]
    assert v.quote is not None and v.quote in {q.id for q in rec.quotes}
    assert v.actor is not None and "Scholz" in v.actor.text


def test_offsets_and_ids_in_a_long_article(analyzer):
    text = ("Die Polizei nahm in Leipzig drei Männer fest. " * 3 + "\n\n"
            + "Die USA verhängten neue Sanktionen gegen Russland. " * 3)
    rec = Analyzer(nlp=analyzer.nlp, piece_chars=160).analyse(Article(id="long", text=text, date=DATE))
    assert [v.id for v in rec.events] == [f"v{i + 1}" for i in range(len(rec.events))]
    assert {"coerce", "sanction"} <= {v.type for v in rec.events}
    for v in rec.events:
        for span in (v.trigger, v.evidence, v.actor, v.target, v.place):
            if span is not None:
                assert text[span.start:span.end] == span.text
        if v.actor is not None and v.actor.entity:
            assert rec.entity(v.actor.entity) is not None


def test_model_scores_and_threshold():
    m = Model({"type=strike": 2.0, "actor": 1.0}, -1.0, 0.5, ["strike"])
    assert m.score({"type=strike": 1.0, "actor": 1.0}) > 0.8 > 0.3 > m.score({})


# -- the knowledge base and the faces --------------------------------------------------

TEXT = "Die Gewerkschaft Verdi kritisierte die Lufthansa. Am Dienstag streikten die Piloten."


def _record(rid: str, day: str, actor_name: str = "Verdi") -> Record:
    a, b = TEXT.index("Verdi"), TEXT.index("Lufthansa")
    ents = [Entity(id="e1", name=actor_name, type="ORG", mentions=[Mention(start=a, end=a + 5, text="Verdi")]),
            Entity(id="e2", name="Lufthansa", type="ORG", mentions=[Mention(start=b, end=b + 9, text="Lufthansa")])]
    first = TEXT.index(".") + 1
    return Record(id=rid, date=dt.date.fromisoformat(day), text=TEXT, entities=ents, events=[
        Event(id="v1", type="accuse", trigger=Span(start=23, end=34, text=TEXT[23:34]),
              actor=Speaker(start=a, end=a + 5, text="Verdi", entity="e1"),
              target=Speaker(start=b, end=b + 9, text="Lufthansa", entity="e2"),
              evidence=Span(start=0, end=first, text=TEXT[:first]), confidence=0.7),
        Event(id="v2", type="strike", trigger=Span(start=TEXT.index("streikten"), end=TEXT.index("streikten") + 9,
                                                   text="streikten"),
              time="2020-03-03", evidence=Span(start=first + 1, end=len(TEXT), text=TEXT[first + 1:]), confidence=0.9),
    ])


@pytest.fixture
def kb(tmp_path):
    path = tmp_path / "kb.db"
    with Store(path) as store:
        store.add(_record("a1", "2020-03-01"))
        store.add(_record("a2", "2021-06-01"))
    return path


def test_store_filters_and_links(kb):
    with Store(kb) as store:
        assert store.events_total() == 4 and store.stats()["events"] == 4
        accuse = store.events(type="accuse")
        assert [r["article"] for r in accuse] == ["a1", "a2"]
        assert accuse[0]["actor_kb"] and accuse[0]["actor_kb"] == accuse[1]["actor_kb"]
        kb_id = accuse[0]["actor_kb"]
        assert store.events_total(actor=kb_id) == 2 and store.events_total(actor="erdi") == 2
        assert store.events_total(entity=accuse[0]["target_kb"]) == 2  # as target
        assert store.events_total(actor=accuse[0]["target_kb"]) == 0
        # an event's own date (2020-03-03 for both strikes) is what --from/--to read
        assert [r["date"] for r in store.events(type="strike")] == ["2020-03-03", "2020-03-03"]
        assert store.events_total(date_from="2021") == 1 and store.events_total(date_to="2020-03") == 3
        assert [e["type"] for e in store.entity(kb_id)["events"]] == ["accuse", "accuse"]
        store.delete("a1")
        assert store.events_total() == 2


def test_cli_events(run, kb):
    res = run("events", "--db", kb, "--json", "--type", "accuse")
    assert res.exit_code == 0, res.output
    body = json.loads(res.stdout)
    assert body["total"] == 2 and {e["actor"] for e in body["events"]} == {"Verdi"}
    table = run("events", "--db", kb, "--from", "2021").stdout
    assert "accuse" in table and "Lufthansa" in table and "strike" not in table
    assert run("events", "--db", kb, "--type", "picnic").exit_code == 2
    assert run("events", "--db", kb, "--from", "soon").exit_code == 2


def test_cli_events_from_ingest(run, tmp_path):
    src, db = tmp_path / "in.jsonl", tmp_path / "kb.db"
    src.write_text(json.dumps({"id": "n1", "date": "2022-05-02", "text": (
        "Die Europäische Union verhängte am Montag Sanktionen gegen Belarus.")}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    assert run("ingest", src, "--db", db).exit_code == 0
    body = json.loads(run("events", "--db", db, "--json").stdout)
    (sanction,) = [e for e in body["events"] if e["type"] == "sanction"]
    assert sanction["article"] == "n1" and sanction["date"] == "2022-05-02" and "Belarus" in (sanction["target"] or "")


def test_api_and_pages(kb):
    with Server(kb, None) as client:
        body = client.get("/api/events", params={"type": "accuse", "limit": 1}).json()
        assert body["total"] == 2 and len(body["items"]) == 1 and body["limit"] == 1
        second = client.get("/api/events", params={"type": "accuse", "limit": 1, "offset": 1}).json()["items"]
        assert second[0]["article"] != body["items"][0]["article"]
        assert client.get("/api/events", params={"from": "2021"}).json()["total"] == 1
        assert client.get("/api/events", params={"type": "picnic"}).status_code == 422
        assert client.get("/api/events", params={"colour": "red"}).status_code == 422
        csv_rows = client.get("/api/events", params={"format": "csv", "type": "accuse"}).text.splitlines()
        assert csv_rows[0].lstrip("\ufeff").startswith("article,title,event,type,date") and len(csv_rows) == 3
        kb_id = body["items"][0]["actor_kb"]
        page = client.get(f"/entities/{kb_id}").text
        assert "Ereignisse" in page and "Vorwurf, Kritik" in page


# -- the evaluation ------------------------------------------------------------------------


def _event(etype, start, end, sent=(0, 100), actor=None):
    return Event(id="v", type=etype, trigger=Span(start=start, end=end, text="x" * (end - start)),
                 evidence=Span(start=sent[0], end=sent[1], text="x" * (sent[1] - sent[0])), actor=actor)


def test_smartdata_matching_and_scores():
    gold = [ev.Gold("strike", (0, 40), (10, 16), {"union": [(0, 5)], "trigger": [(10, 16)]}),
            ev.Gold("strike", (50, 90)), ev.Gold("accident", (0, 40))]
    pred = [_event("strike", 10, 16, actor=Speaker(start=0, end=5, text="Verdi")), _event("strike", 95, 99),
            _event("accident", 20, 25, actor=Speaker(start=0, end=5, text="Verdi"))]  # no actor role: not judged
    pairs = ev.match_smartdata(pred, gold)
    assert [g is not None for _, g in pairs] == [True, False, True]
    rec = Record(id="r", text="x" * 120, events=pred)
    out = ev.score_smartdata([rec], [gold])
    assert out["per_type"]["strike"] == {"p": 0.5, "r": 0.5, "f1": 0.5, "tp": 1, "fp": 1, "fn": 1}
    assert out["per_type"]["accident"]["f1"] == 1.0
    assert out["actor_precision"] == 1.0 and out["actor_counts"]["predicted"] == 1 and out["micro"]["tp"] == 2


def test_wikinews_scores_only_political_types():
    gold = {"r": [ev.Gold("accuse", (0, 50), trigger=(5, 10), actor=(0, 4)), ev.Gold("protest", (60, 99), trigger=(70, 75))]}
    rec = Record(id="r", text="x" * 120, events=[
        _event("accuse", 5, 10, (0, 50), actor=Speaker(start=0, end=4, text="xxxx")),
        _event("strike", 70, 75, (60, 99)),  # not a political type: not scored here
        _event("assault", 20, 24, (0, 50))])
    out = ev.score_wikinews([rec], gold)
    assert out["per_type"]["accuse"]["tp"] == 1 and out["per_type"]["protest"]["fn"] == 1
    assert out["per_type"]["assault"]["fp"] == 1 and "strike" not in out["per_type"]
    assert out["actor_precision"] == 1.0


def test_committed_annotations_hold_offsets_only():
    docs, gold = ev.load_wikinews_gold()
    assert len(docs) >= 20 and sum(len(g) for g in gold.values()) >= 100
    header = (ev.ANNOTATIONS / "annotations.tsv").read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert header == ["doc", "type", "sent_start", "sent_end", "trigger_start", "trigger_end", "actor_start",
                      "actor_end", "target_start", "target_end"]
    for events in gold.values():
        for g in events:
            assert g.trigger is not None and g.span[0] <= g.trigger[0] < g.trigger[1] <= g.span[1]


@pytest.mark.data
def test_annotations_point_into_the_documents(shared_data):
    from chronik.eval.pledges import load_articles

    docs, gold = ev.load_wikinews_gold()
    for article in load_articles(shared_data / "quotes" / "wikinews", "train", docs):
        for g in gold[article.id]:
            assert g.span[1] <= len(article.text) and article.text[g.trigger[0]:g.trigger[1]].strip()


def test_story_lists_the_events_of_its_articles(tmp_path):
    from fastapi.testclient import TestClient
    from test_stories import COPY, FIRST, FOLLOW_UP, PEOPLE, SAID, record

    from chronik.api import create_app

    follow = record("follow", FOLLOW_UP, "2024-05-08", "Kurier", PEOPLE)
    cue, who = FOLLOW_UP.index("fordert"), FOLLOW_UP.index("Velonord")
    end = FOLLOW_UP.index(".") + 1
    follow = follow.model_copy(update={"events": [Event(
        id="v1", type="request", trigger=Span(start=cue, end=cue + 7, text="fordert"),
        actor=Speaker(start=who, end=who + 8, text="Velonord", entity="e2"),
        evidence=Span(start=0, end=end, text=FOLLOW_UP[:end]), confidence=0.7)]})
    path = tmp_path / "kb.db"
    with Store(path) as store:
        store.add(record("first", FIRST, "2024-05-07", "dpa", [*PEOPLE, ("Hannover", "LOC")], SAID))
        store.add(record("copy", COPY, "2024-05-07", "Kurier", PEOPLE, SAID))
        store.add(follow)
        (story,) = store.stories()
        events = store.story(story["id"])["events"]
        assert [(e["type"], e["actor"], e["article"]) for e in events] == [("request", "Velonord", "follow")]
    with TestClient(create_app(path)) as client:
        page = client.get(f"/stories/{story['id']}").text
        assert "Ereignisse" in page and "Forderung" in page and "Velonord" in page
