"""SQLite FTS5: porter-stemmed unicode61 tokens, bm25 ranking and snippet()."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from ..query import Clause, ParsedQuery
from .base import MARK_END, MARK_START, Scope, SearchEngine, SectionHit, safe_snippet

# bm25 column weights: reference, document title, section title, text.
WEIGHTS = "10.0, 4.0, 5.0, 1.0"


def _phrase(phrase: tuple[str, ...]) -> str:
    return '"' + " ".join(word.replace('"', "") for word in phrase) + '"'


def _clause(clause: Clause) -> str:
    if len(clause) == 1:
        return _phrase(clause[0])
    return "(" + " OR ".join(_phrase(phrase) for phrase in clause) + ")"


def render(query: ParsedQuery) -> str:
    """FTS5 MATCH syntax: every word quoted, so user input is never FTS5 syntax."""
    joiner = " OR " if query.match_any else " AND "
    return joiner.join(_clause(clause) for clause in query.clauses)


class SqliteEngine(SearchEngine):
    name = "sqlite"
    label = "SQLite FTS5"

    def match_documents(
        self, query: ParsedQuery, scope: Scope, limit: int
    ) -> list[tuple[int, float]]:
        if not query:
            return []
        sub_sql, sub_params = scope.documents.order_by().values("pk").query.sql_with_params()
        sql = f"""
            WITH m AS MATERIALIZED (
                SELECT rowid AS id, bm25(library_search_fts, {WEIGHTS}) AS rank
                FROM library_search_fts WHERE library_search_fts MATCH %s
            )
            SELECT s.document_id, MIN(m.rank) AS best
            FROM m JOIN library_search_indexedsection s ON s.id = m.id
            WHERE s.document_id IN ({sub_sql})
            GROUP BY s.document_id ORDER BY best, s.document_id LIMIT %s
        """  # noqa: S608 - the subquery is Django-compiled SQL with parameters
        with connection.cursor() as cursor:
            cursor.execute(sql, [render(query), *sub_params, limit])
            return [(doc_id, -rank) for doc_id, rank in cursor.fetchall()]

    def top_sections(
        self, query: ParsedQuery, document_ids: Sequence[int], per_document: int
    ) -> list[SectionHit]:
        if not query or not document_ids:
            return []
        placeholders = ", ".join(["%s"] * len(document_ids))
        hits: list[SectionHit] = []
        with connection.cursor() as cursor:
            # A document's sections are written together, so their ids form a range; FTS5
            # answers MATCH + rowid range cheaply, where MATCH + rowid IN (...) would compute
            # snippets for every matching section in the library.
            cursor.execute(
                f"""SELECT document_id, MIN(id), MAX(id) FROM library_search_indexedsection
                    WHERE document_id IN ({placeholders}) GROUP BY document_id""",  # noqa: S608
                list(document_ids),
            )
            ranges = cursor.fetchall()
            expression = render(query)
            for doc_id, low, high in ranges:
                cursor.execute(
                    f"""
                    WITH m AS MATERIALIZED (
                        SELECT rowid AS id,
                               snippet(library_search_fts, 3, %s, %s, '…', 28) AS snippet,
                               bm25(library_search_fts, {WEIGHTS}) AS rank
                        FROM library_search_fts
                        WHERE library_search_fts MATCH %s AND rowid BETWEEN %s AND %s
                    )
                    SELECT s.id, s.position, s.anchor, s.number, s.title, m.snippet, m.rank
                    FROM m JOIN library_search_indexedsection s ON s.id = m.id
                    WHERE s.document_id = %s
                    ORDER BY m.rank, s.position LIMIT %s
                    """,  # noqa: S608 - constants only
                    [MARK_START, MARK_END, expression, low, high, doc_id, per_document],
                )
                for sid, position, anchor, number, title, snippet, rank in cursor.fetchall():
                    hits.append(
                        SectionHit(
                            sid,
                            doc_id,
                            position,
                            anchor,
                            number,
                            title,
                            safe_snippet(snippet),
                            -rank,
                        )  # fmt: skip
                    )
        return hits

    def rebuild(self, progress=None) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO library_search_fts(library_search_fts) VALUES ('rebuild')")
            cursor.execute("INSERT INTO library_search_fts(library_search_fts) VALUES ('optimize')")
