"""What we send to Elasticsearch, tested without a server: the client's transport is
replaced by a node that records each request and answers with scripted responses."""

from __future__ import annotations

import logging

import pytest
from elastic_transport import ConnectionTimeout
from elasticsearch import Elasticsearch

from procedures.models import DocumentPage
from search.engines import elasticsearch as elasticsearch_module
from search.engines import get_engine, reset_engine_cache
from search.engines.base import MARK_END, MARK_START
from search.engines.elasticsearch import ElasticsearchEngine
from search.engines.elasticsearch_index import synonym_rules
from search.models import GlossaryTerm
from search.query import parse
from search.service import make_scope, run_search
from tests.support.fake_cluster import FakeCluster, highlighted_cordon_hit
from tests.support.fake_cluster import RecordingNode as _RecordingNode
from tests.support.search import drop_live_indices, make_document


class RecordingNode(_RecordingNode):
    """The real client over an in-memory cluster (tests/support/fake_cluster.py)."""

    cluster = FakeCluster()


@pytest.fixture
def es(settings, monkeypatch, db):
    RecordingNode.cluster = FakeCluster()
    client = Elasticsearch("http://es.test:9200", node_class=RecordingNode, max_retries=0)
    engine = ElasticsearchEngine(client, index="jpl_sections", synonyms_set="jpl_glossary")
    settings.ELASTICSEARCH_URL = "http://es.test:9200"
    monkeypatch.setattr(ElasticsearchEngine, "from_settings", classmethod(lambda cls: engine))
    reset_engine_cache()
    engine.rebuild()  # the alias and its first index, as `rebuild_section_index` makes them
    RecordingNode.cluster.reset()
    yield engine
    reset_engine_cache()


def sent(method: str, path_part: str) -> list:
    return RecordingNode.cluster.sent(method, path_part)


def test_index_settings_carry_our_analyzers_and_updateable_glossary_synonyms(es):
    es.rebuild()
    (definition,) = sent("PUT", "/jpl_sections_")
    analysis = definition["settings"]["analysis"]
    synonyms = analysis["filter"]["glossary_synonyms"]
    assert synonyms == {"type": "synonym_graph", "synonyms_set": "jpl_glossary", "updateable": True}
    assert analysis["filter"]["english_stemmer"]["language"] == "english"
    search_filters = analysis["analyzer"]["library_search"]["filter"]
    assert search_filters.index("glossary_synonyms") < search_filters.index("english_stemmer")
    assert "glossary_synonyms" not in analysis["analyzer"]["library_text"]["filter"]
    text = definition["mappings"]["properties"]["text"]
    assert text == {"type": "text", "analyzer": "library_text", "search_analyzer": "library_search"}
    props = definition["mappings"]["properties"]
    assert {props[f]["type"] for f in ("marking", "status", "service")} == {"keyword"}
    assert props["access_groups"]["type"] == "integer"


def test_rebuild_indexes_every_section_with_its_permissions(es, library):
    es.rebuild()
    bulk_lines = [line for body in sent("PUT", "/_bulk") + sent("POST", "/_bulk") for line in body]
    sources = [line for line in bulk_lines if "document_id" in line]
    secret = library["FBI-004"]
    secret_sections = [s for s in sources if s["document_id"] == secret.pk]
    assert secret_sections
    assert all(s["marking"] == "official-sensitive" and s["access_groups"] for s in secret_sections)
    assert all(s["status"] == "current" for s in sources)


def test_glossary_rules_are_solr_equivalences():
    rules = synonym_rules([["rtc", "road traffic collision", "rta"], ["solo"], ["a, b", "c"]])
    assert rules == [
        {"id": "term-0", "synonyms": "rtc, road traffic collision, rta"},
        {"id": "term-2", "synonyms": "a b, c"},
    ]


