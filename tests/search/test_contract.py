"""Contract tests: every request our engines send, checked against the engines' own OpenAPI
specifications (../shared/specs), with the real clients building the requests.

What this proves: method, path, query parameters and body of each request are ones the
specification names and accepts, including keys the schemas do not name (typos). What it does
not prove: that a server behaves as we expect (relevance, synonyms at query time, version
conflicts), nor what the serverless subset of the Elasticsearch specification leaves out.
That is the live suite's job (`-m elasticsearch_live`).
"""

from __future__ import annotations

import importlib
import json

import pytest
from django.conf import settings as dj_settings
from django.utils.module_loading import import_string
from elasticsearch import Elasticsearch
from opensearchpy import OpenSearch

import jpl_site.settings.base as base
from procedures.models import DocumentPage
from search import glossary
from search.clients import elasticsearch_client, opensearch_client
from search.engines import reset_engine_cache
from search.engines.elasticsearch import ElasticsearchEngine
from search.engines.elasticsearch_index import MAPPINGS, analysis_settings
from search.engines.opensearch import OpenSearchEngine
from search.models import GlossaryTerm
from search.query import parse
from search.service import make_scope
from tests.support.fake_cluster import FakeCluster, RecordingConnection, RecordingNode
from tests.support.search import make_document, set_body
from tests.support.spec_contract import (
    elasticsearch_spec,
    opensearch_spec,
    specs_available,
    specs_dir,
)

needs_specs = pytest.mark.skipif(
    not specs_available(),
    reason=f"the engines' API specifications are not at {specs_dir()} (a clone on its own): "
    "contract tests skipped",
)


class Node(RecordingNode):
    cluster = FakeCluster()


class Conn(RecordingConnection):
    cluster = FakeCluster(flavour="opensearch", version="3.1.0")


def make_engine(flavour: str):
    if flavour == "elasticsearch":
        Node.cluster = FakeCluster()
        client = Elasticsearch("http://es.test:9200", node_class=Node, max_retries=0)
        engine = ElasticsearchEngine(client, index="jpl_sections", synonyms_set="jpl_glossary",
                                     search_timeout=1.5)  # fmt: skip
        return engine, Node.cluster, elasticsearch_spec
    Conn.cluster = FakeCluster(flavour="opensearch", version="3.1.0")
    client = OpenSearch(hosts=["http://os.test:9200"], connection_class=Conn, max_retries=0)
    engine = OpenSearchEngine(client, index="jpl_sections", search_timeout=1.5)
    return engine, Conn.cluster, opensearch_spec


@pytest.fixture
def engine_for(settings, monkeypatch, db):
    made = {}

    def build(flavour):
        engine, cluster, spec = make_engine(flavour)
        settings.ELASTICSEARCH_URL = "http://cluster.test:9200"
        settings.ELASTICSEARCH_FLAVOUR = flavour
        cls = type(engine)
        monkeypatch.setattr(cls, "from_settings", classmethod(lambda c: engine))
        reset_engine_cache()
        made["engine"] = engine
        return engine, cluster, spec()

    yield build
    reset_engine_cache()


def every_operation(engine, cluster, users, capture):
    """Everything the site asks of a cluster, in the order a deployment would."""
    engine.rebuild()  # synonyms set, create with mappings+analysis, bulk, refresh, count, aliases
    engine.rebuild()  # again: the alias moves from one index to the next, the old one is dropped
    with capture(execute=True):
        GlossaryTerm.objects.create(term="QRF", expansion="quick reaction force")
    with capture(execute=True):
        page = make_document(
            "Harbour drill",
            [("h", "1", "Drill"), ("p", "Lanterns."), ("h", "2", "Kit"), ("p", "Ropes.")],
        )
    with capture(execute=True):
        page = DocumentPage.objects.get(pk=page.pk)
        page.title = "Harbour drill (revised)"
        set_body(page, [("p", "Lanterns only.")]).save()  # fewer sections: stale ones deleted
    scope = make_scope(users["firefighter"], include_old=False)
    # With the glossary, as the service parses it: RTC's alternatives go as a dis_max.
    query = parse('RTC "inner cordon" drill', glossary.synonyms())
    matches = engine.match_documents(query, scope, 100)
    engine.top_sections(query, [doc for doc, _ in matches] or [page.pk], 3, matches)
    wide = make_scope(users["admin"], include_old=True)
    engine.match_documents(parse("cordon"), wide, 10)
    engine.status()  # info, aliases, count, mapping (drift)
    engine.drop()


EXPECTED = {
    "elasticsearch": {
        "synonyms-put-synonym", "indices-create", "bulk-1", "indices-refresh-2", "count-2",
        "indices-get-alias-1", "indices-exists", "indices-update-aliases", "indices-delete",
        "search-3", "info", "indices-get-mapping-1", "synonyms-delete-synonym",
    },
    "opensearch": {
        "indices.create.0", "bulk.0", "indices.refresh.3", "count.3", "indices.get_alias.1",
        "indices.exists.0", "indices.update_aliases.0", "indices.delete.0", "indices.close.0",
        "indices.put_settings.1", "indices.open.0", "search.3", "info.0",
        "indices.get_mapping.1",
    },
}  # fmt: skip


