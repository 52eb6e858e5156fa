"""Elasticsearch 8/9 engine, through the official client (OpenSearch 2/3: `opensearch.py`).

Sections are indexed with their document's marking, access groups and status so the query
filters them, and the service re-checks every hit against the database before showing it.
Our analyzers and the glossary's synonyms live in the index settings: a search-time
`synonym_graph` filter reads an updateable synonyms set (`PUT _synonyms/<id>`), which
Elasticsearch reloads into the search analyzers as soon as the set changes, so an edit in the
glossary reaches search with no manual step.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings

from procedures.models import DocumentPage, ProtectiveMarking

from ..models import IndexedSection
from ..query import Clause, ParsedQuery
from .base import (
    MARK_END,
    MARK_START,
    EngineUnavailable,
    Matches,
    Scope,
    SearchEngine,
    SectionHit,
    safe_snippet,
)

logger = logging.getLogger(__name__)

FIELDS = ["reference^10", "doc_title^4", "title^5", "text"]
SYNONYMS_SET = "glossary"


def analysis_settings(glossary_filter: dict[str, Any]) -> dict[str, Any]:
    """Our analyzers: `library_text` at index time, `library_search` (the same plus the
    glossary's `synonym_graph` filter, `glossary_filter`) at search time, so a glossary
    change never needs a re-index."""
    return {
        "analysis": {
            "filter": {
                "english_possessive": {"type": "stemmer", "language": "possessive_english"},
                "english_stemmer": {"type": "stemmer", "language": "english"},
                "glossary_synonyms": glossary_filter,
            },
            "analyzer": {
                "library_text": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": [
                        "lowercase",
                        "asciifolding",
                        "english_possessive",
                        "english_stemmer",
                    ],  # fmt: skip
                },
                "library_search": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": [
                        "lowercase",
                        "asciifolding",
                        "glossary_synonyms",
                        "english_possessive",
                        "english_stemmer",
                    ],  # fmt: skip
                },
            },
        }
    }


MAPPINGS: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "document_id": {"type": "integer"},
        "position": {"type": "integer"},
        "anchor": {"type": "keyword", "index": False},
        "number": {"type": "keyword", "index": False},
        "title": {"type": "text", "analyzer": "library_text", "search_analyzer": "library_search"},
        "doc_title": {
            "type": "text",
            "analyzer": "library_text",
            "search_analyzer": "library_search",
        },  # fmt: skip
        "reference": {
            "type": "text",
            "analyzer": "library_text",
            "search_analyzer": "library_search",
            "fields": {"raw": {"type": "keyword"}},
        },
        "text": {"type": "text", "analyzer": "library_text", "search_analyzer": "library_search"},
        "service": {"type": "keyword"},
        "document_type": {"type": "keyword"},
        "marking": {"type": "keyword"},
        "access_groups": {"type": "integer"},
        "status": {"type": "keyword"},
    },
}


# A synonyms set and a synonym filter both refuse to be empty.
EMPTY_RULE = {"id": "empty", "synonyms": "jpl, jpl"}


def synonym_rules(groups: Iterable[Iterable[str]]) -> list[dict[str, str]]:
    """Solr-format equivalence rules, one per glossary term ("rtc, road traffic collision")."""
    rules = []
    for index, names in enumerate(groups):
        cleaned = [" ".join(name.replace(",", " ").split()) for name in names]
        cleaned = [name for name in cleaned if name]
        if len(cleaned) > 1:
            rules.append({"id": f"term-{index}", "synonyms": ", ".join(cleaned)})
    return rules


def _clause_query(clause: Clause) -> dict[str, Any]:
    alternatives = []
    for phrase in clause:
        text = " ".join(phrase)
        if len(phrase) > 1:
            alternatives.append({"multi_match": {"query": text, "fields": FIELDS,
                                                 "type": "phrase"}})  # fmt: skip
        else:
            alternatives.append({"multi_match": {"query": text, "fields": FIELDS,
                                                 "operator": "and"}})  # fmt: skip
    if len(alternatives) == 1:
        return alternatives[0]
    return {"bool": {"should": alternatives, "minimum_should_match": 1}}


def build_query(query: ParsedQuery, scope: Scope | None = None) -> dict[str, Any]:
    """The bool query: every clause must match, or any for a query ranked by coverage
    (synonyms come from the search analyzer, so the unexpanded clauses are sent), filtered
    by status scope and clearance."""
    filters: list[dict[str, Any]] = []
    if scope is not None:
        filters.append({"terms": {"status": list(scope.statuses)}})
    if scope is not None and not scope.sees_everything:
        filters.append(
            {
                "bool": {
                    "should": [
                        {"term": {"marking": ProtectiveMarking.OFFICIAL.value}},
                        {"terms": {"access_groups": list(scope.group_ids)}},
                    ],
                    "minimum_should_match": 1,
                }
            }
        )
    clauses = [_clause_query(clause) for clause in query.plain_clauses]
    if query.match_any:
        # Ranked by coverage (search.service): any clause may match, and BM25 adds up the
        # IDF of those that do, so the rare words of a question decide.
        return {"bool": {"should": clauses, "minimum_should_match": 1, "filter": filters}}
    return {"bool": {"must": clauses, "filter": filters}}


def section_source(page: DocumentPage, row: IndexedSection, group_ids: list[int]) -> dict:
    return {
        "document_id": page.pk,
        "position": row.position,
        "anchor": row.anchor,
        "number": row.number,
        "title": row.title,
        "doc_title": row.doc_title,
        "reference": row.reference,
        "text": row.text,
        "service": page.service,
        "document_type": page.document_type,
        "marking": page.protective_marking,
        "access_groups": group_ids,
        "status": page.status,
    }


class ElasticsearchEngine(SearchEngine):
    """Elasticsearch 8/9. The request-building and response-reading code is shared with
    OpenSearch (`opensearch.py`): only the client calls below the "client calls" line and
    the way synonyms reach the index differ."""

    name = "elasticsearch"
    label = "Elasticsearch"

    def __init__(
        self,
        client,
        index: str,
        synonyms_set: str = SYNONYMS_SET,
        search_timeout: float | None = None,
        retry_after: float = 0,
    ):
        self.client = client
        self.index = index
        self.synonyms_set = synonyms_set
        # Searches answer a person waiting for a page: they get a shorter timeout than
        # indexing (None: the client's own timeout).
        self.search_timeout = search_timeout
        # After a connection failure or timeout, calls fail at once (and the site uses the
        # database) for this many seconds, so a slow cluster costs one timeout, not one per
        # query of every page.
        self.retry_after = retry_after
        self._down_until = 0.0

    @staticmethod
    def client_options() -> dict[str, Any]:
        """Timeouts and retries from settings (see README, "Configuration")."""
        return {
            "timeout": float(getattr(settings, "ELASTICSEARCH_TIMEOUT", 5)),
            "search_timeout": float(getattr(settings, "ELASTICSEARCH_SEARCH_TIMEOUT", 2)),
            "retry_after": float(getattr(settings, "ELASTICSEARCH_RETRY_AFTER", 30)),
            "prefix": settings.ELASTICSEARCH_INDEX_PREFIX,
        }

    @classmethod
    def from_settings(cls) -> ElasticsearchEngine:
        from elasticsearch import Elasticsearch

        options = cls.client_options()
        client = Elasticsearch(
            settings.ELASTICSEARCH_URL, request_timeout=options["timeout"], max_retries=1,
            retry_on_timeout=False,
        )  # fmt: skip
        prefix = options["prefix"]
        return cls(
            client,
            index=f"{prefix}_sections",
            synonyms_set=f"{prefix}_{SYNONYMS_SET}",
            search_timeout=options["search_timeout"],
            retry_after=options["retry_after"],
        )

    # -- calls, with every failure turned into EngineUnavailable ---------------------------
    def _failures(self) -> tuple[tuple[type[Exception], ...], tuple[type[Exception], ...]]:
        """(every client error, the ones that mean the cluster is down or slow)."""
        from elastic_transport import ConnectionError, ConnectionTimeout, TransportError
        from elasticsearch import ApiError

        return (ApiError, TransportError), (ConnectionError, ConnectionTimeout)

    def _call(self, action: Callable[[], Any]) -> Any:
        if time.monotonic() < self._down_until:
            raise EngineUnavailable(f"{self.label} failed moments ago; not retried yet")
        errors, outages = self._failures()
        try:
            return action()
        except errors as error:
            if isinstance(error, outages) and self.retry_after:
                self._down_until = time.monotonic() + self.retry_after
            raise EngineUnavailable(f"{self.label}: {error}") from error

    # -- querying --------------------------------------------------------------------------
    def match_documents(self, query: ParsedQuery, scope: Scope, limit: int) -> Matches:
        if not query:
            return Matches()
        body = {
            "query": build_query(query, scope),
            "collapse": {"field": "document_id"},
            "size": min(limit, 10_000),
            "_source": False,
            "fields": ["document_id"],
        }
        response = self._call(lambda: self._search(body))
        return Matches(
            (int(hit["fields"]["document_id"][0]), float(hit["_score"] or 0))
            for hit in response["hits"]["hits"]
        )

    def top_sections(
        self,
        query: ParsedQuery,
        document_ids: Sequence[int],
        per_document: int,
        matches: Matches | None = None,
    ) -> list[SectionHit]:
        # The documents were matched in scope and re-checked against the database already.
        if not query or not document_ids:
            return []
        es_query = build_query(query)
        es_query["bool"]["filter"].append({"terms": {"document_id": list(document_ids)}})
        body = {
            "query": es_query,
            "size": len(document_ids) * per_document * 3,
            "_source": ["document_id", "position", "anchor", "number", "title"],
            "highlight": {
                "pre_tags": [MARK_START],
                "post_tags": [MARK_END],
                "fields": {
                    "text": {"fragment_size": 160, "number_of_fragments": 2, "no_match_size": 160}
                },  # fmt: skip
            },
        }
        response = self._call(lambda: self._search(body))
        hits, per_doc = [], {}
        for hit in response["hits"]["hits"]:
            source = hit["_source"]
            doc_id = int(source["document_id"])
            if per_doc.get(doc_id, 0) >= per_document:
                continue
            per_doc[doc_id] = per_doc.get(doc_id, 0) + 1
            snippet = " … ".join(hit.get("highlight", {}).get("text", []))
            hits.append(
                SectionHit(
                    section_id=int(hit["_id"].split("-")[-1]) if "-" in hit["_id"] else 0,
                    document_id=doc_id,
                    position=int(source.get("position", 0)),
                    anchor=source.get("anchor", ""),
                    number=source.get("number", ""),
                    title=source.get("title", ""),
                    snippet=safe_snippet(snippet),
                    score=float(hit["_score"] or 0),
                )
            )
        return hits

    # -- indexing --------------------------------------------------------------------------
    def _actions(self, page: DocumentPage) -> list[dict[str, Any]]:
        group_ids = list(page.access_groups.values_list("pk", flat=True))
        return [
            {
                "_index": self.index,
                "_id": f"{page.pk}-{row.position}",
                "_source": section_source(page, row, group_ids),
            }  # fmt: skip
            for row in IndexedSection.objects.filter(document_id=page.pk).order_by("position")
        ]

    def index_document(self, page: DocumentPage) -> None:
        actions = self._actions(page)
        self.remove_document(page.pk, keep=len(actions))
        if actions:
            self._call(lambda: self._bulk(actions, refresh="wait_for"))

    def remove_document(self, page_id: int, keep: int = 0) -> None:
        query = {"bool": {"filter": [{"term": {"document_id": page_id}}],
                          "must_not": [{"range": {"position": {"lt": keep}}}]}}  # fmt: skip
        self._call(lambda: self._delete_by_query(query))

    def index_definition(self) -> dict[str, Any]:
        glossary_filter = {
            "type": "synonym_graph",
            "synonyms_set": self.synonyms_set,
            "updateable": True,
        }  # fmt: skip
        return {"settings": analysis_settings(glossary_filter), "mappings": MAPPINGS}

    def put_synonyms(self) -> None:
        from ..glossary import synonym_groups

        rules = synonym_rules(synonym_groups()) or [EMPTY_RULE]
        # Updating a synonyms set reloads every search analyzer that uses it.
        self._call(lambda: self.client.synonyms.put_synonym(id=self.synonyms_set,
                                                            synonyms_set=rules))  # fmt: skip

    def glossary_changed(self) -> None:
        self.put_synonyms()

    def rebuild(self, progress=None) -> None:
        progress = progress or (lambda message: None)
        self._before_rebuild()
        self._call(self._delete_index)
        self._call(lambda: self._create_index(self.index_definition()))
        pages = DocumentPage.objects.filter(
            pk__in=IndexedSection.objects.values("document_id")
        ).prefetch_related("access_groups")
        actions = []
        for page in pages.iterator(chunk_size=200):
            actions.extend(self._actions(page))
            if len(actions) >= 2000:
                self._call(lambda batch=actions: self._bulk(batch))
                progress(f"{self.label}: indexed a batch of {len(actions)} sections")
                actions = []
        if actions:
            self._call(lambda batch=actions: self._bulk(batch))
        self._call(self._refresh_index)
        progress(f"{self.label}: index {self.index} rebuilt")

    def _before_rebuild(self) -> None:
        # The new index's filter names the synonyms set: it must exist first.
        self.put_synonyms()

    def drop(self) -> None:
        """Delete the index and the synonyms set (used by the live tests to clean up)."""
        self._call(self._delete_index)
        self._call(
            lambda: self.client.options(ignore_status=404).synonyms.delete_synonym(
                id=self.synonyms_set
            )
        )

    # -- client calls (the Elasticsearch client takes body fields as keywords) --------------
    def _search(self, body: dict[str, Any]) -> Any:
        client = self.client
        if self.search_timeout:
            client = client.options(request_timeout=self.search_timeout)
        return client.search(index=self.index, **body)

    def _bulk(self, actions: list[dict[str, Any]], **options: Any) -> Any:
        from elasticsearch import helpers

        return helpers.bulk(self.client, actions, **options)

    def _delete_by_query(self, query: dict[str, Any]) -> Any:
        return self.client.delete_by_query(
            index=self.index, query=query, refresh=True, conflicts="proceed"
        )

    def _delete_index(self) -> Any:
        return self.client.indices.delete(index=self.index, ignore_unavailable=True)

    def _create_index(self, definition: dict[str, Any]) -> Any:
        return self.client.indices.create(index=self.index, **definition)

    def _refresh_index(self) -> Any:
        return self.client.indices.refresh(index=self.index)
