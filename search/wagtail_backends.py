"""Wagtail's own search (modelsearch) on the same cluster, with the same client settings.

Each backend is modelsearch's for that server version, with:
- the client built like ours (`search.clients`): compatibility headers for the server's major
  version, one retry, no retry on timeout;
- its index settings without the edge n-gram tokenizer's `side` key, which neither engine
  documents (Elasticsearch removed it in 2.0) and which does nothing.
"""

from __future__ import annotations

from copy import deepcopy

from modelsearch.backends.elasticsearch8 import Elasticsearch8SearchBackend
from modelsearch.backends.elasticsearch9 import Elasticsearch9SearchBackend
from modelsearch.backends.opensearch2 import OpenSearch2SearchBackend
from modelsearch.backends.opensearch3 import OpenSearch3SearchBackend


def _without_side(settings: dict) -> dict:
    settings = deepcopy(settings)
    tokenizers = settings.get("settings", {}).get("analysis", {}).get("tokenizer", {})
    for tokenizer in tokenizers.values():
        tokenizer.pop("side", None)
    return settings


class _Backend:
    settings: dict

    def __init__(self, params):
        params = dict(params)
        options = dict(params.pop("OPTIONS", {}))
        options.update(self.client_options())
        params["OPTIONS"] = options
        super().__init__(params)  # type: ignore[call-arg]
        self.settings = _without_side(self.settings)

    @staticmethod
    def client_options() -> dict:
        return {"max_retries": 1, "retry_on_timeout": False}


class _ElasticsearchBackend(_Backend):
    @staticmethod
    def client_options() -> dict:
        from .clients import elasticsearch_options

        return elasticsearch_options()


class Elasticsearch8Backend(_ElasticsearchBackend, Elasticsearch8SearchBackend):
    pass


class Elasticsearch9Backend(_ElasticsearchBackend, Elasticsearch9SearchBackend):
    pass


class OpenSearch2Backend(_Backend, OpenSearch2SearchBackend):
    pass


class OpenSearch3Backend(_Backend, OpenSearch3SearchBackend):
    pass
