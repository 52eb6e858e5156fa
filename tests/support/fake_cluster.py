"""A recording layer under the real clients, answering like a small in-memory cluster.

The real `elasticsearch` and `opensearch-py` clients build every request (URL, query string,
headers, serialized body) themselves; only the last step, the HTTP exchange, is replaced:
`RecordingNode` is an elastic-transport node, `RecordingConnection` an opensearch-py
connection. Each request is recorded as the cluster would receive it (method, target with
query string, headers, parsed body) for the contract tests (`tests/support/spec_contract.py`) to
check against the engines' own specifications.

The answers come from `FakeCluster`: indices, aliases (moved atomically), documents with
external versions (a lower or equal version is refused with 409, as the engines do), counts,
and searches that return every document of the index behind the alias (filtered by
`document_id` when the query says so). It knows nothing of relevance: it is there so that
rebuilds, alias swaps and the outbox can be followed end to end.
"""

from __future__ import annotations

import json
import socket
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport._node import NodeApiResponse
from opensearchpy import Connection
from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError

from search.engines.base import MARK_END, MARK_START


@dataclass
class Request:
    method: str
    target: str  # path and query string, as sent
    headers: dict[str, str]
    body: Any  # parsed JSON; a list of lines for NDJSON

    @property
    def path(self) -> str:
        return unquote(urlsplit(self.target).path)

    @property
    def params(self) -> dict[str, str]:
        return dict(parse_qsl(urlsplit(self.target).query, keep_blank_values=True))


class Unavailable(Exception):
    """Raised by the cluster to simulate an outage (turned into the client's own error)."""


