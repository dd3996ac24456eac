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
from bisect import bisect_left
from difflib import SequenceMatcher
from typing import Any

from .copies import words

SAME_WORDING = 0.8  # difflib ratio over normalised words
MIN_WORDS = 4  # below this, only identical wording merges
WINDOW_DAYS = 7  # the same statement is reported within a week
READ_SPEAKER_MAX, READ_SPEAKER_PER = 500, 20  # a relink reads a speaker's statements at once up to this many
# (plus this many per statement of theirs it relinks); beyond, it asks for each statement's candidates
RELINK_CHUNK = 500  # articles read at once when relinking (bound parameters per query)
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


def link_statements(conn: sqlite3.Connection, article: int, only: set[int] | None = None, *,
                    rows: list[Any] | None = None, group: list[int] | None = None,
                    speakers: _Speakers | None = None) -> int:
    """Point each statement of a just-stored article to the earlier report of it; returns how many.

    A statement is looked for among the statements of the same speaker dated within the window
    (heads and their further sources alike: a source may name the speaker the first report did
    not), then among the statements of the article's syndicated copies whatever their speaker:
    the same words in a copy of the same report are the same statement even where one copy
    resolves another speaker (the sources then vote, see :func:`speaker_votes`).
    ``only`` limits it to these statement rowids (relinking after a KB merge or split); ``rows`` and
    ``group``, when the caller read them for many articles at once (:func:`relink_speakers`): the
    article's statements as :func:`_article_rows` gives them, and its copy group (:func:`_copy_group`);
    ``speakers``: the same speakers' statements read once for many articles (:class:`_Speakers`).
    """
    linked = 0
    if rows is None:
        rows = [r[1:] for r in _article_rows(conn, [article])]
    for sid, speaker, speaker_kb, text, date, published in rows:
        if only is not None and sid not in only:
            continue
        window = _window(date)
        if window is None:
            continue  # no date: no claim that two reports carry the same statement
        candidates: list[tuple[int, str, str | None]] = []
        if speaker_kb or speaker:
            candidates = (speakers.candidates(article, speaker, speaker_kb, window) if speakers is not None
                          else _same_speaker(conn, article, speaker, speaker_kb, window))
        match = next(((h, d) for h, t, d in candidates if h != sid and same_wording(text, t)), None)
        if match is None:
            if group is None:
                group = _copy_group(conn, article)
            match = next(((h, d) for h, t, d in _in_copies(conn, group) if h != sid and same_wording(text, t)), None)
        if match is not None:
            _point(conn, sid, published, match[0], match[1])
            if speakers is not None:
                speakers.pointed(sid, published, match[0], match[1])
            linked += 1
    return linked


def _article_rows(conn, articles: list[int]) -> list[Any]:
    """(article, rowid, speaker, speaker_kb, text, date, article date) of the articles' statements, by
    article and position."""
    marks = ",".join("?" * len(articles))
    return conn.execute(
        "SELECT s.article, s.rowid, s.speaker, s.speaker_kb, s.text, s.date, a.date FROM statements s"
        f" JOIN articles a ON a.rowid = s.article WHERE s.article IN ({marks}) ORDER BY s.article, s.start, s.rowid",
        articles,
    ).fetchall()


# The first report (head) of a statement row s, and the head's article date.
_HEAD = (
    "SELECT coalesce(s.same_as, s.rowid) AS head, s.text, ha.date FROM statements s"
    " JOIN statements h ON h.rowid = coalesce(s.same_as, s.rowid) JOIN articles ha ON ha.rowid = h.article"
)


def _same_speaker(conn, article: int, speaker: str | None, speaker_kb: str | None,
                  window: tuple[str, str]) -> list[tuple[int, str, str | None]]:
    sql = _HEAD + " WHERE s.article != ?"
    args: list[Any] = [article]
    if speaker_kb:
        sql += " AND s.speaker_kb = ?"
        args.append(speaker_kb)
    else:
        sql += " AND s.speaker_kb IS NULL AND s.speaker = ?"
        args.append(speaker)
    # comparable as text, so the (speaker_kb, date) index serves it
    sql += " AND s.date >= ? AND s.date < ? ORDER BY s.same_as IS NOT NULL, s.rowid"
    return conn.execute(sql, [*args, *window]).fetchall()