@needs_specs
@pytest.mark.parametrize("flavour", ["elasticsearch", "opensearch"])
def test_every_request_matches_the_engines_specification(
    flavour, engine_for, library, users, django_capture_on_commit_callbacks
):
    engine, cluster, spec = engine_for(flavour)
    every_operation(engine, cluster, users, django_capture_on_commit_callbacks)
    problems, seen = [], set()
    for request in cluster.requests:
        op = spec.find(request.method, request.path)
        if op is not None:
            seen.add(op.operation_id)
        problems.extend(spec.check_request(request.method, request.target, request.body))
    assert problems == []
    missing = EXPECTED[flavour] - seen
    assert not missing, f"operations never exercised: {sorted(missing)} (seen {sorted(seen)})"
    # Bulk requests carry external versions; searches carry filters, collapse, highlight.
    bulk_actions = [line for body in cluster.sent("POST", "/_bulk") + cluster.sent("PUT", "/_bulk")
                    for line in body if "index" in line or "delete" in line]  # fmt: skip
    assert all(next(iter(a.values()))["version_type"] == "external" for a in bulk_actions)
    assert any("delete" in a for a in bulk_actions)  # a section that went away
    searches = list(cluster.sent("POST", "/_search"))
    assert any("highlight" in b for b in searches) and any("collapse" in b for b in searches)
    assert any('"dis_max"' in json.dumps(b) for b in searches)


@needs_specs
@pytest.mark.parametrize("spec_of", [elasticsearch_spec, opensearch_spec], ids=["es", "os"])
def test_the_checker_catches_a_misspelt_key_and_a_wrong_type(spec_of):
    spec = spec_of()
    good = {"settings": analysis_settings({"type": "synonym_graph", "synonyms": ["a, b"]}),
            "mappings": MAPPINGS}  # fmt: skip
    assert spec.check_request("PUT", "/jpl_sections_1", good) == []
    misspelt = {"settings": analysis_settings({"type": "synonym_graph", "synonym": ["a, b"]}),
                "mappings": MAPPINGS}  # fmt: skip
    problems = spec.check_request("PUT", "/jpl_sections_1", misspelt)
    assert any("'synonym'" in p and "not named" in p for p in problems), problems
    wrong_type = {"query": {"match_all": {}}, "size": "ten"}
    problems = spec.check_request("POST", "/jpl_sections/_search", wrong_type)
    assert any("size" in p and "expected" in p for p in problems), problems
    nested = {"query": {"bool": {"filter": [{"term": {"status": {"valeu": "current"}}}]}}}
    problems = spec.check_request("POST", "/jpl_sections/_search", nested)
    assert problems, "a misspelt key inside a query is reported"
    assert spec.check_request("POST", "/_bulk?refresh=sometimes", [])
    assert spec.check_request("POST", "/jpl_sections/_search?no_such_param=1", {})
    assert spec.check_request("POST", "/_no_such_api", {})


# -- client versions and headers -----------------------------------------------------------
def _headers_for(settings, flavour: str, version: int) -> dict[str, str]:
    settings.ELASTICSEARCH_URL = "http://cluster.test:9200"
    settings.ELASTICSEARCH_FLAVOUR = flavour
    settings.ELASTICSEARCH_VERSION = version
    if flavour == "elasticsearch":
        Node.cluster = FakeCluster(version=f"{version}.0.0")
        Node.cluster.indices["x"] = {"definition": {}, "docs": {}}
        elasticsearch_client(node_class=Node).search(index="x", query={"match_all": {}})
        return {k.lower(): v for k, v in Node.cluster.requests[-1].headers.items()}
    Conn.cluster = FakeCluster(flavour="opensearch", version=f"{version}.0.0")
    Conn.cluster.indices["x"] = {"definition": {}, "docs": {}}
    opensearch_client(connection_class=Conn).search(index="x", body={"query": {"match_all": {}}})
    return {k.lower(): v for k, v in Conn.cluster.requests[-1].headers.items()}


@pytest.mark.parametrize(
    "flavour,version,accept",
    [
        ("elasticsearch", 8, "application/vnd.elasticsearch+json; compatible-with=8"),
        ("elasticsearch", 9, "application/vnd.elasticsearch+json; compatible-with=9"),
        ("opensearch", 2, None),
        ("opensearch", 3, None),
    ],
)
def test_each_server_version_gets_headers_it_accepts(settings, flavour, version, accept):
    headers = _headers_for(settings, flavour, version)
    if accept:
        assert headers["accept"] == accept
        assert headers["content-type"] == accept
    else:
        assert headers["content-type"] == "application/json"
        assert "compatible-with" not in " ".join(headers.values())


@pytest.mark.parametrize(
    "flavour,version,backend",
    [
        ("elasticsearch", 8, "Elasticsearch8Backend"),
        ("elasticsearch", 9, "Elasticsearch9Backend"),
        ("opensearch", 2, "OpenSearch2Backend"),
        ("opensearch", 3, "OpenSearch3Backend"),
    ],
)
def test_wagtail_backend_follows_the_cluster_settings(
    monkeypatch, settings, flavour, version, backend
):
    settings.ELASTICSEARCH_FLAVOUR = flavour
    settings.ELASTICSEARCH_VERSION = version
    monkeypatch.setenv("ELASTICSEARCH_URL", "http://cluster.test:9200")
    monkeypatch.setenv("ELASTICSEARCH_FLAVOUR", flavour)
    monkeypatch.setenv("ELASTICSEARCH_VERSION", str(version))
    try:
        fresh = importlib.reload(base)
        config = fresh.WAGTAILSEARCH_BACKENDS["default"]
        assert config["BACKEND"] == f"search.wagtail_backends.{backend}"
        assert fresh.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
        cls = import_string(config["BACKEND"])
        instance = cls(dict(config))
        tokenizers = instance.settings["settings"]["analysis"]["tokenizer"]
        assert all("side" not in t for t in tokenizers.values())
        if flavour == "elasticsearch":
            headers = {}
            transport = instance.es.transport
            assert transport.__class__.__name__ == (
                "CompatibleTransport" if version == 8 else "Transport"
            )
            del headers
    finally:
        monkeypatch.undo()
        importlib.reload(base)
    assert dj_settings.configured
