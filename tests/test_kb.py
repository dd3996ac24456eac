"""The cross-article knowledge base: matching rules, merge/split decisions, indexes."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from chronik.record import Entity, Mention, Pledge, Quote, Record, Role, Span, Speaker
from chronik.store import Store
from chronik.store.kb import KBError, norm


def make_record(article_id: str, text: str, people: dict[str, tuple], date: str = "2020-02-14",
                quotes: list[tuple[str, str]] = ()) -> Record:
    """A record from hand-written text: people = {local id: (name, type, qid, aliases, roles)}.

    Each entity's first mention is the first occurrence of its name in the text;
    quotes = [(local speaker id, quoted words)].
    """
    entities = []
    for local, (name, etype, qid, aliases, roles) in people.items():
        start = text.index(name)
        entities.append(Entity(
            id=local, name=name, type=etype, qid=qid, aliases=list(aliases),
            mentions=[Mention(start=start, end=start + len(name), text=name)],
            roles=[Role(start=start, end=start + len(name), text=name, role=r) for r in roles],
        ))
    qs = []
    for n, (speaker, words) in enumerate(quotes, 1):
        start = text.index(words)
        who = next(e for e in entities if e.id == speaker)
        qs.append(Quote(
            id=f"q{n}", kind="direct", content=[Span(start=start, end=start + len(words), text=words)],
            speaker=Speaker(start=who.mentions[0].start, end=who.mentions[0].end, text=who.name, entity=speaker),
        ))
    return Record(id=article_id, text=text, date=dt.date.fromisoformat(date), entities=entities, quotes=qs)


AKK = ("Annegret Kramp-Karrenbauer", "PER", "Q57588", ["Kramp-Karrenbauer"], ["Verteidigungsministerin"])
ESPER = ("Mark Esper", "PER", None, ["Esper"], ["US-Verteidigungsminister"])


@pytest.fixture
def store(kb_db):
    with Store(kb_db) as s:
        yield s


def kb_of(store: Store, article: str, local: str) -> str:
    return store.links(article)[local]


def test_same_full_name_and_type_is_one_entity(store):
    store.add(make_record("a1", 'Mark Esper sagte: "Wir bleiben."', {"e1": ESPER}, quotes=[("e1", "Wir bleiben.")]))
    store.add(make_record("a2", "Mark Esper reiste nach Bagdad.", {"e1": ESPER}, date="2020-03-01"))
    assert kb_of(store, "a1", "e1") == kb_of(store, "a2", "e1")
    entity = store.entity(kb_of(store, "a1", "e1"))
    assert entity["name"] == "Mark Esper" and entity["type"] == "PER" and entity["articles"] == 2
    assert entity["id"].startswith("P-")
    assert "Esper" in entity["aliases"]
    assert [s["text"] for s in entity["statements"]] == ["Wir bleiben."]
    assert entity["roles"][0]["role"] == "US-Verteidigungsminister"
    assert (entity["roles"][0]["first"], entity["roles"][0]["last"]) == ("2020-02-14", "2020-03-01")


def _typed(name: str, etype: str, confidence: float | None = None) -> Entity:
    return Entity(id="e1", name=name, type=etype, confidence=confidence,
                  mentions=[Mention(start=0, end=len(name), text=name)])  # fmt: skip


def add_typed(store: Store, article: str, name: str, etype: str, confidence: float | None = None) -> str:
    store.add(Record(id=article, text=f"{name} gewann.", date=dt.date(2020, 2, 14),
                     entities=[_typed(name, etype, confidence)]))  # fmt: skip
    return kb_of(store, article, "e1")


def test_one_name_under_several_types_is_one_entity_typed_by_vote(store):
    """The model types "Sturm" differently from article to article: one KB entry, typed as most articles type it."""
    first = add_typed(store, "a1", "Sturm", "PER")
    assert store.entity(first)["type"] == "PER"
    assert add_typed(store, "a2", "Sturm", "ORG") == first
    assert store.entity(first)["type"] == "PER"  # a tie keeps the type (equal confidence)
    assert add_typed(store, "a3", "Sturm", "ORG") == first
    entity = store.entity(first)
    assert (entity["type"], entity["articles"], entity["id"]) == ("ORG", 3, first)  # the id never changes
    assert add_typed(store, "a4", "Sturm", "PER") == first and store.entity(first)["type"] == "ORG"
    kinds = store.conn.execute("SELECT count(*) FROM kb_entities WHERE articles > 0").fetchone()[0]
    assert kinds == 1


def test_type_tie_goes_to_the_more_confident_article(store):
    first = add_typed(store, "a1", "Ramazan Özcan", "LOC", 0.65)
    assert add_typed(store, "a2", "Ramazan Özcan", "PER", 0.95) == first
    assert store.entity(first)["type"] == "PER"
    other = add_typed(store, "a3", "Wien Energie", "ORG", 0.9)
    assert add_typed(store, "a4", "Wien Energie", "LOC", 0.6) == other
    assert store.entity(other)["type"] == "ORG"


def test_same_qid_joins_different_spellings(store):
    store.add(make_record("a1", "Annegret Kramp-Karrenbauer sprach.", {"e1": AKK}))
    store.add(make_record("a2", "AKK sprach.", {"e1": ("AKK", "PER", "Q57588", [], [])}))
    assert kb_of(store, "a1", "e1") == kb_of(store, "a2", "e1")


def test_different_qids_with_same_name_stay_apart(store):
    store.add(make_record("a1", "Peter Müller sprach.", {"e1": ("Peter Müller", "PER", "Q1", [], [])}))
    store.add(make_record("a2", "Peter Müller sang.", {"e1": ("Peter Müller", "PER", "Q2", [], [])}))
    assert kb_of(store, "a1", "e1") != kb_of(store, "a2", "e1")
    # a third article without a QID cannot tell which one: it is kept apart from both
    store.add(make_record("a3", "Peter Müller lachte.", {"e1": ("Peter Müller", "PER", None, [], [])}))
    assert kb_of(store, "a3", "e1") not in {kb_of(store, "a1", "e1"), kb_of(store, "a2", "e1")}
    # every further ambiguous use joins that one unresolved entity (no new entity per article)
    store.add(make_record("a4", "Peter Müller ging.", {"e1": ("Peter Müller", "PER", None, [], [])}))
    assert kb_of(store, "a4", "e1") == kb_of(store, "a3", "e1")


def test_surname_alone_joins_the_only_full_name(store):
    store.add(make_record("a1", "Mark Esper kam.", {"e1": ESPER}))
    store.add(make_record("a2", "Esper sagte nichts.", {"e1": ("Esper", "PER", None, [], [])}))
    assert kb_of(store, "a2", "e1") == kb_of(store, "a1", "e1")


def test_surname_alone_is_kept_apart_when_ambiguous(store):
    store.add(make_record("a1", "Mark Esper kam.", {"e1": ESPER}))
    store.add(make_record("a2", "Anna Esper kam.", {"e1": ("Anna Esper", "PER", None, ["Esper"], [])}))
    store.add(make_record("a3", "Esper sagte nichts.", {"e1": ("Esper", "PER", None, [], [])}))
    ids = {kb_of(store, a, "e1") for a in ("a1", "a2", "a3")}
    assert len(ids) == 3
    # and a one-word alias of one full name never becomes a key for the other
    assert store.entity(kb_of(store, "a3", "e1"))["name"] == "Esper"


def test_surname_does_not_join_an_organisation(store):
    store.add(make_record("a1", "Die Firma Mark Esper GmbH klagt.", {"e1": ("Mark Esper GmbH", "ORG", None, [], [])}))
    store.add(make_record("a2", "Esper sagte nichts.", {"e1": ("Esper", "PER", None, [], [])}))
    assert kb_of(store, "a1", "e1") != kb_of(store, "a2", "e1")


def test_ids_are_stable_across_delete_and_re_add(store):
    record = make_record("a1", "Mark Esper kam.", {"e1": ESPER})
    store.add(record)
    before = kb_of(store, "a1", "e1")
    assert store.delete("a1")
    assert store.entities("Esper") == []  # no article mentions it now
    store.add(record)
    assert kb_of(store, "a1", "e1") == before
    assert store.entity(before)["articles"] == 1


def test_merge_survives_re_ingestion(store):
    store.add(make_record("a1", 'Annegret Kramp-Karrenbauer sagte: "Ja."', {"e1": AKK[:2] + (None,) + AKK[3:]},
                          quotes=[("e1", "Ja.")]))
    store.add(make_record("a2", "AKK sprach in Berlin.", {"e1": ("AKK", "PER", None, [], [])}))
    keep, drop = kb_of(store, "a1", "e1"), kb_of(store, "a2", "e1")
    assert keep != drop
    assert store.merge(keep, drop) == keep
    assert kb_of(store, "a2", "e1") == keep
    assert store.entity(drop)["id"] == keep  # the old id redirects
    assert store.entity(drop)["redirected_from"] == drop
    # re-ingesting the article (changed text) re-applies the decision
    store.add(make_record("a2", "AKK sprach in Hamburg.", {"e1": ("AKK", "PER", None, [], [])}))
    assert kb_of(store, "a2", "e1") == keep
    store.add(make_record("a3", "AKK sprach in Kiel.", {"e1": ("AKK", "PER", None, [], [])}))
    assert kb_of(store, "a3", "e1") == keep
    assert store.entity(keep)["articles"] == 3
    assert [d["action"] for d in store.decisions()] == ["merge"] * len(store.decisions())


def test_merge_refuses_conflicting_qids_and_types(store):
    store.add(make_record("a1", "Peter Müller sprach.", {"e1": ("Peter Müller", "PER", "Q1", [], [])}))
    store.add(make_record("a2", "Peter Müller sang.", {"e1": ("Peter Müller", "PER", "Q2", [], [])}))
    store.add(make_record("a3", "Müller AG wuchs.", {"e1": ("Müller AG", "ORG", None, [], [])}))
    with pytest.raises(KBError, match="Q1"):
        store.merge(kb_of(store, "a1", "e1"), kb_of(store, "a2", "e1"))
    with pytest.raises(KBError, match="ORG"):
        store.merge(kb_of(store, "a1", "e1"), kb_of(store, "a3", "e1"))
    with pytest.raises(KBError, match="no entity"):
        store.merge(kb_of(store, "a1", "e1"), "P-nothere")


def test_split_survives_re_ingestion(store):
    text = 'Peter Müller sagte: "Hallo."'
    for n in (1, 2, 3):
        store.add(make_record(f"a{n}", text + f" ({n})", {"e1": ("Peter Müller", "PER", None, [], [])},
                              quotes=[("e1", "Hallo.")]))
    original = kb_of(store, "a1", "e1")
    assert {kb_of(store, a, "e1") for a in ("a2", "a3")} == {original}
    new = store.split(original, ["a3"])
    assert new != original and kb_of(store, "a3", "e1") == new
    assert [s["article"] for s in store.statements(speaker=new)] == ["a3"]
    # a1 and a2 report the same statement of the same speaker: one statement with two sources
    assert [s["sources"] for s in store.statements(speaker=original)] == [["a1", "a2"]]
    # re-adding a3 keeps it split; a new article with the name goes to the original
    store.add(make_record("a3", text + " (3, korrigiert)", {"e1": ("Peter Müller", "PER", None, [], [])}))
    assert kb_of(store, "a3", "e1") == new
    store.add(make_record("a4", text + " (4)", {"e1": ("Peter Müller", "PER", None, [], [])}))
    assert kb_of(store, "a4", "e1") == original
    with pytest.raises(KBError, match="nothing behind"):
        store.split(new, ["a3"])
    with pytest.raises(KBError, match="not mentioned"):
        store.split(original, ["nope"])


def test_statements_and_pledges_are_indexed_by_kb_entity(store):
    rec = make_record("a1", 'Mark Esper sagte: "Wir zahlen."', {"e1": ESPER}, quotes=[("e1", "Wir zahlen.")])
    rec.pledges.append(Pledge(
        id="p1", actor=rec.quotes[0].speaker, target=Span(start=19, end=29, text="Wir zahlen"),
        deadline="2024", evidence=Span(start=0, end=len(rec.text), text=rec.text), quote="q1",
    ))
    store.add(rec)
    kb_id = kb_of(store, "a1", "e1")
    assert store.statements(speaker=kb_id)[0]["speaker_kb"] == kb_id
    assert store.pledges(actor=kb_id)[0]["deadline"] == "2024"
    assert store.search("zahlen", speaker=kb_id)[0]["hit"] == "statement"
    assert [h["article"] for h in store.search("Esper", what="articles", entity=kb_id)] == ["a1"]
    if store.url:  # PostgreSQL plans by statistics (a seq scan of 1 row); the index must exist
        names = {r[0] for r in store.conn.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'statements'")}
        assert "statements_speaker_kb" in names
        return
    plan = " ".join(r[3] for r in store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM statements WHERE speaker_kb = ? ORDER BY date", (kb_id,)))
    assert "statements_speaker_kb" in plan


def test_co_mentions_and_entity_search(store):
    store.add(make_record("a1", "Mark Esper traf Annegret Kramp-Karrenbauer.", {"e1": ESPER, "e2": AKK}))
    akk = kb_of(store, "a1", "e2")
    entity = store.entity(akk)
    assert [c["name"] for c in entity["co_mentioned"]] == ["Mark Esper"]
    assert [e["id"] for e in store.entities("kramp")] == [akk]
    assert store.entities("%") == [] and store.entities("_") == []  # LIKE wildcards are literal


def test_add_many_commits_in_batches_and_keeps_add_semantics(store):
    records = [make_record(f"a{n}", f"Mark Esper kam am Tag {n}.", {"e1": ESPER}) for n in range(7)]
    assert store.add_many(records, batch_size=3) == {"added": 7, "updated": 0, "unchanged": 0}
    assert store.add_many(records[:2]) == {"added": 0, "updated": 0, "unchanged": 2}
    assert store.entity(kb_of(store, "a0", "e1"))["articles"] == 7


# What each migration added, so that a test can rewind a file to an older schema version.
UNDO = {
    11: "",  # PostgreSQL only (newest-first and outlet indexes)
    10: "",  # PostgreSQL only (statements.text_tsv)
    9: "DROP INDEX kb_roles_entity_role; DROP INDEX entities_article_kb; CREATE INDEX entities_article ON entities(article);",
    8: "DROP INDEX statements_reports_speaker;",
    7: "DROP TABLE events;",
    6: "DROP TABLE kb_pledge_events; DROP TABLE kb_pledges; DROP INDEX pledges_kb_pledge;"
    + "".join(f" ALTER TABLE pledges DROP COLUMN {c};" for c in ("strength", "confidence", "status", "speaker",
                                                                "kb_pledge")),
    5: "DROP TABLE story_bands; DROP TABLE story_minhash; DROP TABLE story_copies; DROP TABLE story_members;"
    " DROP INDEX statements_same_as; ALTER TABLE statements DROP COLUMN same_as;",
    4: "ALTER TABLE statements DROP COLUMN confidence;",
    3: "ALTER TABLE kb_entities DROP COLUMN confidence;",
    2: "DROP TABLE kb_entities; DROP TABLE kb_names; DROP TABLE kb_roles; DROP TABLE kb_redirects;"
    " DROP TABLE kb_decisions; DROP INDEX entities_kb; ALTER TABLE entities DROP COLUMN kb;"
    " DROP INDEX statements_speaker_kb; DROP INDEX statements_kind; ALTER TABLE statements DROP COLUMN speaker_kb;"
    " DROP INDEX pledges_actor_kb; ALTER TABLE pledges DROP COLUMN actor_kb;",
}


def rewind(path, version: int) -> None:
    """Turn the knowledge base at ``path`` back into a file of schema ``version``."""
    from chronik.store.migrations import MIGRATIONS

    assert sorted(UNDO) == list(range(2, len(MIGRATIONS) + 1)), "a new migration needs its UNDO entry"
    conn = sqlite3.connect(path)
    for v in sorted(UNDO, reverse=True):
        if v > version:
            conn.executescript(UNDO[v])
    conn.executescript(f"PRAGMA user_version = {version};")
    conn.close()


def test_upgrading_a_version_1_database_links_its_articles(tmp_path):
    from chronik.store.migrations import MIGRATIONS

    path = tmp_path / "old.db"
    with Store(path) as s:
        s.add(make_record("a1", "Mark Esper kam.", {"e1": ESPER}))
    rewind(path, 1)  # no KB tables, no kb columns, nothing later
    with Store(path) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert s.entities("esper")[0]["name"] == "Mark Esper"


def test_norm():
    assert norm("  Annegret   KRAMP-Karrenbauer ") == "annegret kramp-karrenbauer"


# -- one entry per entity (issue 11) -----------------------------------------------------------


def _rec(article_id: str, text: str, *ents: tuple) -> Record:
    """ents = (name, type, aliases, place, confidence); the mention is the name's first occurrence."""
    out = []
    for n, (name, etype, aliases, place, conf) in enumerate(ents, 1):
        start = text.index(name)
        out.append(Entity(id=f"e{n}", name=name, type=etype, aliases=list(aliases), place=place, confidence=conf,
                          mentions=[Mention(start=start, end=start + len(name), text=name)]))  # fmt: skip
    return Record(id=article_id, text=text, date=dt.date(2020, 2, 14), entities=out)