class _Speakers:
    """The statements of the speakers a relink compares, each speaker's read once (the candidates of
    :func:`_same_speaker`, filtered here), their links kept in step with what :func:`_point` writes: one
    query per relinked statement was a round trip each, ~1,200 for a merge of two rare people (0.6 s on
    PostgreSQL, under the writers' lock)."""

    def __init__(self, conn, wanted: dict[tuple[str, str], int]):
        self.conn = conn
        self.wanted = wanted  # speaker key -> how many statements will ask for its candidates
        self.rows: dict[tuple[str, str], list[tuple[str, int, int, str]] | None] = {}  # date, rowid, article, text
        self.same_as: dict[int, int | None] = {}
        self.sources: dict[int, set[int]] = {}  # head -> the read rows pointing to it
        self.published: dict[int, str | None] = {}  # rowid -> its article's date

    def candidates(self, article: int, speaker: str | None, speaker_kb: str | None,
                   window: tuple[str, str]) -> list[tuple[int, str, str | None]]:
        """What :func:`_same_speaker` answers: (head, text, head's article date), first reports first."""
        key = _key(speaker, speaker_kb)
        if key not in self.rows:
            self._read(key)
        rows = self.rows[key]
        if rows is None:  # a frequent speaker asked about a few times: the query per statement is cheaper
            return _same_speaker(self.conn, article, speaker, speaker_kb, window)
        lo, hi = window
        found = sorted((self.same_as[r] is not None, r, text)
                       for _, r, art, text in rows[bisect_left(rows, (lo,)):bisect_left(rows, (hi,))] if art != article)
        out = []
        for _, r, text in found:
            head = self.same_as[r] or r
            if head not in self.published:
                row = self.conn.execute("SELECT a.date FROM statements s JOIN articles a ON a.rowid = s.article"
                                        " WHERE s.rowid = ?", (head,)).fetchone()
                if row is None:
                    continue  # the query's join finds no head either
                self.published[head] = row[0]
            out.append((head, text, self.published[head]))
        return out

    def _read(self, key: tuple[str, str]) -> None:
        where = "s.speaker_kb = ?" if key[0] == "kb" else "s.speaker_kb IS NULL AND s.speaker = ?"
        size = self.conn.execute(f"SELECT count(*) FROM statements s WHERE {where}", (key[1],)).fetchone()[0]
        if size > READ_SPEAKER_MAX + READ_SPEAKER_PER * self.wanted.get(key, 0):
            self.rows[key] = None
            return
        rows: list[tuple[str, int, int, str]] = []
        for rowid, article, text, date, same_as, published in self.conn.execute(
                "SELECT s.rowid, s.article, s.text, s.date, s.same_as, a.date FROM statements s"
                f" JOIN articles a ON a.rowid = s.article WHERE {where} ORDER BY s.rowid", (key[1],)):
            self.same_as[rowid] = same_as
            self.published[rowid] = published
            if same_as is not None:
                self.sources.setdefault(same_as, set()).add(rowid)
            if date is not None:
                rows.append((date, rowid, article, text))
        self.rows[key] = sorted(rows)  # by date: a window is a slice (dates compare as text, as in the query)

    def _set(self, rowid: int, head: int | None) -> None:
        if rowid not in self.same_as:
            return  # a row of a speaker not read (yet): read from the store when it is
        old = self.same_as[rowid]
        if old is not None:
            self.sources.get(old, set()).discard(rowid)
        self.same_as[rowid] = head
        if head is not None:
            self.sources.setdefault(head, set()).add(rowid)

    def pointed(self, sid: int, published: str | None, other: int, other_published: str | None) -> None:
        """What :func:`_point` just wrote, in the rows read."""
        if (published or "9999", sid) < (other_published or "9999", other):
            for rowid in list(self.sources.get(other, ())):
                self._set(rowid, sid)
            self._set(other, sid)
        else:
            self._set(sid, other)


