"""What the search page and the API share: a search as a short pipeline of named steps over
a `SearchRequest` (who asks, for what, with which filters, sort and page: `search.request`),
producing `SearchResults` the views render as they are.

    understand -> find (search.matching) -> pin the best bet -> read facts and count facets
    (search.facets) -> choose and sort -> load the page of results -> add their sections

Who may find what is `DocumentPage.objects.findable(include_old).visible_to(user)`, the one
home of that rule (procedures/models/querysets.py), applied to the live rows in the same
query as the engine's match (database engines) or as a re-check of the engine's answer
(external engines). A document's status is `DocumentStatus.of`."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q, QuerySet

from procedures.access import clearance_of
from procedures.models import DocumentPage, DocumentStatus

from . import glossary, insights, terms
from .engines import (
    SECTIONS_PER_DOCUMENT,
    EngineUnavailable,
    Matches,
    Scope,
    SectionHit,
    database_engine,
    get_engine,
)
from .facets import FacetValue, Facts, count_facets, read_facts, with_ids
from .matching import MAX_MATCHED_DOCUMENTS, Found, find
from .models import GlossaryTerm
from .query import ParsedQuery, Synonyms, normalise_reference, parse
from .request import PER_PAGE, Filters, SearchRequest

logger = logging.getLogger(__name__)

# Pages linked below the results.
MAX_PAGE_LINKS = 20
RESULT_FIELDS = (
    "id", "path", "depth", "url_path", "title", "live", "reference", "service", "document_type",
    "protective_marking", "version_major", "version_minor", "approved_at", "last_published_at",
    "withdrawn_at", "superseded_by_id", "locale_id", "content_type_id", "summary",
)  # fmt: skip


@dataclass
class DocumentResult:
    page: DocumentPage
    status: str
    score: float
    sections: list[SectionHit] = field(default_factory=list)

    # 1 for the first result, then 1/2, 1/3, ... among the results this searcher may see.
    relevance: float = 0.0

    @property
    def status_label(self) -> str:
        return DocumentStatus(self.status).label

    @property
    def url(self) -> str:
        return self.page.url or ""


@dataclass
class SearchResults:
    request: SearchRequest
    query: ParsedQuery
    results: list[DocumentResult]
    total: int
    facets: dict[str, list[FacetValue]]
    page_number: int
    num_pages: int
    engine_label: str
    notice: str = ""
    corrected_query: str = ""
    partial: bool = False
    # More documents matched than are ranked and counted (MAX_MATCHED_DOCUMENTS, or a query
    # so common that the engine ranked only its strongest candidates).
    capped: bool = False
    elapsed_ms: float = 0.0

    @cached_property
    def page_links(self) -> list[tuple[int, str]]:
        """(page number, query string) for the pages below the results."""
        last = min(self.num_pages, MAX_PAGE_LINKS)
        return [(n, self.request.link(page=n)) for n in range(1, last + 1)]

    @property
    def as_typed_url(self) -> str:
        return self.request.as_typed_link()


# -- the pipeline ---------------------------------------------------------------------------
def search(request: SearchRequest) -> SearchResults:
    """Run `request` through the steps; each reads what it needs once."""
    started = time.perf_counter()
    asked = understand(request)
    found = find(asked.query, asked.scope, asked.synonyms, asked.keys, request.correct_spelling)
    matches = pin_best_bet(request.query, asked.scope.documents, found.matches)
    facts, sections = read_facts(asked.scope.documents, matches, request)
    facets = count_facets(facts, sections, request)
    scores = dict(matches)
    chosen = choose(facts, scores, request)
    page = Page.of(chosen, request.page_number, request.per_page)
    results = load_results(asked.scope.documents, page, facts, scores)
    add_sections(results, found, matches)
    return SearchResults(
        request=request,
        query=found.query,
        results=results,
        total=len(chosen),
        facets=facets,
        page_number=page.number,
        num_pages=page.count,
        engine_label=found.engine_label,
        notice=found.notice,
        corrected_query=found.corrected,
        partial=found.partial,
        capped=len(matches) >= MAX_MATCHED_DOCUMENTS or not matches.complete,
        elapsed_ms=(time.perf_counter() - started) * 1000,
    )


def run_search(
    user,
    raw_query: str,
    filters: Filters | None = None,
    include_old: bool = False,
    sort: str = "relevance",
    page_number: int = 1,
    per_page: int = PER_PAGE,
    correct_spelling: bool = True,
) -> SearchResults:
    """`search` for code that has the options at hand rather than a query string."""
    request = SearchRequest(
        user=user,
        query=raw_query,
        filters=filters or Filters(),
        include_old=include_old,
        sort=sort,
        page_number=page_number,
        per_page=per_page,
        correct_spelling=correct_spelling,
    )
    return search(request)


# -- understand -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Asked:
    """The request read: its words parsed against the glossary, what the searcher may find
    (`scope`), and the keys of the word statistics they may see (`keys`)."""

    synonyms: Synonyms
    query: ParsedQuery
    scope: Scope
    keys: tuple[str, ...]


def findable(user, include_old: bool) -> QuerySet[DocumentPage]:
    """The documents `user` may find (see the module docstring)."""
    return DocumentPage.objects.findable(include_old).visible_to(user)


def make_scope(user, include_old: bool) -> Scope:
    """`findable` as rows (database engines join them) and as plain values (for engines that
    index a copy of each document's status and clearance)."""
    statuses: tuple[DocumentStatus, ...] = (DocumentStatus.CURRENT,)
    if include_old:
        statuses += (DocumentStatus.SUPERSEDED, DocumentStatus.WITHDRAWN)
    return Scope(
        documents=findable(user, include_old),
        statuses=tuple(str(s) for s in statuses),
        clearance=clearance_of(user),
    )


def understand(request: SearchRequest) -> Asked:
    synonyms = glossary.synonyms()
    return Asked(
        synonyms=synonyms,
        query=parse(request.query, synonyms),
        scope=make_scope(request.user, request.include_old),
        keys=terms.visible_keys(request.user),
    )


# -- pin the best bet -----------------------------------------------------------------------
def pin_best_bet(raw_query: str, documents: QuerySet, matches: Matches) -> Matches:
    """A best bet (the coordinator pointed this query at a document) comes first, for those
    who may see that document."""
    bet = insights.best_bet_for(raw_query, documents)
    if bet is None:
        return matches
    pinned = Matches(
        [(bet, (matches[0][1] if matches else 0.0) + 1.0)]
        + [(pk, score) for pk, score in matches if pk != bet],
        complete=matches.complete,
    )
    pinned.sections, pinned.all_clauses = matches.sections, matches.all_clauses
    return pinned


# -- choose and sort, one page --------------------------------------------------------------
def choose(facts: dict[int, Facts], scores: dict[int, float], request: SearchRequest) -> list[int]:
    """The documents passing every filter, best first or most recently updated first."""
    filters = request.filters.selected()
    chosen = [pk for pk, fact in facts.items() if not filters or fact.passes(filters)]
    if request.sort == "updated":

        def recent(pk: int) -> tuple[float, float]:
            updated = facts[pk].updated
            return (updated.timestamp() if updated else 0, scores[pk])

        chosen.sort(key=recent, reverse=True)
    else:
        chosen.sort(key=lambda pk: (-scores[pk], pk))
    return chosen


@dataclass(frozen=True)
class Page:
    number: int
    count: int
    ids: list[int]
    # The position of the page's first result among all of them, from 0.
    offset: int

    @classmethod
    def of(cls, chosen: list[int], number: int, per_page: int) -> Page:
        count = max(1, -(-len(chosen) // per_page))
        number = min(max(1, number), count)
        offset = (number - 1) * per_page
        return cls(number, count, chosen[offset : offset + per_page], offset)


# -- the page of results and their best sections --------------------------------------------
def load_results(
    documents: QuerySet, page: Page, facts: dict[int, Facts], scores: dict[int, float]
) -> list[DocumentResult]:
    pages = {p.pk: p for p in with_ids(documents, page.ids).order_by().only(*RESULT_FIELDS)}
    return [
        DocumentResult(
            page=pages[pk],
            status=facts[pk].status,
            score=scores[pk],
            relevance=round(1 / (page.offset + n), 4),
        )
        for n, pk in enumerate(page.ids, start=1)
        if pk in pages
    ]


def add_sections(results: list[DocumentResult], found: Found, matches: Matches) -> None:
    """Each result's best sections with highlighted snippets, from the engine that matched
    (the database's if that one fails now). Each engine gives a document's sections best
    first (a body section that explains the matched words before the summary); kept so."""
    by_id = {result.page.pk: result for result in results}
    engine = get_engine()
    if engine.label != found.engine_label:
        engine = database_engine()
    try:
        hits = engine.top_sections(found.query, list(by_id), SECTIONS_PER_DOCUMENT, matches)
    except EngineUnavailable as error:
        if not getattr(error, "repeated", False):
            logger.error("Search: %s unavailable for snippets: %s", engine.label, error)
        hits = database_engine().top_sections(found.query, list(by_id), SECTIONS_PER_DOCUMENT)
    for hit in hits:
        if hit.document_id in by_id:
            by_id[hit.document_id].sections.append(hit)


# -- beside the search ----------------------------------------------------------------------
def find_reference(user, raw_query: str) -> DocumentPage | None:
    """The document whose reference the user typed, if they may see it (any published status)."""
    reference = normalise_reference(raw_query)
    if not reference:
        return None
    return findable(user, include_old=True).filter(reference=reference).first()


def suggest(user, raw_query: str, limit: int = 8) -> list[dict[str, str]]:
    """Titles, references and glossary terms starting with (or containing) what was typed."""
    text = " ".join(raw_query.split())[:80]
    if len(text) < 2:
        return []
    documents = findable(user, include_old=False)
    matches = list(
        documents.filter(Q(reference__istartswith=text) | Q(title__icontains=text))
        .order_by("reference")
        .only("id", "path", "url_path", "title", "reference", "locale_id")[:limit]
    )
    suggestions = [
        {
            "kind": "document",
            "label": f"{page.reference} {page.title}",
            "url": page.url or "",
            "query": page.reference,
        }
        for page in matches
    ]
    glossary_terms = GlossaryTerm.objects.filter(
        Q(term__istartswith=text) | Q(expansion__icontains=text)
    ).order_by("term")[: max(0, limit - len(suggestions)) or 3]
    suggestions += [
        {"kind": "term", "label": str(term), "url": "", "query": term.term}
        for term in glossary_terms
    ]
    return suggestions[:limit]
