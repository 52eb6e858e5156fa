"""Elasticsearch 8/9 engine, through the official client (OpenSearch 2/3: `opensearch.py`).

Sections are indexed with their document's marking, access groups and status so the query
filters them, and the service re-checks every hit against the database before showing it.
The engine is the cluster's calls under a breaker, the alias rebuild and the index's state;
what the index holds is `elasticsearch_index`, the searches `elasticsearch_query`, the
writes `elasticsearch_bulk`. Our analyzers and the glossary's synonyms live in the index
settings: a search-time `synonym_graph` filter reads an updateable synonyms set
(`PUT _synonyms/<id>`), which Elasticsearch reloads into the search analyzers as soon as the
set changes, so an edit in the glossary reaches search with no manual step.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.utils import timezone
from elastic_transport import ConnectionError, ConnectionTimeout, TransportError
from elasticsearch import ApiError

from ..clients import elasticsearch_client
from ..models import GlossaryTerm, IndexedSection, IndexOutbox
from ..query import ParsedQuery
from . import elasticsearch_bulk as bulk
from . import elasticsearch_index as mapping
from . import elasticsearch_query as queries
from .base import EngineUnavailable, Matches, Scope, SearchEngine, SectionHit
from .elasticsearch_bulk import BulkOutcome, DocumentUpdate
from .elasticsearch_index import EMPTY_RULE, MAPPINGS, SYNONYMS_SET, analysis_settings

logger = logging.getLogger(__name__)

# Documents read from the section table per bulk round of a rebuild.
REBUILD_BATCH = 200


class BreakerOpen(EngineUnavailable):
    """The cluster failed moments ago and is not asked again yet."""

    repeated = True  # the failure that opened the breaker was logged already


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
        # When the cluster stopped taking index updates (search.delivery logs the outage's
        # start and end once each).
        self.outage_since: float | None = None

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
        return (ApiError, TransportError), (ConnectionError, ConnectionTimeout)

    def guard(self, action: Callable[[], Any]) -> Any:
        """Run `action` (a call on this cluster, by any client) under this engine's breaker:
        Wagtail's own backend (`search.wagtail_backends`) shares it, so one outage found by
        either costs one timeout, not one per page."""
        return self._call(action)

    def _call(self, action: Callable[[], Any]) -> Any:
        if time.monotonic() < self._down_until:
            raise BreakerOpen(f"{self.label} failed moments ago; not retried yet")
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
        body = queries.documents_body(query, scope, limit)
        return queries.read_documents(self._call(lambda: self._search(body)))

    def top_sections(
        self,
        query: ParsedQuery,
        document_ids: Sequence[int],
        per_document: int,
        matches: Matches | None = None,
    ) -> list[SectionHit]:
        if not query or not document_ids:
            return []
        body = queries.sections_body(query, document_ids, per_document)
        return queries.read_sections(self._call(lambda: self._search(body)), per_document)

    # -- indexing --------------------------------------------------------------------------
    # Each listed document's sections as indexed now.
    sources = staticmethod(mapping.sources)

    def apply(self, updates: Sequence[DocumentUpdate], index: str | None = None) -> BulkOutcome:
        """Send `updates` in bulk requests of at most BULK_CHUNK actions; read every item's
        answer. Raises EngineUnavailable when a request gets no answer at all."""
        outcome = BulkOutcome()
        for chunk in bulk.chunks(updates, index or self.index, bulk.BULK_CHUNK):
            lines = [line for _, action_lines in chunk for line in action_lines]
            outcome.read(chunk, self._call(partial(self._bulk, lines)))
        return outcome

    def index_definition(self) -> dict[str, Any]:
        glossary_filter = {
            "type": "synonym_graph",
            "synonyms_set": self.synonyms_set,
            "updateable": True,
        }
        return mapping.with_meta(
            {"settings": analysis_settings(glossary_filter), "mappings": MAPPINGS}
        )

    def put_synonyms(self) -> None:
        rules = mapping.synonym_rules(GlossaryTerm.synonym_groups()) or [EMPTY_RULE]
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
        one request and drop the old index. Searches use the old index until the move.

        Each document goes in under its outbox version; changes made meanwhile are marked to
        be sent again, and the caller queues their delivery (`search.indexing.rebuild`)."""
        progress = progress or (lambda message: None)
        self._before_rebuild()
        new_index = self.new_index_name()
        self._call(lambda: self._create_index(new_index, self.index_definition()))
        started = timezone.now()
        try:
            expected = 0
            page_ids = list(
                IndexedSection.objects.order_by("document_id")
                .values_list("document_id", flat=True)
                .distinct()
            )
            for start in range(0, len(page_ids), REBUILD_BATCH):
                batch = page_ids[start : start + REBUILD_BATCH]
                known = IndexOutbox.objects.versions(batch)
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
                IndexOutbox.objects.indexed({u.document_id: len(u.sources) for u in updates})
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
            self._call(partial(self._delete_index, name))
        IndexOutbox.objects.resend_changed_since(started)
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
        code = mapping.definition_fingerprint()
        if stored != code:
            return (
                f"the index {targets[0]} was built from other mappings or analyzers "
                f"({stored or 'unknown'}, the code has {code}): {fix}"
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
            self._call(partial(self._delete_index, name))
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
    if status is None:
        return False
    try:
        code = int(status)
    except (TypeError, ValueError):
        return False
    return code == 429 or code >= 500
