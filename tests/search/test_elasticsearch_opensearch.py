"""What we send to OpenSearch (ELASTICSEARCH_FLAVOUR=opensearch), tested without a server:
opensearch-py's connection is replaced by one that records each request and answers with
scripted responses. The index and queries must be the Elasticsearch engine's; the glossary
travels inline in the index settings instead of through a synonyms set."""

from __future__ import annotations

import logging

import pytest
from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError, ConnectionTimeout, RequestError

from procedures.models import DocumentPage
from search.engines import get_engine, reset_engine_cache
from search.engines.base import MARK_END, MARK_START
from search.engines.elasticsearch_index import MAPPINGS
from search.engines.elasticsearch_query import build_query
from search.engines.opensearch import OpenSearchEngine
from search.models import GlossaryTerm
from search.query import parse
from search.service import make_scope, run_search
from tests.support.fake_cluster import FakeCluster, highlighted_cordon_hit
from tests.support.fake_cluster import RecordingConnection as _RecordingConnection
from tests.support.search import drop_live_indices, make_document


class RecordingConnection(_RecordingConnection):
    """The real client over an in-memory cluster (tests/support/fake_cluster.py); `requests` keeps
    each request as a dict for the assertions below."""

    requests: list[dict] = []
    fail: Exception | None = None

    def perform_request(
        self, method, url, params=None, body=None, timeout=None, ignore=(), headers=None
    ):
        RecordingConnection.requests.append(
            {"method": method, "url": url, "params": dict(params or {}), "timeout": timeout}
        )
        self.cluster.error = RecordingConnection.fail
        result = super().perform_request(method, url, params, body, timeout, ignore, headers)
        RecordingConnection.requests[-1]["body"] = self.cluster.requests[-1].body
        return result


def recording_client() -> OpenSearch:
    return OpenSearch(
        hosts=["http://opensearch.test:9200"], connection_class=RecordingConnection, max_retries=0
    )


@pytest.fixture
def opensearch(settings, monkeypatch, db):
    RecordingConnection.cluster = FakeCluster(flavour="opensearch", version="3.1.0")
    RecordingConnection.fail = None
    engine = OpenSearchEngine(
        recording_client(), index="jpl_sections", search_timeout=1.5, retry_after=30
    )
    settings.ELASTICSEARCH_URL = "http://opensearch.test:9200"
    settings.ELASTICSEARCH_FLAVOUR = "opensearch"
    monkeypatch.setattr(OpenSearchEngine, "from_settings", classmethod(lambda cls: engine))
    reset_engine_cache()
    engine.rebuild()  # the alias and its first index, as `rebuild_section_index` makes them
    RecordingConnection.requests = []
    yield engine
    reset_engine_cache()


def sent(method: str, url_part: str) -> list[dict]:
    return [
        r for r in RecordingConnection.requests if r["method"] == method and url_part in r["url"]
    ]


def test_the_flavour_setting_selects_opensearch(settings, db):
    settings.ELASTICSEARCH_URL = "https://search.example:9200"
    settings.ELASTICSEARCH_FLAVOUR = "opensearch"
    settings.ELASTICSEARCH_TIMEOUT = 4
    settings.ELASTICSEARCH_SEARCH_TIMEOUT = 1.5
    settings.ELASTICSEARCH_INDEX_PREFIX = "jpl_x"
    reset_engine_cache()
    try:
        engine = get_engine()
        assert isinstance(engine, OpenSearchEngine) and engine.label == "OpenSearch"
        assert engine.index == "jpl_x_sections"
        assert engine.search_timeout == 1.5
        (connection,) = engine.client.transport.connection_pool.connections
        assert connection.timeout == 4 and connection.use_ssl
        assert engine.client.transport.max_retries == 1
    finally:
        reset_engine_cache()


def test_index_settings_carry_our_analyzers_and_inline_glossary_synonyms(opensearch):
    opensearch.rebuild()
    assert not sent("PUT", "_synonyms"), "OpenSearch has no synonyms API"
    (create,) = sent("PUT", "/jpl_sections_")
    definition = create["body"]
    assert {k: v for k, v in definition["mappings"].items() if k != "_meta"} == MAPPINGS
    analysis = definition["settings"]["analysis"]
    synonyms = analysis["filter"]["glossary_synonyms"]
    assert synonyms["type"] == "synonym_graph" and "synonyms_set" not in synonyms
    assert "rtc, road traffic collision, rta, road traffic accident" in synonyms["synonyms"]
    search_filters = analysis["analyzer"]["library_search"]["filter"]
    assert search_filters.index("glossary_synonyms") < search_filters.index("english_stemmer")
    assert "glossary_synonyms" not in analysis["analyzer"]["library_text"]["filter"]
    # The old index goes once the alias has moved, and a missing one is not an error.
    (delete,) = sent("DELETE", "/jpl_sections_")
    assert delete["params"]["ignore_unavailable"] == "true"
    assert delete["url"] != create["url"]


def test_rebuild_indexes_every_section_with_its_permissions(opensearch, library):
    opensearch.rebuild()
    lines = [line for request in sent("POST", "/_bulk") for line in request["body"]]
    sources = [line for line in lines if "document_id" in line]
    secret = [s for s in sources if s["document_id"] == library["FBI-004"].pk]
    assert secret
    assert all(s["marking"] == "official-sensitive" and s["access_groups"] for s in secret)
    assert sent("POST", "/jpl_sections_")


