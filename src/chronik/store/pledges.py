"""Pledges across articles: one KB pledge per actor and target, with every source and a timeline.

When an article is stored, each of its pledges whose actor is known (a KB entity, or a
named noun phrase; an unresolved "wir" or "man" stays article-local) is matched against
the KB pledges of the same actor: the same target again (overlapping content words,
number words read as figures, "das Zwei-Prozent-Ziel" ~ "zwei Prozent des BIP") makes it
a further source of that pledge, otherwise it starts a new one. Later references to a
pledge's target that are no pledge themselves ("das Zwei-Prozent-Ziel", "die Zusage") in
an article naming the actor are linked as follow-ups.

Each link is an event on the pledge's timeline: ``made`` (first report), ``repeated``,
``questioned`` (doubt around it: "infrage", "bezweifelt", "kaum zu schaffen"),
``withdrawn`` (the article reports it dropped or missed) and ``follow_up``; ``deadline
passed`` is added when read, from the deadline and the date of reading. A pledge's
``status`` is the latest of made / repeated / questioned / withdrawn.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sqlite3
from typing import Any

from ..dates import timex_end as deadline_end
from ..record import Pledge, Record

SIMILAR = 0.5  # Jaccard of target keys from which two reports are the same pledge
_STOP_WORDS = (
    "der die das den dem des ein eine einer eines einem einen und oder zu zum zur im in am an auf aus bei mit "
    "nach von vom für über um bis ab sich seine seiner ihre ihrer ihren sein ihr es er sie wir man nicht noch "
    "weiter wieder auch so wie als dass werden wird werde will wollen soll sollen mehr weitere neue neuen rund "
    "etwa mindestens dieses diese dieser diesem diesen")
_STOP = frozenset(_STOP_WORDS.split())
_NUMBERS = {"ein": "1", "eine": "1", "eins": "1", "zwei": "2", "drei": "3", "vier": "4", "fünf": "5", "sechs": "6",
            "sieben": "7", "acht": "8", "neun": "9", "zehn": "10", "zwölf": "12", "zwanzig": "20", "hundert": "100",
            "tausend": "1000", "million": "1000000", "millionen": "1000000", "milliarde": "1000000000",
            "milliarden": "1000000000"}
_PRONOUNS = frozenset({"er", "sie", "es", "wir", "ich", "man", "ihr"})
_FOLLOW_UP = re.compile(r"\b(?:das|die|den|dem|der|des|dieses?|diese[nmr]?|ihr\w*|sein\w*)\s+(?:[\w-]+\s+)?"
                        r"(?:[\w-]+-Ziel\w*|Zusage|Versprechen\w*|Zielmarke)\b")
_DOUBT = re.compile(r"\b(?:infrage|in\s+Frage|bezweifel\w*|Zweifel\w*|fraglich|kaum\s+(?:zu\s+)?(?:schaffen|erreich\w*)"
                    r"|unrealistisch|kritisier\w*|verfehl\w*|gerät\s+ins\s+Wanken|wackel\w*)\b", re.IGNORECASE)
_WITHDRAW = re.compile(r"\b(?:rück\w*\b[^.;]{0,60}\bab\b|abgerückt|aufgegeben|zurückgenommen|zurückgezogen|gekippt"
                       r"|verabschiedet\s+sich\s+von|Abkehr)\b", re.IGNORECASE)
_RANK = {"made": 0, "follow_up": 0, "repeated": 1, "questioned": 2, "withdrawn": 3}


def target_key(text: str) -> frozenset[str]:
    """Content words of a target, lower-cased, number words as figures, compounds split at hyphens."""
    words = re.findall(r"[\wäöüß]+", text.lower().replace(",", "."))
    out = set()
    for w in words:
        w = _NUMBERS.get(w, w)
        if w in _STOP or w in ("ziel", "ziele", "zusage", "versprechen", "zielmarke", "marke"):
            continue
        if not w.isdigit() and len(w) > 5:
            w = re.sub(r"(?:es|en|s|e|n)$", "", w)  # rough stemming: "Bruttoinlandsprodukts" ~ "…produkt"
        out.add(w)
    return frozenset(out)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _actor_key(p: Pledge, links: dict[str, str]) -> tuple[str | None, str | None]:
    """(KB entity id, normalised name) of the committed party, or (None, None) when it is unknown."""
    if p.actor is None:
        return None, None
    kb_id = links.get(p.actor.entity) if p.actor.entity else None
    words = [w for w in re.findall(r"[\wäöüß-]+", p.actor.text.lower()) if w not in _STOP]
    if kb_id is None and (not words or p.actor.text.lower() in _PRONOUNS):
        return None, None
    return kb_id, " ".join(words)


def _new_id(actor: str, target: str, article: str) -> str:
    return "p" + hashlib.sha1(f"{actor}|{target}|{article}".encode()).hexdigest()[:10]


def _event_kind(p: Pledge, record: Record) -> str:
    if p.status == "withdrawn" or _WITHDRAW.search(p.evidence.text):
        return "withdrawn"
    if _DOUBT.search(p.evidence.text):
        return "questioned"
    return "made"


def link_article(conn: sqlite3.Connection, article: int, record: Record, links: dict[str, str],
                 names: dict[str, str]) -> dict[str, str]:
    """Attach the record's pledges (and follow-up mentions) to KB pledges; local id -> KB pledge id."""
    date = record.date.isoformat() if record.date else None
    out: dict[str, str] = {}
    for p in record.pledges:
        kb_actor, actor_norm = _actor_key(p, links)
        if actor_norm is None:
            continue
        key = target_key(p.target.text)
        # the KB keeps calendar deadlines only: "möglichst bald" (FUTURE_REF) is no date to check
        deadline = p.deadline if deadline_end(p.deadline) is not None else None
        rows = conn.execute(
            "SELECT id, target FROM kb_pledges WHERE " + ("actor_kb = ?" if kb_actor else "actor_kb IS NULL AND actor = ?"),
            (kb_actor or actor_norm,),
        ).fetchall()
        best = max(rows, key=lambda r: similarity(key, target_key(r["target"])), default=None)
        kind = _event_kind(p, record)
        if best is not None and similarity(key, target_key(best["target"])) >= SIMILAR:
            pledge_id = best["id"]
            kind = "repeated" if kind == "made" else kind
            conn.execute(
                "UPDATE kb_pledges SET deadline = coalesce(deadline, ?), strength = coalesce(strength, ?) WHERE id = ?",
                (deadline, p.strength, pledge_id))
        else:
            pledge_id = _new_id(kb_actor or actor_norm, p.target.text, record.id)
            actor_name = names.get(p.actor.entity) if p.actor and p.actor.entity else None
            conn.execute(
                "INSERT INTO kb_pledges (id, actor_kb, actor, actor_name, target, strength, deadline, status)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, 'made')",
                (pledge_id, kb_actor, actor_norm, actor_name or (p.actor.text if p.actor else actor_norm), p.target.text, p.strength, deadline))
        out[p.id] = pledge_id
        conn.execute(
            "INSERT INTO kb_pledge_events (pledge, article, kind, date, start, end, text, pledge_local)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (pledge_id, article, kind, date, p.evidence.start, p.evidence.end, p.evidence.text, p.id))
    _follow_ups(conn, article, record, links, date, {p.evidence.start for p in record.pledges})
    _refresh(conn, set(out.values()) | _pledges_of(conn, article))
    return out


def _follow_ups(conn, article: int, record: Record, links: dict[str, str], date: str | None, taken: set[int]) -> None:
    """Goal nouns and "die Zusage" in sentences that are no pledge, for KB pledges of actors named here."""
    actors = sorted(set(links.values()))
    if not actors:
        return
    rows = conn.execute(
        f"SELECT id, target, actor_kb FROM kb_pledges WHERE actor_kb IN ({','.join('?' * len(actors))})", actors
    ).fetchall()
    if not rows:
        return
    text = record.text
    for m in _FOLLOW_UP.finditer(text):
        dot = text.rfind(". ", 0, m.start())
        s = max(dot + 2 if dot >= 0 else 0, text.rfind("\n", 0, m.start()) + 1)
        e = min((i for i in (text.find(". ", m.end()), text.find("\n", m.end())) if i >= 0), default=len(text))
        if any(s <= t < e + 1 for t in taken):
            continue  # the sentence is a pledge itself: linked above
        key = target_key(m.group(0))
        best = max(rows, key=lambda r: similarity(key, target_key(r["target"])))
        generic = not key  # "die Zusage": the actor's only pledge, if it has just one
        if generic:
            own = [r for r in rows if conn.execute("SELECT count(*) FROM kb_pledges WHERE actor_kb = ?",
                                                   (r["actor_kb"],)).fetchone()[0] == 1]
            if len(own) != 1:
                continue
            best = own[0]
        elif similarity(key, target_key(best["target"])) < SIMILAR:
            continue
        sentence = text[s:e + 1].strip()
        kind = "withdrawn" if _WITHDRAW.search(sentence) else "questioned" if _DOUBT.search(sentence) else "follow_up"
        conn.execute(
            "INSERT INTO kb_pledge_events (pledge, article, kind, date, start, end, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (best["id"], article, kind, date, s, s + len(sentence), sentence))
        taken.add(s)


def _pledges_of(conn: sqlite3.Connection, article: int) -> set[str]:
    return {r[0] for r in conn.execute("SELECT DISTINCT pledge FROM kb_pledge_events WHERE article = ?", (article,))}


def _refresh(conn: sqlite3.Connection, ids: set[str]) -> None:
    """Recompute sources, first/last date and status; drop KB pledges with no event left."""
    for pid in ids:
        events = conn.execute(
            "SELECT kind, date FROM kb_pledge_events WHERE pledge = ? ORDER BY date, rowid", (pid,)).fetchall()
        if not events:
            conn.execute("DELETE FROM kb_pledges WHERE id = ?", (pid,))
            continue
        status = "made"
        for ev in events:
            if ev["kind"] != "follow_up":
                status = ev["kind"]
            elif _RANK[status] < 1:
                status = "made"
        dates = [ev["date"] for ev in events if ev["date"]]
        sources = conn.execute("SELECT count(DISTINCT article) FROM kb_pledge_events WHERE pledge = ?",
                               (pid,)).fetchone()[0]
        conn.execute(
            "UPDATE kb_pledges SET status = ?, sources = ?, first_date = ?, last_date = ? WHERE id = ?",
            (status, sources, min(dates, default=None), max(dates, default=None), pid))


def unlink_article(conn: sqlite3.Connection, article: int) -> None:
    """Remove an article's events (before it is deleted or replaced)."""
    ids = _pledges_of(conn, article)
    conn.execute("DELETE FROM kb_pledge_events WHERE article = ?", (article,))
    _refresh(conn, ids)


def rebuild(conn: sqlite3.Connection) -> None:
    """Link every stored article's pledges (after upgrading a database from before KB pledges)."""
    conn.execute("DELETE FROM kb_pledge_events")
    conn.execute("DELETE FROM kb_pledges")
    for rowid, record_json in conn.execute("SELECT rowid, record FROM articles ORDER BY date, rowid").fetchall():
        record = Record.model_validate_json(record_json)
        links = {r[0]: r[1] for r in conn.execute("SELECT local_id, kb FROM entities WHERE article = ?", (rowid,))
                 if r[1]}
        names = {e.id: e.name for e in record.entities}
        for local, pid in link_article(conn, rowid, record, links, names).items():
            conn.execute("UPDATE pledges SET kb_pledge = ? WHERE article = ? AND pledge_id = ?", (pid, rowid, local))


# -- reading -------------------------------------------------------------------

STATUSES = ("made", "repeated", "questioned", "withdrawn", "deadline_passed")


def _today() -> str:
    return dt.date.today().isoformat()


def _passed(deadline: str | None, status: str, today: str) -> bool:
    end = deadline_end(deadline)
    return end is not None and status != "withdrawn" and end.isoformat() < today


def find(conn: sqlite3.Connection, *, actor: str | None = None, deadline_from: str | None = None,
         deadline_to: str | None = None, strength: str | None = None, status: str | None = None,
         limit: int = 100, offset: int = 0, today: str | None = None) -> list[dict[str, Any]]:
    """KB pledges filtered by actor (KB id or part of a name), deadline range, strength and status."""
    today = today or _today()
    sql = "SELECT * FROM kb_pledges WHERE 1=1"
    args: list[Any] = []
    if actor:
        sql += " AND (actor_kb = ? OR actor_name LIKE ? ESCAPE '\\' OR actor LIKE ? ESCAPE '\\')"
        like = "%" + actor.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        args += [actor, like, like.lower()]
    if deadline_from:
        sql += " AND deadline >= ?"
        args.append(deadline_from)
    if deadline_to:
        sql += " AND substr(deadline, 1, ?) <= ?"
        args += [len(deadline_to), deadline_to]
    if strength:
        sql += " AND strength = ?"
        args.append(strength)
    if status and status != "deadline_passed":
        sql += " AND status = ?"
        args.append(status)
    sql += " ORDER BY deadline IS NULL, deadline, last_date DESC, id"
    rows = [dict(r) for r in conn.execute(sql, args)]
    for r in rows:
        r["deadline_passed"] = _passed(r["deadline"], r["status"], today)
    if status == "deadline_passed":
        rows = [r for r in rows if r["deadline_passed"]]
    return rows[offset:offset + limit]


def detail(conn: sqlite3.Connection, pledge_id: str, today: str | None = None) -> dict[str, Any] | None:
    """One KB pledge with its timeline (events in date order, then 'deadline_passed' if it has)."""
    row = conn.execute("SELECT * FROM kb_pledges WHERE id = ?", (pledge_id,)).fetchone()
    if row is None:
        return None
    out = dict(row)
    today = today or _today()
    out["deadline_passed"] = _passed(out["deadline"], out["status"], today)
    out["timeline"] = [dict(r) for r in conn.execute(
        "SELECT e.kind, e.date, a.id AS article, a.title, e.text, e.start, e.end, pl.actor, pl.speaker"
        " FROM kb_pledge_events e JOIN articles a ON a.rowid = e.article"
        " LEFT JOIN pledges pl ON pl.article = e.article AND pl.pledge_id = e.pledge_local"
        " WHERE e.pledge = ? ORDER BY e.date, e.rowid", (pledge_id,))]  # actor and speaker as each report names them
    if out["deadline_passed"]:
        out["timeline"].append({"kind": "deadline_passed", "date": out["deadline"], "article": None, "title": None,
                                "text": None, "start": None, "end": None, "actor": None, "speaker": None})
    return out
