"""Stories: articles about the same event, clustered incrementally over time.

A copy of a report joins its original's story. Any other dated article joins the story
of the stored article, dated within ``WINDOW_DAYS``, with which it shares the most
named people and organisations (KB entities), weighted by rarity (an entity in few
articles says more than "Berlin" or "SPD"): it needs ``MIN_SHARED`` shared PER/ORG
entities and a weighted overlap of at least ``MIN_OVERLAP`` of the smaller entity set.
Places and dates narrow the window; wording is compared through the copy step.
Stories are never merged through one article (as with copies), so a summary that
touches two events does not fuse them. Unmeasured: no gold story clusters are at hand
(see docs/stories.md), so the rules are conservative.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from typing import Any

WINDOW_DAYS = 3
MIN_SHARED = 2
MIN_OVERLAP = 0.5
MAX_ARTICLES = 2000  # entities in more articles than this do not fetch candidates


def _day(date: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((date or "")[:10])
    except ValueError:
        return None


def assign(conn: sqlite3.Connection, rowid: int) -> int | None:
    """Put a just-stored article into a story (after its copies are linked); returns the story id."""
    # a copy goes where its report is: the story of any article of its copy group, else a new
    # story of the group (one report with its copies is a story already)
    group = conn.execute(
        "SELECT coalesce((SELECT original FROM story_copies WHERE article = ?), ?)", (rowid, rowid)
    ).fetchone()[0]
    members = [group, *(r[0] for r in conn.execute("SELECT article FROM story_copies WHERE original = ?", (group,)))]
    marks = ",".join("?" * len(members))
    row = conn.execute(
        f"SELECT story FROM story_members WHERE article IN ({marks}) AND article != ? LIMIT 1", (*members, rowid)
    ).fetchone()
    story = row[0] if row else (group if len(members) > 1 else _best_story(conn, rowid))
    if story is None:
        return None
    conn.execute("INSERT OR IGNORE INTO story_members (article, story) VALUES (?, ?)", (story, story))
    conn.execute("INSERT OR REPLACE INTO story_members (article, story) VALUES (?, ?)", (rowid, story))
    for member in members:
        conn.execute("INSERT OR IGNORE INTO story_members (article, story) VALUES (?, ?)", (member, story))
    return story


def _best_story(conn: sqlite3.Connection, rowid: int) -> int | None:
    row = conn.execute("SELECT date FROM articles WHERE rowid = ?", (rowid,)).fetchone()
    day = _day(row[0] if row else None)
    if day is None:
        return None
    # the last rowid, not count(*): count(*) walks a whole index, once per stored article; after
    # deletions this overestimates the store a little, which barely moves log-scaled weights
    total = max(1, conn.execute("SELECT max(rowid) FROM articles").fetchone()[0] or 1)
    mine = _weights(conn, rowid, total)
    if len(mine) < MIN_SHARED:
        return None
    lo, hi = (day - dt.timedelta(days=WINDOW_DAYS)).isoformat(), (day + dt.timedelta(days=WINDOW_DAYS + 1)).isoformat()
    # candidates come through the rarer entities only (bounded work per article); the overlap
    # below still weighs all of them
    probe = [kb for kb, n in _counts(conn, rowid).items() if n <= MAX_ARTICLES] or list(mine)
    marks = ",".join("?" * len(probe))
    shared: dict[int, set[str]] = {}
    for article, kb in conn.execute(
        f"SELECT DISTINCT e.article, e.kb FROM entities e JOIN articles a ON a.rowid = e.article"
        f" WHERE e.kb IN ({marks}) AND e.article != ? AND a.date >= ? AND a.date < ?",
        (*probe, rowid, lo, hi),
    ):
        shared.setdefault(article, set()).add(kb)
    best, best_score = None, 0.0
    for article, kbs in shared.items():
        if len(kbs) < MIN_SHARED:
            continue
        theirs = _weights(conn, article, total)
        overlap = sum(mine[k] for k in kbs) / max(1e-9, min(sum(mine.values()), sum(theirs.values())))
        if overlap >= MIN_OVERLAP and overlap > best_score:
            best, best_score = article, overlap
    if best is None:
        return None
    row = conn.execute("SELECT story FROM story_members WHERE article = ?", (best,)).fetchone()
    return row[0] if row else best


def _counts(conn: sqlite3.Connection, rowid: int) -> dict[str, int]:
    return dict(conn.execute(
        "SELECT DISTINCT e.kb, k.articles FROM entities e JOIN kb_entities k ON k.id = e.kb"
        " WHERE e.article = ? AND e.type IN ('PER', 'ORG')",
        (rowid,),
    ).fetchall())


def _weights(conn: sqlite3.Connection, rowid: int, total: int) -> dict[str, float]:
    """The article's people and organisations (KB ids), each weighted by rarity (log inverse article count)."""
    return {
        kb: math.log(1 + total / max(1, n))
        for kb, n in conn.execute(
            "SELECT DISTINCT e.kb, k.articles FROM entities e JOIN kb_entities k ON k.id = e.kb"
            " WHERE e.article = ? AND e.type IN ('PER', 'ORG')",
            (rowid,),
        )
    }


