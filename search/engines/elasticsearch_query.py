"""Searching the Elasticsearch/OpenSearch section index: the request bodies (the bool query
with its status and clearance filters, the collapsed document match, the highlighted
snippets) and reading their answers into `Matches` and `SectionHit`s."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from procedures.access import Clearance, open_markings

from ..query import Clause, ParsedQuery, Phrase
from .base import MARK_END, MARK_START, Matches, Scope, SectionHit, safe_snippet

FIELDS = ["reference^10", "doc_title^4", "title^5", "text"]


def _phrase_query(phrase: Phrase, analyzer: str | None = None) -> dict[str, Any]:
    text = " ".join(phrase)
    if len(phrase) > 1:
        body: dict[str, Any] = {"query": text, "fields": FIELDS, "type": "phrase"}
    else:
        body = {"query": text, "fields": FIELDS, "operator": "and"}
    if analyzer:
        body["analyzer"] = analyzer
    return {"multi_match": body}


def _clause_query(plain: Clause, expanded: Clause) -> dict[str, Any]:
    """One clause. A glossary clause is sent expanded, each alternative analysed without the
    synonyms filter, under `dis_max`: a section scores by its best alternative, never their
    sum (the search analyzer's synonym graph would add up a section that holds both the
    acronym and its expansion, as SQLite's bm25 did)."""
    if len(expanded) > 1:
        alternatives = [_phrase_query(phrase, "library_text") for phrase in expanded]
        return {"dis_max": {"queries": alternatives, "tie_breaker": 0.0}}
    # Unexpanded clauses are one phrase each (see query.parse).
    return _phrase_query(plain[0])


def clearance_filter(clearance: Clearance) -> dict[str, Any] | None:
    """`procedures.access`'s rule over the indexed copy of each document's marking and access
    groups: an open marking, or one of the reader's groups. None: no filter needed."""
    if not clearance.signed_in:
        return {"match_none": {}}
    if clearance.everything:
        return None
    open_to_all = [{"term": {"marking": {"value": marking}}} for marking in open_markings()]
    return {
        "bool": {
            "should": [*open_to_all, {"terms": {"access_groups": list(clearance.group_ids)}}],
            "minimum_should_match": 1,
        }
    }


def build_query(query: ParsedQuery, scope: Scope | None = None) -> dict[str, Any]:
    """The bool query: every clause must match, or any for a query ranked by coverage
    (glossary clauses expanded here, see `_clause_query`), filtered by status scope and
    clearance."""
    filters: list[dict[str, Any]] = []
    if scope is not None:
        filters.append({"terms": {"status": list(scope.statuses)}})
        cleared = clearance_filter(scope.clearance)
        if cleared is not None:
            filters.append(cleared)
    clauses = [
        _clause_query(plain, expanded)
        for plain, expanded in zip(query.plain_clauses, query.clauses, strict=True)
    ]
    if query.match_any:
        # Ranked by coverage (search.matching): any clause may match, and BM25 adds up the
        # IDF of those that do, so the rare words of a question decide.
        return {"bool": {"should": clauses, "minimum_should_match": 1, "filter": filters}}
    return {"bool": {"must": clauses, "filter": filters}}


def documents_body(query: ParsedQuery, scope: Scope, limit: int) -> dict[str, Any]:
    """Matching documents in scope, best first: sections collapsed by document."""
    return {
        "query": build_query(query, scope),
        "collapse": {"field": "document_id"},
        "size": min(limit, 10_000),
        "_source": False,
        "fields": [{"field": "document_id"}],
    }


def read_documents(response: Any) -> Matches:
    return Matches(
        (int(hit["fields"]["document_id"][0]), float(hit["_score"] or 0))
        for hit in response["hits"]["hits"]
    )


def sections_body(
    query: ParsedQuery, document_ids: Sequence[int], per_document: int
) -> dict[str, Any]:
    """The best sections of the listed documents with highlighted snippets. The documents
    were matched in scope and re-checked against the database already: no scope here."""
    es_query = build_query(query)
    es_query["bool"]["filter"].append({"terms": {"document_id": list(document_ids)}})
    return {
        "query": es_query,
        "size": len(document_ids) * per_document * 3,
        "_source": {"includes": ["document_id", "position", "anchor", "number", "title"]},
        "highlight": {
            "pre_tags": [MARK_START],
            "post_tags": [MARK_END],
            "fields": {
                "text": {"fragment_size": 160, "number_of_fragments": 2, "no_match_size": 160}
            },
        },
    }


def read_sections(response: Any, per_document: int) -> list[SectionHit]:
    """At most `per_document` hits per document, in the cluster's order (best first)."""
    hits: list[SectionHit] = []
    per_doc: dict[int, int] = {}
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