def _live(store: Store, name: str, etype: str) -> list[str]:
    rows = store.conn.execute("SELECT id FROM kb_entities WHERE name = ? AND type = ? AND articles > 0", (name, etype))
    return [r[0] for r in rows]


def test_a_name_another_entity_holds_as_alias_opens_no_second_entry(store):
    store.add(_rec("a1", "In Rom regnet es.", ("Rom", "LOC", [], None, 0.9)))
    # an article that (wrongly) clustered the city with the people: "Roma" now also holds "Rom"
    store.add(_rec("a2", "Sinti und Roma in Rom.", ("Roma", "LOC", ["Rom"], None, 0.9)))
    store.add(_rec("a3", "Der Papst in Rom.", ("Rom", "LOC", [], None, 0.9)))
    store.add(_rec("a4", "Wieder Rom.", ("Rom", "LOC", [], None, 0.9)))
    assert kb_of(store, "a3", "e1") == kb_of(store, "a1", "e1") == kb_of(store, "a4", "e1")
    assert len(_live(store, "Rom", "LOC")) == 1


def test_the_same_place_is_one_entry_whatever_it_is_called(store):
    store.add(_rec("a1", "Peking meldet Regen.", ("Peking", "LOC", [], "Beijing, China", 0.9)))
    store.add(_rec("a2", "Beijing meldet Sonne.", ("Beijing", "LOC", [], "Beijing, China", 0.9)))
    assert kb_of(store, "a1", "e1") == kb_of(store, "a2", "e1")
    assert "geo:" not in " ".join(store.entity(kb_of(store, "a1", "e1"))["aliases"])


