"""What the search page and the API share: run a query through the configured engine,
apply permissions and status at query time, group hits by document, count facets.

Everything a user can see here comes from `procedures.access.visible_documents`, applied to
the live DocumentPage rows in the same query as the engine's match (database engines) or as
a re-check of the engine's answer (external engines)."""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.db.models.expressions import RawSQL

from procedures.access import clearance_of, visible_documents
from procedures.models import DocumentPage, DocumentStatus, DocumentType, SectionPage, Service

from . import glossary, insights, terms
from .engines import (
    SECTIONS_PER_DOCUMENT,
    EngineUnavailable,
    Matches,
    Scope,
    SectionHit,
    database_engine,
    fallback_notice,
    get_engine,
)
from .query import ParsedQuery, Synonyms, normalise_reference, parse, words

logger = logging.getLogger(__name__)

# Documents ranked and counted per query; broader queries say "more than" in the count.
MAX_MATCHED_DOCUMENTS = 500
PER_PAGE = 20
SORTS = {"relevance": "Relevance", "updated": "Last updated"}
FACETS = ("service", "section", "type", "status")
RESULT_FIELDS = (
    "id", "path", "depth", "url_path", "title", "live", "reference", "service", "document_type",
    "protective_marking", "version_major", "version_minor", "approved_at", "last_published_at",
    "withdrawn_at", "superseded_by_id", "locale_id", "content_type_id", "summary",
)  # fmt: skip


def scope_queryset(user, include_old: bool) -> QuerySet[DocumentPage]:
    """Documents `user` may find: current ones, or also superseded and withdrawn ones on
    request. Drafts (never published) never."""
    documents = DocumentPage.objects.all()
    if include_old:
        documents = documents.filter(Q(live=True) | Q(withdrawn_at__isnull=False))
    else:
        documents = documents.filter(
            live=True, withdrawn_at__isnull=True, superseded_by__isnull=True
        )
    return visible_documents(user, documents)


def with_ids(documents: QuerySet, ids: Sequence[int]) -> QuerySet:
    """`documents.filter(pk__in=ids)` with the ids sent as one parameter. An IN list of 500
    placeholders took longer to build (Django and psycopg handle each value) than to run."""
    meta = documents.model._meta
    ids = [int(pk) for pk in ids]
    # Our own table and column names; the ids go as a parameter.
    column = f'"{meta.db_table}"."{meta.pk.column}"'
    if connection.vendor == "postgresql":
        sql, params = f"{column} = ANY(%s)", (ids,)
    elif connection.vendor == "sqlite":
        sql, params = f"{column} IN (SELECT value FROM json_each(%s))", (json.dumps(ids),)  # noqa: S608
    else:
        return documents.filter(pk__in=ids)
    condition = RawSQL(sql, params, output_field=BooleanField())  # noqa: S611
    return documents.filter(condition)


def status_of(withdrawn, superseded_by_id, live) -> str:
    if withdrawn:
        return DocumentStatus.WITHDRAWN
    if superseded_by_id:
        return DocumentStatus.SUPERSEDED
    return DocumentStatus.CURRENT if live else DocumentStatus.DRAFT


@dataclass
class Filters:
    service: str = ""
    section: str = ""
    type: str = ""
    status: str = ""

    @classmethod
    def from_params(cls, params) -> Filters:
        return cls(**{name: (params.get(name) or "").strip()[:40] for name in FACETS})

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in FACETS}


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


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


def _facet_labels(sections: list) -> dict[str, dict[str, str]]:
    return {
        "service": dict(Service.choices),
        "type": dict(DocumentType.choices),
        "status": {k: v for k, v in DocumentStatus.choices if k != DocumentStatus.DRAFT},
        "section": {str(section.pk): section.title for section in sections},
    }


