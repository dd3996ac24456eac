"""Syndicated and near-duplicate articles: MinHash signatures, LSH bands kept in the store.

An article's text (dateline and credits blanked, title left out) is normalised to
words; its word 5-gram shingles get a datasketch ``MinHash`` (128 permutations).
The signature is cut into LSH bands as datasketch's ``MinHashLSH`` cuts it (its
optimal ``b × r`` for Jaccard 0.3); each band's bytes become one integer key in the
``story_bands`` table. A new article asks SQL for the articles sharing any key — no
rescan, one indexed lookup per band — and confirms each candidate by the overlap the
two signatures estimate. Overlap is measured as containment (shared shingles over the
smaller article), so a copy with paragraphs cut, a new lead or a changed credit still
counts.

Copies form a group around one original, the earliest article (by date, then by
arrival); ``story_copies`` maps each copy to it, and re-points the group when an
earlier copy arrives later or the original is deleted. A new article joins the group
of its best match only: groups are not merged through it.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..analyse.dateline import mask
from ..record import Record

NUM_PERM = 128
SHINGLE = 5  # words per shingle
LSH_THRESHOLD = 0.3  # Jaccard at which datasketch's b × r candidate filter is tuned
# Containment (shared shingles / shingles of the smaller article) from which a candidate is
# a copy; chosen on the tuning half of the constructed set (eval/stories.py, docs/stories.md).
COPY_CONTAINMENT = 0.5
MERGE_JACCARD = 0.3  # an article unites two groups only if it resembles both originals this much
MIN_SHINGLES = 10  # shorter texts say too little to be told apart


@lru_cache(maxsize=1)
def _lsh_ranges() -> tuple[tuple[int, int], ...]:
    return tuple(MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM).hashranges)


SCHEME = "affine32"  # datasketch 2's 32-bit scheme; stored signatures depend on it (and on seed 1)


@lru_cache(maxsize=1)
def _permutations() -> np.ndarray:
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations


def words(text: str) -> list[str]:
    """Normalised words: NFKC, case-folded, umlauts and ß spelled out, punctuation dropped."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return re.findall(r"\w+", text)


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """Word k-grams of ``text`` (as bytes, for the MinHash)."""
    w = words(text)
    if len(w) < k:
        return {" ".join(w).encode()} if w else set()
    return {" ".join(w[i : i + k]).encode() for i in range(len(w) - k + 1)}


def record_text(record: Record) -> str:
    """What copies are compared on: the text with dateline and credits blanked."""
    return mask(record.text, [(c.start, c.end) for c in record.credits])


def signature(shingle_set: Iterable[bytes]) -> np.ndarray:
    """The MinHash signature (uint32 × NUM_PERM) of a shingle set."""
    m = MinHash(num_perm=NUM_PERM, permutations=_permutations(), scheme=SCHEME)
    m.update_batch(list(shingle_set))
    return m.hashvalues.astype(np.uint32)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per LSH band (band index and band values hashed together)."""
    keys = []
    for i, (start, end) in enumerate(_lsh_ranges()):
        # datasketch's MinHashLSH keys a band by the byte-swapped bytes of its hash values
        band = sig[start:end].astype(np.uint64).byteswap().tobytes()
        digest = hashlib.blake2b(band, digest_size=8, person=i.to_bytes(2, "big")).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def estimate(sig_a: np.ndarray, n_a: int, sig_b: np.ndarray, n_b: int) -> tuple[float, float]:
    """(Jaccard, containment) of two shingle sets, estimated from their signatures and sizes."""
    j = float(np.mean(sig_a == sig_b))
    shared = j * (n_a + n_b) / (1 + j)
    return j, min(1.0, shared / max(1, min(n_a, n_b)))


# -- store side ----------------------------------------------------------------------


def index_article(conn: sqlite3.Connection, rowid: int, record: Record) -> int | None:
    """Index one stored article and link it to the report it copies; returns the original's rowid."""
    sh = shingles(record_text(record))
    if len(sh) < MIN_SHINGLES:
        return None
    sig = signature(sh)
    keys = band_keys(sig)
    matches = _matches(conn, rowid, sig, len(sh), keys)
    conn.execute(
        "INSERT OR REPLACE INTO story_minhash (article, shingles, signature) VALUES (?, ?, ?)",
        (rowid, len(sh), sig.tobytes()),
    )
    conn.executemany("INSERT OR IGNORE INTO story_bands (key, article) VALUES (?, ?)", [(k, rowid) for k in keys])
    if not matches:
        return None
    return _join(conn, rowid, matches)


def candidates(conn: sqlite3.Connection, rowid: int, keys: list[int]) -> list[tuple[int, int, bytes]]:
    """(article, shingle count, signature) of every other stored article sharing an LSH band key."""
    marks = ",".join("?" * len(keys))
    return conn.execute(
        f"SELECT m.article, m.shingles, m.signature FROM story_minhash m WHERE m.article IN"
        f" (SELECT DISTINCT article FROM story_bands WHERE key IN ({marks})) AND m.article != ?",
        (*keys, rowid),
    ).fetchall()


