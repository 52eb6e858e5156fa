"""Wagtail's own search (modelsearch) on the same cluster, with the same client settings.

Each backend is modelsearch's for that server version, with:
- the client built like ours (`search.clients`): compatibility headers for the server's major
  version, one retry, no retry on timeout;
- its index settings without the edge n-gram tokenizer's `side` key, which neither engine
  documents (Elasticsearch removed it in 2.0) and which does nothing;
- no cluster call inside a request. Index writes (`add`, `add_bulk`, `delete`: Wagtail's save,
  delete and unpublish paths, and the image and document forms, which index directly) are
  queued as a task (`search.tasks.update_wagtail_index`) and made by the task worker; a
  cluster that never answers cannot hold a publish or a delete, or the page row's lock.
  In the worker, writes go through our engine's breaker (`ElasticsearchEngine.guard`): during
  an outage each write is queued again for when the breaker lets calls through, with one log
  line per outage;
- searches (the admin's page search, the page chooser) through the same breaker, falling back
  to the database (modelsearch's fallback backend, which searches the rows themselves) when
  the cluster fails; the results say so (`from_database`) and the admin's templates show the
  notice staff search shows.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable
from copy import deepcopy
from typing import Any

from modelsearch.backends.base import BaseSearchBackend, BaseSearchResults, EmptySearchResults
from modelsearch.backends.database.fallback import DatabaseSearchBackend
from modelsearch.backends.elasticsearch8 import Elasticsearch8SearchBackend
from modelsearch.backends.elasticsearch9 import Elasticsearch9SearchBackend
from modelsearch.backends.opensearch2 import OpenSearch2SearchBackend
from modelsearch.backends.opensearch3 import OpenSearch3SearchBackend

from .clients import elasticsearch_options
from .engines import EngineUnavailable, external_engine, fallback_notice
from .tasks import queue_wagtail_index_update

logger = logging.getLogger(__name__)

# Set while a background task runs (search.signals): index writes made there go to the
# cluster; anywhere else (a request, a management command) they are queued.
in_task: contextvars.ContextVar[int] = contextvars.ContextVar("in_task", default=0)


def _without_side(settings: dict) -> dict:
    settings = deepcopy(settings)
    tokenizers = settings.get("settings", {}).get("analysis", {}).get("tokenizer", {})
    for tokenizer in tokenizers.values():
        tokenizer.pop("side", None)
    return settings


class _Backend(BaseSearchBackend):
    """What our backends add, placed before one of modelsearch's backends (whose methods it
    calls through `super()`)."""

    settings: dict

    def __init__(self, params):
        params = dict(params)
        options = dict(params.pop("OPTIONS", {}))
        options.update(self.client_options())
        params["OPTIONS"] = options
        super().__init__(params)
        self.settings = _without_side(self.settings)

    @staticmethod
    def client_options() -> dict:
        return {"max_retries": 1, "retry_on_timeout": False}

    # -- writes: queued from a request, made by the worker ---------------------------------
    def add(self, obj) -> None:
        self._write("add", type(obj), [obj.pk], lambda: super(_Backend, self).add(obj))

    def add_bulk(self, model, obj_list) -> None:
        objects = list(obj_list)
        self._write("add", model, [obj.pk for obj in objects],
                    lambda: super(_Backend, self).add_bulk(model, objects))  # fmt: skip

    def delete(self, obj) -> None:
        self._write("delete", type(obj), [obj.pk], lambda: super(_Backend, self).delete(obj))

    def _write(self, action: str, model, pks: list, write: Callable[[], Any]) -> None:
        label = model._meta.label
        if not in_task.get():
            queue_wagtail_index_update(action, label, pks)
            return
        try:
            guard(write)
        except EngineUnavailable as error:
            if not getattr(error, "repeated", False):
                logger.error("Search: Wagtail's index updates wait for the cluster: %s", error)
            queue_wagtail_index_update(action, label, pks, retry=True)

    # -- searches: the cluster, or the database when it fails ------------------------------
    def search(self, *args, **kwargs):
        return self._guarded("search", args, kwargs)

    def autocomplete(self, *args, **kwargs):
        return self._guarded("autocomplete", args, kwargs)

    def _guarded(self, method: str, args: tuple, kwargs: dict):
        results = getattr(super(), method)(*args, **kwargs)
        if isinstance(results, EmptySearchResults):
            return results

        def from_database():
            return getattr(DatabaseSearchBackend({}), method)(*args, **kwargs)

        return FallbackResults(self, results, from_database)


def guard(call: Callable[[], Any]) -> Any:
    """`call` under the configured external engine's breaker (raises EngineUnavailable)."""
    engine = external_engine()
    if engine is None:
        return call()
    return engine.guard(call)


class FallbackResults(BaseSearchResults):
    """The cluster's results, lazily, as modelsearch's are; if the cluster fails (or failed
    moments ago, the breaker being open), the same query on the database. Slices of one
    result set share what happened (`from_database`), so a page and its count agree."""

    supports_facet = True  # both the cluster's results and the database's facet

    def __init__(self, backend, primary, fallback: Callable[[], Any], state=None):
        super().__init__(backend, primary.query_compiler, primary.prefetch_related)
        self.primary = primary
        self.fallback = fallback
        self.state = state if state is not None else {"from_database": False}

    @property
    def from_database(self) -> bool:
        return self.state["from_database"]

    @property
    def notice(self) -> str:
        """What the admin's search templates show when the database answered."""
        if not self.from_database:
            return ""
        engine = external_engine()
        return fallback_notice(engine.label if engine else "The search cluster")

    def _clone(self):
        new = type(self)(self.backend, self.primary, self.fallback, self.state)
        new.start, new.stop, new._score_field = self.start, self.stop, self._score_field
        return new

    def _limited(self, results):
        results = results[self.start : self.stop]
        return results.annotate_score(self._score_field) if self._score_field else results

    def _run(self, name: str, *args):
        def ask_cluster():
            answer = getattr(self._limited(self.primary), name)(*args)
            # modelsearch's hits are a generator: read them here, under the breaker.
            return list(answer) if name == "_do_search" else answer

        if not self.from_database:
            try:
                return guard(ask_cluster)
            except EngineUnavailable as error:
                if not getattr(error, "repeated", False):  # one line per outage
                    logger.error("Search: Wagtail's search falls back to the database: %s",
                                 error)  # fmt: skip
                self.state["from_database"] = True
        return getattr(self._limited(self.fallback()), name)(*args)

    def _do_search(self):
        return self._run("_do_search")

    def _do_count(self):
        return self._run("_do_count")

    def facet(self, field_name):
        return self._run("facet", field_name)


class _ElasticsearchBackend(_Backend):
    @staticmethod
    def client_options() -> dict:
        return elasticsearch_options()


class Elasticsearch8Backend(_ElasticsearchBackend, Elasticsearch8SearchBackend):
    pass


class Elasticsearch9Backend(_ElasticsearchBackend, Elasticsearch9SearchBackend):
    pass


class OpenSearch2Backend(_Backend, OpenSearch2SearchBackend):
    pass


class OpenSearch3Backend(_Backend, OpenSearch3SearchBackend):
    pass
