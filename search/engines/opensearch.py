"""OpenSearch 2/3 engine, through `opensearch-py` (the Elasticsearch client refuses to talk
to OpenSearch). Chosen when `ELASTICSEARCH_URL` is set and `ELASTICSEARCH_FLAVOUR=opensearch`.

The index (mappings, analyzers) and every query are the Elasticsearch engine's. What differs:

- OpenSearch has no synonyms API, so the glossary's rules are written inline into the
  `synonym_graph` filter. Analysis settings can only change on a closed index, so a glossary
  edit closes the index, updates the filter and re-opens it (a moment in which searches fall
  back to the database). Only the search analyzer uses the filter: nothing is re-indexed.
- The client takes request bodies as `body=` rather than keyword fields.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from .elasticsearch import EMPTY_RULE, MAPPINGS, ElasticsearchEngine, analysis_settings


def inline_synonyms() -> list[str]:
    """The glossary as Solr-format lines for a `synonym_graph` filter's `synonyms`."""
    from ..glossary import synonym_groups
    from .elasticsearch import synonym_rules

    rules = synonym_rules(synonym_groups()) or [EMPTY_RULE]
    return [rule["synonyms"] for rule in rules]


def glossary_filter() -> dict[str, Any]:
    return {"type": "synonym_graph", "synonyms": inline_synonyms()}


class OpenSearchEngine(ElasticsearchEngine):
    name = "opensearch"
    label = "OpenSearch"

    @classmethod
    def from_settings(cls) -> OpenSearchEngine:
        from opensearchpy import OpenSearch

        options = cls.client_options()
        client = OpenSearch(
            hosts=[settings.ELASTICSEARCH_URL], timeout=options["timeout"], max_retries=1,
            retry_on_timeout=False,
        )  # fmt: skip
        return cls(
            client,
            index=f"{options['prefix']}_sections",
            search_timeout=options["search_timeout"],
            retry_after=options["retry_after"],
        )

    def _failures(self) -> tuple[tuple[type[Exception], ...], tuple[type[Exception], ...]]:
        from opensearchpy.exceptions import ConnectionError, OpenSearchException

        # ConnectionTimeout is a ConnectionError in opensearch-py.
        return (OpenSearchException,), (ConnectionError,)

    # -- synonyms inline in the index settings ---------------------------------------------
    def index_definition(self) -> dict[str, Any]:
        return {"settings": analysis_settings(glossary_filter()), "mappings": MAPPINGS}

    def put_synonyms(self) -> None:
        """Rewrite the glossary filter in the live index's settings (close, update, open)."""
        from opensearchpy.exceptions import NotFoundError

        body = {"analysis": {"filter": {"glossary_synonyms": glossary_filter()}}}

        def update() -> None:
            try:
                self.client.indices.close(index=self.index)
            except NotFoundError:
                return  # no index yet: the next rebuild creates it with the current glossary
            try:
                self.client.indices.put_settings(index=self.index, body=body)
            finally:
                self.client.indices.open(index=self.index)

        self._call(update)

    def _before_rebuild(self) -> None:
        """Nothing: the synonyms travel inline with the new index's definition."""

    def drop(self) -> None:
        self._call(self._delete_index)

    # -- client calls ----------------------------------------------------------------------
    def _search(self, body: dict[str, Any]) -> Any:
        params = {"request_timeout": self.search_timeout} if self.search_timeout else {}
        return self.client.search(index=self.index, body=body, params=params)

    def _bulk(self, actions: list[dict[str, Any]], **options: Any) -> Any:
        from opensearchpy import helpers

        return helpers.bulk(self.client, actions, **options)

    def _delete_by_query(self, query: dict[str, Any]) -> Any:
        return self.client.delete_by_query(
            index=self.index,
            body={"query": query},
            params={"refresh": "true", "conflicts": "proceed"},
        )

    def _delete_index(self) -> Any:
        return self.client.indices.delete(index=self.index, params={"ignore_unavailable": "true"})

    def _create_index(self, definition: dict[str, Any]) -> Any:
        return self.client.indices.create(index=self.index, body=definition)

    def _refresh_index(self) -> Any:
        return self.client.indices.refresh(index=self.index)