def sections_at(paths: set[str], selected: str) -> list[SectionPage]:
    """The live library sections at `paths` (the matched documents' parents) and the one
    the searcher filtered by, in tree order: the facet needs no others, and reading every
    section cost more than the rest of the facets at 100,000 sections."""
    condition = Q(path__in=sorted(paths))
    if selected.isdigit():
        condition |= Q(pk=int(selected))
    sections = SectionPage.objects.live().filter(condition).order_by()
    fields = ("id", "path", "depth", "url_path", "title", "locale_id")
    return sorted(sections.only(*fields), key=lambda section: section.path)


def make_scope(user, include_old: bool) -> Scope:
    statuses = (DocumentStatus.CURRENT,)
    if include_old:
        statuses += (DocumentStatus.SUPERSEDED, DocumentStatus.WITHDRAWN)
    return Scope(
        documents=scope_queryset(user, include_old),
        statuses=tuple(str(s) for s in statuses),
        clearance=clearance_of(user),
    )


def _match(query: ParsedQuery, scope: Scope) -> tuple[Matches, str, str]:
    """Run the configured engine; fall back to the database engine if it fails."""
    engine = get_engine()
    try:
        return engine.match_documents(query, scope, MAX_MATCHED_DOCUMENTS), engine.label, ""
    except EngineUnavailable as error:
        # One line per outage: while the breaker is open the fallback is silent.
        if not getattr(error, "repeated", False):
            logger.error("Search: %s unavailable; falling back to the database: %s",
                         engine.label, error)  # fmt: skip
        fallback = database_engine()
        notice = fallback_notice(engine.label)
        return (
            fallback.match_documents(query, scope, MAX_MATCHED_DOCUMENTS),
            fallback.label,
            notice,
        )


def _sections(
    query: ParsedQuery, ids: Sequence[int], label: str, matches: Matches
) -> list[SectionHit]:
    engine = get_engine()
    if engine.label != label:
        engine = database_engine()
    try:
        return engine.top_sections(query, ids, SECTIONS_PER_DOCUMENT, matches)
    except EngineUnavailable as error:
        if not getattr(error, "repeated", False):
            logger.error("Search: %s unavailable for snippets: %s", engine.label, error)
        return database_engine().top_sections(query, ids, SECTIONS_PER_DOCUMENT)


# Spelling correction. A word is corrected only if no document the searcher may see holds
# it (nor the glossary), to the nearest word they may see within this many edits (insert,
# delete, change or swap two letters): one for words of up to seven letters, two beyond,
# so at most a quarter of a word changes. Two edits in a shorter word turned real words
# into unrelated ones ("payroll" -> "patrols"); see tests/search/test_ranking.py.
SHORT_WORD = 7
MIN_CORRECTED_LENGTH = 4
# Correction cost is bounded whatever the vocabulary: at most this many words of a query
# are looked up, each against the words sharing its first letter (rapidfuzz, in C).
MAX_CORRECTED_WORDS = 4


def max_edits(word: str) -> int:
    return 1 if len(word) <= SHORT_WORD else 2


def nearest_word(word: str, vocabulary: dict[str, list[str]]) -> str | None:
    """The closest word of `vocabulary` within `max_edits(word)`, or None."""

    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    limit = max_edits(word)
    pool = vocabulary.get(word[:1], [])
    found = process.extract(
        word, pool, scorer=DamerauLevenshtein.distance, score_cutoff=limit, limit=20
    )
    if not found:
        return None
    # A left-out letter is the commonest typo: on a tie, prefer the longer word.
    best = min(found, key=lambda m: (m[1], -len(m[0]), m[0]))
    return best[0]


def unknown_words(query: ParsedQuery, synonyms: Synonyms, keys: tuple[str, ...]) -> list[str]:
    """Words of `query` that neither a visible document nor the glossary holds."""
    glossary_words = {w for name in synonyms.by_name for w in name}
    candidates = [
        w
        for w in dict.fromkeys(query.words)
        if len(w) >= MIN_CORRECTED_LENGTH and w.isalpha() and w not in glossary_words
    ]
    known = terms.known_words(candidates, keys)
    return [w for w in candidates if w not in known]


