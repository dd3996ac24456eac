"""Cross-article entities: one knowledge-base entity per real-world person, organisation or place.

Each article-local entity (``e1``, ``e2`` … in a record) is linked to a KB entity on
insert. Matching, in order (the first rule that applies wins):

1. a user decision (split for this article, else merge by name) — see :func:`merge`, :func:`split`;
2. the same Wikidata QID;
3. a place: the same canonical place (``geo:`` key: "Wien" and "Vienna" are one entity);
4. the same full name (or a known alias) and type; several candidates are decided by an
   exact canonical name, then (not for people) by the most articles;
5. a surname alone (a one-word PER name) joins the only known PER with that surname; a
   person's genitive ("Marshall McLuhans") joins the name without -s;
6. the same canonical name under another type ("Sturm" as PER in one article, ORG in
   another): one entity per name, whose type is the vote of its articles (:func:`_vote_type`);
   not between a gazetteer place and an organisation named after it (a club);
7. otherwise a new entity. Two people with the same name stay apart: every ambiguous use
   of the name goes to one "unresolved" entity for that name.

An acronym the article introduced with its full name ("Deutsches Institut für
Wirtschaftsforschung (DIW)") absorbs an entity created for the acronym alone, so the two
stay joined across articles. Each KB entity keeps the highest ``confidence`` that its articles
of its (voted) type gave it; :func:`find` lists entities below :data:`MIN_CONFIDENCE` only on request.

KB ids are ``P-``/``O-``/``L-``/``M-`` plus a hash of the QID or of type and name that
created them, and never change; an entity merged away leaves a redirect.
Decisions live in ``kb_decisions``, keyed by name and (for splits) article id, so
they are re-applied when an article is deleted and added again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import unicodedata
from collections.abc import Iterable
from typing import Any

from ..record import Entity, Record

PREFIX = {"PER": "P", "ORG": "O", "LOC": "L", "MISC": "M"}
# Entities below it (a lone word the model alone found once, a name built like none) are listed
# on request; chosen by cross-validation over the judged KB samples (docs/entities.md).
MIN_CONFIDENCE = 0.7


class KBError(ValueError):
    """A merge or split that cannot be done (unknown id, conflicting QIDs, nothing left …)."""


def norm(name: str) -> str:
    """Matching key of a name: NFC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def surname(key: str) -> str | None:
    """Last word of a normalised multi-word name; None for one-word names."""
    words = key.split()
    return words[-1] if len(words) > 1 else None


def resolve_id(conn: sqlite3.Connection, entity_id: str) -> str:
    """Follow a merge redirect (redirects are kept flat: one hop)."""
    row = conn.execute("SELECT new FROM kb_redirects WHERE old = ?", (entity_id,)).fetchone()
    return row[0] if row else entity_id


# -- linking on insert ---------------------------------------------------------


def link_article(conn: sqlite3.Connection, article_rowid: int, record: Record) -> dict[str, str]:
    """Link every entity of a just-inserted article to the KB; return local id → KB id."""
    links: dict[str, str] = {}
    for entity in record.entities:
        kb_id = _match(conn, record.id, entity)
        kb_id = _absorb_acronyms(conn, kb_id, entity)
        links[entity.id] = kb_id
        confidence = 1.0 if entity.confidence is None else entity.confidence
        flipped = _vote_type(conn, kb_id, entity.type, confidence)
        _add_names(conn, kb_id, entity.type, [entity.name, *entity.aliases])
        if entity.place:
            _add_geo(conn, kb_id, entity.place)
        _raise_confidence(conn, kb_id, entity.type, confidence, flipped)
        conn.executemany(
            "INSERT INTO kb_roles (entity, article, role, date, start, end, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(kb_id, article_rowid, r.role, _iso(record.date), r.start, r.end, r.text) for r in entity.roles],
        )
    conn.executemany(
        "UPDATE kb_entities SET articles = articles + 1 WHERE id = ?", [(i,) for i in set(links.values())]
    )
    return links