@dataclass
class FakeCluster:
    flavour: str = "elasticsearch"
    version: str = "9.1.0"
    requests: list[Request] = field(default_factory=list)
    indices: dict[str, dict[str, Any]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # alias -> index
    synonyms: dict[str, Any] = field(default_factory=dict)
    down: bool = False
    error: Exception | None = None  # raised as is (e.g. the client's own timeout error)
    # path fragment -> (status, body): forced answers (e.g. 429 on _bulk)
    forced: dict[str, tuple[int, Any]] = field(default_factory=dict)
    after_request: list[Any] = field(default_factory=list)  # callbacks(request)

    def reset(self) -> None:
        self.requests.clear()

    def sent(self, method: str, fragment: str) -> list[Any]:
        return [r.body for r in self.requests if r.method == method and fragment in r.target]

    def resolve(self, name: str) -> str | None:
        if name in self.aliases:
            return self.aliases[name]
        return name if name in self.indices else None

    def documents(self, name: str) -> dict[str, dict[str, Any]]:
        index = self.resolve(name)
        return self.indices[index]["docs"] if index else {}

    # -- dispatch ---------------------------------------------------------------------------
    def handle(self, request: Request) -> tuple[int, Any]:
        self.requests.append(request)
        if self.error is not None:
            raise self.error
        if self.down:
            raise Unavailable("connection refused (test)")
        for fragment, answer in self.forced.items():
            if fragment in request.target:
                return answer
        status, body = self._answer(request)
        for callback in list(self.after_request):
            callback(request)
        return status, body

    def _answer(self, r: Request) -> tuple[int, Any]:
        parts = [p for p in r.path.split("/") if p]
        m = r.method
        if not parts:
            return 200, {
                "name": "fake",
                "cluster_name": "fake",
                "version": {"number": self.version, "distribution": self.flavour},
                "tagline": "You Know, for Search",
            }
        if parts[0] == "_bulk":
            return 200, self._bulk(r.body)
        if parts[0] == "_aliases":
            return self._update_aliases(r.body["actions"])
        if parts[0] == "_alias" and m == "GET":
            alias = parts[1]
            if alias not in self.aliases:
                return 404, {"error": f"alias [{alias}] missing", "status": 404}
            return 200, {self.aliases[alias]: {"aliases": {alias: {}}}}
        if parts[0] == "_synonyms":
            if m == "PUT":
                self.synonyms[parts[1]] = r.body["synonyms_set"]
                return 200, {"result": "updated", "reload_analyzers_details": {}}
            self.synonyms.pop(parts[1], None)
            return 200, {"acknowledged": True}
        if parts[0] == "_cluster":
            return 200, {"status": "green", "cluster_name": "fake"}
        name = parts[0]
        action = parts[1] if len(parts) > 1 else ""
        if action == "":
            if m == "PUT":
                if name in self.indices or name in self.aliases:
                    return 400, {"error": {"type": "resource_already_exists_exception"}}
                self.indices[name] = {"definition": r.body, "docs": {}, "closed": False}
                return 200, {"acknowledged": True, "index": name}
            if m == "DELETE":
                if name in self.indices:
                    del self.indices[name]
                    self.aliases = {a: i for a, i in self.aliases.items() if i != name}
                    return 200, {"acknowledged": True}
                return 404, {"error": {"type": "index_not_found_exception"}, "status": 404}
            if m == "HEAD":
                return (200 if self.resolve(name) else 404), None
        index = self.resolve(name)
        if index is None:
            return 404, {"error": {"type": "index_not_found_exception"}, "status": 404}
        if action == "_search":
            return 200, self._search(index, r.body or {})
        if action == "_count":
            return 200, {"count": len(self.indices[index]["docs"])}
        if action == "_refresh":
            return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}
        if action == "_mapping":
            return 200, {index: {"mappings": self.indices[index]["definition"]["mappings"]}}
        if action in ("_close", "_open"):
            self.indices[index]["closed"] = action == "_close"
            return 200, {"acknowledged": True}
        if action == "_settings":
            self.indices[index]["settings_update"] = r.body
            return 200, {"acknowledged": True}
        if action == "_delete_by_query":
            return 200, {"deleted": 0}
        return 200, {"acknowledged": True}

    def _update_aliases(self, actions: list[dict]) -> tuple[int, Any]:
        aliases = dict(self.aliases)
        drop = []
        for action in actions:
            ((kind, spec),) = action.items()
            if kind == "add":
                aliases[spec["alias"]] = spec["index"]
            elif kind == "remove":
                if aliases.get(spec["alias"]) == spec["index"]:
                    del aliases[spec["alias"]]
            elif kind == "remove_index":
                drop.append(spec["index"])
        for name in drop:  # all in one step: the alias may take the dropped index's name
            self.indices.pop(name, None)
        self.aliases = aliases
        return 200, {"acknowledged": True}

    def _bulk(self, lines: list[dict]) -> dict[str, Any]:
        items, index = [], 0
        while index < len(lines):
            ((kind, meta),) = lines[index].items()
            source = lines[index + 1] if kind != "delete" else None
            index += 1 if kind == "delete" else 2
            target = self.resolve(meta["_index"])
            if target is None:  # creating an index on write is not something we rely on
                items.append({kind: {"status": 404, "error": {"type": "index_not_found"}}})
                continue
            docs = self.indices[target]["docs"]
            versions = self.indices[target].setdefault("versions", {})
            current = versions.get(meta["_id"])
            version = meta.get("version")
            if version is not None and current is not None and version <= current:
                items.append(
                    {
                        kind: {
                            "_id": meta["_id"],
                            "status": 409,
                            "error": {"type": "version_conflict_engine_exception"},
                        }
                    }
                )
                continue
            if version is not None:
                versions[meta["_id"]] = version
            if kind == "delete":
                found = docs.pop(meta["_id"], None)
                items.append({kind: {"_id": meta["_id"], "status": 200 if found else 404}})
            else:
                docs[meta["_id"]] = source
                items.append({kind: {"_id": meta["_id"], "status": 201}})
        return {"took": 1, "errors": any(i[next(iter(i))]["status"] >= 300 for i in items),
                "items": items}  # fmt: skip

    def _search(self, index: str, body: dict) -> dict[str, Any]:
        docs = self.indices[index]["docs"]
        wanted = None
        for clause in body.get("query", {}).get("bool", {}).get("filter", []):
            terms = clause.get("terms", {}).get("document_id")
            if terms is not None:
                wanted = set(terms)
        hits, seen = [], set()
        for doc_id, source in sorted(docs.items()):
            if wanted is not None and source["document_id"] not in wanted:
                continue
            if "collapse" in body:
                if source["document_id"] in seen:
                    continue
                seen.add(source["document_id"])
            hits.append({"_id": doc_id, "_score": 1.0, "_source": source,
                         "fields": {"document_id": [source["document_id"]]}})  # fmt: skip
        size = body.get("size", 10)
        return {"hits": {"total": {"value": len(hits)}, "hits": hits[:size]}}