def test_acronym_introduced_with_its_full_name_joins_it_across_articles(store):
    diw = "Deutsches Institut für Wirtschaftsforschung"
    store.add(_rec("a1", "Das DIW rechnet mit Wachstum.", ("DIW", "ORG", [], None, 0.6)))
    store.add(_rec("a2", f"Das {diw} (DIW) warnt.", (diw, "ORG", ["DIW"], None, 0.95)))
    store.add(_rec("a3", "Das DIW bleibt dabei.", ("DIW", "ORG", [], None, 0.6)))
    full = kb_of(store, "a2", "e1")
    assert kb_of(store, "a3", "e1") == full
    assert store.entity(kb_of(store, "a1", "e1"))["id"] == full  # the earlier entry redirects
    assert _live(store, "DIW", "ORG") == [] and store.entity(full)["articles"] == 3


def test_a_short_form_without_evidence_stays_apart(store):
    store.add(_rec("a1", "Die Deutsche Bahn erhöht die Preise.", ("Deutsche Bahn", "ORG", [], None, 0.9)))
    store.add(_rec("a2", "Die Bahn in Indien wächst.", ("Bahn", "ORG", [], None, 0.6)))
    assert kb_of(store, "a1", "e1") != kb_of(store, "a2", "e1")


def test_a_persons_genitive_joins_the_name(store):
    store.add(_rec("a1", "Marshall McLuhan schrieb.", ("Marshall McLuhan", "PER", [], None, 0.9)))
    store.add(_rec("a2", "Marshall McLuhans Buch.", ("Marshall McLuhans", "PER", [], None, 0.9)))
    assert kb_of(store, "a1", "e1") == kb_of(store, "a2", "e1")