def unlink_article(conn: sqlite3.Connection, article_rowid: int) -> None:
    """Forget an article's roles and counts; entities and their names stay (ids are stable)."""
    conn.execute(
        "UPDATE kb_entities SET articles = articles - 1 WHERE id IN"
        " (SELECT DISTINCT kb FROM entities WHERE article = ? AND kb IS NOT NULL)",
        (article_rowid,),
    )
    conn.execute("DELETE FROM kb_roles WHERE article = ?", (article_rowid,))


def _match(conn: sqlite3.Connection, article_id: str, entity: Entity) -> str:
    key = norm(entity.name)
    decided = conn.execute(
        "SELECT entity FROM kb_decisions WHERE norm = ? AND type = ? AND (article = ? OR article IS NULL)"
        " ORDER BY article IS NULL, rowid DESC LIMIT 1",
        (key, entity.type, article_id),
    ).fetchone()
    if decided:
        return resolve_id(conn, decided[0])
    if entity.qid:
        row = conn.execute("SELECT id FROM kb_entities WHERE qid = ?", (entity.qid,)).fetchone()
        if row:
            return row[0]
    candidates = _candidates(conn, "norm", geo_key(entity.place), entity) if entity.place else []
    if not candidates:
        candidates = _candidates(conn, "norm", key, entity)
    if not candidates and entity.type == "PER" and surname(key) and key.endswith("s"):
        candidates = _candidates(conn, "norm", key[:-1], entity)  # "Marshall McLuhans" (genitive)
    if not candidates and entity.type == "PER" and surname(key) is None:
        candidates = _candidates(conn, "surname", key, entity)
    chosen = _choose(conn, candidates, key, entity.type)
    if chosen:
        if entity.qid:
            conn.execute("UPDATE kb_entities SET qid = ? WHERE id = ? AND qid IS NULL", (entity.qid, chosen))
        return chosen
    if candidates:
        return _unresolved(conn, entity.type, entity.name)
    return _other_type(conn, key, entity) or create(conn, entity.type, entity.name, entity.qid)


def _other_type(conn: sqlite3.Connection, key: str, entity: Entity) -> str | None:
    """The entity that already carries this exact name under another type: the statistical
    model types one name differently from article to article ("Sturm" PER, ORG, LOC), and a
    name is one entity in the KB. People with a Wikidata id are not re-typed by a name alone."""
    if entity.qid:
        return None
    rows = conn.execute(
        "SELECT k.id, k.name, k.articles, EXISTS (SELECT 1 FROM kb_names g WHERE g.entity = k.id AND g.norm LIKE 'geo:%'),"
        " k.type"
        " FROM kb_names n CROSS JOIN kb_entities k ON k.id = n.entity"
        " WHERE n.norm = ? AND n.match = 1 AND k.type != ? AND k.origin = 'auto' AND k.qid IS NULL",
        (key, entity.type),
    ).fetchall()
    # A place of the gazetteer and an organisation named after it (a club: "Ingolstadt" in a
    # sports report) are two entities: a placed entity never takes an organisation, nor the reverse.
    placed = entity.place is not None
    rows = [r for r in rows if not ((placed and r[4] == "ORG" and not r[3]) or (entity.type == "ORG" and not placed and r[3]))]
    exact = [r for r in rows if norm(r[1]) == key]
    return max(exact, key=lambda r: (r[2], r[0]))[0] if exact else None


def _raise_confidence(conn: sqlite3.Connection, kb_id: str, etype: str, confidence: float, flipped: bool) -> None:
    """An entity's confidence is the best evidence for the type it has: an article that typed
    it otherwise does not lift it ("Spotify" as PER in two articles, ORG at 0.7 in a third: the
    PER entity keeps the PER articles' 0.5). When the vote has just changed the type, the
    earlier articles of the new type count again (their records hold their confidence)."""
    row = conn.execute("SELECT type, origin FROM kb_entities WHERE id = ?", (kb_id,)).fetchone()
    if row[1] == "auto" and row[0] != etype:
        return
    if flipped:
        for (record,) in conn.execute(
            "SELECT a.record FROM entities e JOIN articles a ON a.rowid = e.article WHERE e.kb = ? AND e.type = ?",
            (kb_id, etype),
        ).fetchall():
            for e in json.loads(record).get("entities", []):
                if e.get("type") == etype and norm(e.get("name", "")) in _names(conn, kb_id):
                    confidence = max(confidence, 1.0 if e.get("confidence") is None else e["confidence"])
        conn.execute("UPDATE kb_entities SET confidence = ? WHERE id = ?", (confidence, kb_id))
        return
    conn.execute("UPDATE kb_entities SET confidence = max(coalesce(confidence, 0), ?) WHERE id = ?", (confidence, kb_id))


