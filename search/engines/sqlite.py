"""SQLite FTS5: porter-stemmed unicode61 tokens, bm25 ranking and snippet()."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence

from django.db import connection

from ..query import ANSWER_SHARE, Clause, ParsedQuery
from .base import (
    COVERAGE_RANK_SHARE,
    MARK_END,
    MARK_START,
    SECTIONS_PER_DOCUMENT,
    Matches,
    Scope,
    SearchEngine,
    SectionHit,
    combinations,
    known_sections,
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
        matches and the most recently indexed matches, and say the list is incomplete.

        A query with glossary alternatives is ranked once per combination of alternatives and
        each section keeps its best (bm25 would add the alternatives up). A query ranked by
        coverage (`match_any`) scores each section by the share of the clauses' weight it
        holds, its bm25 breaking near-ties (see COVERAGE_RANK_SHARE)."""
        if not query:
            return Matches()
        weights = list(query.clause_weights())
        candidates_query = query
        if query.match_any:
            # Common clauses bring in no candidates (see search.terms.COMMON_SECTIONS).
            rare = [i for i, weight in enumerate(weights) if weight > 0]
            if not rare:
                rare, weights = list(range(len(weights))), [1.0] * len(weights)
            candidates_query = dataclasses.replace(
                query, clauses=tuple(query.clauses[i] for i in rare)
            )
        expression = render(candidates_query)
        bound = max_scored_sections(self.max_scored)
        headings = min(bound, BOUNDED_CANDIDATES) * 3 // 4
        recent = min(bound, BOUNDED_CANDIDATES) - headings
        scope_sql, scope_params = scope_check_sql(scope, "s.document_id")
        rank_sql = f"bm25(library_search_fts, {WEIGHTS})"
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT count(*) FROM (SELECT rowid FROM library_search_fts
                   WHERE library_search_fts MATCH %s LIMIT %s)""",
                [expression, bound + 1],
            )
            complete = cursor.fetchone()[0] <= bound
            if complete:
                # The whole expression ranks documents (kind 0); each combination of
                # alternatives (kind 1) orders a document's sections by their best
                # alternative. Ranking documents by their best alternative too lost four
                # relevance cases (RVP, rendezvous point, silver command, BA wearers): the
                # document that spells out the term and uses it is the one that explains it.
                combos = [
                    render(dataclasses.replace(candidates_query, clauses=combo))
                    for combo in combinations(candidates_query)
                ]
                combos = [combo for combo in combos if combo != expression]
                candidates = " UNION ALL ".join(
                    [
                        f"""SELECT rowid AS id, {rank_sql} AS rank, {kind} AS kind
                        FROM library_search_fts WHERE library_search_fts MATCH %s"""  # noqa: S608
                        for kind in [0] + [1] * len(combos)
                    ]
                )
                candidate_params: list[str | int] = [expression, *combos]
            else:
                candidates = f"""
                    SELECT * FROM (
                        SELECT rowid AS id, {rank_sql} AS rank, 0 AS kind
                        FROM library_search_fts WHERE library_search_fts MATCH %s
                        ORDER BY rowid DESC LIMIT %s)
                    UNION ALL
                    SELECT * FROM (
                        SELECT rowid AS id, {rank_sql} AS rank, 0 AS kind
                        FROM library_search_fts WHERE library_search_fts MATCH %s
                        ORDER BY rowid DESC LIMIT %s)"""  # noqa: S608 - constants only
                candidate_params = [headings_only(expression), headings, expression, recent]
            clause_ctes, clause_params, coverage = "", [], "1.0"
            if query.match_any:
                total = sum(weights) or 1.0
                parts = []
                for i, (clause, weight) in enumerate(zip(query.clauses, weights, strict=True)):
                    if weight <= 0:
                        continue
                    clause_ctes += f""",
                    c{i} AS MATERIALIZED (SELECT rowid AS id FROM library_search_fts
                                         WHERE library_search_fts MATCH %s)"""  # noqa: S608
                    clause_params.append(_clause(clause))
                    parts.append(f"{weight / total:.6f} * (m.id IN (SELECT id FROM c{i}))")  # noqa: S608
                coverage = "ROUND(" + " + ".join(parts) + ", 4)"
                # Lower is better, as bm25: the share covered, then bm25 relative to the best.
                score = f"-(cov + {COVERAGE_RANK_SHARE} * rank / (SELECT MIN(rank) FROM m))"  # noqa: S608
            else:
                score = "rank"
            answers = "0"
            if query.answer:
                # Sections stating an answer of the kind asked (ParsedQuery.answer).
                clause_ctes += """,
                    a AS MATERIALIZED (SELECT rowid AS id FROM library_search_fts
                                       WHERE library_search_fts MATCH %s)"""
                clause_params.append(_clause(query.answer))
                answers = "(m.id IN (SELECT id FROM a))"
            # Each document's best sections come back with it, ranked by the same bm25 call:
            # ranking them again for snippets would make FTS5 re-read every matching row to
            # compute its word statistics once per document shown. Within a document, body
            # sections come before the summary (the summary is the document's context, shown
            # with the result, not the answer: it holds the acronym and its expansion, so it
            # covered as much as the section that answers), then by what they cover.
            sql = f"""
                WITH m0 AS MATERIALIZED ({candidates}),
                -- A section found twice (by heading and as recent) counts once, at its best.
                -- best_rank orders a document's sections: with glossary alternatives, its
                -- best combination's rank (kind 1), never the whole expression's, which adds
                -- the alternatives up.
                m AS MATERIALIZED (
                    SELECT id, MIN(CASE WHEN kind = 0 THEN rank END) AS rank,
                           COALESCE(MIN(CASE WHEN kind = 1 THEN rank END),
                                    MIN(rank)) AS best_rank
                    FROM m0 GROUP BY id HAVING MIN(kind) = 0)
                {clause_ctes},
                covered0 AS MATERIALIZED (
                    SELECT s.document_id, m.id, s.position, m.rank, m.best_rank,
                           {coverage} AS cov, {answers} AS answers
                    FROM m JOIN library_search_indexedsection s ON s.id = m.id
                ),
                covered AS MATERIALIZED (
                    SELECT *, answers AND cov >= {ANSWER_SHARE} * MAX(cov) OVER (
                        PARTITION BY document_id) AS answering
                    FROM covered0
                ),
                ranked AS MATERIALIZED (
                    SELECT document_id, id, cov, {score} AS score, row_number() OVER (
                        PARTITION BY document_id
                        ORDER BY position = 0, answering DESC, cov DESC, best_rank, id) AS n
                    FROM covered
                ),
                -- The best documents first, each checked against the scope in that order
                -- until enough are found (not every matched document checked, then sorted).
                best AS MATERIALIZED (
                    SELECT s.document_id, s.score FROM (
                        SELECT document_id, MIN(score) AS score FROM ranked GROUP BY document_id
                        ORDER BY score, document_id
                    ) AS s
                    WHERE {scope_sql}
                    LIMIT %s
                )
                SELECT r.document_id, r.id, r.score, r.cov,
                       (SELECT b.score FROM best b WHERE b.document_id = r.document_id) AS best
                FROM ranked r
                WHERE r.n <= %s AND r.document_id IN (SELECT document_id FROM best)
                ORDER BY best, r.document_id, r.n
            """  # noqa: S608 - constants, and Django-compiled SQL with parameters
            cursor.execute(
                sql,
                [
                    *candidate_params, *clause_params, *scope_params, limit,
                    SECTIONS_PER_DOCUMENT,
                ],
            )  # fmt: skip
            rows = cursor.fetchall()
            if not complete:
                complete = not self._more_visible(cursor, expression, rows, scope)
        # bm25: lower is better; scores here: higher is better. A document's score is its
        # best section's, whichever is shown first.
        matches = Matches(complete=complete)
        for doc_id, section_id, score, _cov, best in rows:
            if doc_id not in matches.sections:
                matches.append((doc_id, -best))
                matches.sections[doc_id] = []
            matches.sections[doc_id].append((section_id, -score))
        matches.all_clauses = not query.match_any or any(row[3] >= 0.9999 for row in rows)
        return matches

    @staticmethod
    def _more_visible(cursor, expression: str, rows, scope: Scope) -> bool:
        """Whether a document the searcher may see matches beyond those ranked: "More than
        N" is said only then, so the count never reflects hidden documents."""
        found = sorted({row[0] for row in rows})
        scope_sql, scope_params = scope_check_sql(scope, "s.document_id")
        cursor.execute(
            f"""SELECT 1 FROM library_search_fts f
                JOIN library_search_indexedsection s ON s.id = f.rowid
                WHERE library_search_fts MATCH %s
                AND s.document_id NOT IN (SELECT value FROM json_each(%s))
                AND {scope_sql} LIMIT 1""",  # noqa: S608 - Django-compiled SQL with parameters
            [expression, json.dumps(found), *scope_params],
        )
        return cursor.fetchone() is not None

    def top_sections(
        self,
        query: ParsedQuery,
        document_ids: Sequence[int],
        per_document: int,
        matches: Matches | None = None,
    ) -> list[SectionHit]:
        if not query or not document_ids:
            return []
        known = known_sections(self, query, document_ids, matches)
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
            ranges = cursor.fetchall()
            if not ranges:
                return hits
            # One statement for every listed document (each its own FTS5 scan of its rowid
            # range, materialised so that FTS5 is asked first): twenty round trips cost
            # more than the scans.
            parts, params, wanted_by_doc = [], [], {}
            for n, (doc_id, low, high) in enumerate(ranges):
                ranked = known.get(doc_id, [])[:per_document]
                wanted_by_doc[doc_id] = ranked
                if ranked:
                    wanted = ", ".join(str(int(section_id)) for section_id, _ in ranked)
                    rank_sql, keep_sql = "0", f"AND rowid IN ({wanted})"
                else:
                    rank_sql, keep_sql = f"bm25(library_search_fts, {WEIGHTS})", ""
                parts.append(
                    (
                        f"""m{n} AS MATERIALIZED (
                        SELECT rowid AS id,
                               snippet(library_search_fts, 3, %s, %s, '…', 28) AS snippet,
                               {rank_sql} AS rank
                        FROM library_search_fts
                        WHERE library_search_fts MATCH %s AND rowid BETWEEN %s AND %s
                        {keep_sql})""",  # noqa: S608 - constants and integers only
                        f"""SELECT s.document_id, s.id, s.position, s.anchor, s.number, s.title,
                               m.snippet, m.rank
                        FROM m{n} AS m JOIN library_search_indexedsection s ON s.id = m.id
                        WHERE s.document_id = {int(doc_id)}""",  # noqa: S608 - integers only
                    )
                )
                params += [MARK_START, MARK_END, expression, low, high]
            cursor.execute(
                "WITH " + ",\n".join(cte for cte, _ in parts)
                + "\n" + "\nUNION ALL\n".join(select for _, select in parts),
                params,
            )  # fmt: skip
            found_by_doc: dict[int, list[SectionHit]] = {}
            for doc_id, sid, position, anchor, number, title, snippet, rank in cursor.fetchall():
                scores = dict(wanted_by_doc[doc_id]) if wanted_by_doc[doc_id] else None
                score = scores[sid] if scores is not None else -rank
                found_by_doc.setdefault(doc_id, []).append(
                    SectionHit(
                        sid, doc_id, position, anchor, number, title, safe_snippet(snippet), score
                    )
                )
            for doc_id, _low, _high in ranges:
                found = found_by_doc.get(doc_id, [])
                # Ranked already: the engine's order (see match_documents); else bm25.
                order = {sid: n for n, (sid, _score) in enumerate(wanted_by_doc[doc_id])}
                found.sort(key=lambda hit: (order.get(hit.section_id, 0), -hit.score, hit.position))
                hits += found[:per_document]
        return hits

    def rebuild(self, progress=None) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO library_search_fts(library_search_fts) VALUES ('rebuild')")
            cursor.execute("INSERT INTO library_search_fts(library_search_fts) VALUES ('optimize')")
