"""One statement, all its sources: the same words of the same speaker reported by several articles.

When an article is stored, each of its statements is compared with the statements of
the same speaker (same KB entity; or, unlinked, the same speaker name) dated within
``WINDOW_DAYS`` in other articles (undated statements are left alone). Wording counts
as the same when the normalised word sequences agree (difflib ratio ≥ ``SAME_WORDING``; short statements must match
exactly, and negations must agree). The earliest report stays the statement (``statements.same_as`` is NULL);
the others point to it and are its further sources, each with its article, outlet,
date and wording.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from difflib import SequenceMatcher
from typing import Any

from .copies import words

SAME_WORDING = 0.8  # difflib ratio over normalised words
MIN_WORDS = 4  # below this, only identical wording merges
WINDOW_DAYS = 7  # the same statement is reported within a week
_NEGATION = {"nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals", "nichts", "weder"}


def same_wording(a: str, b: str) -> bool:
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return False
    if min(len(wa), len(wb)) < MIN_WORDS:
        return wa == wb
    if _NEGATION & set(wa) != _NEGATION & set(wb):
        return False  # one word can turn the claim round; similar letters do not make it the same
    return SequenceMatcher(None, wa, wb, autojunk=False).ratio() >= SAME_WORDING


def _window(date: str | None) -> tuple[str, str] | None:
    try:
        day = dt.date.fromisoformat((date or "")[:10])
    except ValueError:
        return None
    step = dt.timedelta(days=WINDOW_DAYS)
    return (day - step).isoformat(), (day + step + dt.timedelta(days=1)).isoformat()


def link_statements(conn: sqlite3.Connection, article: int, only: set[int] | None = None) -> int:
    """Point each statement of a just-stored article to the earlier report of it; returns how many.

    ``only`` limits it to these statement rowids (relinking after a KB merge or split).
    """
    linked = 0
    rows = conn.execute(
        "SELECT s.rowid, s.speaker, s.speaker_kb, s.text, s.date, a.date FROM statements s"
        " JOIN articles a ON a.rowid = s.article WHERE s.article = ? ORDER BY s.start",
        (article,),
    ).fetchall()
    for sid, speaker, speaker_kb, text, date, published in rows:
        if only is not None and sid not in only:
            continue
        window = _window(date)
        if not (speaker_kb or speaker) or window is None:
            continue  # no speaker or no date: no claim that two reports carry the same statement
        sql = (
            "SELECT s.rowid, s.text, a.date FROM statements s JOIN articles a ON a.rowid = s.article"
            " WHERE s.article != ? AND s.same_as IS NULL"
        )
        args: list[Any] = [article]
        if speaker_kb:
            sql += " AND s.speaker_kb = ?"
            args.append(speaker_kb)
        else:
            sql += " AND s.speaker_kb IS NULL AND s.speaker = ?"
            args.append(speaker)
        # comparable as text, so the (speaker_kb, date) index serves it
        sql += " AND s.date >= ? AND s.date < ?"
        args += window
        for other, other_text, other_published in conn.execute(sql, args).fetchall():
            if same_wording(text, other_text):
                _point(conn, sid, published, other, other_published)
                linked += 1
                break
    return linked


def _point(conn, sid: int, published: str | None, other: int, other_published: str | None) -> None:
    """Make the earlier report the statement, the later one (and its followers) its sources.

    Earlier: by article date (undated last), then by arrival."""
    if (published or "9999", sid) < (other_published or "9999", other):
        conn.execute("UPDATE statements SET same_as = ? WHERE same_as = ?", (sid, other))
        conn.execute("UPDATE statements SET same_as = ? WHERE rowid = ?", (sid, other))
    else:
        conn.execute("UPDATE statements SET same_as = ? WHERE rowid = ?", (other, sid))


def unlink_article(conn: sqlite3.Connection, article: int) -> None:
    """Before an article's statements go: each statement others point to hands on to its earliest source."""
    heads = [r[0] for r in conn.execute(
        "SELECT DISTINCT s.rowid FROM statements s JOIN statements d ON d.same_as = s.rowid WHERE s.article = ?",
        (article,),
    )]
    for head in heads:
        heir = conn.execute(
            "SELECT s.rowid FROM statements s JOIN articles a ON a.rowid = s.article"
            " WHERE s.same_as = ? AND s.article != ? ORDER BY a.date, s.rowid LIMIT 1",
            (head, article),
        ).fetchone()
        if heir is None:
            continue
        conn.execute("UPDATE statements SET same_as = NULL WHERE rowid = ?", (heir[0],))
        conn.execute("UPDATE statements SET same_as = ? WHERE same_as = ? AND rowid != ?", (heir[0], head, heir[0]))


def relink_speakers(conn: sqlite3.Connection, entities: list[str]) -> None:
    """After a KB merge or split: the statements of these speakers are matched again."""
    marks = ",".join("?" * len(entities))
    mine = f"SELECT rowid FROM statements WHERE speaker_kb IN ({marks})"
    affected = conn.execute(
        f"SELECT s.rowid, s.article FROM statements s JOIN articles a ON a.rowid = s.article"
        f" WHERE s.rowid IN ({mine}) OR s.same_as IN ({mine}) ORDER BY a.date, s.rowid",
        (*entities, *entities),
    ).fetchall()
    if not affected:
        return
    sids = {r[0] for r in affected}
    conn.execute(f"UPDATE statements SET same_as = NULL WHERE rowid IN ({','.join('?' * len(sids))})", list(sids))
    for article in dict.fromkeys(r[1] for r in affected):
        link_statements(conn, article, only=sids)


def rebuild(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE statements SET same_as = NULL")
    for (article,) in conn.execute("SELECT rowid FROM articles ORDER BY rowid").fetchall():
        link_statements(conn, article)


def sources(conn: sqlite3.Connection, sids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Statement rowid → every article reporting it (itself first): article, title, outlet, date, wording."""
    out: dict[int, list[dict[str, Any]]] = {sid: [] for sid in sids}
    if not sids:
        return out
    marks = ",".join("?" * len(sids))
    rows = conn.execute(
        "SELECT coalesce(s.same_as, s.rowid) AS head, a.id AS article, a.title, a.source, a.url, a.date, s.text"
        f" FROM statements s JOIN articles a ON a.rowid = s.article WHERE s.rowid IN ({marks}) OR s.same_as IN ({marks})"
        " ORDER BY s.same_as IS NOT NULL, a.date, s.rowid",
        (*sids, *sids),
    )
    for r in rows:
        out[r["head"]].append({k: r[k] for k in ("article", "title", "source", "url", "date", "text")})
    return out


def attach_sources(conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add ``sources`` (article ids), ``reports`` (their details), ``outlets`` and ``variants`` to statement rows.

    Rows carry their statement rowid as ``sid`` (removed here).
    """
    heads = {r["sid"]: r.get("same_as") or r["sid"] for r in rows}
    found = sources(conn, list(dict.fromkeys(heads.values())))
    for r in rows:
        sid = r.pop("sid")
        r.pop("same_as", None)
        reports = found.get(heads[sid]) or []
        r["sources"] = [s["article"] for s in reports]
        r["reports"] = reports
        r["outlets"] = len({s["source"] or s["article"] for s in reports})
        r["variants"] = list(dict.fromkeys(s["text"] for s in reports))
    return rows