def test_entities_below_the_confidence_threshold_are_listed_on_request(store):
    store.add(_rec("a1", "Zorkel kam. Acme Holding zahlt.", ("Zorkel", "ORG", [], None, 0.5),
                   ("Acme Holding", "ORG", [], None, 0.8)))  # fmt: skip
    assert [e["name"] for e in store.entities()] == ["Acme Holding"]
    assert {e["name"] for e in store.entities(min_confidence=0)} == {"Zorkel", "Acme Holding"}
    store.add(_rec("a2", "Zorkel und Zorkel.", ("Zorkel", "ORG", [], None, 0.7)))  # better evidence later
    assert {e["name"] for e in store.entities()} == {"Zorkel", "Acme Holding"}
    assert store.entity(kb_of(store, "a1", "e1"))["confidence"] == 0.7


def test_migration_3_merges_same_name_same_type_duplicates(tmp_path):
    from chronik.store import kb as kbmod
    from chronik.store.migrations import MIGRATIONS

    path = tmp_path / "v2.db"
    with Store(path) as s:
        s.add(_rec("a1", "Wien feiert.", ("Wien", "LOC", [], None, 0.9)))
        s.add(make_record("a2", "Peter Müller kam.", {"e1": ("Peter Müller", "PER", "Q1", [], [])}))
        s.add(make_record("a3", "Peter Müller ging.", {"e1": ("Peter Müller", "PER", "Q2", [], [])}))
        # a duplicate as the old linker made them: a second "Wien", linked to a third article
        s.add(_rec("a4", "Wien wächst.", ("Wien", "LOC", [], None, 0.9)))
        dup = kbmod.create(s.conn, "LOC", "Wien", salt="|old")
        kbmod._add_names(s.conn, dup, "LOC", ["Wien"])
        s.conn.execute("UPDATE entities SET kb = ? WHERE article = (SELECT rowid FROM articles WHERE id = 'a4')", (dup,))
        kbmod._recount(s.conn, [dup, kb_of(s, "a1", "e1")])
        s.conn.commit()
        assert len(_live(s, "Wien", "LOC")) == 2
    rewind(path, 2)  # before migration 3 (same-name duplicates merged)
    with Store(path) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        (wien,) = _live(s, "Wien", "LOC")
        assert kb_of(s, "a1", "e1") == kb_of(s, "a4", "e1") == wien
        assert s.entity(dup)["id"] == wien and s.entity(wien)["articles"] == 2
        assert len(_live(s, "Peter Müller", "PER")) == 2  # different QIDs: two people