def _key(speaker: str | None, speaker_kb: str | None) -> tuple[str, str]:
    return ("kb", speaker_kb) if speaker_kb else ("name", speaker or "")


def _copy_group(conn, article: int) -> list[int]:
    """The other articles of the article's copy group (its original and the original's copies)."""
    row = conn.execute("SELECT original FROM story_copies WHERE article = ?", (article,)).fetchone()
    root = row[0] if row else article
    others = [root] + [r[0] for r in conn.execute("SELECT article FROM story_copies WHERE original = ?", (root,))]
    return [a for a in others if a != article]


def _copy_groups(conn, articles: list[int]) -> dict[int, list[int]]:
    """:func:`_copy_group` of each of ``articles``, read in two queries."""
    marks = ",".join("?" * len(articles))
    root = dict.fromkeys(articles, 0) | {a: o for a, o in conn.execute(
        f"SELECT article, original FROM story_copies WHERE article IN ({marks})", articles)}
    root = {a: o or a for a, o in root.items()}
    roots = list(dict.fromkeys(root.values()))
    members: dict[int, list[int]] = {r: [] for r in roots}
    for original, article in conn.execute(
            f"SELECT original, article FROM story_copies WHERE original IN ({','.join('?' * len(roots))})"
            " ORDER BY original, article", roots):
        members[original].append(article)
    return {a: [x for x in [root[a], *members[root[a]]] if x != a] for a in articles}


def _in_copies(conn, group: list[int]) -> list[tuple[int, str, str | None]]:
    if not group:
        return []
    marks = ",".join("?" * len(group))
    return conn.execute(_HEAD + f" WHERE s.article IN ({marks}) ORDER BY s.same_as IS NOT NULL, s.rowid",
                        group).fetchall()


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
        # one IN over a UNION, not an OR of two: PostgreSQL scanned every statement for the OR (710 -> 57 ms on
        # 550,000 statements; SQLite 33 -> 13 ms), and a merge or split holds the writers' lock meanwhile
        f" WHERE s.rowid IN ({mine} UNION SELECT m.rowid FROM statements m WHERE m.same_as IN ({mine}))"
        " ORDER BY a.date, s.rowid",
        (*entities, *entities),
    ).fetchall()
    if not affected:
        return
    sids = {r[0] for r in affected}
    conn.execute(f"UPDATE statements SET same_as = NULL WHERE rowid IN ({','.join('?' * len(sids))})", list(sids))
    # the articles' statements and copy groups read for many articles at a time (relinking changes neither):
    # one query per article each cost a round trip on PostgreSQL, most of a merge's second there
    articles = list(dict.fromkeys(r[1] for r in affected))
    wanted: dict[tuple[str, str], int] = {}
    for row in conn.execute(f"SELECT speaker, speaker_kb FROM statements WHERE rowid IN ({','.join('?' * len(sids))})"
                            " AND date IS NOT NULL", list(sids)):
        key = _key(row[0], row[1])
        wanted[key] = wanted.get(key, 0) + 1
    speakers = _Speakers(conn, wanted)  # read after the links above were undone
    for start in range(0, len(articles), RELINK_CHUNK):
        chunk = articles[start:start + RELINK_CHUNK]
        rows: dict[int, list[Any]] = {a: [] for a in chunk}
        for row in _article_rows(conn, chunk):
            rows[row[0]].append(row[1:])
        groups = _copy_groups(conn, chunk)
        for article in chunk:
            link_statements(conn, article, only=sids, rows=rows[article], group=groups[article], speakers=speakers)


