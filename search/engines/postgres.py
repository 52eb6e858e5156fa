"""PostgreSQL full-text search: a generated tsvector column (english configuration) with a
GIN index, ts_rank for ranking and ts_headline for snippets."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from ..query import Clause, ParsedQuery
from .base import MARK_END, MARK_START, Scope, SearchEngine, SectionHit, safe_snippet

HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=40, MinWords=15, "
    'ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "'
)


def _phrase(phrase: tuple[str, ...]) -> str:
    # Words are letters and digits only (see query.WORD_RE), quoted as tsquery lexemes.
    return "(" + " <-> ".join(f"'{word}'" for word in phrase) + ")"


def _clause(clause: Clause) -> str:
    return "(" + " | ".join(_phrase(phrase) for phrase in clause) + ")"


def render(query: ParsedQuery) -> str:
    """Text for to_tsquery('english', ...): stems and drops stop words like the index does."""
    joiner = " | " if query.match_any else " & "
    return joiner.join(_clause(clause) for clause in query.clauses)


class PostgresEngine(SearchEngine):
    name = "postgresql"
    label = "PostgreSQL full-text"

    def match_documents(
        self, query: ParsedQuery, scope: Scope, limit: int
    ) -> list[tuple[int, float]]:
        if not query:
            return []
        sub_sql, sub_params = scope.documents.order_by().values("pk").query.sql_with_params()
        sql = f"""
            WITH q AS (SELECT to_tsquery('english', %s) AS query)
            SELECT s.document_id, MAX(ts_rank(s.search_vector, q.query)) AS rank
            FROM library_search_indexedsection s, q
            WHERE s.search_vector @@ q.query AND s.document_id IN ({sub_sql})
            GROUP BY s.document_id ORDER BY rank DESC, s.document_id LIMIT %s
        """  # noqa: S608 - the subquery is Django-compiled SQL with parameters
        with connection.cursor() as cursor:
            cursor.execute(sql, [render(query), *sub_params, limit])
            return [(doc_id, float(rank)) for doc_id, rank in cursor.fetchall()]

    def top_sections(
        self, query: ParsedQuery, document_ids: Sequence[int], per_document: int
    ) -> list[SectionHit]:
        if not query or not document_ids:
            return []
        sql = """
            WITH q AS (SELECT to_tsquery('english', %s) AS query),
            ranked AS (
                SELECT s.*, ts_rank(s.search_vector, q.query) AS rank,
                       row_number() OVER (PARTITION BY s.document_id
                           ORDER BY ts_rank(s.search_vector, q.query) DESC, s.position) AS n
                FROM library_search_indexedsection s, q
                WHERE s.search_vector @@ q.query AND s.document_id = ANY(%s)
            )
            SELECT r.id, r.document_id, r.position, r.anchor, r.number, r.title,
                   ts_headline('english', r.text, q.query, %s), r.rank
            FROM ranked r, q WHERE r.n <= %s ORDER BY r.rank DESC
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [render(query), list(document_ids), HEADLINE_OPTIONS, per_document])
            rows = cursor.fetchall()
        return [
            SectionHit(
                sid, doc_id, position, anchor, number, title, safe_snippet(snippet), float(rank)
            )  # fmt: skip
            for sid, doc_id, position, anchor, number, title, snippet, rank in rows
        ]