def _parse_body(target: str, body: Any) -> Any:
    if not body:
        return None
    text = body.decode() if isinstance(body, bytes) else body
    if "_bulk" in target:
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return json.loads(text)


class RecordingNode(BaseNode):
    """An elastic-transport node: gets the client's final request, never opens a socket."""

    cluster: FakeCluster = FakeCluster()

    def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
        request = Request(method, target, dict(headers or {}), _parse_body(target, body))
        request.headers["x-request-timeout"] = str(request_timeout)
        try:
            status, payload = self.cluster.handle(request)
        except Unavailable as error:
            raise TransportConnectionError(str(error)) from None
        meta = ApiResponseMeta(
            status=status,
            http_version="1.1",
            headers=HttpHeaders(
                {"content-type": "application/json", "x-elastic-product": "Elasticsearch"}
            ),
            duration=0.0,
            node=self.config,
        )
        data = b"" if payload is None else json.dumps(payload).encode()
        return NodeApiResponse(meta, data)


class RecordingConnection(Connection):
    """An opensearch-py connection: gets the client's final request, never opens a socket."""

    cluster: FakeCluster = FakeCluster(flavour="opensearch", version="3.1.0")

    def perform_request(
        self, method, url, params=None, body=None, timeout=None, ignore=(), headers=None
    ):
        target = url + ("?" + urlencode(params) if params else "")
        merged = {**self.headers, **(headers or {})}
        request = Request(method, target, merged, _parse_body(target, body))
        request.headers["x-request-timeout"] = str(timeout)
        try:
            status, payload = self.cluster.handle(request)
        except Unavailable as error:
            raise OpenSearchConnectionError("N/A", str(error), error) from None
        data = "" if payload is None else json.dumps(payload)
        if not (200 <= status < 300) and status not in ignore:
            self._raise_error(status, data, "application/json")
        return status, {"content-type": "application/json"}, data


class SilentCluster:
    """A cluster node that accepts connections and never answers (a hung node, a full GC, a
    black-holed proxy): a real listening socket, so the real clients wait until their own
    timeout. `accepted` counts the connections anyone opened to it."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0), backlog=64)
        self._socket.settimeout(0.05)
        self._held: list[Any] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self.accepted = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._socket.getsockname()[1]}"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted += 1
            self._held.append(connection)  # held open, never read, never answered

    def __enter__(self) -> SilentCluster:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for connection in self._held:
            connection.close()
        self._socket.close()


def highlighted_cordon_hit(page) -> tuple[int, dict]:
    """A search answer with one hit on `page` whose highlight holds markup of its own around
    the engine's marks: what the highlight tests of every engine force the cluster to say."""
    hit = {
        "_id": f"{page.pk}-1",
        "_score": 3.5,
        "_source": {
            "document_id": page.pk,
            "position": 1,
            "anchor": "inner",
            "number": "1",
            "title": "Inner cordon",
        },
        "fields": {"document_id": [page.pk]},
        "highlight": {"text": [f"<b>x</b> {MARK_START}cordon{MARK_END} rules"]},
    }
    return 200, {"hits": {"hits": [hit]}}