def _names(conn: sqlite3.Connection, kb_id: str) -> set[str]:
    return {r[0] for r in conn.execute("SELECT norm FROM kb_names WHERE entity = ?", (kb_id,))}


def _vote_type(conn: sqlite3.Connection, kb_id: str, etype: str, confidence: float) -> bool:
    """Type an automatic entity by the majority of its articles (this one included); a tie
    goes to the more confident article (a person named with a known first name over a lone
    word the model typed LOC). The id keeps its first prefix (ids never change). True when
    the type changed."""
    row = conn.execute("SELECT type, name, origin, confidence FROM kb_entities WHERE id = ?", (kb_id,)).fetchone()
    if row is None or row[0] == etype or row[2] != "auto":
        return False
    votes = dict(conn.execute(
        "SELECT type, count(DISTINCT article) FROM entities WHERE kb = ? GROUP BY type", (kb_id,)
    ).fetchall())  # fmt: skip
    votes[etype] = votes.get(etype, 0) + 1
    mine, theirs = votes[etype], votes.get(row[0], 0)
    if mine < theirs or (mine == theirs and confidence <= (row[3] or 0)):
        return False
    taken = conn.execute(
        "SELECT 1 FROM kb_entities WHERE type = ? AND id != ? AND articles > 0 AND name = ? COLLATE NOCASE",
        (etype, kb_id, row[1]),
    ).fetchone()
    if taken:  # never two entities of one type and name
        return False
    conn.execute("UPDATE kb_entities SET type = ? WHERE id = ?", (etype, kb_id))
    return True


def geo_key(place: str) -> str:
    """The matching key of a canonical place ("Vienna, Austria")."""
    return "geo:" + norm(place)


def _choose(conn: sqlite3.Connection, candidates: list[str], key: str, etype: str) -> str | None:
    """The one entity a name means when several carry it: the one whose canonical name it is,
    else (not for people: two people may share a name) the one in the most articles. One
    entity may hold another's name as an alias ("Wien" of "Vienna Insurance Group" before
    that was fixed); that is no reason to open a third."""
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    marks = ",".join("?" * len(candidates))
    rows = conn.execute(
        f"SELECT id, name, origin, articles FROM kb_entities WHERE id IN ({marks})", candidates
    ).fetchall()
    exact = [r for r in rows if norm(r[1]) == key and r[2] != "ambiguous"]
    if len(exact) == 1:
        return exact[0][0]
    if etype == "PER":
        return None
    pool = [r for r in (exact or rows) if r[2] != "ambiguous"] or rows
    return max(pool, key=lambda r: (r[3], r[2] == "auto", r[0]))[0]


def _add_geo(conn: sqlite3.Connection, entity_id: str, place: str) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO kb_names (entity, norm, name, surname, match) VALUES (?, ?, ?, NULL, 1)",
        (entity_id, geo_key(place), place),
    )


def _is_acronym(name: str) -> bool:
    """DIW, BAMF, IfW, ÖAMTC: 2-8 letters, at least two capitals, no space."""
    return 2 <= len(name) <= 8 and name.isalpha() and sum(c.isupper() for c in name) >= 2 and name[0].isupper()