def test_a_glossary_edit_updates_the_synonyms_set_without_a_manual_step(
    es, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        GlossaryTerm.objects.create(term="QRF", expansion="quick reaction force", aliases="QRT")
    (body,) = sent("PUT", "/_synonyms/jpl_glossary")
    rules = {rule["synonyms"] for rule in body["synonyms_set"]}
    assert "qrf, quick reaction force, qrt" in rules
    assert "rtc, road traffic collision, rta, road traffic accident" in rules


def test_queries_filter_by_status_and_clearance_and_collapse_by_document(es, users):
    scope = make_scope(users["firefighter"], include_old=False)
    es.match_documents(parse('RTC "inner cordon"'), scope, 100)
    (body,) = sent("POST", "/jpl_sections/_search")
    assert body["collapse"] == {"field": "document_id"}
    must = body["query"]["bool"]["must"]
    assert must[0]["multi_match"]["query"] == "rtc"
    assert must[1]["multi_match"] == {
        "query": "inner cordon",
        "fields": ["reference^10", "doc_title^4", "title^5", "text"],
        "type": "phrase",
    }
    filters = body["query"]["bool"]["filter"]
    assert {"terms": {"status": ["current"]}} in filters
    clearance = filters[1]["bool"]["should"]
    assert {"term": {"marking": {"value": "official"}}} in clearance
    assert clearance[1]["terms"]["access_groups"] == list(scope.clearance.group_ids)


def test_superusers_and_old_versions_widen_the_filter(es, users):
    es.match_documents(parse("cordon"), make_scope(users["admin"], include_old=True), 10)
    (body,) = sent("POST", "/jpl_sections/_search")
    assert body["query"]["bool"]["filter"] == [
        {"terms": {"status": ["current", "superseded", "withdrawn"]}}
    ]


def test_highlights_use_our_marks_and_are_escaped(es, library, users):
    page = library["JOP-002"]
    RecordingNode.cluster.forced["/jpl_sections/_search"] = highlighted_cordon_hit(page)
    results = run_search(users["firefighter"], "cordon")
    assert [r.page.pk for r in results.results] == [page.pk]
    snippet = results.results[0].sections[0].snippet
    assert snippet == "&lt;b&gt;x&lt;/b&gt; <mark>cordon</mark> rules"
    highlight = sent("POST", "/jpl_sections/_search")[-1]["highlight"]
    assert highlight["pre_tags"] == [MARK_START] and highlight["post_tags"] == [MARK_END]
    assert "text" in highlight["fields"]


def test_hits_are_rechecked_against_the_database(es, library, users):
    secret = library["FBI-004"]
    RecordingNode.cluster.forced["/jpl_sections/_search"] = (
        200,
        {
            "hits": {
                "hits": [
                    {
                        "_id": f"{secret.pk}-0",
                        "_score": 9.0,
                        "_source": {"document_id": secret.pk},
                        "fields": {"document_id": [secret.pk]},
                    }
                ]
            }
        },
    )
    # Even if the index were stale and returned it, a user without clearance never sees it.
    results = run_search(users["firefighter"], "football")
    assert results.total == 0 and results.results == []
    assert all(not values for values in results.facets.values())


def test_publishing_pushes_sections_after_commit(es, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = make_document("Harbour lantern drill", [("h", "1", "Drill"), ("p", "Lanterns.")])
    (bulk,) = sent("PUT", "/_bulk")  # one request: sections and stale positions
    docs = [line for line in bulk if line.get("document_id") == page.pk]
    assert {d["title"] for d in docs} >= {"Drill"}
    assert all(d["marking"] == "official" and d["status"] == "current" for d in docs)


def test_when_elasticsearch_is_down_search_falls_back_and_publishing_goes_on(
    es, client_for, users, caplog, django_capture_on_commit_callbacks
):
    RecordingNode.cluster.down = True
    with caplog.at_level(logging.ERROR):
        results = run_search(users["firefighter"], "cordon")
    assert results.total >= 1
    assert "not answering" in results.notice
    assert results.engine_label != "Elasticsearch"
    assert "unavailable" in caplog.text
    response = client_for("firefighter").get("/search/", {"q": "cordon"})
    assert response.status_code == 200
    assert "not answering" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        page = make_document("Harbour lantern drill", [("h", "1", "Drill"), ("p", "Lanterns.")])
    assert DocumentPage.objects.get(pk=page.pk).live
    assert "not taking index updates" in caplog.text


def test_settings_choose_elasticsearch_with_short_configurable_timeouts(settings, db):
    settings.ELASTICSEARCH_URL = "http://es.example:9200"
    settings.ELASTICSEARCH_FLAVOUR = "elasticsearch"
    settings.ELASTICSEARCH_TIMEOUT = 4
    settings.ELASTICSEARCH_SEARCH_TIMEOUT = 1.5
    settings.ELASTICSEARCH_RETRY_AFTER = 20
    settings.ELASTICSEARCH_INDEX_PREFIX = "jpl_x"
    reset_engine_cache()
    try:
        engine = get_engine()
        assert type(engine) is ElasticsearchEngine
        assert (engine.index, engine.synonyms_set) == ("jpl_x_sections", "jpl_x_glossary")
        assert (engine.search_timeout, engine.retry_after) == (1.5, 20)
        # The client keeps these per request (elasticsearch-py has no public getter).
        assert engine.client._request_timeout == 4
        assert engine.client._max_retries == 1 and engine.client._retry_on_timeout is False
    finally:
        reset_engine_cache()


def test_searches_carry_the_short_search_timeout(es, users):
    es.search_timeout = 1.5
    es.match_documents(parse("cordon"), make_scope(users["firefighter"], include_old=False), 10)
    assert RecordingNode.cluster.requests[-1].headers["x-request-timeout"] == "1.5"


def test_a_slow_cluster_costs_one_timeout_then_the_database_answers(
    es, client_for, users, caplog, django_capture_on_commit_callbacks
):
    es.retry_after = 30
    RecordingNode.cluster.error = ConnectionTimeout("read timed out (test)")
    with caplog.at_level(logging.ERROR):
        results = run_search(users["firefighter"], "cordon")
    assert results.total >= 1 and "not answering" in results.notice
    assert len(sent("POST", "/_search")) == 1
    client = client_for("firefighter")
    page = client.get("/search/", {"q": "cordon"})
    assert page.status_code == 200 and "not answering" in page.content.decode()
    api = client.get("/search/api/", {"q": "cordon"})
    assert api.status_code == 200
    assert "not answering" in api.json()["notice"] and api.json()["total"] >= 1
    suggestions = client.get("/search/suggest/", {"q": "Cord"})
    assert suggestions.status_code == 200 and suggestions.json()["suggestions"]
    # Still one request: the cluster is not asked again until retry_after has passed.
    assert len(sent("POST", "/_search")) == 1
    with django_capture_on_commit_callbacks(execute=True):
        made = make_document("Harbour lantern drill", [("h", "1", "Drill"), ("p", "Lanterns.")])
    assert DocumentPage.objects.get(pk=made.pk).live
    assert "not taking index updates" in caplog.text


def test_the_cluster_is_tried_again_after_retry_after(es, users, monkeypatch):
    scope = make_scope(users["firefighter"], include_old=False)
    clock = [1000.0]
    monkeypatch.setattr(elasticsearch_module.time, "monotonic", lambda: clock[0])
    es.retry_after = 30
    RecordingNode.cluster.down = True
    with pytest.raises(Exception, match="Elasticsearch"):
        es.match_documents(parse("cordon"), scope, 10)
    RecordingNode.cluster.down = False
    clock[0] += 10
    with pytest.raises(Exception, match="not retried yet"):
        es.match_documents(parse("cordon"), scope, 10)
    clock[0] += 21
    assert isinstance(es.match_documents(parse("cordon"), scope, 10), list)  # answered
    assert len(sent("POST", "/_search")) == 2


def test_the_live_suite_cleans_up_its_index_and_synonyms_set(es):
    es.rebuild()
    (built,) = RecordingNode.cluster.indices
    RecordingNode.cluster.reset()
    drop_live_indices("jpl_test_cleanup", url="http://es.test:9200")
    assert [(r.method, r.path) for r in RecordingNode.cluster.requests] == [
        ("GET", "/_alias/jpl_sections"),
        ("DELETE", f"/{built}"),
        ("DELETE", "/_synonyms/jpl_glossary"),
    ]
    assert not RecordingNode.cluster.indices


@pytest.mark.parametrize("flavour", ["elasticsearch", "opensearch"])
def test_an_unreachable_cluster_leaves_search_on_the_database(
    settings, client_for, caplog, django_capture_on_commit_callbacks, flavour
):
    # A real client on a real socket that nobody listens on: refused at once.
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.ELASTICSEARCH_FLAVOUR = flavour
    settings.ELASTICSEARCH_TIMEOUT = 1
    settings.ELASTICSEARCH_SEARCH_TIMEOUT = 1
    reset_engine_cache()
    try:
        label = get_engine().label
        with caplog.at_level(logging.ERROR):
            api = client_for("firefighter").get("/search/api/", {"q": "cordon"}).json()
            assert api["total"] >= 1 and api["engine"] != label
            assert f"{label} is not answering" in api["notice"]
            with django_capture_on_commit_callbacks(execute=True):
                page = make_document("Harbour drill", [("h", "1", "Drill"), ("p", "Lanterns.")])
        assert DocumentPage.objects.get(pk=page.pk).live
        assert f"{label} unavailable" in caplog.text and "not taking index updates" in caplog.text
    finally:
        reset_engine_cache()


def test_an_outage_is_logged_once_not_per_search(es, users, caplog):
    es.retry_after = 30
    RecordingNode.cluster.down = True
    with caplog.at_level(logging.DEBUG, logger="search"):
        for _ in range(5):
            assert "not answering" in run_search(users["firefighter"], "cordon").notice
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    ours = [r for r in lines if r.name.startswith("search")]
    assert len(ours) == 1 and "unavailable" in ours[0].getMessage()
    # The client's own node-pool warning comes from the one request that was tried.
    assert len(lines) <= 2


@pytest.mark.parametrize("status", [429, 503])
def test_a_429_or_5xx_answer_backs_off_like_an_outage(es, users, status, caplog):
    es.retry_after = 30
    RecordingNode.cluster.forced["/_search"] = (status, {"error": {"type": "overloaded"}})
    with caplog.at_level(logging.WARNING, logger="search"):
        first = run_search(users["firefighter"], "cordon")
        asked = len(sent("POST", "/_search"))
        assert asked >= 1 and "not answering" in first.notice
        for _ in range(3):  # within retry_after: the database answers, the cluster is left be
            assert "not answering" in run_search(users["firefighter"], "cordon").notice
    assert len(sent("POST", "/_search")) == asked
    assert len([r for r in caplog.records if r.name.startswith("search")]) == 1