def test_a_glossary_edit_rewrites_the_filter_without_a_manual_step(
    opensearch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        GlossaryTerm.objects.create(term="QRF", expansion="quick reaction force", aliases="QRT")
    calls = [(r["method"], r["url"]) for r in RecordingConnection.requests]
    (index,) = RecordingConnection.cluster.indices
    assert calls == [
        ("GET", "/_alias/jpl_sections"),
        ("POST", f"/{index}/_close"),
        ("PUT", f"/{index}/_settings"),
        ("POST", f"/{index}/_open"),
    ]
    (update,) = sent("PUT", "/_settings")
    rules = update["body"]["analysis"]["filter"]["glossary_synonyms"]["synonyms"]
    assert "qrf, quick reaction force, qrt" in rules


def test_a_failed_settings_update_still_reopens_the_index(opensearch, caplog):
    class Refusing(RecordingConnection):
        def perform_request(self, method, url, *args, **kwargs):
            if url.endswith("_settings"):
                RecordingConnection.requests.append({"method": method, "url": url})
                raise RequestError(400, "illegal_argument_exception", {})
            return super().perform_request(method, url, *args, **kwargs)

    opensearch.client = OpenSearch(
        hosts=["http://opensearch.test:9200"], connection_class=Refusing, max_retries=0
    )
    with pytest.raises(Exception, match="OpenSearch"):
        opensearch.glossary_changed()
    assert RecordingConnection.requests[-1]["url"].endswith("/_open")


def test_queries_are_the_elasticsearch_ones_with_a_short_timeout(opensearch, users):
    scope = make_scope(users["firefighter"], include_old=False)
    query = parse('RTC "inner cordon"')
    opensearch.match_documents(query, scope, 100)
    (search,) = sent("POST", "/jpl_sections/_search")
    assert search["body"]["query"] == build_query(query, scope)
    assert search["body"]["collapse"] == {"field": "document_id"}
    assert search["timeout"] == 1.5
    must = search["body"]["query"]["bool"]["must"]
    assert must[1]["multi_match"]["type"] == "phrase"
    clearance = search["body"]["query"]["bool"]["filter"][1]["bool"]["should"]
    assert {"term": {"marking": {"value": "official"}}} in clearance


def test_highlights_use_our_marks_and_are_escaped(opensearch, library, users):
    page = library["JOP-002"]
    RecordingConnection.cluster.forced["/jpl_sections/_search"] = highlighted_cordon_hit(page)
    results = run_search(users["firefighter"], "cordon")
    assert results.engine_label == "OpenSearch"
    assert [r.page.pk for r in results.results] == [page.pk]
    assert results.results[0].sections[0].snippet == (
        "&lt;b&gt;x&lt;/b&gt; <mark>cordon</mark> rules"
    )
    highlight = sent("POST", "/jpl_sections/_search")[-1]["body"]["highlight"]
    assert highlight["pre_tags"] == [MARK_START] and highlight["post_tags"] == [MARK_END]


def test_publishing_pushes_sections_after_commit(opensearch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = make_document("Harbour lantern drill", [("h", "1", "Drill"), ("p", "Lanterns.")])
    (bulk,) = sent("POST", "/_bulk")  # once, with every section
    lines = bulk["body"]
    docs = [line for line in lines if line.get("document_id") == page.pk]
    assert {d["title"] for d in docs} >= {"Drill"}
    assert all(d["marking"] == "official" and d["status"] == "current" for d in docs)


@pytest.mark.parametrize(
    "failure",
    [
        ConnectionError("N/A", "connection refused (test)", None),
        ConnectionTimeout("TIMEOUT", "read timed out (test)", None),
    ],
    ids=["down", "slow"],
)
def test_when_opensearch_is_down_or_slow_search_falls_back_and_publishing_goes_on(
    opensearch, client_for, users, caplog, django_capture_on_commit_callbacks, failure
):
    RecordingConnection.fail = failure
    with caplog.at_level(logging.ERROR):
        results = run_search(users["firefighter"], "cordon")
    assert results.total >= 1 and results.engine_label != "OpenSearch"
    assert "OpenSearch is not answering" in results.notice
    assert "unavailable" in caplog.text
    # One failed request, then the database until ELASTICSEARCH_RETRY_AFTER has passed.
    assert len(sent("POST", "/_search")) == 1
    client = client_for("firefighter")
    page = client.get("/search/", {"q": "cordon"})
    assert page.status_code == 200 and "not answering" in page.content.decode()
    api = client.get("/search/api/", {"q": "cordon"})
    assert api.status_code == 200 and "not answering" in api.json()["notice"]
    assert client.get("/search/suggest/", {"q": "cord"}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        made = make_document("Harbour lantern drill", [("h", "1", "Drill"), ("p", "Lanterns.")])
    assert DocumentPage.objects.get(pk=made.pk).live
    assert "not taking index updates" in caplog.text


def test_the_live_suite_cleans_up_its_index(opensearch):
    (index,) = RecordingConnection.cluster.indices
    drop_live_indices("jpl_test_cleanup", url="http://opensearch.test:9200")
    assert [(r["method"], r["url"]) for r in RecordingConnection.requests] == [
        ("GET", "/_alias/jpl_sections"),
        ("DELETE", f"/{index}"),
    ]