def _absorb_acronyms(conn: sqlite3.Connection, kb_id: str, entity: Entity) -> str:
    """An acronym the article gives with its full name joins the full name's entity: an
    entity made earlier for the acronym alone (same type, created automatically) is merged
    into it, so "DIW" and "Deutsches Institut für Wirtschaftsforschung" stay one."""
    if entity.type == "PER" or len(entity.name.split()) < 2:
        return kb_id
    for alias in entity.aliases:
        if not _is_acronym(alias):
            continue
        rows = conn.execute(
            "SELECT k.id FROM kb_names n CROSS JOIN kb_entities k ON k.id = n.entity"
            " WHERE n.norm = ? AND n.match = 1 AND k.type = ? AND k.id != ? AND k.origin = 'auto'"
            " AND lower(k.name) = lower(?)",
            (norm(alias), entity.type, kb_id, alias),
        ).fetchall()
        for (other,) in rows:
            if not conn.execute("SELECT 1 FROM kb_decisions WHERE entity = ?", (other,)).fetchone():
                _merge_rows(conn, kb_id, other)
    return kb_id


def _unresolved(conn: sqlite3.Connection, etype: str, name: str) -> str:
    """The one entity collecting every ambiguous use of a name: kept apart from all candidates, for a user to sort out."""
    salt = "|ambiguous"
    entity_id = f"{PREFIX[etype]}-{hashlib.sha1(f'{etype}|{norm(name)}{salt}'.encode()).hexdigest()[:10]}"
    if conn.execute("SELECT 1 FROM kb_entities WHERE id = ?", (entity_id,)).fetchone():
        return entity_id
    return create(conn, etype, name, origin="ambiguous", salt=salt)


def _candidates(conn: sqlite3.Connection, column: str, key: str, entity: Entity) -> list[str]:
    # CROSS JOIN pins the loop order: look the name up first, then its entities (not all of a type)
    rows = conn.execute(
        f"SELECT DISTINCT k.id FROM kb_names n CROSS JOIN kb_entities k ON k.id = n.entity"
        f" WHERE n.{column} = ? AND n.match = 1 AND k.type = ? AND (k.qid IS NULL OR ? IS NULL OR k.qid = ?)"
        " LIMIT 20",
        (key, entity.type, entity.qid, entity.qid),
    )
    return [r[0] for r in rows]


def create(conn: sqlite3.Connection, etype: str, name: str, qid: str | None = None, *, origin: str = "auto",
           salt: str = "") -> str:
    """A new KB entity; its id hashes the QID (or type and name), numbered on a clash."""
    base = qid or f"{etype}|{norm(name)}{salt}"
    for n in range(1000):
        digest = hashlib.sha1(f"{base}#{n}".encode() if n else base.encode()).hexdigest()[:10]
        entity_id = f"{PREFIX[etype]}-{digest}"
        exists = conn.execute(
            "SELECT 1 FROM kb_entities WHERE id = ? UNION SELECT 1 FROM kb_redirects WHERE old = ?",
            (entity_id, entity_id),
        ).fetchone()
        if not exists:
            conn.execute(
                "INSERT INTO kb_entities (id, name, type, qid, origin) VALUES (?, ?, ?, ?, ?)",
                (entity_id, name, etype, qid, origin),
            )
            return entity_id
    raise KBError(f"no free id for {name!r}")  # pragma: no cover - 1000 hash clashes


def _add_names(conn: sqlite3.Connection, entity_id: str, etype: str, names: Iterable[str]) -> None:
    """Register names; a lone word is a matching key only for one-word PER entities (surname-only)."""
    row = conn.execute("SELECT name, origin FROM kb_entities WHERE id = ?", (entity_id,)).fetchone()
    canonical_one_word = surname(norm(row[0])) is None
    rows = []
    for name in names:
        key = norm(name)
        if not key:
            continue
        last = surname(key) if etype == "PER" else None
        match = row[1] == "auto" and (etype != "PER" or last is not None or canonical_one_word)
        rows.append((entity_id, key, name, last, int(match)))
    conn.executemany(
        "INSERT INTO kb_names (entity, norm, name, surname, match) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (entity, norm) DO UPDATE SET match = max(match, excluded.match)",
        rows,
    )


