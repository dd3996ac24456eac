"""Schema migrations for the SQLite knowledge base.

Each entry in ``MIGRATIONS`` moves the schema one version up; ``PRAGMA
user_version`` records where a file stands, so opening an older file upgrades it
in place and a newer one is refused rather than misread.
"""

from __future__ import annotations

import sqlite3

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
    # 3: pledges get strength, confidence, status and speaker; KB pledges across articles with a timeline
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
