"""Full-text search in each backend's own terms: FTS5 on SQLite, tsvector on PostgreSQL.

Everything else the store asks is the same SQL on both (:mod:`chronik.store.postgres`
translates it); matching, ranking and highlighting are not, so they live here. Both read
the user's words the same way (:func:`words`): every word required, a quoted word or
``Zwei-Prozent-Ziel`` one phrase, a trailing ``*`` a prefix, no operators. Scores sort
ascending (best first) on both; matches are marked with ``\\x02``/``\\x03``.
"""

from __future__ import annotations

from typing import Any

_CONTROL = dict.fromkeys(range(32), " ")  # FTS5 rejects a NUL inside a phrase


def words(text: str) -> list[tuple[str, bool]]:
    """The user's words as (word, prefix) pairs: control characters blanked, ``*`` stripped."""
    out = []
    for word in text.translate(_CONTROL).split():
        prefix = word.endswith("*") and len(word) > 1
        word = word.rstrip("*")
        if word.strip('"'):
            out.append((word, prefix))
    return out


def fts_query(text: str) -> str:
    """User words to a safe FTS5 query: every word a quoted phrase, all required.

    ``Zwei-Prozent-Ziel`` stays one phrase; quotes, ``*``, ``-`` and ``OR`` lose any
    operator meaning, so no input can break (or inject into) the query.
    A trailing ``*`` on a word keeps prefix search.
    """
    return " ".join('"' + w.replace('"', '""') + '"' + ("*" if p else "") for w, p in words(text))


class SQLiteSearch:
    """FTS5 (``articles_fts``, ``statements_fts``) with BM25 ranking."""

    # row ids read from the full-text index itself: a sample on them (Store._count) skips the joined rows
    article_rowid = "articles_fts.rowid"
    statement_rowid = "statements_fts.rowid"
    article_snippet = "snippet(articles_fts, 1, char(2), char(3), '…', 16)"
    article_score = "bm25(articles_fts)"
    statement_marked = "highlight(statements_fts, 0, char(2), char(3))"
    statement_score = "bm25(statements_fts)"

    def articles(self, query: str) -> tuple[str, list[Any]]:
        """FROM and WHERE of articles matching ``query`` (alias ``a``)."""
        return (" FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ?",
                [fts_query(query)])

    def statements(self, query: str) -> tuple[str, list[Any]]:
        """FROM and WHERE of statements matching ``query`` (aliases ``s`` and ``a``)."""
        return (" FROM statements_fts JOIN statements s ON s.rowid = statements_fts.rowid"
                " JOIN articles a ON a.rowid = s.article WHERE statements_fts MATCH ?", [fts_query(query)])

    @staticmethod
    def by_date(body: str) -> str | None:
        """``body`` (from :meth:`articles` or :meth:`statements`, filters appended) led by the table instead of
        the full-text index: the matches as a set the rows are tested against, so that a date index can
        give the order. For a common word a page by date is then read from the newest (or oldest) end
        instead of sorting every match."""
        for fts, table in ((" FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid WHERE articles_fts"
                            " MATCH ?", " FROM articles a WHERE a.rowid IN (SELECT rowid FROM articles_fts WHERE"
                            " articles_fts MATCH ?)"),
                           (" FROM statements_fts JOIN statements s ON s.rowid = statements_fts.rowid", " FROM statements s")):
            if body.startswith(fts):
                body = table + body[len(fts):]
                if table == " FROM statements s":
                    body = body.replace(" WHERE statements_fts MATCH ?", " WHERE s.rowid IN (SELECT rowid FROM"
                                        " statements_fts WHERE statements_fts MATCH ?)", 1)
                return body
        return None

    @staticmethod
    def newest(table: str, query: str) -> tuple[str, list[Any]]:
        """The row id of the match of ``query`` in ``table`` that has N newer ones (N: the next argument)."""
        return (f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                [fts_query(query)])

    def statements_naming(self, names: list[str]) -> tuple[str, list[Any]] | None:
        """FROM and WHERE of statements whose text (not speaker) holds one of ``names``."""
        clean = (n.translate(_CONTROL).replace('"', '""') for n in dict.fromkeys(names))
        phrases = " OR ".join(f'"{n}"' for n in clean if n.strip())
        if not phrases:
            return None
        return (" FROM statements_fts JOIN statements s ON s.rowid = statements_fts.rowid"
                " JOIN articles a ON a.rowid = s.article WHERE statements_fts MATCH ?", ["text : (" + phrases + ")"])

    @staticmethod
    def marks(text: str | None) -> str | None:
        return text