def rebuild(conn: sqlite3.Connection) -> None:
    """Link every stored article (after upgrading a database written before the KB existed)."""
    for rowid, record_json in conn.execute("SELECT rowid, record FROM articles ORDER BY rowid").fetchall():
        record = Record.model_validate_json(record_json)
        links = link_article(conn, rowid, record)
        conn.executemany(
            "UPDATE entities SET kb = ? WHERE article = ? AND local_id = ?",
            [(kb, rowid, local) for local, kb in links.items()],
        )
        for q in record.quotes:
            if q.speaker and q.speaker.entity in links:
                conn.execute(
                    "UPDATE statements SET speaker_kb = ? WHERE article = ? AND quote_id = ?",
                    (links[q.speaker.entity], rowid, q.id),
                )
        for p in record.pledges:
            if p.actor and p.actor.entity in links:
                conn.execute(
                    "UPDATE pledges SET actor_kb = ? WHERE article = ? AND pledge_id = ?",
                    (links[p.actor.entity], rowid, p.id),
                )


# -- user decisions ------------------------------------------------------------


def merge(conn: sqlite3.Connection, keep: str, drop: str) -> str:
    """Make ``drop`` part of ``keep``; ``drop`` becomes a redirect. Returns the kept id."""
    keep, drop = resolve_id(conn, keep), resolve_id(conn, drop)
    a, b = _entity_row(conn, keep), _entity_row(conn, drop)
    if keep == drop:
        raise KBError(f"{keep} and {drop} are already the same entity")
    if a["type"] != b["type"]:
        raise KBError(f"cannot merge a {b['type']} into a {a['type']}")
    if a["qid"] and b["qid"] and a["qid"] != b["qid"]:
        raise KBError(f"{keep} is {a['qid']} but {drop} is {b['qid']} in Wikidata: different entities")
    names = [r[0] for r in conn.execute("SELECT norm FROM kb_names WHERE entity = ? AND match = 1", (drop,))]
    _merge_rows(conn, keep, drop)
    _decide(conn, "merge", a["type"], {*names, norm(b["name"]), norm(a["name"])}, None, keep)
    return keep


def _merge_rows(conn: sqlite3.Connection, keep: str, drop: str) -> None:
    """Move everything of ``drop`` to ``keep`` and leave a redirect (no decision recorded)."""
    for table, column in _LINK_COLUMNS:
        conn.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (keep, drop))
    conn.execute(
        "INSERT OR IGNORE INTO kb_names (entity, norm, name, surname, match)"
        " SELECT ?, norm, name, surname, match FROM kb_names WHERE entity = ?",
        (keep, drop),
    )
    conn.execute("DELETE FROM kb_names WHERE entity = ?", (drop,))
    conn.execute("UPDATE kb_redirects SET new = ? WHERE new = ?", (keep, drop))
    conn.execute("INSERT OR REPLACE INTO kb_redirects (old, new) VALUES (?, ?)", (drop, keep))
    conn.execute(
        "UPDATE kb_entities SET qid = coalesce(qid, (SELECT qid FROM kb_entities WHERE id = ?)),"
        " confidence = max(coalesce(confidence, 0), coalesce((SELECT confidence FROM kb_entities WHERE id = ?), 0))"
        " WHERE id = ?",
        (drop, drop, keep),
    )
    conn.execute("DELETE FROM kb_entities WHERE id = ?", (drop,))
    _recount(conn, [keep])


