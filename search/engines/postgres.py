"""PostgreSQL full-text search: a generated tsvector column (english configuration) with a
GIN index, ts_rank for ranking and ts_headline for snippets."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from django.db import connection, transaction

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

# ts_rank weights for D (text), C (unused), B (section heading), A (reference, document
# title): a heading match counts most, as in the SQLite engine's bm25 weights. Postgres's
# default (A above B) let a document that names a topic in its title and text outrank the
# section headed with it (the demo's "SAG" query found the sports-ground certificate first).
WEIGHTS = "'{0.1, 0.2, 1.0, 0.5}'"

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


def _lexeme(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def _pair_terms(positions: list[tuple[int, str]]) -> str:
    """What a section holding a phrase must hold in the index: the pair lexeme of every two
    adjacent words ('fire servic'), and alone each word without a neighbour (a single word,
    or one beside a stop word). `positions` are the phrase's lexemes as to_tsvector numbers
    them, so stop words leave the same gaps as in the index."""
    at = dict(positions)
    pairs = [p for p in sorted(at) if p + 1 in at]
    paired = set(pairs) | {p + 1 for p in pairs}
    terms = [_lexeme(f"{at[p]} {at[p + 1]}") for p in pairs]
    terms += [_lexeme(at[p]) for p in sorted(at) if p not in paired]
    return "(" + " & ".join(terms) + ")" if terms else ""


def pair_filter(query: ParsedQuery, cursor) -> str | None:
    """A tsquery that every section matching `query` also matches, asking the index for word
    pairs where the query has phrases (see migration 0004); None when it has no phrase of
    two or more words. Checked by phrase alone, a phrase of common words ("the fire
    service") made PostgreSQL recheck the word positions of nearly every section."""
    if not any(len(p) > 1 for clause in query.clauses for p in clause):
        return None
    phrases = sorted({p for clause in query.clauses for p in clause})
    cursor.execute(
        "SELECT p.n, t.lexeme, t.positions FROM unnest(%s::text[]) WITH ORDINALITY AS p(text, n),"
        " unnest(to_tsvector('english', p.text)) AS t",
        [[" ".join(phrase) for phrase in phrases]],
    )
    found: dict[tuple[str, ...], list[tuple[int, str]]] = {}
    for n, lexeme, positions in cursor.fetchall():
        found.setdefault(phrases[n - 1], []).extend((p, lexeme) for p in positions)
    clauses = []
    for clause in query.clauses:
        # Stop words alone have no lexemes: to_tsquery drops them, and so does this.
        alternatives = [_pair_terms(found[p]) for p in clause if p in found]
        if alternatives:
            clauses.append("(" + " | ".join(alternatives) + ")")
    return (" | " if query.match_any else " & ").join(clauses) or None


def best_combinations(query: ParsedQuery) -> tuple[list[str], list[str]]:
    """The tsquery texts of `query`'s combinations of glossary alternatives (see
    `combinations`), or none when it has no alternatives, and for each what a section must
    hold for it to count: its phrases of two or more words ("" when it has none). A
    section's `best` is the best ts_rank among those it matches: ts_rank over the whole
    query adds up every alternative a section holds, so a section naming the acronym and its
    expansion came before the one that explains the term. (ts_rank is not a match: it credits
    a phrase's words wherever they are, so a combination counts only for a section that
    holds its phrases. Otherwise a section holding "major incident" and "message" apart
    took the best of "major incident message", METHANE's expansion.) Documents are still
    ranked by the whole query, as on SQLite (see SqliteEngine.match_documents)."""
    combos = combinations(query)
    if len(combos) == 1:
        return [], []
    texts = [render(dataclasses.replace(query, clauses=combo)) for combo in combos]
    needs = [
        " & ".join(_phrase(phrase) for clause in combo for phrase in clause if len(phrase) > 1)
        for combo in combos
    ]
    return texts, needs


def match_sql(
    match: str,
    scope: str,
    coverage: str = "1.0",
    by_coverage: bool = False,
    answers: str = "false",
) -> str:
    """The ranking query. One pass ranks up to bound + 1 matches; if there were no more,
    those are the candidates. Otherwise (and only then: a one-time filter) the heading
    matches are ranked too, found through their own small index, alongside that first pass.
    Each document keeps its best sections; the best documents within the user's scope come
    first, checked one by one in that order until enough are found.

    `coverage` is the share of the query's weight (IDF) a section holds; ranked by coverage,
    a section scores that share plus COVERAGE_RANK_SHARE of its ts_rank relative to the
    best candidate's (ts_rank has no IDF of its own). Within a document, a section that
    covers as much and the summary comes last (it is the document's context, shown with the
    result, not the answer), then by `best` (see `best_combinations`, the second and third
    parameters).
    `answers` says a section states an answer of the kind a question asks for
    (ParsedQuery.answer): such a section comes first among those covering at least
    ANSWER_SHARE of what the document's best covers.
    """
    rank = f"ts_rank({WEIGHTS}, s.search_vector, q.query)"
    best = f"""(SELECT coalesce(max(ts_rank({WEIGHTS}, s.search_vector, c.query)), 0)
                FROM combos c WHERE s.search_vector @@ c.query
                AND (c.need IS NULL OR s.search_vector @@ c.need))"""  # noqa: S608 - constants
    score = (
        f"cov + {COVERAGE_RANK_SHARE} * rank / NULLIF(max(rank) OVER (), 0)"
        if by_coverage
        else "rank"
    )
    return f"""
    WITH q AS (SELECT to_tsquery('english', %s) AS query),
    combos AS MATERIALIZED (
        SELECT to_tsquery('english', text) AS query,
               CASE WHEN need = '' THEN NULL ELSE to_tsquery('english', need) END AS need
        FROM unnest(%s::text[], %s::text[]) AS c(text, need)),
    first AS MATERIALIZED (
        SELECT s.id, s.document_id, s.position, {rank} AS rank, {best} AS best,
               {coverage} AS cov, {answers} AS answers
        FROM library_search_indexedsection s, q WHERE s.search_vector @@ {match}
        LIMIT %s
    ),
    found AS (SELECT count(*) <= %s AS complete FROM first),
    m AS MATERIALIZED (
        SELECT * FROM first WHERE (SELECT complete FROM found)
        UNION ALL
        SELECT * FROM (
            (SELECT s.id, s.document_id, s.position, {rank} AS rank, {best} AS best,
                    {coverage} AS cov, {answers} AS answers
             FROM library_search_indexedsection s, q
             WHERE s.heading_vector @@ to_tsquery('english', %s) LIMIT %s)
            UNION
            SELECT * FROM first
        ) AS bounded WHERE NOT (SELECT complete FROM found)
    ),
    scored AS (
        SELECT id, document_id, position, cov, best, coalesce({score}, 0) AS rank,
               answers AND cov >= {ANSWER_SHARE} * max(cov) OVER (PARTITION BY document_id)
               AS answering
        FROM m
    ),
    docs AS (
        SELECT document_id, max(rank) AS rank, max(cov) AS cov,
               (array_agg(id ORDER BY position = 0, answering DESC, cov DESC, best DESC,
                                      rank DESC, id))[1:%s] AS sections,
               (array_agg(rank ORDER BY position = 0, answering DESC, cov DESC, best DESC,
                                        rank DESC, id))[1:%s] AS ranks
        FROM scored GROUP BY document_id
    )
    SELECT d.document_id, d.sections, d.ranks, (SELECT complete FROM found), d.rank, d.cov
    FROM (SELECT * FROM docs ORDER BY rank DESC, document_id) AS d
    WHERE {scope}
    ORDER BY d.rank DESC, d.document_id LIMIT %s
"""  # noqa: S608 - constants; the scope is Django-compiled SQL with parameters


class PostgresEngine(SearchEngine):
    name = "postgresql"
    label = "PostgreSQL full-text"
    # ts_rank costs a few microseconds per row read; past this many matching sections only
    # the strongest candidates are ranked (see match_documents). 1,000 took a third less
    # time than 2,000 at 100,000 sections and still fills the 500 documents a query counts.
    max_scored = 1000

    def match_documents(self, query: ParsedQuery, scope: Scope, limit: int) -> Matches:
        """Rank every matching section when there are few enough (the usual case); for a
        query so common that ranking each match would be slow ("incident" matches most of a
        large library), rank the sections whose heading matches and the first matches read,
        and say the list is incomplete."""
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
        expression = render(query)
        candidates = render(candidates_query)
        bound = max_scored_sections(self.max_scored)
        scope_sql, scope_params = scope_check_sql(scope, "d.document_id")
        coverage, coverage_params = "1.0", []
        if query.match_any:
            total = sum(weights) or 1.0
            parts = []
            for clause, weight in zip(query.clauses, weights, strict=True):
                if weight > 0:
                    parts.append(
                        f"{weight / total:.6f} * "
                        "(s.search_vector @@ to_tsquery('english', %s))::int"
                    )
                    coverage_params.append(_clause(clause))
            coverage = "round((" + " + ".join(parts) + ")::numeric, 4)::float"
        answers, answer_params = "false", []
        if query.answer:
            answers = "(s.search_vector @@ to_tsquery('english', %s))"
            answer_params = [_clause(query.answer)]
        with transaction.atomic(), connection.cursor() as cursor:
            pairs = pair_filter(candidates_query, cursor)
            if pairs is None:
                # The query's own text, not q.query, so the planner sees how common it is.
                match, match_params = "to_tsquery('english', %s)", [candidates]
            else:
                # The index finds the word pairs; positions are checked on those rows only
                # (ts_match_vq is @@ spelled so that the planner cannot send it to the index).
                match = "%s::tsquery AND ts_match_vq(s.search_vector, to_tsquery('english', %s))"
                match_params = [pairs, candidates]
            params = [
                expression, *best_combinations(query), *coverage_params, *answer_params,
                *match_params, bound + 1, bound, *coverage_params, *answer_params, candidates,
                min(bound, BOUNDED_CANDIDATES),
                SECTIONS_PER_DOCUMENT, SECTIONS_PER_DOCUMENT, *scope_params, limit,
            ]  # fmt: skip
            # With a LIMIT the planner may misjudge a sequential scan as cheaper than the
            # text index (107 ms instead of 11 ms for "cordon" at 100,000 sections).
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(
                match_sql(match, scope_sql, coverage, query.match_any, answers),
                params,
            )
            rows = cursor.fetchall()
            complete = rows[0][3] if rows else True
            if not complete:
                # "More than N" only if a document the searcher may see was left out, so the
                # count never reflects hidden documents.
                check_sql, check_params = scope_check_sql(scope, "s.document_id")
                cursor.execute(
                    f"""SELECT 1 FROM library_search_indexedsection s
                        WHERE s.search_vector @@ to_tsquery('english', %s)
                        AND NOT (s.document_id = ANY(%s)) AND {check_sql} LIMIT 1""",  # noqa: S608
                    [candidates, [row[0] for row in rows], *check_params],
                )
                complete = cursor.fetchone() is None
        matches = Matches.from_sections(
            (
                (doc_id, section_id, float(rank))
                for doc_id, section_ids, ranks, *_ in rows
                for section_id, rank in zip(section_ids, ranks, strict=True)
            ),
            complete=complete,
        )
        # A document's score is its best section's, whichever is shown first.
        for index, row in enumerate(rows):
            matches[index] = (row[0], float(row[4]))
        matches.all_clauses = not query.match_any or any(row[5] >= 0.9999 for row in rows)
        return matches

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
        hits = [
            SectionHit(
                sid, doc_id, position, anchor, number, title, safe_snippet(snippet), float(rank)
            )
            for sid, doc_id, position, anchor, number, title, snippet, rank in rows
        ]
        # Ranked already: keep match_documents' order within each document (a body section
        # that covers as much of the query comes before the summary).
        order = {
            section_id: n
            for sections in known.values()
            for n, (section_id, _score) in enumerate(sections)
        }
        hits.sort(key=lambda hit: order.get(hit.section_id, SECTIONS_PER_DOCUMENT))
        return hits

    def rebuild(self, progress=None) -> None:
        # Fresh statistics after a bulk load, so the planner uses the text indexes (where
        # autovacuum is off or slow, stale statistics made one query take 30 seconds).
        # New rows wait in the GIN indexes' pending lists, which every search reads through,
        # until (auto)vacuum merges them; merge them now (26,000 headings were pending after
        # a rebuild of 100,000 sections with autovacuum off).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE library_search_indexedsection")
            cursor.execute(
                "SELECT gin_clean_pending_list(%s::regclass), gin_clean_pending_list(%s::regclass)",
                ["library_search_section_vector", "library_search_section_heading"],
            )
