"""Stories: articles about the same event (copies, shared people and organisations within days)."""

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from chronik.api import create_app
from chronik.cli import app
from chronik.record import Entity, Mention, Quote, Record, Span, Speaker
from chronik.store import Store

# Reports written for this test.
FIRST = (
    "Hannover (dpa) – Verkehrsministerin Petra Sommer hat ein Programm für neue Radwege vorgestellt. In den "
    "kommenden fünf Jahren sollen rund 120 Millionen Euro in Strecken zwischen Städten und Umland fließen. "
    "Der Fahrradclub Velonord begrüßte den Plan. „Das Netz ist lückenhaft und gefährlich“, sagte Petra Sommer."
)
COPY = (
    "Mehr Geld für Radfahrer. Verkehrsministerin Petra Sommer hat ein Programm für neue Radwege vorgestellt. In den "
    "kommenden fünf Jahren sollen rund 120 Millionen Euro in Strecken zwischen Städten und Umland fließen. "
    "Der Fahrradclub Velonord begrüßte den Plan. „Das Netz ist lückenhaft und gefährlich“, sagte Petra Sommer."
)
FOLLOW_UP = (
    "Einen Tag nach der Vorstellung des Radwegeprogramms fordert der Fahrradclub Velonord einen Zeitplan. "
    "Ministerin Petra Sommer müsse sagen, welche Lücken zuerst geschlossen würden, erklärte der Verband. "
    "Die Grünen im Landtag schlossen sich der Forderung an."
)
OTHER = (
    "Die Grünen im Landtag wollen die Stadtwerke Hannover stärker an Solaranlagen beteiligen. Ein Antrag soll "
    "im Juni beraten werden, hieß es aus der Fraktion. Die Stadtwerke Hannover äußerten sich zunächst nicht."
)
LATER = (
    "Sechs Wochen nach dem Start des Programms zieht Petra Sommer eine erste Bilanz. Der Fahrradclub Velonord "
    "sieht dagegen kaum Fortschritte und spricht von verlorener Zeit."
)


def record(rid, text, date, source, names, quote=None):
    entities = []
    for n, (name, etype) in enumerate(names, 1):
        start = text.index(name)
        entities.append(Entity(id=f"e{n}", name=name, type=etype,
                               mentions=[Mention(start=start, end=start + len(name), text=name)]))
    quotes = []
    if quote:
        start = text.index(quote)
        who = entities[0]
        quotes.append(Quote(id="q1", kind="direct", content=[Span(start=start, end=start + len(quote), text=quote)],
                            speaker=Speaker(start=who.mentions[0].start, end=who.mentions[0].end, text=who.name,
                                            entity=who.id)))
    return Record(id=rid, title=f"Titel {rid}", text=text, date=date, source=source, entities=entities, quotes=quotes)


PEOPLE = [("Petra Sommer", "PER"), ("Velonord", "ORG")]
SAID = "„Das Netz ist lückenhaft und gefährlich“"


@pytest.fixture
def db(kb_db):
    path = kb_db
    with Store(path) as kb:
        kb.add(record("first", FIRST, "2024-05-07", "dpa", [*PEOPLE, ("Hannover", "LOC")], SAID))
        kb.add(record("copy", COPY, "2024-05-07", "Kurier", PEOPLE, SAID))
        kb.add(record("follow", FOLLOW_UP, "2024-05-08", "Kurier", [*PEOPLE, ("Grünen", "ORG")]))
        kb.add(record("other", OTHER, "2024-05-08", "Anzeiger", [("Grünen", "ORG"), ("Stadtwerke Hannover", "ORG")]))
        kb.add(record("later", LATER, "2024-06-20", "dpa", PEOPLE))
    return path


def test_one_story_with_copy_and_follow_up(db):
    with Store(db) as kb:
        (story,) = kb.stories()
        assert story["id"] == "first" and story["articles"] == 3 and story["outlets"] == 2
        one = kb.story("copy")  # any member finds its story
        assert [(a["id"], a["copy_of"]) for a in one["articles"]] == [("first", None), ("copy", "first"),
                                                                      ("follow", None)]
        assert {e["name"] for e in one["entities"]} >= {"Petra Sommer", "Velonord"}
        # the quote in the report and its copy is one statement with two sources
        (said,) = one["statements"]
        assert said["sources"] == ["first", "copy"] and said["outlets"] == 2
        assert kb.story("other") is None and kb.story("later") is None  # one shared party; six weeks on
        kb.delete("first")
        (story,) = kb.stories()
        assert story["id"] == "copy" and story["articles"] == 2


def test_stories_cli_api_and_page(db):
    result = CliRunner().invoke(app, ["stories", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    (story,) = json.loads(result.output)
    assert {a["id"]: a["copy_of"] for a in story["articles"]} == {"first": None, "copy": "first", "follow": None}
    result = CliRunner().invoke(app, ["stories", "nothere", "--db", str(db)])
    assert result.exit_code == 1 and "no story" in result.output
    with TestClient(create_app(db)) as client:
        assert client.get("/api/stories").json()["items"][0]["id"] == "first"
        assert client.get("/api/stories/follow").json()["id"] == "first"
        assert client.get("/api/stories/nothere").status_code == 404
        assert client.get("/api/copies/copy").json()["copy_of"] == "first"
        page = client.get("/stories/first").text
        assert "Kopie von" in page and "von 2 Medien berichtet" in page and "Velonord" in page
        assert "Titel first" in client.get("/stories").text


def test_show_names_the_report_an_article_copies(db):
    result = CliRunner().invoke(app, ["show", "copy", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "copy of first; same report also in: first" in result.output
    result = CliRunner().invoke(app, ["show", "first", "--db", str(db)])
    assert "original report; same report also in: copy" in result.output