def rebuild(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE statements SET same_as = NULL")
    for (article,) in conn.execute("SELECT rowid FROM articles ORDER BY rowid").fetchall():
        link_statements(conn, article)


def sources(conn: sqlite3.Connection, sids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Statement rowid → every article reporting it (itself first): article, title, outlet, date, wording,
    and the speaker that report names (KB name, else the name in the article), its KB id and confidence."""
    out: dict[int, list[dict[str, Any]]] = {sid: [] for sid in sids}
    if not sids:
        return out
    marks = ",".join("?" * len(sids))
    rows = conn.execute(
        "SELECT coalesce(s.same_as, s.rowid) AS head, a.id AS article, a.title, a.source, a.url, a.date, s.text,"
        " coalesce((SELECT k.name FROM kb_entities k WHERE k.id = s.speaker_kb), s.speaker) AS speaker,"
        " s.speaker_kb, s.confidence"
        f" FROM statements s JOIN articles a ON a.rowid = s.article WHERE s.rowid IN ({marks}) OR s.same_as IN ({marks})"
        " ORDER BY s.same_as IS NOT NULL, a.date, s.rowid",
        (*sids, *sids),
    )
    for r in rows:
        out[r["head"]].append({k: r[k] for k in _REPORT})
    return out


_REPORT = ("article", "title", "source", "url", "date", "text", "speaker", "speaker_kb", "confidence")


def speaker_votes(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Who the reports of one statement say spoke, most supported first: by outlets, then reports,
    then mean confidence, then the earlier report. Reports naming nobody do not vote.

    Each: ``speaker`` (name), ``speaker_kb``, ``outlets``, ``reports``, ``confidence`` (mean, or None)."""
    votes: dict[Any, dict[str, Any]] = {}
    for r in reports:
        if not (r.get("speaker_kb") or r.get("speaker")):
            continue
        key = r["speaker_kb"] or ("name", r["speaker"].casefold())
        v = votes.setdefault(key, {"speaker": r["speaker"], "speaker_kb": r["speaker_kb"], "_outlets": set(),
                                   "reports": 0, "_conf": [], "_first": len(votes)})
        v["_outlets"].add(r.get("source") or r["article"])
        v["reports"] += 1
        if r.get("confidence") is not None:
            v["_conf"].append(r["confidence"])
    out = []
    for v in votes.values():
        conf = v.pop("_conf")
        v["outlets"] = len(v.pop("_outlets"))
        v["confidence"] = round(sum(conf) / len(conf), 4) if conf else None
        out.append(v)
    out.sort(key=lambda v: (-v["outlets"], -v["reports"], -(v["confidence"] if v["confidence"] is not None else -1),
                            v["_first"]))
    for v in out:
        del v["_first"]
    return out


def dispute(votes: list[dict[str, Any]]) -> str | None:
    """"X (3 outlets) vs Y (1)" when the reports name more than one speaker, else None."""
    if len(votes) < 2:
        return None
    first, *rest = votes
    unit = "outlet" if first["outlets"] == 1 else "outlets"
    return f"{first['speaker']} ({first['outlets']} {unit}) vs " + " vs ".join(
        f"{v['speaker']} ({v['outlets']})" for v in rest)


def attach_sources(conn: sqlite3.Connection, rows: list[dict[str, Any]], *, chosen: bool = False
                   ) -> list[dict[str, Any]]:
    """Add ``sources`` (article ids), ``reports`` (their details), ``outlets``, ``variants``,
    ``speaker_votes`` and ``speaker_disputed`` to statement rows.

    With ``chosen`` (a listing of KB statements, not of one article's own), a statement whose
    reports name different speakers gets the speaker most of them name (:func:`speaker_votes`).
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
        r["speaker_votes"] = speaker_votes(reports)
        r["speaker_disputed"] = dispute(r["speaker_votes"])
        if chosen:
            choose(r)
    return rows


def choose(row: dict[str, Any]) -> dict[str, Any]:
    """Give a statement row the speaker most of its reports name (the article-local mention goes
    when that is not the row's own speaker); a row naming nobody takes the one its copies name."""
    votes = row.get("speaker_votes") or []
    if votes:
        best = votes[0]
        own = row.get("speaker_kb") or ("name", (row.get("speaker") or "").casefold())
        if own != (best["speaker_kb"] or ("name", best["speaker"].casefold())):
            row.update(speaker=best["speaker"], speaker_kb=best["speaker_kb"], speaker_mention=None,
                       speaker_entity=None)
    return row
