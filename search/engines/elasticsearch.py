"""Elasticsearch 8/9 engine, through the official client (OpenSearch 2/3: `opensearch.py`).

Sections are indexed with their document's marking, access groups and status so the query
filters them, and the service re-checks every hit against the database before showing it.
Our analyzers and the glossary's synonyms live in the index settings: a search-time
`synonym_graph` filter reads an updateable synonyms set (`PUT _synonyms/<id>`), which
Elasticsearch reloads into the search analyzers as soon as the set changes, so an edit in the
glossary reaches search with no manual step.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from procedures.access import Clearance, open_markings
from procedures.models import DocumentPage

from ..models import GlossaryTerm, IndexedSection
from ..query import Clause, ParsedQuery, Phrase
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


def _clearance_filter(clearance: Clearance) -> dict[str, Any] | None:
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
    if scope is not None:
        clearance_filter = _clearance_filter(scope.clearance)
        if clearance_filter is not None:
            filters.append(clearance_filter)
    clauses = [
        _clause_query(plain, expanded)
        for plain, expanded in zip(query.plain_clauses, query.clauses, strict=True)
    ]
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


@dataclass
class DocumentUpdate:
    """What one outbox delivery sends for one document: its sections now (none when it left
    the index), the positions indexed before that no longer exist, and its version."""

    document_id: int
    version: int
    sources: list[dict[str, Any]] = field(default_factory=list)
    stale_positions: list[int] = field(default_factory=list)


@dataclass
class BulkOutcome:
    """Per document: None when every item landed (or a later version was already there),
    otherwise the first error, and whether retrying can help (429, 5xx, no answer)."""

    errors: dict[int, str] = field(default_factory=dict)
    retryable: dict[int, bool] = field(default_factory=dict)


# Statuses a bulk item may answer that mean "done": created, updated, a delete of something
# already gone, and a version conflict (the index holds a later version than this one).
ITEM_DONE = {200, 201, 404, 409}
BULK_CHUNK = 500  # actions per bulk request


class RebuildFailed(Exception):
    """A rebuilt index did not hold what it should; the alias was left where it was."""


class ElasticsearchEngine(SearchEngine):
    """Elasticsearch 8/9. The request-building and response-reading code is shared with
    OpenSearch (`opensearch.py`): only the client calls below the "client calls" line and
    the way synonyms reach the index differ.

    The index is `<prefix>_sections_<timestamp>` behind the alias `<prefix>_sections`
    (`self.index`): searches and updates use the alias; a rebuild fills a new index, checks
    it, and moves the alias in one atomic request."""

    name = "elasticsearch"
    label = "Elasticsearch"
    external = True  # updates travel through the outbox (search.outbox)

    def __init__(
        self,
        client,
        index: str,
        synonyms_set: str = SYNONYMS_SET,
        search_timeout: float | None = None,
        retry_after: float = 0,
    ):
        self.client = client
        self.index = index  # the alias
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
        from ..clients import elasticsearch_client

        options = cls.client_options()
        prefix = options["prefix"]
        return cls(
            elasticsearch_client(),
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

    def guard(self, action: Callable[[], Any]) -> Any:
        """Run `action` (a call on this cluster, by any client) under this engine's breaker:
        Wagtail's own backend (`search.wagtail_backends`) shares it, so one outage found by
        either costs one timeout, not one per page."""
        return self._call(action)

    def _call(self, action: Callable[[], Any]) -> Any:
        if time.monotonic() < self._down_until:
            error = EngineUnavailable(f"{self.label} failed moments ago; not retried yet")
            error.repeated = True  # the failure that opened the breaker was logged already
            raise error
        errors, outages = self._failures()
        try:
            return action()
        except errors as error:
            if self.retry_after and (isinstance(error, outages) or _overloaded(error)):
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
            "fields": [{"field": "document_id"}],
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
            "_source": {"includes": ["document_id", "position", "anchor", "number", "title"]},
            "highlight": {
                "pre_tags": [MARK_START],
                "post_tags": [MARK_END],
                "fields": {
                    "text": {"fragment_size": 160, "number_of_fragments": 2, "no_match_size": 160}
                },
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
    @staticmethod
    def sources(page_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
        """Each listed document's sections as indexed now ({} for documents not indexed)."""
        page_ids = list(page_ids)
        pages = {
            page.pk: page
            for page in DocumentPage.objects.filter(pk__in=page_ids).prefetch_related(
                "access_groups"
            )
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

    def _operations(self, update: DocumentUpdate, index: str) -> list[tuple[int, list[dict]]]:
        """(document id, bulk lines) per action. External versions: the cluster keeps an item
        only if its version is higher than the one it holds, so a delivery that arrives late
        never overwrites a later one."""
        meta = {"version": update.version, "version_type": "external"}
        actions = []
        for source in update.sources:
            doc_id = f"{update.document_id}-{source['position']}"
            actions.append(
                (update.document_id, [{"index": {"_index": index, "_id": doc_id, **meta}}, source])
            )
        for position in update.stale_positions:
            doc_id = f"{update.document_id}-{position}"
            actions.append((update.document_id, [{"delete": {"_index": index, "_id": doc_id,
                                                             **meta}}]))  # fmt: skip
        return actions

    def apply(self, updates: Sequence[DocumentUpdate], index: str | None = None) -> BulkOutcome:
        """Send `updates` in bulk requests of at most BULK_CHUNK actions; read every item's
        answer. Raises EngineUnavailable when a request gets no answer at all."""
        outcome = BulkOutcome()
        actions = [a for update in updates for a in self._operations(update, index or self.index)]
        for start in range(0, len(actions), BULK_CHUNK):
            chunk = actions[start : start + BULK_CHUNK]
            lines = [line for _, action_lines in chunk for line in action_lines]
            response = self._call(lambda lines=lines: self._bulk(lines))
            for (doc_id, _), item in zip(chunk, response.get("items", []), strict=False):
                result = next(iter(item.values()))
                status = int(result.get("status", 500))
                if status in ITEM_DONE or doc_id in outcome.errors:
                    continue
                error = result.get("error") or {}
                reason = error.get("reason", "") if isinstance(error, dict) else str(error)
                outcome.errors[doc_id] = f"{status} {reason}".strip()
                outcome.retryable[doc_id] = status == 429 or status >= 500
        return outcome

    def index_document(self, page: DocumentPage) -> None:
        """Index one document now, outside the outbox (used by tests and the live suite)."""
        from ..outbox import deliver_now

        deliver_now([page.pk])

    def remove_document(self, page_id: int) -> None:
        from ..outbox import deliver_now

        deliver_now([page_id])

    def index_definition(self) -> dict[str, Any]:
        glossary_filter = {
            "type": "synonym_graph",
            "synonyms_set": self.synonyms_set,
            "updateable": True,
        }
        return self._with_meta({"settings": analysis_settings(glossary_filter),
                                "mappings": MAPPINGS})  # fmt: skip

    @staticmethod
    def _with_meta(definition: dict[str, Any]) -> dict[str, Any]:
        # `_meta` values are objects in the specification.
        meta = {"definition": {"fingerprint": definition_fingerprint()}}
        mappings = {"_meta": meta, **definition["mappings"]}
        return {**definition, "mappings": mappings}

    def put_synonyms(self) -> None:
        rules = synonym_rules(GlossaryTerm.synonym_groups()) or [EMPTY_RULE]
        # Updating a synonyms set reloads every search analyzer that uses it.
        self._call(lambda: self.client.synonyms.put_synonym(id=self.synonyms_set,
                                                            synonyms_set=rules))  # fmt: skip

    def glossary_changed(self) -> None:
        self.put_synonyms()

    def new_index_name(self) -> str:
        stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime())
        return f"{self.index}_{stamp}{int(time.time() * 1000) % 1000:03d}"

    def rebuild(self, progress=None) -> None:
        """Fill a new index from the section table, check its count, move the alias to it in
        one request and drop the old index. Searches use the old index until the move."""
        from ..outbox import indexed, rebuild_started, rebuilt, versions

        progress = progress or (lambda message: None)
        self._before_rebuild()
        new_index = self.new_index_name()
        self._call(lambda: self._create_index(new_index, self.index_definition()))
        started = rebuild_started()
        try:
            expected = 0
            page_ids = list(
                IndexedSection.objects.order_by("document_id")
                .values_list("document_id", flat=True)
                .distinct()
            )
            for start in range(0, len(page_ids), 200):
                batch = page_ids[start : start + 200]
                known = versions(batch)
                sources = self.sources(batch)
                updates = [
                    DocumentUpdate(page_id, known[page_id], sources[page_id])
                    for page_id in batch
                    if sources[page_id]
                ]
                expected += sum(len(update.sources) for update in updates)
                outcome = self.apply(updates, index=new_index)
                if outcome.errors:
                    first = next(iter(outcome.errors.items()))
                    raise RebuildFailed(f"document {first[0]}: {first[1]}")
                indexed({update.document_id: len(update.sources) for update in updates})
                progress(f"{self.label}: indexed {expected} sections into {new_index}")
            self._call(lambda: self._refresh_index(new_index))
            found = self._call(lambda: self._count(new_index))
            if found != expected:
                raise RebuildFailed(
                    f"{new_index} holds {found} sections, {expected} expected; "
                    f"the alias {self.index} was left where it was"
                )
            old = self._call(self.alias_targets)
            actions: list[dict[str, Any]] = [{"remove": {"index": name, "alias": self.index}}
                                             for name in old]  # fmt: skip
            if not old and self._call(lambda: self._exists(self.index)):
                # An index from before aliases, under the alias's own name: replaced in the
                # same atomic request.
                actions.append({"remove_index": {"index": self.index}})
            actions.append({"add": {"index": new_index, "alias": self.index}})
            self._call(lambda: self._update_aliases(actions))
        except Exception:
            try:
                self._call(lambda: self._delete_index(new_index))
            except EngineUnavailable:
                logger.warning("Search: could not delete the unfinished index %s", new_index)
            raise
        for name in old:
            self._call(lambda name=name: self._delete_index(name))
        rebuilt(started)
        progress(f"{self.label}: alias {self.index} now on {new_index} ({found} sections)")

    def _before_rebuild(self) -> None:
        # The new index's filter names the synonyms set: it must exist first.
        self.put_synonyms()

    def alias_targets(self) -> list[str]:
        """The indices behind the alias ([] when there is no alias)."""
        return sorted(self._get_alias())

    def drift(self) -> str | None:
        """Why the live index no longer matches the code, with the fix (None: it matches)."""
        targets = self._call(self.alias_targets)
        fix = "run `manage.py rebuild_section_index`"
        if not targets:
            return f"no index behind the alias {self.index}: {fix}"
        mappings = self._call(lambda: self._get_mapping(targets[0]))
        stored = ((mappings.get("_meta") or {}).get("definition") or {}).get("fingerprint")
        if stored != definition_fingerprint():
            return (
                f"the index {targets[0]} was built from other mappings or analyzers "
                f"({stored or 'unknown'}, the code has {definition_fingerprint()}): {fix}"
            )
        return None

    def status(self) -> dict[str, Any]:
        """What the admin shows: server, alias, indices behind it, sections held."""
        state: dict[str, Any] = {"engine": self.label, "alias": self.index, "indices": [],
                                 "server": "", "documents": None, "error": ""}  # fmt: skip
        try:
            info = self._call(self._info)
            state["server"] = f"{info.get('version', {}).get('number', '?')}"
            state["indices"] = self._call(self.alias_targets)
            if state["indices"]:
                state["documents"] = self._call(lambda: self._count(self.index))
            state["drift"] = self.drift()
        except EngineUnavailable as error:
            state["error"] = str(error)
        return state

    def drop(self) -> None:
        """Delete the indices, the alias and the synonyms set (the live tests clean up)."""
        for name in self._call(self.alias_targets):
            self._call(lambda name=name: self._delete_index(name))
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

    def _bulk(self, lines: list[dict[str, Any]]) -> Any:
        return self.client.bulk(operations=lines).body

    def _delete_index(self, name: str) -> Any:
        return self.client.indices.delete(index=name, ignore_unavailable=True)

    def _create_index(self, name: str, definition: dict[str, Any]) -> Any:
        return self.client.indices.create(index=name, **definition)

    def _refresh_index(self, name: str) -> Any:
        return self.client.indices.refresh(index=name)

    def _count(self, name: str) -> int:
        return int(self.client.count(index=name)["count"])

    def _exists(self, name: str) -> bool:
        return bool(self.client.indices.exists(index=name))

    def _get_alias(self) -> list[str]:
        response = self.client.options(ignore_status=404).indices.get_alias(name=self.index)
        if response.meta.status == 404:
            return []
        return list(response.body)

    def _update_aliases(self, actions: list[dict[str, Any]]) -> Any:
        return self.client.indices.update_aliases(actions=actions)

    def _get_mapping(self, name: str) -> dict[str, Any]:
        response = self.client.indices.get_mapping(index=name)
        return response[name]["mappings"]

    def _info(self) -> dict[str, Any]:
        return self.client.info().body


def _overloaded(error: Exception) -> bool:
    """429 (too many requests) and 5xx: back off as from an outage."""
    status = getattr(error, "status_code", None) or getattr(getattr(error, "meta", None),
                                                            "status", None)  # fmt: skip
    try:
        status = int(status)
    except (TypeError, ValueError):
        return False
    return status == 429 or status >= 500
