"""One agency report from three outlets, one copy resolving another speaker: one report with its copies,
one statement with all three sources and the speaker most of them name (the dispute shown), one story."""

import datetime as dt
import json

import pytest
from fastapi.testclient import TestClient

from chronik.api import create_app
from chronik.export.gkg import GKG_COLUMNS
from chronik.record import Article
from chronik.store import Store
from chronik.stories.statements import dispute, speaker_votes

# Written for this test: an agency report and two papers' versions of it.
BODY = (
    "Die Kliniken sollen künftig nicht mehr nur nach Fallzahlen bezahlt werden, sondern einen großen Teil ihres "
    "Geldes für das Vorhalten von Personal und Geräten bekommen. {aside}"
    "„Wir befreien die Krankenhäuser damit aus dem Hamsterrad der Fallpauschalen“, sagte er bei der Vorstellung "
    "in Berlin. Die Länder hatten zuvor mehr Mitsprache bei der Planung verlangt. Der Entwurf soll im Sommer vom "
    "Kabinett beschlossen werden und Anfang kommenden Jahres in Kraft treten. {end}"
)
LEAD = ("Berlin (dpa) – Bundesgesundheitsminister Karl Lauterbach hat am Dienstag seine Pläne für eine Reform der "
        "Krankenhausfinanzierung vorgestellt. ")
END = ("Die Deutsche Krankenhausgesellschaft begrüßte die Richtung, warnte aber vor einem kalten Strukturwandel in "
       "ländlichen Regionen.")
WIRE = LEAD + BODY.format(aside="Lauterbach sprach von einer Revolution im Gesundheitswesen. ", end=END)
# The regional paper adds a sentence about another minister: its "sagte er" now resolves to him.
ECHO = LEAD + BODY.format(aside="Auch der bayerische Gesundheitsminister Klaus Holetschek äußerte sich zu den Plänen. ",
                          end=END)
# Another paper: a new lead, the end cut, the credit at the end.
KURIER = ("Das Geld für die Kliniken soll anders verteilt werden. Bundesgesundheitsminister Karl Lauterbach hat am "
          "Dienstag seine Pläne für eine Reform der Krankenhausfinanzierung vorgestellt. "
          + BODY.format(aside="Lauterbach sprach von einer Revolution im Gesundheitswesen. ", end="") + "(dpa)")
HAMSTERRAD = "Hamsterrad der Fallpauschalen"


@pytest.fixture(scope="module")
def reports(analyzer):
    day = dt.date(2024, 5, 14)
    return {
        "echo": analyzer.analyse(Article(id="echo", text=ECHO, date=day, source="Westfalen-Echo", title="Klinikreform")),
        "wire": analyzer.analyse(Article(id="wire", text=WIRE, date=day, source="dpa", title="Lauterbach stellt Reform vor")),
        "kurier": analyzer.analyse(Article(id="kurier", text=KURIER, date=day + dt.timedelta(days=1), source="Kurier",
                                           title="Neues Geld für Kliniken")),
    }


def _speaker(record):
    (quote,) = [q for q in record.quotes if HAMSTERRAD in q.content[0].text]
    return record.entity(quote.speaker.entity).name


def test_the_fixture_holds_a_real_conflict(reports):
    assert _speaker(reports["wire"]) == _speaker(reports["kurier"]) == "Karl Lauterbach"
    assert _speaker(reports["echo"]) == "Klaus Holetschek"


def _hamsterrad(rows):
    (row,) = [r for r in rows if HAMSTERRAD in r["text"]]
    return row


@pytest.mark.parametrize("order", [("echo", "wire", "kurier"), ("wire", "kurier", "echo")])
def test_one_report_one_statement_one_story(tmp_path, reports, order):
    db = tmp_path / "kb.db"
    with Store(db) as kb:
        for rid in order:
            kb.add(reports[rid])
        # one report with its copies
        group = kb.copies("kurier")
        assert sorted(m["id"] for m in group["group"]) == ["echo", "kurier", "wire"]
        assert kb.copies(group["original"])["copy_of"] is None
        # one statement, all three sources, the majority speaker, the dispute shown
        lauterbach = _hamsterrad(kb.statements(speaker="Lauterbach"))
        assert sorted(lauterbach["sources"]) == ["echo", "kurier", "wire"] and lauterbach["outlets"] == 3
        assert lauterbach["speaker"] == "Karl Lauterbach"
        assert lauterbach["speaker_disputed"] == "Karl Lauterbach (2 outlets) vs Klaus Holetschek (1)"
        assert [(v["speaker"], v["outlets"], v["reports"]) for v in lauterbach["speaker_votes"]] == [
            ("Karl Lauterbach", 2, 2), ("Klaus Holetschek", 1, 1)]
        assert {r["article"]: r["speaker"] for r in lauterbach["reports"]} == {
            "echo": "Klaus Holetschek", "wire": "Karl Lauterbach", "kurier": "Karl Lauterbach"}
        assert len([r for r in kb.statements(q="Hamsterrad")]) == 1  # listed once
        # listed under the dissenting speaker too, with the chosen speaker and the dispute
        holetschek = _hamsterrad(kb.statements(speaker="Holetschek"))
        assert holetschek["speaker"] == "Karl Lauterbach" and holetschek["speaker_disputed"]
        # an article's own statements keep that article's attribution, with the dispute beside it
        own = _hamsterrad(kb.statements(article="echo"))
        assert own["speaker"] == "Klaus Holetschek" and own["speaker_disputed"] == lauterbach["speaker_disputed"]
        # one story, and its "who said what" names the majority speaker
        (story,) = kb.stories()
        assert story["articles"] == 3
        said = _hamsterrad(kb.story(story["id"])["statements"])
        assert said["speaker"] == "Karl Lauterbach" and said["speaker_disputed"]
        lauterbach_kb = lauterbach["speaker_kb"]
        assert lauterbach_kb and kb.entity(lauterbach_kb)["name"] == "Karl Lauterbach"


