"""SQLite FTS5: porter-stemmed unicode61 tokens, bm25 ranking and snippet()."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from ..query import Clause, ParsedQuery
from .base import (
    MARK_END,
    MARK_START,
    SECTIONS_PER_DOCUMENT,
    Matches,
    Scope,
    SearchEngine,
    SectionHit,
    max_scored_sections,
    safe_snippet,
    scope_check_sql,
)

# bm25 column weights: reference, document title, section title, text.
WEIGHTS = "10.0, 4.0, 5.0, 1.0"
# For very common queries: at most this many candidates are ranked, three quarters
# heading matches and the rest the most recently indexed matches.
BOUNDED_CANDIDATES = 2000


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


def headings_only(expression: str) -> str:
    """The same FTS5 expression, matched against section headings only."""
    return "{title} : (" + expression + ")"


class SqliteEngine(SearchEngine):
    name = "sqlite"
    label = "SQLite FTS5"
    # bm25 costs a few microseconds per row; past this many matching sections only the
    # strongest candidates are ranked (see match_documents).
    max_scored = 2000

    def match_documents(self, query: ParsedQuery, scope: Scope, limit: int) -> Matches:
        """Rank every matching section when there are few enough (the usual case); for a
        query so common that ranking each match would be slow (bm25 costs microseconds per
        row; "incident" matches most of a large library), rank the sections whose heading
        matches and the most recently indexed matches, and say the list is incomplete."""
        if not query:
            return Matches()
        expression = render(query)
        bound = max_scored_sections(self.max_scored)
        headings = min(bound, BOUNDED_CANDIDATES) * 3 // 4
        recent = min(bound, BOUNDED_CANDIDATES) - headings
        scope_sql, scope_params = scope_check_sql(scope, "s.document_id")
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT count(*) FROM (SELECT rowid FROM library_search_fts
                   WHERE library_search_fts MATCH %s LIMIT %s)""",
                [expression, bound + 1],
            )
            complete = cursor.fetchone()[0] <= bound
            if complete:
                candidates = f"""
                    SELECT rowid AS id, bm25(library_search_fts, {WEIGHTS}) AS rank
                    FROM library_search_fts WHERE library_search_fts MATCH %s"""  # noqa: S608
                candidate_params = [expression]
            else:
                candidates = f"""
                    SELECT * FROM (
                        SELECT rowid AS id, bm25(library_search_fts, {WEIGHTS}) AS rank
                        FROM library_search_fts WHERE library_search_fts MATCH %s
                        ORDER BY rowid DESC LIMIT %s)
                    UNION ALL
                    SELECT * FROM (
                        SELECT rowid AS id, bm25(library_search_fts, {WEIGHTS}) AS rank
                        FROM library_search_fts WHERE library_search_fts MATCH %s
                        ORDER BY rowid DESC LIMIT %s)"""  # noqa: S608 - constants only
                candidate_params = [
                    headings_only(expression),
                    headings,
                    expression,
                    recent,
                ]
            # Each document's best sections come back with it, ranked by the same bm25 call:
            # ranking them again for snippets would make FTS5 re-read every matching row to
            # compute its word statistics once per document shown.
            sql = f"""
                WITH m AS MATERIALIZED ({candidates}),
                ranked AS MATERIALIZED (
                    SELECT s.document_id, m.id, m.rank, row_number() OVER (
                        PARTITION BY s.document_id ORDER BY m.rank, m.id) AS n
                    -- A section found both by heading and as recent counts once, at its best.
                    FROM (SELECT id, MIN(rank) AS rank FROM m GROUP BY id) AS m
                    JOIN library_search_indexedsection s ON s.id = m.id
                ),
                best AS MATERIALIZED (
                    SELECT s.document_id, s.rank FROM ranked s
                    WHERE s.n = 1 AND {scope_sql}
                    ORDER BY s.rank, s.document_id LIMIT %s
                )
                SELECT r.document_id, r.id, r.rank,
                       (SELECT b.rank FROM best b WHERE b.document_id = r.document_id) AS best
                FROM ranked r
                WHERE r.n <= %s AND r.document_id IN (SELECT document_id FROM best)
                ORDER BY best, r.document_id, r.n
            """  # noqa: S608 - constants, and Django-compiled SQL with parameters
            cursor.execute(sql, [*candidate_params, *scope_params, limit, SECTIONS_PER_DOCUMENT])
            rows = cursor.fetchall()
        # bm25: lower is better; scores here: higher is better.
        return Matches.from_sections(
            ((doc_id, section_id, -rank) for doc_id, section_id, rank, _best in rows), complete
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
        hits: list[SectionHit] = []
        expression = render(query)
        with connection.cursor() as cursor:
            # A document's sections are written together, so their ids form a range; FTS5
            # answers MATCH + rowid range cheaply, where MATCH + rowid IN (...) would compute
            # snippets for every matching section in the library.
            placeholders = ", ".join(["%s"] * len(document_ids))
            cursor.execute(
                f"""SELECT document_id, MIN(id), MAX(id) FROM library_search_indexedsection
                    WHERE document_id IN ({placeholders}) GROUP BY document_id""",  # noqa: S608
                list(document_ids),
            )
            for doc_id, low, high in cursor.fetchall():
                ranked = known.get(doc_id, [])[:per_document]
                if ranked:
                    scores = dict(ranked)
                    wanted = ", ".join(str(int(section_id)) for section_id in scores)
                    rank_sql, keep_sql = "0", f"AND rowid IN ({wanted})"
                else:
                    scores = None
                    rank_sql, keep_sql = f"bm25(library_search_fts, {WEIGHTS})", ""
                cursor.execute(
                    f"""
                    WITH m AS MATERIALIZED (
                        SELECT rowid AS id,
                               snippet(library_search_fts, 3, %s, %s, '…', 28) AS snippet,
                               {rank_sql} AS rank
                        FROM library_search_fts
                        WHERE library_search_fts MATCH %s AND rowid BETWEEN %s AND %s
                        {keep_sql}
                    )
                    SELECT s.id, s.position, s.anchor, s.number, s.title, m.snippet, m.rank
                    FROM m JOIN library_search_indexedsection s ON s.id = m.id
                    WHERE s.document_id = %s
                    """,  # noqa: S608 - constants and integers only
                    [MARK_START, MARK_END, expression, low, high, doc_id],
                )
                found = []
                for sid, position, anchor, number, title, snippet, rank in cursor.fetchall():
                    score = scores[sid] if scores is not None else -rank
                    found.append(
                        SectionHit(
                            sid,
                            doc_id,
                            position,
                            anchor,
                            number,
                            title,
                            safe_snippet(snippet),
                            score,
                        )  # fmt: skip
                    )
                found.sort(key=lambda hit: (-hit.score, hit.position))
                hits += found[:per_document]
        return hits

    def rebuild(self, progress=None) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO library_search_fts(library_search_fts) VALUES ('rebuild')")
            cursor.execute("INSERT INTO library_search_fts(library_search_fts) VALUES ('optimize')")
