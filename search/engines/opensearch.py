"""OpenSearch 2/3 engine, through `opensearch-py` (the Elasticsearch client refuses to talk
to OpenSearch). Chosen when `ELASTICSEARCH_URL` is set and `ELASTICSEARCH_FLAVOUR=opensearch`.

The index (mappings, analyzers, alias and versioned indices) and every query are the
Elasticsearch engine's. What differs:

- OpenSearch has no synonyms API, so the glossary's rules are written inline into the
  `synonym_graph` filter. Analysis settings can only change on a closed index, so a glossary
  edit closes the index behind the alias, updates the filter and re-opens it (a moment in
  which searches fall back to the database). Only the search analyzer uses the filter:
  nothing is re-indexed.
- The client takes request bodies as `body=` and query parameters as `params=`.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from opensearchpy.exceptions import ConnectionError, NotFoundError, OpenSearchException

from ..clients import opensearch_client
from ..models import GlossaryTerm
from .elasticsearch import ElasticsearchEngine
from .elasticsearch_index import EMPTY_RULE, MAPPINGS, analysis_settings, synonym_rules, with_meta


def inline_synonyms() -> list[str]:
    """The glossary as Solr-format lines for a `synonym_graph` filter's `synonyms`."""
    rules = synonym_rules(GlossaryTerm.synonym_groups()) or [EMPTY_RULE]
    return [rule["synonyms"] for rule in rules]


def glossary_filter() -> dict[str, Any]:
    return {"type": "synonym_graph", "synonyms": inline_synonyms()}


class OpenSearchEngine(ElasticsearchEngine):
    name = "opensearch"
    label = "OpenSearch"

    @classmethod
    def from_settings(cls) -> OpenSearchEngine:
        options = cls.client_options()
        return cls(
            opensearch_client(),
            index=f"{options['prefix']}_sections",
            search_timeout=options["search_timeout"],
            retry_after=options["retry_after"],
        )

    def _failures(self) -> tuple[tuple[type[Exception], ...], tuple[type[Exception], ...]]:
        # ConnectionTimeout is a ConnectionError in opensearch-py.
        return (OpenSearchException,), (ConnectionError,)

    # -- synonyms inline in the index settings ---------------------------------------------
    def index_definition(self) -> dict[str, Any]:
        return with_meta({"settings": analysis_settings(glossary_filter()), "mappings": MAPPINGS})

    def put_synonyms(self) -> None:
        """Rewrite the glossary filter in the live index's settings (close, update, open)."""
        body = {"analysis": {"filter": {"glossary_synonyms": glossary_filter()}}}

        def update() -> None:
            for name in self.alias_targets():
                # no index yet: the next rebuild creates it with the current glossary
                self.client.indices.close(index=name)
                try:
                    self.client.indices.put_settings(index=name, body=body)
                finally:
                    self.client.indices.open(index=name)

        self._call(update)

    def _before_rebuild(self) -> None:
        """Nothing: the synonyms travel inline with the new index's definition."""

    def drop(self) -> None:
        for name in self._call(self.alias_targets):
            self._call(partial(self._delete_index, name))

    # -- client calls ----------------------------------------------------------------------
    def _search(self, body: dict[str, Any]) -> Any:
        params = {"request_timeout": self.search_timeout} if self.search_timeout else {}
        return self.client.search(index=self.index, body=body, params=params)

    def _bulk(self, lines: list[dict[str, Any]]) -> Any:
        return self.client.bulk(body=lines)

    def _delete_index(self, name: str) -> Any:
        return self.client.indices.delete(index=name, params={"ignore_unavailable": "true"})

    def _create_index(self, name: str, definition: dict[str, Any]) -> Any:
        return self.client.indices.create(index=name, body=definition)

    def _refresh_index(self, name: str) -> Any:
        return self.client.indices.refresh(index=name)

    def _count(self, name: str) -> int:
        return int(self.client.count(index=name)["count"])

    def _exists(self, name: str) -> bool:
        return bool(self.client.indices.exists(index=name))

    def _get_alias(self) -> list[str]:
        try:
            return list(self.client.indices.get_alias(name=self.index))
        except NotFoundError:
            return []

    def _update_aliases(self, actions: list[dict[str, Any]]) -> Any:
        return self.client.indices.update_aliases(body={"actions": actions})

    def _get_mapping(self, name: str) -> dict[str, Any]:
        return self.client.indices.get_mapping(index=name)[name]["mappings"]

    def _info(self) -> dict[str, Any]:
        return self.client.info()
