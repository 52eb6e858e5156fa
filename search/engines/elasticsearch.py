"""Elasticsearch 8/9 engine, through the official client.

Sections are indexed with their document's marking, access groups and status so the query
filters them, and the service re-checks every hit against the database before showing it.
Our analyzers and the glossary's synonyms live in the index settings: a search-time
`synonym_graph` filter reads an updateable synonyms set (`PUT _synonyms/<id>`), which
Elasticsearch reloads into the search analyzers as soon as the set changes, so an edit in the
glossary reaches search with no manual step.
"""

from __future__ import annotations

import logging
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
    Scope,
    SearchEngine,
    SectionHit,
    safe_snippet,
)

logger = logging.getLogger(__name__)

FIELDS = ["reference^10", "doc_title^4", "title^5", "text"]
SYNONYMS_SET = "glossary"


def analysis_settings(synonyms_set: str) -> dict[str, Any]:
    return {
        "analysis": {
            "filter": {
                "english_possessive": {"type": "stemmer", "language": "possessive_english"},
                "english_stemmer": {"type": "stemmer", "language": "english"},
                "glossary_synonyms": {
                    "type": "synonym_graph",
                    "synonyms_set": synonyms_set,
                    "updateable": True,
                },
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
    """The bool query: every clause must match (synonyms come from the search analyzer, so
    the unexpanded clauses are sent), filtered by status scope and clearance."""
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
    return {
        "bool": {
            "must": [_clause_query(clause) for clause in query.plain_clauses],
            "filter": filters,
        }  # fmt: skip
    }


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
    name = "elasticsearch"
    label = "Elasticsearch"

    def __init__(self, client, index: str, synonyms_set: str = SYNONYMS_SET):
        self.client = client
        self.index = index
        self.synonyms_set = synonyms_set

    @classmethod
    def from_settings(cls) -> ElasticsearchEngine:
        from elasticsearch import Elasticsearch

        backend = settings.WAGTAILSEARCH_BACKENDS.get("default", {})
        timeout = backend.get("TIMEOUT", 5)
        client = Elasticsearch(
            settings.ELASTICSEARCH_URL, request_timeout=timeout, max_retries=1,
            retry_on_timeout=False,
        )  # fmt: skip
        prefix = settings.ELASTICSEARCH_INDEX_PREFIX
        return cls(client, index=f"{prefix}_sections", synonyms_set=f"{prefix}_{SYNONYMS_SET}")

    # -- calls, with every failure turned into EngineUnavailable ---------------------------
    def _call(self, action: Callable[[], Any]) -> Any:
        from elastic_transport import TransportError
        from elasticsearch import ApiError

        try:
            return action()
        except (ApiError, TransportError) as error:
            raise EngineUnavailable(f"{self.label}: {error}") from error

    # -- querying --------------------------------------------------------------------------
    def match_documents(
        self, query: ParsedQuery, scope: Scope, limit: int
    ) -> list[tuple[int, float]]:
        if not query:
            return []
        body = {
            "query": build_query(query, scope),
            "collapse": {"field": "document_id"},
            "size": min(limit, 10_000),
            "_source": False,
            "fields": ["document_id"],
        }
        response = self._call(lambda: self.client.search(index=self.index, **body))
        return [
            (int(hit["fields"]["document_id"][0]), float(hit["_score"] or 0))
            for hit in response["hits"]["hits"]
        ]

    def top_sections(
        self, query: ParsedQuery, document_ids: Sequence[int], per_document: int
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
        response = self._call(lambda: self.client.search(index=self.index, **body))
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
        from elasticsearch import helpers

        actions = self._actions(page)
        self.remove_document(page.pk, keep=len(actions))
        if actions:
            self._call(lambda: helpers.bulk(self.client, actions, refresh="wait_for"))

    def remove_document(self, page_id: int, keep: int = 0) -> None:
        query = {"bool": {"filter": [{"term": {"document_id": page_id}}],
                          "must_not": [{"range": {"position": {"lt": keep}}}]}}  # fmt: skip
        self._call(
            lambda: self.client.delete_by_query(
                index=self.index, query=query, refresh=True, conflicts="proceed"
            )
        )

    def index_definition(self) -> dict[str, Any]:
        return {"settings": analysis_settings(self.synonyms_set), "mappings": MAPPINGS}

    def put_synonyms(self) -> None:
        from ..glossary import synonym_groups

        rules = synonym_rules(synonym_groups()) or [{"id": "empty", "synonyms": "jpl, jpl"}]
        # Updating a synonyms set reloads every search analyzer that uses it.
        self._call(lambda: self.client.synonyms.put_synonym(id=self.synonyms_set,
                                                            synonyms_set=rules))  # fmt: skip

    def glossary_changed(self) -> None:
        self.put_synonyms()

    def rebuild(self, progress=None) -> None:
        from elasticsearch import helpers

        progress = progress or (lambda message: None)
        self.put_synonyms()
        self._call(lambda: self.client.indices.delete(index=self.index, ignore_unavailable=True))
        self._call(lambda: self.client.indices.create(index=self.index,
                                                      **self.index_definition()))  # fmt: skip
        pages = DocumentPage.objects.filter(
            pk__in=IndexedSection.objects.values("document_id")
        ).prefetch_related("access_groups")
        actions = []
        for page in pages.iterator(chunk_size=200):
            actions.extend(self._actions(page))
            if len(actions) >= 2000:
                self._call(lambda batch=actions: helpers.bulk(self.client, batch))
                progress(f"{self.label}: indexed a batch of {len(actions)} sections")
                actions = []
        if actions:
            self._call(lambda batch=actions: helpers.bulk(self.client, batch))
        self._call(lambda: self.client.indices.refresh(index=self.index))
        progress(f"{self.label}: index {self.index} rebuilt")
