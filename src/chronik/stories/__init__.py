"""Stories across outlets: syndicated copies of one report and one statement with all its sources.

``copies`` finds near-duplicate articles on ingest (MinHash/LSH, state in the store);
``statements`` merges the same statement reported by several articles; ``clusters``
groups articles about the same event into stories. The store
calls :func:`on_store` and :func:`on_delete` inside its per-article transaction.
See docs/stories.md.
"""

from __future__ import annotations

import sqlite3

from ..record import Record
from . import clusters, copies, statements
from .copies import copy_info, groups


def on_store(conn: sqlite3.Connection, rowid: int, record: Record) -> None:
    """After an article and its statements are stored: link its copies and its statements' sources."""
    copies.index_article(conn, rowid, record)
    statements.link_statements(conn, rowid)
    clusters.assign(conn, rowid)


def on_delete(conn: sqlite3.Connection, rowid: int) -> None:
    """Before an article is deleted: hand on what points to it."""
    statements.unlink_article(conn, rowid)
    clusters.remove(conn, rowid)
    copies.unindex_article(conn, rowid)


def rebuild(conn: sqlite3.Connection) -> None:
    """Index every stored article (a database from before migration 5)."""
    copies.rebuild(conn)
    statements.rebuild(conn)
    clusters.rebuild(conn)


__all__ = ["copy_info", "groups", "on_delete", "on_store", "rebuild"]