def test_faces_show_the_dispute(tmp_path, reports, run):
    db = tmp_path / "kb.db"
    with Store(db) as kb:
        for rid in ("echo", "wire", "kurier"):
            kb.add(reports[rid])
        lauterbach_kb = _hamsterrad(kb.statements(speaker="Lauterbach"))["speaker_kb"]
    result = run("quotes", "--db", db, "--json")
    assert result.exit_code == 0, result.output
    row = _hamsterrad(json.loads(result.stdout))
    assert sorted(row["sources"]) == ["echo", "kurier", "wire"] and row["speaker"] == "Karl Lauterbach"
    assert row["speaker_disputed"] == "Karl Lauterbach (2 outlets) vs Klaus Holetschek (1)"
    result = run("stories", "--db", db, "--json")
    (story,) = json.loads(result.stdout)
    assert sorted((a["id"], a["copy_of"]) for a in story["articles"]) == [
        ("echo", None), ("kurier", "echo"), ("wire", "echo")]
    # the GKG export carries the copy and the story of each article
    out = tmp_path / "kb.gkg.tsv"
    assert run("export", "--db", db, "--format", "gkg", "--output", out).exit_code == 0
    extras = {line.split("\t")[0]: line.rstrip("\n").split("\t")[GKG_COLUMNS.index("V2EXTRASXML")]
              for line in out.read_text(encoding="utf-8").splitlines(keepends=True)}
    assert 'copy_of="echo" story="echo"' in extras["20240515000000-kurier"]
    assert 'copy_of=' not in extras["20240514000000-echo"] and 'story="echo"' in extras["20240514000000-echo"]
    with TestClient(create_app(db)) as client:
        items = client.get("/api/statements", params={"speaker": lauterbach_kb}).json()["items"]
        api_row = _hamsterrad(items)
        assert api_row["speaker_disputed"] == row["speaker_disputed"] and api_row["speaker_kb"] == lauterbach_kb
        page = client.get(f"/entities/{lauterbach_kb}").text
        assert "Sprecher umstritten" in page and "Klaus Holetschek (1)" in page
        article = client.get("/articles/echo").text  # the dissenting copy: its own speaker, the dispute beside it
        assert "Sprecher umstritten: Karl Lauterbach (2 Medien) gegen Klaus Holetschek (1)" in article
        assert "von 3 Medien berichtet" in article


def test_votes_count_outlets_then_reports_then_confidence():
    reports = [
        {"article": "a", "source": "X", "speaker": "Anna Alt", "speaker_kb": "k1", "confidence": 0.9},
        {"article": "b", "source": "X", "speaker": "Anna Alt", "speaker_kb": "k1", "confidence": 0.9},
        {"article": "c", "source": "Y", "speaker": "Bernd Bau", "speaker_kb": "k2", "confidence": 0.5},
        {"article": "d", "source": "Z", "speaker": "Bernd Bau", "speaker_kb": "k2", "confidence": 0.7},
        {"article": "e", "source": "W", "speaker": None, "speaker_kb": None, "confidence": None},
    ]
    votes = speaker_votes(reports)
    assert [(v["speaker"], v["outlets"], v["reports"], v["confidence"]) for v in votes] == [
        ("Bernd Bau", 2, 2, 0.6), ("Anna Alt", 1, 2, 0.9)]  # outlets before reports; nobody does not vote
    assert dispute(votes) == "Bernd Bau (2 outlets) vs Anna Alt (1)"
    tie = speaker_votes([reports[0], {**reports[2], "confidence": 0.95}])
    assert [v["speaker"] for v in tie] == ["Bernd Bau", "Anna Alt"]  # one outlet each: the surer attribution
    assert dispute(speaker_votes(reports[:2])) is None


def test_a_copy_naming_nobody_joins_and_takes_the_speaker_its_copies_name(tmp_path):
    from chronik.record import Entity, Mention, Quote, Record, Span, Speaker

    def report(rid, text, speaker: bool, day):
        start = text.index("„Wir befreien") + 1
        end = text.index("“", start)
        who = text.index("Karl Lauterbach")
        lauterbach = Entity(id="e1", name="Karl Lauterbach", type="PER",
                            mentions=[Mention(start=who, end=who + 15, text="Karl Lauterbach")])
        quote = Quote(id="q1", kind="direct", content=[Span(start=start, end=end, text=text[start:end])],
                      speaker=Speaker(start=who, end=who + 15, text="Karl Lauterbach", entity="e1") if speaker else None)
        return Record(id=rid, text=text, date=day, source=rid, entities=[lauterbach], quotes=[quote])

    with Store(tmp_path / "kb.db") as kb:
        kb.add(report("nobody", ECHO, False, dt.date(2024, 5, 14)))  # first, and naming no speaker
        kb.add(report("named", WIRE, True, dt.date(2024, 5, 15)))
        (row,) = kb.statements(speaker="Lauterbach")
        assert row["article"] == "nobody" and row["sources"] == ["nobody", "named"]
        assert row["speaker"] == "Karl Lauterbach" and row["speaker_disputed"] is None
        (own,) = kb.statements(article="nobody")
        assert own["speaker"] is None  # the article itself still says nobody
