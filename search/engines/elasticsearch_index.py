"""What the Elasticsearch/OpenSearch section index holds: its mappings and analyzers, the
glossary as synonym rules, and each section as an index document (with its document's
marking, access groups and status, so queries filter by them).

Our analyzers and the glossary's synonyms live in the index settings: a search-time
`synonym_graph` filter reads the glossary (an updateable synonyms set on Elasticsearch,
inline rules on OpenSearch), so a glossary edit never needs a re-index."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from procedures.models import DocumentPage

from ..models import IndexedSection

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
                    ],
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
                    ],
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
        },
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


def definition_fingerprint() -> str:
    """A hash of our mappings and analyzers (not the glossary's rules, which change in place).
    Stored in the index's `_meta`, so a code change that needs a rebuild is noticed."""
    shape = {"settings": analysis_settings({"type": "synonym_graph"}), "mappings": MAPPINGS}
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:16]


def with_meta(definition: dict[str, Any]) -> dict[str, Any]:
    """An index definition (settings and mappings) carrying the fingerprint in `_meta`."""
    # `_meta` values are objects in the specification.
    meta = {"definition": {"fingerprint": definition_fingerprint()}}
    mappings = {"_meta": meta, **definition["mappings"]}
    return {**definition, "mappings": mappings}


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


def sources(page_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    """Each listed document's sections as indexed now ([] for documents not indexed)."""
    page_ids = list(page_ids)
    pages = {
        page.pk: page
        for page in DocumentPage.objects.filter(pk__in=page_ids).prefetch_related("access_groups")
    }
    found: dict[int, list[dict[str, Any]]] = {page_id: [] for page_id in page_ids}
    rows = IndexedSection.objects.filter(document_id__in=page_ids).order_by(
        "document_id", "position"
    )
    groups: dict[int, list[int]] = {}
    for row in rows:
        page = pages.get(row.document_id)
        if page is None:
            continue
        if page.pk not in groups:
            groups[page.pk] = [group.pk for group in page.access_groups.all()]
        found[page.pk].append(section_source(page, row, groups[page.pk]))
    return found
