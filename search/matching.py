"""The search's matching step: the configured engine's answer for a query (the database's if
the engine fails), corrected when that clearly does better, and ranked by coverage when the
query is a question or when no one section holds all its words."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass

from . import spelling, terms
from .engines import EngineUnavailable, Matches, Scope, database_engine, fallback_notice, get_engine
from .query import ParsedQuery, Synonyms, parse

logger = logging.getLogger(__name__)

# Documents ranked and counted per query; broader queries say "more than" in the count.
MAX_MATCHED_DOCUMENTS = 500
# Questions and other long queries (this many clauses or more) are ranked by how much of
# their weight each section covers from the start: an answer that lacks one incidental word
# should still be found. Shorter queries ask for every word first.
RANK_BY_COVERAGE_FROM = 3


@dataclass(frozen=True)
class Found:
    """The engine's answer for `query`, the query as finally ranked (corrected, or relaxed to
    rank by coverage)."""

    query: ParsedQuery
    matches: Matches
    engine_label: str
    notice: str = ""
    corrected: str = ""

    @property
    def partial(self) -> bool:
        """Ranked by coverage, and no match holds every word."""
        return self.query.match_any and bool(self.matches) and not self.matches.all_clauses


def find(
    query: ParsedQuery,
    scope: Scope,
    synonyms: Synonyms,
    keys: tuple[str, ...],
    correct_spelling: bool = True,
) -> Found:
    """Match `query` within `scope`. `keys` name the word statistics the searcher may see
    (for corrections and clause weights)."""
    if not query:
        return Found(query, Matches(), get_engine().label)
    found = try_correction(query, scope, synonyms, keys) if correct_spelling else None
    current = found.query if found is not None else query
    corrected = found.corrected if found is not None else ""
    if len(current.clauses) >= RANK_BY_COVERAGE_FROM:
        # Ranked by coverage from the start: the all-words answers above do not apply.
        return dataclasses.replace(match(weighted(current, keys), scope), corrected=corrected)
    # Clause weights count only when ranking by coverage (every engine ignores them
    # otherwise), so an all-words query reads no term statistics.
    found = found or match(query, scope)
    if not found.matches and not current.match_any and len(current.clauses) > 1:
        # No one section holds every word: rank sections by what they cover.
        return dataclasses.replace(match(weighted(current, keys), scope), corrected=corrected)
    return found


def try_correction(
    query: ParsedQuery, scope: Scope, synonyms: Synonyms, keys: tuple[str, ...]
) -> Found | None:
    """The answer already found while deciding on a correction, if any.

    A correction is shown only when it clearly does better: the query as typed has a word
    nobody may see in the library, no section holds all its words, and the corrected
    query's words are all found together."""
    better = spelling.correct(query, synonyms, keys)
    if not better:
        return None
    typed = match(query, scope)
    if typed.matches:
        return typed
    retry = parse(better, synonyms)
    found = match(retry, scope)
    if found.matches or (
        len(retry.clauses) >= RANK_BY_COVERAGE_FROM
        and match(parse(spelling.changed_words(query, better), synonyms), scope).matches
    ):
        return dataclasses.replace(found, corrected=better)
    return None


def weighted(query: ParsedQuery, keys: tuple[str, ...]) -> ParsedQuery:
    """`query` ranked by coverage, each clause weighted by how rare its words are."""
    return dataclasses.replace(query, weights=terms.weights(query, keys), match_any=True)


def match(query: ParsedQuery, scope: Scope) -> Found:
    """Run the configured engine; fall back to the database engine if it fails."""
    engine = get_engine()
    try:
        matches = engine.match_documents(query, scope, MAX_MATCHED_DOCUMENTS)
        return Found(query, matches, engine.label)
    except EngineUnavailable as error:
        # One line per outage: while the breaker is open the fallback is silent.
        if not getattr(error, "repeated", False):
            logger.error("Search: %s unavailable; falling back to the database: %s",
                         engine.label, error)  # fmt: skip
        fallback = database_engine()
        matches = fallback.match_documents(query, scope, MAX_MATCHED_DOCUMENTS)
        return Found(query, matches, fallback.label, fallback_notice(engine.label))