def split(conn: sqlite3.Connection, entity_id: str, articles: list[str]) -> str:
    """Move the given articles' mentions of an entity to a new entity; returns its id."""
    entity_id = resolve_id(conn, entity_id)
    ent = _entity_row(conn, entity_id)
    wanted = sorted(set(articles))
    marks = ",".join("?" * len(wanted))
    rows = conn.execute(
        f"SELECT e.article, e.local_id, e.name, a.id AS aid, a.record FROM entities e"
        f" JOIN articles a ON a.rowid = e.article WHERE e.kb = ? AND a.id IN ({marks})",
        (entity_id, *wanted),
    ).fetchall()
    if not rows:
        raise KBError(f"{entity_id} is not mentioned in {', '.join(wanted) or 'no articles'}")
    rowids = sorted({r[0] for r in rows})
    rest = conn.execute(
        f"SELECT 1 FROM entities WHERE kb = ? AND article NOT IN ({','.join('?' * len(rowids))}) LIMIT 1",
        (entity_id, *rowids),
    ).fetchone()
    if rest is None:
        raise KBError(f"splitting off every article of {entity_id} would leave nothing behind")
    new = create(conn, ent["type"], rows[0]["name"], origin="split", salt="|split|" + ",".join(wanted))
    marks = ",".join("?" * len(rowids))
    for table, column in _LINK_COLUMNS[:4]:
        conn.execute(
            f"UPDATE {table} SET {column} = ? WHERE {column} = ? AND article IN ({marks})", (new, entity_id, *rowids)
        )
    for row in rows:
        names = [row["name"], *_local_aliases(row["record"], row["local_id"])]
        _add_names(conn, new, ent["type"], names)
        _decide(conn, "split", ent["type"], {norm(row["name"])}, row["aid"], new)
    _recount(conn, [entity_id, new])
    return new


# Every column that points at a KB entity (those with an ``article`` column first).
_LINK_COLUMNS = (
    ("entities", "kb"),
    ("statements", "speaker_kb"),
    ("pledges", "actor_kb"),
    ("kb_roles", "entity"),
    ("kb_decisions", "entity"),
    ("kb_pledges", "actor_kb"),
)


def _entity_row(conn: sqlite3.Connection, entity_id: str) -> sqlite3.Row:
    row = conn.execute("SELECT id, name, type, qid FROM kb_entities WHERE id = ?", (entity_id,)).fetchone()
    if row is None:
        raise KBError(f"no entity {entity_id!r}")
    return row


def _local_aliases(record_json: str, local_id: str) -> list[str]:
    for e in json.loads(record_json).get("entities", []):
        if e["id"] == local_id:
            return e.get("aliases", [])
    return []


def _decide(conn, action: str, etype: str, keys: Iterable[str], article: str | None, entity: str) -> None:
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    conn.executemany(
        "INSERT INTO kb_decisions (action, type, norm, article, entity, made_at) VALUES (?, ?, ?, ?, ?, ?)",
        [(action, etype, k, article, entity, now) for k in sorted(keys) if k],
    )


def _recount(conn: sqlite3.Connection, ids: list[str]) -> None:
    conn.executemany(
        "UPDATE kb_entities SET articles = (SELECT count(DISTINCT article) FROM entities WHERE kb = ?) WHERE id = ?",
        [(i, i) for i in ids],
    )


# -- reading -------------------------------------------------------------------


def find(conn: sqlite3.Connection, query: str | None = None, *, etype: str | None = None,
         limit: int = 50, offset: int = 0, min_confidence: float | None = MIN_CONFIDENCE) -> list[dict[str, Any]]:
    """Entities whose name or an alias contains ``query``; most-mentioned first. Entities whose
    confidence is below ``min_confidence`` are left out (``None`` or 0 lists them all)."""
    sql = "SELECT id, name, type, qid, articles, confidence FROM kb_entities k WHERE articles > 0"
    args: list[Any] = []
    if min_confidence:
        sql += " AND coalesce(confidence, 1) >= ?"
        args.append(min_confidence)
    if query and norm(query):
        sql += " AND id IN (SELECT entity FROM kb_names WHERE norm LIKE ? ESCAPE '\\')"
        args.append(like(norm(query)))
    if etype:
        sql += " AND type = ?"
        args.append(etype)
    sql += " ORDER BY articles DESC, name LIMIT ? OFFSET ?"
    return [dict(r) for r in conn.execute(sql, (*args, limit, offset))]


