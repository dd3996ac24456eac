"""Syndicated copies: found on ingest through the stored LSH bands, linked to the earliest report."""

import json

import pytest

from chronik.analyse.dateline import read_credits
from chronik.batch import Batch
from chronik.record import Record, Span
from chronik.store import Store
from chronik.stories import copies

# An agency report written for this test, as three paragraphs.
P1 = (
    "Die Landesregierung hat am Dienstag ein Programm für den Ausbau der Radwege vorgestellt. In den kommenden "
    "fünf Jahren sollen rund 120 Millionen Euro in neue Strecken zwischen den Städten und ihrem Umland fließen."
)
P2 = (
    "Verkehrsministerin Petra Sommer sagte, das Netz sei bisher lückenhaft und an vielen Stellen gefährlich. "
    "Besonders auf dem Land fehlten sichere Verbindungen zu Schulen und Bahnhöfen, an denen Pendler umsteigen."
)
P3 = (
    "Die Opposition kritisierte das Vorhaben als zu zaghaft. Der Fraktionschef der Grünen erklärte, das Geld "
    "reiche nicht einmal für die dringendsten Lücken, und forderte einen verbindlichen Zeitplan für jede Region."
)
ORIGINAL = f"Hannover (dpa) – {P1}\n\n{P2}\n\n{P3}"
# A regional paper's copy: its own lead, the paragraphs reordered, the last one cut, another credit.
COPY = (
    f"Radfahrer im ganzen Land dürfen hoffen: Es gibt mehr Geld für sichere Wege.\n\n{P2}\n\n{P1}\n\n"
    "Quelle: Reuters"
)
# Same topic, same words here and there, but its own report.
OTHER = (
    "Hannover – Der Fahrradclub hat die Pläne der Landesregierung für neue Radwege begrüßt, aber mehr Tempo "
    "verlangt. Viele Gemeinden warteten seit Jahren auf eine Verbindung zum nächsten Bahnhof, sagte der "
    "Landesvorsitzende am Mittwoch. Der Club will im Herbst eine Karte der gefährlichsten Stellen veröffentlichen "
    "und lädt Bürgerinnen und Bürger ein, Lücken im Netz zu melden. Die Verkehrsministerin soll die Karte erhalten."
)


def rec(rid, text, date, source):
    credits = read_credits(text)
    spans = [Span(start=s, end=e, text=text[s:e]) for s, e in credits.spans]
    return Record(id=rid, text=text, date=date, source=source, place=credits.place, agency=credits.agency, credits=spans)


@pytest.fixture
def kb(kb_db):
    with Store(kb_db) as store:
        yield store


def test_copy_found_and_linked_to_earliest(kb):
    kb.add(rec("regional", COPY, "2024-05-08", "Regionalblatt"))
    kb.add(rec("other", OTHER, "2024-05-08", "Fahrradzeitung"))
    assert copies.copy_info(kb.conn, "regional")["copy_of"] is None
    # the agency report arrives later but is dated earlier: it becomes the original
    kb.add(rec("agency", ORIGINAL, "2024-05-07", "dpa"))
    info = copies.copy_info(kb.conn, "regional")
    assert info["copy_of"] == "agency"
    assert {m["id"] for m in info["group"]} == {"agency", "regional"}
    assert copies.copy_info(kb.conn, "agency")["copy_of"] is None
    assert copies.copy_info(kb.conn, "other")["copy_of"] is None
    # each copy keeps its own outlet and date
    by_id = {m["id"]: m for m in info["group"]}
    assert by_id["regional"]["source"] == "Regionalblatt" and by_id["agency"]["date"] == "2024-05-07"
    assert copies.groups(kb.conn) == [{"original": "agency", "copies": ["regional"]}]


def test_third_copy_joins_and_delete_hands_on(kb):
    kb.add(rec("agency", ORIGINAL, "2024-05-07", "dpa"))
    kb.add(rec("regional", COPY, "2024-05-08", "Regionalblatt"))
    kb.add(rec("portal", f"Wien – {P1}\n\n{P3}", "2024-05-09", "Portal"))
    assert copies.copy_info(kb.conn, "portal")["copy_of"] == "agency"
    kb.delete("agency")
    assert copies.copy_info(kb.conn, "portal")["copy_of"] == "regional"
    assert copies.copy_info(kb.conn, "regional")["copy_of"] is None


def test_candidates_come_from_stored_bands_not_a_rescan(kb):
    kb.add(rec("agency", ORIGINAL, "2024-05-07", "dpa"))
    n_bands = len(copies._lsh_ranges())
    assert kb.conn.execute("SELECT count(*) FROM story_bands").fetchone()[0] == n_bands
    # without the band rows the copy is not found: matching goes through the index
    with kb.conn:
        kb.conn.execute("DELETE FROM story_bands")
    kb.add(rec("regional", COPY, "2024-05-08", "Regionalblatt"))
    assert copies.copy_info(kb.conn, "regional")["copy_of"] is None


def test_estimates_follow_the_overlap():
    a, b = copies.shingles(ORIGINAL), copies.shingles(COPY)
    true_c = len(a & b) / min(len(a), len(b))
    j, c = copies.estimate(copies.signature(a), len(a), copies.signature(b), len(b))
    assert abs(c - true_c) < 0.15 and 0 < j < 1
    assert copies.words("Straße GRÜN, grün.") == ["strasse", "gruen", "gruen"]


def test_old_database_gets_indexed_on_open(tmp_path):
    from test_kb import rewind

    path = tmp_path / "old.db"
    with Store(path) as store:
        store.add(rec("agency", ORIGINAL, "2024-05-07", "dpa"))
        store.add(rec("regional", COPY, "2024-05-08", "Regionalblatt"))
    rewind(path, 4)  # pretend it predates copy detection (migration 5)
    with Store(path) as store:
        assert copies.copy_info(store.conn, "regional")["copy_of"] == "agency"


def test_batch_ingest_links_copies(tmp_path):
    inputs = tmp_path / "news.jsonl"
    rows = [
        {"id": "agency", "text": ORIGINAL, "date": "2024-05-07", "source": "dpa", "title": "Radwege"},
        {"id": "regional", "text": COPY, "date": "2024-05-08", "source": "Regionalblatt", "title": "Mehr Geld"},
        {"id": "other", "text": OTHER, "date": "2024-05-08", "source": "Fahrradzeitung"},
    ]
    inputs.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    from chronik.analyse import Analyzer

    with Store(tmp_path / "kb.db") as store:
        Batch(Analyzer("rules")).ingest([inputs], store)
        assert copies.copy_info(store.conn, "regional")["copy_of"] == "agency"
        assert copies.copy_info(store.conn, "other")["copy_of"] is None
        assert store.get("agency").agency == "dpa" and store.get("agency").place == "Hannover"