# ts_headline's options: the same markers as FTS5's highlight(); a whole statement, a short article passage
_MARKS = "'StartSel=' || chr(2) || ', StopSel=' || chr(3)"


class PostgresSearch:
    """``tsvector`` columns (German configuration) with GIN indexes, ``ts_rank_cd`` ranking, ``ts_headline``.

    The query is computed once in a one-row subquery ``fq`` that the columns refer to.
    """

    article_rowid = "a.rowid"
    statement_rowid = "s.rowid"
    # the passage, then the article's first and last words (to tell whether it needs an ellipsis; see marks)
    article_snippet = (f"ts_headline('german', a.text, fq.q, 'MaxWords=16, MinWords=8, ' || {_MARKS})"
                       " || chr(1) || left(a.text, 60) || chr(1) || right(a.text, 60)")
    article_score = "-ts_rank_cd(a.tsv, fq.q)"
    statement_marked = f"ts_headline('german', s.text, fq.q, 'HighlightAll=true, ' || {_MARKS})"
    statement_score = "-ts_rank_cd(s.tsv, fq.q)"

    @staticmethod
    def tsquery(query: str) -> tuple[str, list[Any]]:
        """Every word required: a phrase (compounds stay whole), or with ``*`` a prefix."""
        parts, args = [], []
        for word, prefix in words(query):
            if prefix:
                parts.append("to_tsquery('german', ?)")
                args.append("'" + word.replace("\\", "\\\\").replace("'", "''") + "':*")
            else:
                parts.append("phraseto_tsquery('german', ?)")
                args.append(word)
        return "(" + " && ".join(parts) + ")", args

    def articles(self, query: str) -> tuple[str, list[Any]]:
        q, args = self.tsquery(query)
        return f" FROM (SELECT {q} AS q) fq JOIN articles a ON a.tsv @@ fq.q WHERE 1=1", args

    def statements(self, query: str) -> tuple[str, list[Any]]:
        q, args = self.tsquery(query)
        return (f" FROM (SELECT {q} AS q) fq JOIN statements s ON s.tsv @@ fq.q"
                " JOIN articles a ON a.rowid = s.article WHERE 1=1", args)

    def statements_naming(self, names: list[str]) -> tuple[str, list[Any]] | None:
        clean = [n.translate(_CONTROL) for n in dict.fromkeys(names)]
        clean = [n for n in clean if n.strip()]
        if not clean:
            return None
        q = "(" + " || ".join("phraseto_tsquery('german', ?)" for _ in clean) + ")"
        # the text's own column and index (``tsv`` holds the speaker too): an index probe, where a match in
        # ``tsv`` had its text parsed again to tell (20-96 ms an entity page on 100,000 articles)
        return (f" FROM (SELECT {q} AS q) fq JOIN statements s ON s.text_tsv @@ fq.q"
                " JOIN articles a ON a.rowid = s.article WHERE 1=1", clean)

    @staticmethod
    def marks(text: str | None) -> str | None:
        """One mark over a compound (ts_headline marks "Zwei", "Prozent" and "Ziel" of "Zwei-Prozent-Ziel"
        apart); an article passage gets "…" where it does not reach the article's start or end, as FTS5's snippet."""
        if not text:
            return text
        text = text.replace("\x03-\x02", "-")
        if text.count("\x01") == 2:
            passage, head, tail = text.split("\x01")
            plain = passage.replace("\x02", "").replace("\x03", "").strip()
            start = head.strip().startswith(plain[:len(head.strip())]) if plain else True
            end = plain.endswith(tail.strip()[-len(plain):]) if plain else True
            text = ("" if start else "…") + passage.strip() + ("" if end else "…")
        return text