def correct(query: ParsedQuery, synonyms: Synonyms, keys: tuple[str, ...]) -> str | None:
    """The query with its unknown words corrected, or None if there is nothing to correct."""
    unknown = unknown_words(query, synonyms, keys)[:MAX_CORRECTED_WORDS]
    if not unknown:
        return None
    vocabulary = terms.vocabulary(keys)
    replacements = {}
    for word in unknown:
        better = nearest_word(word, vocabulary)
        if better:
            replacements[word] = better
    if not replacements:
        return None
    return " ".join(replacements.get(word, word) for word in words(query.raw))


def _changed_words(query: ParsedQuery, better: str) -> str:
    """The corrected words alone (a question's corrections must at least occur together)."""
    typed = set(words(query.raw))
    return " ".join(w for w in words(better) if w not in typed)


# Questions and other long queries (this many clauses or more) are ranked by how much of
# their weight each section covers from the start: an answer that lacks one incidental word
# should still be found. Shorter queries ask for every word first.
RANK_BY_COVERAGE_FROM = 3


def _weighted(query: ParsedQuery, keys: tuple[str, ...], match_any: bool) -> ParsedQuery:
    return dataclasses.replace(query, weights=terms.weights(query, keys), match_any=match_any)


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
    started = time.perf_counter()
    filters = filters or Filters()
    synonyms = glossary.synonyms()
    query = parse(raw_query, synonyms)
    scope = make_scope(user, include_old)
    documents = scope.documents
    keys = terms.visible_keys(user)
    corrected = ""
    partial = False
    matches, label, notice = Matches(), get_engine().label, ""
    if query:
        matched = None  # the engine's answer for `query` as finally ranked, if known already
        # A correction is shown only when it clearly does better: the query as typed has a
        # word nobody may see in the library, no section holds all its words, and the
        # corrected query's words are all found together.
        better = correct(query, synonyms, keys) if correct_spelling else None
        if better:
            typed = _match(query, scope)
            if typed[0]:
                matched = typed
            else:
                retry = parse(better, synonyms)
                found = _match(retry, scope)
                if found[0] or (
                    len(retry.clauses) >= RANK_BY_COVERAGE_FROM
                    and _match(parse(_changed_words(query, better), synonyms), scope)[0]
                ):
                    query, corrected, matched = retry, better, found
        if len(query.clauses) >= RANK_BY_COVERAGE_FROM:
            # Ranked by coverage from the start: the all-words answers above do not apply.
            query, matched = _weighted(query, keys, match_any=True), None
        # Clause weights count only when ranking by coverage (every engine ignores them
        # otherwise), so an all-words query reads no term statistics.
        matches, label, notice = matched if matched is not None else _match(query, scope)
        if not matches and not query.match_any and len(query.clauses) > 1:
            # No one section holds every word: rank sections by what they cover.
            query = _weighted(query, keys, match_any=True)
            matches, label, notice = _match(query, scope)
        partial = query.match_any and bool(matches) and not matches.all_clauses

    # A best bet (the coordinator pointed this query at a document) comes first, for those
    # who may see that document.
    bet = insights.best_bet_for(raw_query, documents)
    if bet is not None:
        pinned = Matches(
            [(bet, (matches[0][1] if matches else 0.0) + 1.0)]
            + [(pk, score) for pk, score in matches if pk != bet],
            complete=matches.complete,
        )
        pinned.sections, pinned.all_clauses = matches.sections, matches.all_clauses
        matches = pinned

    scores = dict(matches)
    # Re-check every match against the live rows (engines that index a copy of the
    # permissions may be behind) and read what facets need, in one query.
    # Only what facets and sorting need: timestamps cost more to read than to find (500 of
    # them took half this query's time), so "withdrawn" comes as a flag and the update
    # time only when sorting by it.
    fields = ["pk", "service", "document_type", "path", "depth", "withdrawn"]
    fields += ["superseded_by_id", "live", *(["last_published_at"] if sort == "updated" else [])]
    rows = list(
        with_ids(documents, list(scores))
        .order_by()
        .annotate(withdrawn=ExpressionWrapper(Q(withdrawn_at__isnull=False), BooleanField()))
        .values_list(*fields)
    )
    library_sections = sections_at({path[: (depth - 1) * 4] for _, _, _, path, depth, *_ in rows},
                                   filters.section)  # fmt: skip
    section_by_path = {section.path: str(section.pk) for section in library_sections}
    facts = {}
    for pk, service, doc_type, path, depth, withdrawn, superseded_id, live, *updated in rows:
        facts[pk] = {
            "service": service,
            "type": doc_type,
            "section": section_by_path.get(path[: (depth - 1) * 4], ""),
            "status": status_of(withdrawn, superseded_id, live),
            "updated": updated[0] if updated else None,
        }

    selected = filters.as_dict()
    active = {name: value for name, value in selected.items() if value}

    def passes(fact: dict, skip: str | None = None) -> bool:
        return all(fact[name] == value for name, value in active.items() if name != skip)

    labels = _facet_labels(library_sections)
    facets: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        if active:
            counts = Counter(fact[name] for fact in facts.values() if passes(fact, skip=name))
        else:
            counts = Counter(fact[name] for fact in facts.values())
        values = [
            FacetValue(
                value, labels[name].get(value, value), counts[value], selected[name] == value
            )
            for value in labels[name]
            if counts[value] or selected[name] == value
        ]
        facets[name] = values

    chosen = [pk for pk, fact in facts.items() if passes(fact)] if active else list(facts)
    if sort == "updated":
        chosen.sort(
            key=lambda pk: (
                facts[pk]["updated"].timestamp() if facts[pk]["updated"] else 0,
                scores[pk],
            ),
            reverse=True,
        )
    else:
        chosen.sort(key=lambda pk: (-scores[pk], pk))
    total = len(chosen)
    num_pages = max(1, -(-total // per_page))
    page_number = min(max(1, page_number), num_pages)
    page_ids = chosen[(page_number - 1) * per_page : page_number * per_page]

    pages = {
        page.pk: page for page in with_ids(documents, page_ids).order_by().only(*RESULT_FIELDS)
    }
    first = (page_number - 1) * per_page
    results = [
        DocumentResult(
            page=pages[pk],
            status=facts[pk]["status"],
            score=scores[pk],
            relevance=round(1 / (first + n), 4),
        )
        for n, pk in enumerate(page_ids, start=1)
        if pk in pages
    ]
    by_id = {result.page.pk: result for result in results}
    for hit in _sections(query, list(by_id), label, matches):
        if hit.document_id in by_id:
            by_id[hit.document_id].sections.append(hit)
    # Each engine gives a document's sections best first (a body section that explains the
    # matched words before the summary); keep that order.

    return SearchResults(
        query=query,
        results=results,
        total=total,
        facets=facets,
        page_number=page_number,
        num_pages=num_pages,
        engine_label=label,
        notice=notice,
        corrected_query=corrected,
        partial=partial,
        capped=len(matches) >= MAX_MATCHED_DOCUMENTS or not matches.complete,
        elapsed_ms=(time.perf_counter() - started) * 1000,
    )


def find_reference(user, raw_query: str) -> DocumentPage | None:
    """The document whose reference the user typed, if they may see it (any published status)."""
    reference = normalise_reference(raw_query)
    if not reference:
        return None
    return scope_queryset(user, include_old=True).filter(reference=reference).first()


def suggest(user, raw_query: str, limit: int = 8) -> list[dict[str, str]]:
    """Titles, references and glossary terms starting with (or containing) what was typed."""
    from .models import GlossaryTerm

    text = " ".join(raw_query.split())[:80]
    if len(text) < 2:
        return []
    documents = scope_queryset(user, include_old=False)
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
    terms = GlossaryTerm.objects.filter(
        Q(term__istartswith=text) | Q(expansion__icontains=text)
    ).order_by("term")[: max(0, limit - len(suggestions)) or 3]
    suggestions += [
        {"kind": "term", "label": str(term), "url": "", "query": term.term} for term in terms
    ]
    return suggestions[:limit]