def remove(conn: sqlite3.Connection, rowid: int) -> None:
    """Before an article goes: leave its story; a story named after it is renamed to its next article."""
    conn.execute("DELETE FROM story_members WHERE article = ?", (rowid,))
    rest = conn.execute(
        "SELECT m.article FROM story_members m JOIN articles a ON a.rowid = m.article WHERE m.story = ?"
        " ORDER BY a.date, a.rowid",
        (rowid,),
    ).fetchall()
    if len(rest) == 1:
        conn.execute("DELETE FROM story_members WHERE story = ?", (rowid,))
    elif rest:
        conn.execute("UPDATE story_members SET story = ? WHERE story = ?", (rest[0][0], rowid))


def rebuild(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM story_members")
    for (rowid,) in conn.execute("SELECT rowid FROM articles ORDER BY date, rowid").fetchall():
        assign(conn, rowid)


def _story_id(conn: sqlite3.Connection, story_rowid: int) -> str:
    return conn.execute("SELECT id FROM articles WHERE rowid = ?", (story_rowid,)).fetchone()[0]


def list_stories(conn: sqlite3.Connection, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Stories of two or more articles, latest first: id (its first article's id), title, dates, size."""
    rows = conn.execute(
        "SELECT m.story, count(*) AS articles, min(a.date) AS first, max(a.date) AS last,"
        " count(DISTINCT coalesce(a.source, a.id)) AS outlets FROM story_members m"
        " JOIN articles a ON a.rowid = m.article GROUP BY m.story HAVING count(*) > 1"
        " ORDER BY last DESC, m.story DESC LIMIT ? OFFSET ?",
        (limit, offset),
    ).fetchall()
    out = []
    for r in rows:
        head = conn.execute("SELECT id, title FROM articles WHERE rowid = ?", (r["story"],)).fetchone()
        out.append({"id": head["id"], "title": head["title"], "first": r["first"], "last": r["last"],
                    "articles": r["articles"], "outlets": r["outlets"]})
    return out


def story(conn: sqlite3.Connection, story_id: str) -> dict[str, Any] | None:
    """One story: its articles in time order (each with the report it copies), entities, statements."""
    row = conn.execute(
        "SELECT m.story FROM story_members m JOIN articles a ON a.rowid = m.article WHERE a.id = ?", (story_id,)
    ).fetchone()
    if row is None:
        return None
    sid = row[0]
    articles = [
        dict(r) for r in conn.execute(
            "SELECT a.id, a.title, a.date, a.source, a.url, o.id AS copy_of FROM story_members m"
            " JOIN articles a ON a.rowid = m.article LEFT JOIN story_copies c ON c.article = a.rowid"
            " LEFT JOIN articles o ON o.rowid = c.original WHERE m.story = ? ORDER BY a.date, a.rowid",
            (sid,),
        )
    ]
    entities = [
        dict(r) for r in conn.execute(
            "SELECT k.id, k.name, k.type, count(DISTINCT e.article) AS articles FROM story_members m"
            " JOIN entities e ON e.article = m.article JOIN kb_entities k ON k.id = e.kb WHERE m.story = ?"
            " GROUP BY k.id ORDER BY articles DESC, k.name LIMIT 30",
            (sid,),
        )
    ]
    return {"id": _story_id(conn, sid), "title": articles[0]["title"] if articles else None,
            "first": articles[0]["date"] if articles else None, "last": articles[-1]["date"] if articles else None,
            "articles": articles, "entities": entities}


def article_rowids(conn: sqlite3.Connection, story_id: str) -> list[str]:
    """The article ids of a story (for its statements)."""
    return [r[0] for r in conn.execute(
        "SELECT a.id FROM story_members m JOIN articles a ON a.rowid = m.article WHERE m.story ="
        " (SELECT m2.story FROM story_members m2 JOIN articles a2 ON a2.rowid = m2.article WHERE a2.id = ?)"
        " ORDER BY a.date, a.rowid",
        (story_id,),
    )]


def article_links(conn: sqlite3.Connection, article_id: str) -> dict[str, str | None]:
    """For one article: the report it copies (``copy_of``) and its story (``story``, only when the story
    holds other articles too); both None for an unknown article."""
    row = conn.execute(
        "SELECT o.id AS copy_of, s.id AS story, (SELECT count(*) FROM story_members m2 WHERE m2.story = m.story) AS n"
        " FROM articles a LEFT JOIN story_copies c ON c.article = a.rowid LEFT JOIN articles o ON o.rowid = c.original"
        " LEFT JOIN story_members m ON m.article = a.rowid LEFT JOIN articles s ON s.rowid = m.story WHERE a.id = ?",
        (article_id,),
    ).fetchone()
    if row is None:
        return {"copy_of": None, "story": None}
    return {"copy_of": row[0], "story": row[1] if row[2] and row[2] > 1 else None}