def _matches(conn, rowid: int, sig: np.ndarray, n: int, keys: list[int]) -> dict[int, tuple[float, float]]:
    """Stored articles sharing a band key whose estimated containment passes: rowid → (Jaccard, containment)."""
    out = {}
    for art, n_other, blob in candidates(conn, rowid, keys):
        j, contained = estimate(sig, n, np.frombuffer(blob, dtype=np.uint32), n_other)
        if contained >= COPY_CONTAINMENT:
            out[art] = (j, contained)
    return out


def _order(conn, rowids: Iterable[int]) -> list[int]:
    """Rowids earliest first: by date (undated last), then by arrival."""
    ids = list(dict.fromkeys(rowids))
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        f"SELECT rowid FROM articles WHERE rowid IN ({marks}) ORDER BY date IS NULL, date, rowid", ids
    ).fetchall()
    return [r[0] for r in rows]


def _root(conn, rowid: int) -> int:
    row = conn.execute("SELECT original FROM story_copies WHERE article = ?", (rowid,)).fetchone()
    return row[0] if row else rowid


def _join(conn, rowid: int, matches: dict[int, tuple[float, float]]) -> int:
    """Join the group of the best match; merge another group only if this article also
    resembles that group's original as a whole (Jaccard ≥ MERGE_JACCARD). A local article
    that adds one paragraph of a second report must not chain two reports into one group;
    an original arriving after two partial copies must unite them."""
    # Only groups whose original itself is matched: a copy of a copy that no longer
    # resembles the original (cut, other paragraphs added) does not drag its group along.
    best = {m: c for m, (_, c) in matches.items() if _root(conn, m) == m}
    if not best:
        return rowid
    first = max(best, key=lambda r: (best[r], -r))
    roots = [first] + [r for r in best if r != first and matches.get(r, (0.0, 0.0))[0] >= MERGE_JACCARD]
    original = _order(conn, [*roots, rowid])[0]
    for root in roots:
        if root == original:
            continue
        conn.execute("UPDATE story_copies SET original = ? WHERE original = ?", (original, root))
        conn.execute(
            "INSERT OR REPLACE INTO story_copies (article, original, containment) VALUES (?, ?, ?)",
            (root, original, matches[root][1] if root in matches else None),
        )
    if rowid != original:
        conn.execute(
            "INSERT OR REPLACE INTO story_copies (article, original, containment) VALUES (?, ?, ?)",
            (rowid, original, best[first]),
        )
    return original


def unindex_article(conn: sqlite3.Connection, rowid: int) -> None:
    """Forget an article; if it was an original, its earliest copy becomes the group's original."""
    conn.execute("DELETE FROM story_bands WHERE article = ?", (rowid,))
    conn.execute("DELETE FROM story_minhash WHERE article = ?", (rowid,))
    conn.execute("DELETE FROM story_copies WHERE article = ?", (rowid,))
    copies = [r[0] for r in conn.execute("SELECT article FROM story_copies WHERE original = ?", (rowid,))]
    if copies:
        heir = _order(conn, copies)[0]
        conn.execute("DELETE FROM story_copies WHERE article = ?", (heir,))
        conn.execute("UPDATE story_copies SET original = ? WHERE original = ?", (heir, rowid))


def rebuild(conn: sqlite3.Connection) -> None:
    """Index every stored article (a database from before this table existed)."""
    for table in ("story_bands", "story_minhash", "story_copies"):
        conn.execute(f"DELETE FROM {table}")
    for rowid, raw in conn.execute("SELECT rowid, record FROM articles ORDER BY rowid").fetchall():
        index_article(conn, rowid, Record.model_validate_json(raw))


def copy_info(conn: sqlite3.Connection, article_id: str) -> dict[str, Any] | None:
    """For one article: the original it copies (or None) and the other members of its group."""
    row = conn.execute("SELECT rowid FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    root = _root(conn, row[0])
    members = conn.execute(
        "SELECT a.id, a.title, a.date, a.source, a.url, c.containment FROM articles a"
        " LEFT JOIN story_copies c ON c.article = a.rowid"
        " WHERE a.rowid = ? OR c.original = ? ORDER BY a.date IS NULL, a.date, a.rowid",
        (root, root),
    ).fetchall()
    original = conn.execute("SELECT id FROM articles WHERE rowid = ?", (root,)).fetchone()[0]
    return {
        "article": article_id,
        "copy_of": original if original != article_id else None,
        "original": original,
        "group": [dict(m) | {"original": m["id"] == original} for m in members],
    }


def groups(conn: sqlite3.Connection, *, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    """Groups of copies, largest first: the original's id and every copy's id."""
    rows = conn.execute(
        "SELECT o.id AS original, group_concat(a.id, char(31)) AS copies, count(*) AS n FROM story_copies c"
        " JOIN articles o ON o.rowid = c.original JOIN articles a ON a.rowid = c.article"
        " GROUP BY c.original, o.id, o.date ORDER BY n DESC, o.date LIMIT ? OFFSET ?",
        (limit, offset),
    ).fetchall()
    return [{"original": r["original"], "copies": r["copies"].split(chr(31))} for r in rows]