def detail(conn: sqlite3.Connection, entity_id: str) -> dict[str, Any] | None:
    """One entity with names, roles over time, co-mentioned entities and its latest articles."""
    canonical = resolve_id(conn, entity_id)
    row = conn.execute(
        "SELECT id, name, type, qid, origin, articles, confidence FROM kb_entities WHERE id = ?", (canonical,)
    )
    row = row.fetchone()
    if row is None:
        return None
    out = dict(row)
    if canonical != entity_id:
        out["redirected_from"] = entity_id
    out["aliases"] = [
        r[0] for r in conn.execute(
            "SELECT name FROM kb_names WHERE entity = ? AND norm NOT LIKE 'geo:%' ORDER BY match DESC, name", (canonical,)
        )
        if r[0] != row["name"]
    ]
    out["roles"] = _roles(conn, canonical)
    # counted per KB id from the (article, kb) index, names joined to the groups, not to each of the
    # ~3,500 mentions in 500 articles of a frequent entity
    out["co_mentioned"] = [
        dict(r) for r in conn.execute(
            "WITH arts AS (SELECT article FROM entities WHERE kb = ?1 ORDER BY article DESC LIMIT 500),"
            " counts AS (SELECT e.kb, count(DISTINCT e.article) AS articles FROM arts JOIN entities e"
            " ON e.article = arts.article WHERE e.kb != ?1 GROUP BY e.kb)"
            " SELECT k.id, k.name, k.type, c.articles FROM counts c JOIN kb_entities k ON k.id = c.kb"
            " ORDER BY c.articles DESC, k.name LIMIT 20",
            (canonical,),
        )
    ]
    # an entity in thousands of articles: walk the articles by date until 50 mention it (0.4 ms on 100,000
    # articles, where sorting its 25,000 took 130-300 ms); a rarer one: sort its few articles
    mentions = conn.execute("SELECT count(*) FROM entities WHERE kb = ?", (canonical,)).fetchone()[0]
    where = ("EXISTS (SELECT 1 FROM entities e WHERE e.kb = ? AND e.article = a.rowid)" if mentions > 2000
             else "a.rowid IN (SELECT article FROM entities WHERE kb = ?)")
    out["articles_list"] = [
        dict(r) for r in conn.execute(
            f"SELECT a.id, a.title, a.date FROM articles a WHERE {where} ORDER BY a.date DESC, a.rowid DESC LIMIT 50",
            (canonical,),
        )
    ]
    return out


def _roles(conn: sqlite3.Connection, entity_id: str) -> list[dict[str, Any]]:
    """Roles over time: each role with the first and last date seen and its first 10 pieces of evidence.

    Each role read apart from the ``(entity, role, date, article)`` index: its names by a skip over the
    index, its evidence as the first 10 rows in date order, its last date as one probe. Reading the
    entity's rows in date order and keeping 10 per role read up to 1,000 rows for a frequent person
    (6 ms), and gave as ``last`` the date of the 1,000th row when there were more."""
    names = [r[0] for r in conn.execute(
        "WITH RECURSIVE r(role) AS (SELECT min(role) FROM kb_roles WHERE entity = ?"
        " UNION ALL SELECT (SELECT min(role) FROM kb_roles WHERE entity = ? AND role > r.role) FROM r"
        " WHERE r.role IS NOT NULL) SELECT role FROM r WHERE role IS NOT NULL",
        (entity_id, entity_id),
    )]
    roles = []
    for name in names:
        evidence = [dict(r) for r in conn.execute(
            "SELECT a.id AS article, r.date, r.text, r.start, r.end FROM kb_roles r JOIN articles a ON a.rowid = r.article"
            " WHERE r.entity = ? AND r.role = ? ORDER BY r.date, r.article LIMIT 10",
            (entity_id, name),
        )]
        last = conn.execute("SELECT max(date) FROM kb_roles WHERE entity = ? AND role = ?", (entity_id, name)).fetchone()[0]
        roles.append({"role": name, "first": evidence[0]["date"], "last": last or evidence[0]["date"],
                      "evidence": evidence})
    return sorted(roles, key=lambda r: (r["first"] or "", r["role"]))


def decisions(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute("SELECT * FROM kb_decisions ORDER BY rowid")]


def like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with LIKE's wildcards escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
