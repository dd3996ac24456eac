"""One statement, all its sources: the same words of the same speaker in two articles → one statement."""

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from chronik.cli import app
from chronik.record import Article, Entity, Mention, Quote, Record, Span, Speaker
from chronik.store import Store
from chronik.stories.statements import same_wording

# Two reports written for this test: an agency report and a regional paper's own article.
AGENCY = (
    "Berlin (dpa) – Finanzminister Christian Lindner hat eine Steuerreform angekündigt. "
    "„Wir werden die Bürger im kommenden Jahr spürbar entlasten“, sagte Lindner am Montag in Berlin. "
    "Die Opposition reagierte skeptisch."
)
REGIONAL = (
    "Der Finanzminister will die Steuern senken. Christian Lindner sagte am Montag: "
    "„Wir werden die Bürger im kommenden Jahr deutlich entlasten.“ Ökonomen halten das für schwierig. "
    "Quelle: dpa"
)


@pytest.fixture(scope="module")
def two_reports(analyzer):
    day = dt.date(2024, 3, 4)
    return [
        analyzer.analyse(Article(id="agency", text=AGENCY, date=day, source="dpa")),
        analyzer.analyse(Article(id="regional", text=REGIONAL, date=day + dt.timedelta(days=1), source="Kurier")),
    ]


def test_same_statement_from_two_outlets_is_one_statement(kb_db, two_reports):
    db = kb_db
    with Store(db) as kb:
        for record in reversed(two_reports):  # the later report arrives first
            kb.add(record)
        rows = kb.statements(speaker="Lindner")
        assert len(rows) == 1
        (row,) = rows
        assert row["article"] == "agency"  # the earliest report is the statement
        assert row["sources"] == ["agency", "regional"] and row["outlets"] == 2
        assert len(row["variants"]) == 2 and any("deutlich" in v for v in row["variants"])
        assert [r["source"] for r in row["reports"]] == ["dpa", "Kurier"]
        # each article still lists its own statement, with the same sources (the regional one also
        # reports the economists' judgement: "Ökonomen halten das für schwierig.")
        (own,) = kb.statements(article="regional", speaker="Lindner")
        assert own["sources"] == ["agency", "regional"]
        hits = kb.search("entlasten", what="statements")
        assert len(hits) == 1 and hits[0]["outlets"] == 2
        # the first report goes: the other one becomes the statement
        kb.delete("agency")
        (row,) = kb.statements(speaker="Lindner")
        assert row["article"] == "regional" and row["sources"] == ["regional"]
    result = CliRunner().invoke(app, ["quotes", "--db", str(db), "--speaker", "Lindner", "--json"])
    assert result.exit_code == 0, result.output
    assert [r["sources"] for r in json.loads(result.output)] == [["regional"]]


def _record(rid, text, speaker, date):
    start = text.index(speaker)
    msg_start, msg_end = text.index("„"), text.index("“") + 1
    return Record(
        id=rid, text=text, date=date, source=rid,
        entities=[Entity(id="e1", name=speaker, type="PER",
                         mentions=[Mention(start=start, end=start + len(speaker), text=speaker)])],
        quotes=[Quote(id="q1", kind="direct",
                      content=[Span(start=msg_start, end=msg_end, text=text[msg_start:msg_end])],
                      speaker=Speaker(start=start, end=start + len(speaker), text=speaker, entity="e1"))],
    )


def test_other_speaker_other_words_or_other_week_stay_apart(kb_db):
    quote = "„Wir werden die Bürger im kommenden Jahr spürbar entlasten“"
    with Store(kb_db) as kb:
        kb.add(_record("a", f"{quote}, sagte Christian Lindner.", "Christian Lindner", "2024-03-04"))
        kb.add(_record("b", f"{quote}, sagte Olaf Scholz.", "Olaf Scholz", "2024-03-04"))
        kb.add(_record("c", "„Die Steuern bleiben, wie sie sind“, sagte Christian Lindner.", "Christian Lindner",
                       "2024-03-05"))
        kb.add(_record("d", f"{quote}, sagte Christian Lindner.", "Christian Lindner", "2024-06-01"))
        rows = kb.statements(merged=True)
        assert len(rows) == 4 and all(r["outlets"] == 1 for r in rows)


def test_same_wording():
    assert same_wording("„Wir werden die Bürger spürbar entlasten“", "Wir werden die Bürger deutlich entlasten.")
    assert not same_wording("Wir werden die Bürger entlasten", "Wir werden die Bürger belasten, nicht entlasten")
    assert not same_wording("Nein.", "Ja.")
    assert same_wording("Nein!", "„Nein.“")
