"""PostgreSQL full-text search: a generated tsvector column (english configuration) with a
GIN index, ts_rank for ranking and ts_headline for snippets."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, transaction

from ..query import Clause, ParsedQuery
from .base import (
    MARK_END,
    MARK_START,
    Matches,
    Scope,
    SearchEngine,
    SectionHit,
    max_scored_sections,
    safe_snippet,
    scope_check_sql,
)

# ts_rank weights for D (text), C (unused), B (section heading), A (reference, document
# title): a heading match counts most, as in the SQLite engine's bm25 weights. Postgres's
# default (A above B) let a document that names a topic in its title and text outrank the
# section headed with it (the demo's "SAG" query found the sports-ground certificate first).
WEIGHTS = "'{0.1, 0.2, 1.0, 0.5}'"

# Best sections remembered per matched document, for snippets.
SECTIONS_KEPT = 3
# For very common queries: at most this many heading matches are ranked, besides the
# first matches read.
BOUNDED_CANDIDATES = 1500

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
    # ts_rank costs a few microseconds per row read; past this many matching sections only
    # the strongest candidates are ranked (see match_documents).
    max_scored = 2000

    def match_documents(self, query: ParsedQuery, scope: Scope, limit: int) -> Matches:
        """Rank every matching section when there are few enough (the usual case); for a
        query so common that ranking each match would be slow ("incident" matches most of a
        large library), rank the sections whose heading matches and the first matches read,
        and say the list is incomplete."""
        if not query:
            return Matches()
        expression = render(query)
        bound = max_scored_sections(self.max_scored)
        headings = min(bound, BOUNDED_CANDIDATES)
        scope_sql, scope_params = scope_check_sql(scope, "r.document_id")
        # One pass ranks up to bound + 1 matches; if there were no more, those are the
        # candidates. Otherwise (and only then: a one-time filter) the heading matches are
        # ranked too, found through their own small index, alongside that first pass.
        sql = f"""
            WITH q AS (SELECT to_tsquery('english', %s) AS query),
            first AS MATERIALIZED (
                SELECT s.id, s.document_id, ts_rank({WEIGHTS}, s.search_vector, q.query) AS rank
                FROM library_search_indexedsection s, q WHERE s.search_vector @@ q.query
                LIMIT %s
            ),
            found AS (SELECT count(*) <= %s AS complete FROM first),
            m AS MATERIALIZED (
                SELECT * FROM first WHERE (SELECT complete FROM found)
                UNION ALL
                SELECT * FROM (
                    SELECT s.id, s.document_id, ts_rank({WEIGHTS}, s.search_vector, q.query) AS rank
                    FROM (SELECT id FROM library_search_indexedsection
                          WHERE heading_vector @@ to_tsquery('english', %s) LIMIT %s) AS h
                    JOIN library_search_indexedsection s ON s.id = h.id, q
                    UNION
                    SELECT * FROM first
                ) AS bounded WHERE NOT (SELECT complete FROM found)
            ),
            ranked AS MATERIALIZED (
                SELECT m.document_id, m.id, m.rank, row_number() OVER (
                    PARTITION BY m.document_id ORDER BY m.rank DESC, m.id) AS n
                FROM m
            ),
            best AS MATERIALIZED (
                SELECT r.document_id, r.rank FROM ranked r
                WHERE r.n = 1 AND {scope_sql}
                ORDER BY r.rank DESC, r.document_id LIMIT %s
            )
            SELECT r.document_id, r.id, r.rank, b.rank, (SELECT complete FROM found)
            FROM ranked r JOIN best b ON b.document_id = r.document_id
            WHERE r.n <= %s ORDER BY b.rank DESC, b.document_id, r.n
        """  # noqa: S608 - constants, and Django-compiled SQL with parameters
        params = [
            expression, bound + 1, bound, expression, headings,
            *scope_params, limit, SECTIONS_KEPT,
        ]  # fmt: skip
        with transaction.atomic(), connection.cursor() as cursor:
            # With a LIMIT the planner may misjudge a sequential scan as cheaper than the
            # text index (107 ms instead of 11 ms for "cordon" at 100,000 sections).
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return Matches.from_sections(
            ((doc_id, section_id, float(rank)) for doc_id, section_id, rank, _, _ in rows),
            complete=rows[0][4] if rows else True,
        )

    def top_sections(
        self,
        query: ParsedQuery,
        document_ids: Sequence[int],
        per_document: int,
        matches: Matches | None = None,
    ) -> list[SectionHit]:
        if not query or not document_ids:
            return []
        known = matches.sections if matches is not None else {}
        chosen = [
            section_id
            for doc_id in document_ids
            for section_id, _score in known.get(doc_id, [])[:per_document]
        ]
        if chosen and all(doc_id in known for doc_id in document_ids):
            # Ranked already (so known to match): headlines for the chosen sections only,
            # found by primary key; asking the text index again cost 86 ms for "incident".
            where, params = "s.id = ANY(%s)", [chosen]
        else:
            where = "s.search_vector @@ q.query AND s.document_id = ANY(%s)"
            params = [list(document_ids)]
        sql = f"""
            WITH q AS (SELECT to_tsquery('english', %s) AS query),
            ranked AS (
                SELECT s.*, ts_rank({WEIGHTS}, s.search_vector, q.query) AS rank,
                       row_number() OVER (
                           PARTITION BY s.document_id
                           ORDER BY ts_rank({WEIGHTS}, s.search_vector, q.query) DESC, s.position
                       ) AS n
                FROM library_search_indexedsection s, q
                WHERE {where}
            )
            SELECT r.id, r.document_id, r.position, r.anchor, r.number, r.title,
                   ts_headline('english', r.text, q.query, %s), r.rank
            FROM ranked r, q WHERE r.n <= %s ORDER BY r.rank DESC
        """  # noqa: S608 - constants only
        with connection.cursor() as cursor:
            cursor.execute(sql, [render(query), *params, HEADLINE_OPTIONS, per_document])
            rows = cursor.fetchall()
        return [
            SectionHit(
                sid, doc_id, position, anchor, number, title, safe_snippet(snippet), float(rank)
            )  # fmt: skip
            for sid, doc_id, position, anchor, number, title, snippet, rank in rows
        ]

    def rebuild(self, progress=None) -> None:
        # Fresh statistics after a bulk load, so the planner uses the text indexes (where
        # autovacuum is off or slow, stale statistics made one query take 30 seconds).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE library_search_indexedsection")
