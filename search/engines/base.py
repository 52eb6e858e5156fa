"""The interface every search engine implements."""

from __future__ import annotations

import html
import itertools
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString, mark_safe

from procedures.access import EVERYTHING, Clearance
from procedures.models import DocumentPage

if TYPE_CHECKING:
    from ..query import ParsedQuery

# Sections shown with each matched document; database engines keep this many of each
# document's best sections while matching, so snippets need no second ranking.
SECTIONS_PER_DOCUMENT = 3

# Engines wrap highlighted words in these private-use characters; `safe_snippet` escapes
# everything else and turns only these into <mark> elements.
MARK_START = "\ue000"
MARK_END = "\ue001"


@dataclass(frozen=True)
class Scope:
    """What a user may find: the DocumentPage rows (for database engines, joined in the same
    query) and the same rule as plain values (for engines that index a copy of it)."""

    documents: QuerySet
    statuses: tuple[str, ...]
    clearance: Clearance


def scope_check_sql(scope: Scope, document_column: str) -> tuple[str, tuple]:
    """`EXISTS (...)` SQL saying the document in `document_column` is within `scope`.

    Correlated, so the database checks only the documents a query matched (by primary key)
    instead of listing every document the user may see first."""
    # Compiled once per scope and column: compiling the scope's queryset cost about as much
    # as running the check (a search asks two or three times, more when correcting).
    compiled = scope.__dict__.setdefault("_compiled", {})
    if document_column not in compiled:
        # document_column is one of our own constant column names, never input.
        matched = RawSQL(document_column, ())  # noqa: S611
        documents = scope.documents.filter(pk=matched).order_by().values("pk")
        sql, params = documents.query.sql_with_params()
        compiled[document_column] = (f"EXISTS ({sql})", tuple(params))
    return compiled[document_column]


def max_scored_sections(default: int) -> int:
    """How many matching sections a database engine ranks one by one (see `Matches`);
    the SEARCH_MAX_SCORED_SECTIONS setting overrides the engine's default."""
    return int(getattr(settings, "SEARCH_MAX_SCORED_SECTIONS", None) or default)


class Matches(list):
    """(document id, score) pairs, best first. `complete` is False when the query matched
    more sections than are worth ranking one by one, so only the strongest candidates were
    ranked (see the database engines) and the count is a lower bound."""

    complete: bool = True
    # For a query ranked by coverage (match_any): whether the best match holds every clause.
    all_clauses: bool = True

    def __init__(self, pairs=(), complete: bool = True):
        super().__init__(pairs)
        self.complete = complete
        self.all_clauses = True
        # Engines that rank sections while matching keep each document's best ones here
        # ({document id: [(section id, score), ...]}) so snippets need no second ranking.
        self.sections: dict[int, list[tuple[int, float]]] = {}

    @classmethod
    def from_sections(cls, rows, complete: bool = True) -> Matches:
        """From (document id, section id, score) rows: best document first, and within a
        document its best section first."""
        matches = cls(complete=complete)
        for doc_id, section_id, score in rows:
            if doc_id not in matches.sections:
                matches.append((doc_id, score))
                matches.sections[doc_id] = []
            matches.sections[doc_id].append((section_id, score))
        return matches


# Ranking by coverage (ParsedQuery.match_any): a section's score is the share of the
# query's weight (IDF) its clauses cover, plus this much of its engine rank relative to the
# best candidate's. So a section missing only a common word can still win on the engine's
# rank, while one missing a rare word cannot.
COVERAGE_RANK_SHARE = 0.1
# Most alternatives combinations (glossary synonyms) ranked one by one, each by its best
# alternative; past this, one expression ranks them all (alternatives then add up).
MAX_COMBINATIONS = 16


def combinations(query: ParsedQuery) -> list[tuple]:
    """Each way of taking one alternative from every clause (best-match synonym scoring:
    a section is ranked by its best combination, never by the sum of its alternatives)."""
    total = 1
    for clause in query.clauses:
        total *= len(clause)
    if total == 1 or total > MAX_COMBINATIONS:
        return [query.clauses]
    return [tuple((p,) for p in combo) for combo in itertools.product(*query.clauses)]


def known_sections(
    engine, query: ParsedQuery, document_ids: Sequence[int], matches: Matches | None
) -> dict[int, list[tuple[int, float]]]:
    """Each listed document's sections in the order `match_documents` ranks them: from
    `matches` when the caller has it, else ranked now over those documents only, so that
    snippets asked for afresh follow the same rules (coverage, body before summary)."""
    known = dict(matches.sections) if matches is not None else {}
    missing = [pk for pk in document_ids if pk not in known]
    if missing:
        scope = Scope(
            documents=DocumentPage.objects.filter(pk__in=missing),
            statuses=(),
            clearance=EVERYTHING,
        )
        known.update(engine.match_documents(query, scope, len(missing)).sections)
    return known


class EngineUnavailable(Exception):
    """The engine could not answer (down, slow, misconfigured); callers fall back."""


def fallback_notice(label: str) -> str:
    """What a searcher is told when `label` failed and the database answered instead."""
    return (
        f"{label} is not answering at the moment, so these results come from the library "
        "database and may be less complete."
    )


@dataclass
class SectionHit:
    section_id: int
    document_id: int
    position: int
    anchor: str
    number: str
    title: str
    snippet: SafeString
    score: float


def safe_snippet(raw: str) -> SafeString:
    """HTML-escape an engine's snippet, keeping only our highlight marks as <mark>."""
    text = html.escape(raw.replace("\x00", ""))
    text = text.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    # Balance marks cut by a fragment boundary.
    if text.count("<mark>") > text.count("</mark>"):
        text += "</mark>"
    return mark_safe(text)  # noqa: S308 - escaped above, only our own tags added


class SearchEngine(ABC):
    """Finds sections. Permission and status rules come in as a `Scope` and are applied at
    query time against the live DocumentPage rows."""

    name: str = "engine"
    label: str = "Search engine"

    @abstractmethod
    def match_documents(self, query: ParsedQuery, scope: Scope, limit: int) -> Matches:
        """(document id, score), best first; score higher is better."""

    @abstractmethod
    def top_sections(
        self,
        query: ParsedQuery,
        document_ids: Sequence[int],
        per_document: int,
        matches: Matches | None = None,
    ) -> list[SectionHit]:
        """The best sections of each listed document, with highlighted snippets. `matches`
        is what `match_documents` returned for the same query, if the caller has it."""

    def rebuild(self, progress=None) -> None:  # noqa: B027 - optional hook
        """Rebuild engine-side structures from the section table."""

    def glossary_changed(self) -> None:  # noqa: B027 - optional hook
        """The glossary changed (database engines expand queries, nothing to do)."""
