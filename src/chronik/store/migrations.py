"""Schema migrations for the SQLite knowledge base.

Each entry in ``MIGRATIONS`` moves the schema one version up; ``PRAGMA
user_version`` records where a file stands, so opening an older file upgrades it
in place and a newer one is refused rather than misread.
"""

from __future__ import annotations

import sqlite3

# The version whose migration added copy detection: older files are indexed when opened.
COPIES_VERSION = 5
# The version whose migration added KB pledges: older files have their pledges linked when opened.
PLEDGES_VERSION = 6

MIGRATIONS: list[str] = [
    # 1: articles, their statements, entities, times and pledges; FTS5 over text and statements
    """
    CREATE TABLE articles (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL,
        title TEXT, date TEXT, url TEXT, source TEXT, lang TEXT, genre TEXT,
        text TEXT NOT NULL,
        record TEXT NOT NULL,
        source_file TEXT, ingested_at TEXT NOT NULL, chronik_version TEXT, models TEXT
    );
    CREATE INDEX articles_date ON articles(date);
    CREATE TABLE statements (
        rowid INTEGER PRIMARY KEY,
        article INTEGER NOT NULL REFERENCES articles(rowid),
        quote_id TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL,
        speaker TEXT, speaker_mention TEXT, speaker_entity TEXT, cue TEXT,
        date TEXT, date_source TEXT, start INTEGER, end INTEGER
    );
    CREATE INDEX statements_article ON statements(article);
    CREATE INDEX statements_speaker ON statements(speaker, date);
    CREATE INDEX statements_date ON statements(date);
    CREATE TABLE entities (
        rowid INTEGER PRIMARY KEY,
        article INTEGER NOT NULL REFERENCES articles(rowid),
        local_id TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, qid TEXT, mentions INTEGER
    );
    CREATE INDEX entities_article ON entities(article);
    CREATE INDEX entities_name ON entities(name, type);
    CREATE TABLE times (
        rowid INTEGER PRIMARY KEY,
        article INTEGER NOT NULL REFERENCES articles(rowid),
        start INTEGER, end INTEGER, text TEXT, type TEXT, value TEXT, mod TEXT, role TEXT
    );
    CREATE INDEX times_article ON times(article);
    CREATE TABLE pledges (
        rowid INTEGER PRIMARY KEY,
        article INTEGER NOT NULL REFERENCES articles(rowid),
        pledge_id TEXT, actor TEXT, actor_entity TEXT, target TEXT, deadline TEXT, evidence TEXT
    );
    CREATE INDEX pledges_article ON pledges(article);
    CREATE INDEX pledges_deadline ON pledges(deadline);

    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    END;
    CREATE VIRTUAL TABLE statements_fts USING fts5(
        text, speaker, content='statements', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER statements_ai AFTER INSERT ON statements BEGIN
        INSERT INTO statements_fts(rowid, text, speaker) VALUES (new.rowid, new.text, new.speaker);
    END;
    CREATE TRIGGER statements_ad AFTER DELETE ON statements BEGIN
        INSERT INTO statements_fts(statements_fts, rowid, text, speaker) VALUES ('delete', old.rowid, old.text, old.speaker);
    END;
    """,
    # 2: the cross-article knowledge base (see chronik.store.kb and docs/kb.md)
    """
    CREATE TABLE kb_entities (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL, type TEXT NOT NULL, qid TEXT,
        origin TEXT NOT NULL DEFAULT 'auto', articles INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX kb_entities_qid ON kb_entities(qid);
    CREATE INDEX kb_entities_type_name ON kb_entities(type, name);
    CREATE TABLE kb_names (
        entity TEXT NOT NULL REFERENCES kb_entities(id),
        norm TEXT NOT NULL, name TEXT NOT NULL, surname TEXT, match INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (entity, norm)
    ) WITHOUT ROWID;
    CREATE INDEX kb_names_norm ON kb_names(norm, entity);
    CREATE INDEX kb_names_surname ON kb_names(surname, entity);
    CREATE TABLE kb_roles (
        entity TEXT NOT NULL REFERENCES kb_entities(id),
        article INTEGER NOT NULL REFERENCES articles(rowid),
        role TEXT NOT NULL, date TEXT, start INTEGER, end INTEGER, text TEXT
    );
    CREATE INDEX kb_roles_entity ON kb_roles(entity, date);
    CREATE INDEX kb_roles_article ON kb_roles(article);
    CREATE TABLE kb_redirects (old TEXT PRIMARY KEY, new TEXT NOT NULL);
    CREATE TABLE kb_decisions (
        rowid INTEGER PRIMARY KEY,
        action TEXT NOT NULL, type TEXT NOT NULL, norm TEXT NOT NULL, article TEXT,
        entity TEXT NOT NULL, made_at TEXT NOT NULL
    );
    CREATE INDEX kb_decisions_key ON kb_decisions(norm, type, article);
    ALTER TABLE entities ADD COLUMN kb TEXT;
    CREATE INDEX entities_kb ON entities(kb, article);
    ALTER TABLE statements ADD COLUMN speaker_kb TEXT;
    CREATE INDEX statements_speaker_kb ON statements(speaker_kb, date);
    CREATE INDEX statements_kind ON statements(kind, date);
    ALTER TABLE pledges ADD COLUMN actor_kb TEXT;
    CREATE INDEX pledges_actor_kb ON pledges(actor_kb, deadline);
    """,
    # 3: entity confidence; same-name same-type duplicates merged (docs/kb.md). Two entities of
    # one type whose canonical names match (case-folded, as kb_names keeps them) become one,
    # unless a user split one off or their Wikidata QIDs differ; the kept one is the automatic
    # entity in most articles, the others leave redirects.
    """
    ALTER TABLE kb_entities ADD COLUMN confidence REAL;
    CREATE TEMP TABLE _canon AS
        SELECT k.id, k.type, k.qid, k.origin, k.articles, n.norm FROM kb_entities k
        JOIN kb_names n ON n.entity = k.id AND n.name = k.name WHERE k.origin != 'split';
    CREATE TEMP TABLE _dups AS
        SELECT c.id AS old, (
            SELECT c2.id FROM _canon c2 WHERE c2.type = c.type AND c2.norm = c.norm
            ORDER BY c2.origin = 'auto' DESC, c2.articles DESC, c2.id LIMIT 1
        ) AS new FROM _canon c
        WHERE (c.type, c.norm) IN (
            SELECT type, norm FROM _canon GROUP BY type, norm HAVING count(*) > 1 AND count(DISTINCT qid) <= 1
        );
    DELETE FROM _dups WHERE old = new;
    UPDATE entities SET kb = (SELECT new FROM _dups WHERE old = kb) WHERE kb IN (SELECT old FROM _dups);
    UPDATE statements SET speaker_kb = (SELECT new FROM _dups WHERE old = speaker_kb)
        WHERE speaker_kb IN (SELECT old FROM _dups);
    UPDATE pledges SET actor_kb = (SELECT new FROM _dups WHERE old = actor_kb) WHERE actor_kb IN (SELECT old FROM _dups);
    UPDATE kb_roles SET entity = (SELECT new FROM _dups WHERE old = entity) WHERE entity IN (SELECT old FROM _dups);
    UPDATE kb_decisions SET entity = (SELECT new FROM _dups WHERE old = entity) WHERE entity IN (SELECT old FROM _dups);
    INSERT OR IGNORE INTO kb_names (entity, norm, name, surname, match)
        SELECT d.new, n.norm, n.name, n.surname, n.match FROM kb_names n JOIN _dups d ON d.old = n.entity;
    DELETE FROM kb_names WHERE entity IN (SELECT old FROM _dups);
    UPDATE kb_redirects SET new = (SELECT new FROM _dups WHERE old = kb_redirects.new)
        WHERE new IN (SELECT old FROM _dups);
    INSERT OR REPLACE INTO kb_redirects (old, new) SELECT old, new FROM _dups;
    UPDATE kb_entities SET qid = coalesce(qid, (
        SELECT max(k.qid) FROM _dups d JOIN kb_entities k ON k.id = d.old WHERE d.new = kb_entities.id
    )) WHERE id IN (SELECT new FROM _dups);
    DELETE FROM kb_entities WHERE id IN (SELECT old FROM _dups);
    UPDATE kb_entities SET articles = (SELECT count(DISTINCT article) FROM entities WHERE kb = kb_entities.id)
        WHERE id IN (SELECT new FROM _dups);
    DROP TABLE _dups;
    DROP TABLE _canon;
    """,
    # 4: a statement's calibrated confidence (record.Quote.confidence; NULL for older records)
    """
    ALTER TABLE statements ADD COLUMN confidence REAL;
    """,
    # 5: syndicated copies (MinHash signatures, LSH band keys, copy → original), stories, and one statement
    # with all its sources (statements.same_as → the first report); see chronik.stories, docs/stories.md
    """
    CREATE TABLE story_minhash (
        article INTEGER PRIMARY KEY REFERENCES articles(rowid),
        shingles INTEGER NOT NULL, signature BLOB NOT NULL
    );
    CREATE TABLE story_bands (
        key INTEGER NOT NULL, article INTEGER NOT NULL REFERENCES articles(rowid),
        PRIMARY KEY (key, article)
    ) WITHOUT ROWID;
    CREATE INDEX story_bands_article ON story_bands(article);
    CREATE TABLE story_copies (
        article INTEGER PRIMARY KEY REFERENCES articles(rowid),
        original INTEGER NOT NULL REFERENCES articles(rowid),
        containment REAL
    );
    CREATE INDEX story_copies_original ON story_copies(original);
    CREATE TABLE story_members (
        article INTEGER PRIMARY KEY REFERENCES articles(rowid),
        story INTEGER NOT NULL
    );
    CREATE INDEX story_members_story ON story_members(story);
    ALTER TABLE statements ADD COLUMN same_as INTEGER;
    CREATE INDEX statements_same_as ON statements(same_as);
    """,
    # 6: pledges get strength, confidence, status and speaker; KB pledges across articles with a timeline
    # (see chronik.store.pledges and docs/pledges.md)
    """
    ALTER TABLE pledges ADD COLUMN strength TEXT;
    ALTER TABLE pledges ADD COLUMN confidence REAL;
    ALTER TABLE pledges ADD COLUMN status TEXT;
    ALTER TABLE pledges ADD COLUMN speaker TEXT;
    ALTER TABLE pledges ADD COLUMN kb_pledge TEXT;
    CREATE INDEX pledges_kb_pledge ON pledges(kb_pledge);
    CREATE TABLE kb_pledges (
        id TEXT PRIMARY KEY,
        actor_kb TEXT, actor TEXT NOT NULL, actor_name TEXT, target TEXT NOT NULL,
        strength TEXT, deadline TEXT, status TEXT NOT NULL DEFAULT 'made',
        sources INTEGER NOT NULL DEFAULT 0, first_date TEXT, last_date TEXT
    );
    CREATE INDEX kb_pledges_actor ON kb_pledges(actor_kb, deadline);
    CREATE INDEX kb_pledges_actor_name ON kb_pledges(actor, deadline);
    CREATE INDEX kb_pledges_deadline ON kb_pledges(deadline);
    CREATE TABLE kb_pledge_events (
        rowid INTEGER PRIMARY KEY,
        pledge TEXT NOT NULL REFERENCES kb_pledges(id),
        article INTEGER NOT NULL REFERENCES articles(rowid),
        kind TEXT NOT NULL, date TEXT, start INTEGER, end INTEGER, text TEXT, pledge_local TEXT
    );
    CREATE INDEX kb_pledge_events_pledge ON kb_pledge_events(pledge, date);
    CREATE INDEX kb_pledge_events_article ON kb_pledge_events(article);
    """,
    # 7: events (who did what to whom, where and when; record.Event, docs/events.md), actor/target/place
    # linked to KB entities; ``date`` is the event's own date, else the article's
    """
    CREATE TABLE events (
        rowid INTEGER PRIMARY KEY,
        article INTEGER NOT NULL REFERENCES articles(rowid),
        event_id TEXT NOT NULL, type TEXT NOT NULL, trigger TEXT,
        actor TEXT, actor_entity TEXT, actor_kb TEXT,
        target TEXT, target_entity TEXT, target_kb TEXT,
        place TEXT, place_kb TEXT, time TEXT, date TEXT,
        evidence TEXT, start INTEGER, end INTEGER, quote_id TEXT, confidence REAL
    );
    CREATE INDEX events_article ON events(article);
    CREATE INDEX events_type_date ON events(type, date);
    CREATE INDEX events_date ON events(date);
    CREATE INDEX events_actor_kb ON events(actor_kb, date);
    CREATE INDEX events_target_kb ON events(target_kb, date);
    """,
    # 8: later reports of a statement by their speaker (a small partial index: most statements are first
    # reports). A speaker's listing asks which first reports other articles attribute to them; without it
    # that read every statement of the speaker (40,000 for a frequent one) on every request (bench/load.py)
    """
    CREATE INDEX statements_reports_speaker ON statements(speaker_kb, same_as) WHERE same_as IS NOT NULL;
    """,
    # 9: an entity page's reads (bench/load.py): each role's evidence and dates from one index (the entity's
    # roles in date order read up to 1,000 rows for a frequent person); the entities of an article with
    # their KB ids from the index alone (co-mentions count 500 articles' entities: no row read for each)
    """
    CREATE INDEX kb_roles_entity_role ON kb_roles(entity, role, date, article);
    CREATE INDEX entities_article_kb ON entities(article, kb);
    DROP INDEX entities_article;
    """,
    # 10: PostgreSQL only (store/postgres_schema.py): statements' text alone as a tsvector with its own GIN
    # index, for "statements by others naming an entity" (the full-text column holds the speaker too, so
    # each match was rechecked by parsing its text again: 20-96 ms an entity page). SQLite's FTS5 already
    # restricts a phrase to the text column (``text : (…)``): nothing to change here.
    "",
    # 11: PostgreSQL only (store/postgres_schema.py): indexes in the order "newest first, undated last"
    # (``date DESC NULLS LAST``) and on the outlet. SQLite sorts NULL first, so its ascending date indexes
    # read backwards already give that order, and its word searches join the outlet by row id: nothing here.
    "",
]

SCHEMA_VERSION = len(MIGRATIONS)


class SchemaError(RuntimeError):
    pass


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database up to :data:`SCHEMA_VERSION`; return the version it had.

    The version is read inside a write transaction (BEGIN IMMEDIATE), so two processes
    opening a new file at once migrate it once: the second waits, then finds it done.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SchemaError(
                f"database schema version {version} is newer than this Chronik ({SCHEMA_VERSION}); upgrade Chronik"
            )
        for number in range(version, SCHEMA_VERSION):
            for statement in _statements(MIGRATIONS[number]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
    return version


def _statements(script: str) -> list[str]:
    """A migration script as single statements (executescript would commit the open transaction)."""
    out, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    if current.strip():
        out.append(current.strip())
    return [s for s in out if s.rstrip(";").strip()]