def test_a_club_named_by_its_city_stays_apart_from_the_place(store):
    store.add(_rec("a1", "In Ingolstadt regnet es.", ("Ingolstadt", "LOC", [], "Ingolstadt, Germany", 0.8)))
    store.add(_rec("a2", "Der Sieg gegen Ingolstadt.", ("Ingolstadt", "ORG", [], None, 0.7)))
    store.add(_rec("a3", "Augsburg gelang ein 1:0.", ("Augsburg", "ORG", [], None, 0.7)))
    store.add(_rec("a4", "Wieder Regen in Augsburg.", ("Augsburg", "LOC", [], "Augsburg, Germany", 0.8)))
    for name in ("Ingolstadt", "Augsburg"):
        assert len(_live(store, name, "LOC")) == len(_live(store, name, "ORG")) == 1
    assert kb_of(store, "a1", "e1") != kb_of(store, "a2", "e1") and kb_of(store, "a3", "e1") != kb_of(store, "a4", "e1")


def test_confidence_comes_from_the_articles_of_the_voted_type(store):
    store.add(_rec("a1", "Der Streamingdienst Spotify wächst.", ("Spotify", "ORG", [], None, 0.7)))
    store.add(_rec("a2", "Spotify sagte nichts.", ("Spotify", "PER", [], None, 0.5)))
    store.add(_rec("a3", "Spotify meinte das.", ("Spotify", "PER", [], None, 0.4)))
    (entity,) = store.entities("spotify", min_confidence=0)
    assert entity["type"] == "PER" and entity["confidence"] == 0.5  # the ORG article's 0.7 does not lift a person
    assert store.entities("spotify") == []
    store.add(_rec("a4", "Spotify wuchs.", ("Spotify", "ORG", [], None, 0.6)))
    store.add(_rec("a5", "Spotify wächst.", ("Spotify", "ORG", [], None, 0.6)))  # the vote turns: ORG, 0.7 counts again
    (entity,) = store.entities("spotify")
    assert entity["type"] == "ORG" and entity["confidence"] == 0.7


@pytest.mark.parametrize(("holder", "name", "etype"), [
    ("Vienna Insurance Group", "Wien", "LOC"), ("Beijing Guoan", "Peking", "LOC"), ("Vereinigte Staaten", "USA", "LOC"),
    ("Bundesrepublik", "Deutschland", "LOC"), ("Europäische Union", "EU", "ORG"), ("Vereinte Nationen", "Uno", "ORG"),
    ("Internationaler Währungsfonds", "IWF", "ORG"),
])  # fmt: skip
def test_issue_a_name_held_as_an_alias_by_another_entity_is_still_one_entry(store, holder, name, etype):
    """Issue 11: "Wien" (230 articles) and "Wien" (40), also USA, Deutschland, EU, Uno, IWF, Peking."""
    store.add(_rec("a1", f"{name} meldet etwas.", (name, etype, [], None, 0.9)))
    store.add(_rec("a2", f"Die {holder} und {name}.", (holder, etype, [name], None, 0.9)))  # a wrong alias
    store.add(_rec("a3", f"Wieder {name}.", (name, etype, [], None, 0.9)))
    store.add(_rec("a4", f"Noch einmal {name}.", (name, etype, [], None, 0.9)))
    assert kb_of(store, "a1", "e1") == kb_of(store, "a3", "e1") == kb_of(store, "a4", "e1")
    # one entry: the name's own, or the full name an acronym was introduced with (USA, EU, IWF join it)
    assert len(_live(store, name, etype)) <= 1
    assert store.entity(kb_of(store, "a1", "e1"))["articles"] >= 3
