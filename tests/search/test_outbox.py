"""No update lost, none out of order, no half-built index: the outbox and the alias rebuild,
with the real clients over the in-memory cluster (tests/support/fake_cluster.py)."""

from __future__ import annotations

import logging
import time
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from elasticsearch import Elasticsearch
from opensearchpy import OpenSearch

from procedures.models import DocumentPage
from search import outbox
from search.delivery import deliver_due
from search.engines import elasticsearch_bulk, reset_engine_cache
from search.engines.elasticsearch import ElasticsearchEngine, RebuildFailed
from search.engines.elasticsearch_bulk import DocumentUpdate
from search.engines.opensearch import OpenSearchEngine
from search.models import IndexedSection, IndexOutbox
from search.query import parse
from search.service import make_scope
from tests.support.fake_cluster import FakeCluster, RecordingConnection, RecordingNode
from tests.support.search import make_document

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class Node(RecordingNode):
    cluster = FakeCluster()


class Conn(RecordingConnection):
    cluster = FakeCluster(flavour="opensearch", version="2.19.0")


@pytest.fixture(params=["elasticsearch", "opensearch"])
def cluster_engine(request, settings, monkeypatch, db):
    flavour = request.param
    if flavour == "elasticsearch":
        Node.cluster = cluster = FakeCluster()
        client = Elasticsearch("http://es.test:9200", node_class=Node, max_retries=0)
        engine = ElasticsearchEngine(client, index="jpl_sections", synonyms_set="jpl_glossary")
    else:
        Conn.cluster = cluster = FakeCluster(flavour="opensearch", version="2.19.0")
        client = OpenSearch(hosts=["http://os.test:9200"], connection_class=Conn, max_retries=0)
        engine = OpenSearchEngine(client, index="jpl_sections")
    settings.ELASTICSEARCH_URL = "http://cluster.test:9200"
    settings.ELASTICSEARCH_FLAVOUR = flavour
    settings.SEARCH_OUTBOX_BACKOFF = 0.01
    settings.SEARCH_OUTBOX_BACKOFF_MAX = 0.05
    monkeypatch.setattr(type(engine), "from_settings", classmethod(lambda cls: engine))
    reset_engine_cache()
    yield engine, cluster
    reset_engine_cache()


def run_worker(*extra: str) -> None:
    """The production worker (`manage.py db_worker`), until nothing is ready to run.

    Between tasks the worker calls close_old_connections(), which closes any connection whose
    autocommit differs from the settings, as the test's own connection does inside the test's
    transaction. On PostgreSQL that closed the test's connection under it (SQLite's in-memory
    test database ignores the close), so the housekeeping is left out here; the tasks run as
    in production."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--interval", "0.01", *extra, verbosity=0
        )


def indexed_titles(cluster: FakeCluster, page_id: int) -> set[str]:
    docs = cluster.documents("jpl_sections")
    return {d["doc_title"] for d in docs.values() if d["document_id"] == page_id}


def test_an_outage_loses_no_update_and_delivers_none_out_of_order(cluster_engine, settings, caplog):
    engine, cluster = cluster_engine
    engine.rebuild()
    settings.TASKS = DB_TASKS
    cluster.down = True
    # 100 changes on Elasticsearch (20 documents published, then each republished 4 times);
    # OpenSearch shares the delivery code and runs a quarter of it to keep the suite short.
    documents, rounds = (20, 4) if engine.label == "Elasticsearch" else (5, 4)
    pages = [make_document(f"Drill {n}", [("h", "1", "Kit"), ("p", "Ropes.")])
             for n in range(documents)]  # fmt: skip
    changes = len(pages)
    with caplog.at_level(logging.INFO, logger="search"):
        for round_ in range(rounds):
            for page in pages:
                page = DocumentPage.objects.get(pk=page.pk)
                page.title = f"{page.title.split(' v')[0]} v{round_}"
                page.save_revision().publish()
                changes += 1
        assert changes == documents * (rounds + 1)
        run_worker("--max-tasks", "150")  # the cluster is down: deliveries fail and are kept
        pending = IndexOutbox.objects.filter(document_id__in=[p.pk for p in pages])
        assert all(row.pending and row.last_error for row in pending)
        assert all(indexed_titles(cluster, p.pk) == set() for p in pages)
        outage_lines = [r for r in caplog.records if "not taking index updates" in r.getMessage()]
        assert len(outage_lines) == 1  # one line per outage, not one per attempt

        cluster.down = False  # the cluster comes back; nobody does anything
        cluster.reset()
        time.sleep(0.1)  # past the back-off
        run_worker()
    for page in pages:
        current = DocumentPage.objects.get(pk=page.pk)
        assert indexed_titles(cluster, page.pk) == {current.title}
        row = IndexOutbox.objects.get(document_id=page.pk)
        assert not row.pending and row.last_error == ""
    assert any("takes index updates again" in r.getMessage() for r in caplog.records)
    # Coalesced: each document's sections were sent once after the outage, in one request.
    bulk = [line for body in cluster.sent("POST", "/_bulk") + cluster.sent("PUT", "/_bulk")
            for line in body if "index" in line]  # fmt: skip
    ids = [line["index"]["_id"] for line in bulk]
    assert len(ids) == len(set(ids)) == 2 * len(pages)

    # A delivery arriving late with an earlier version never overwrites the later one.
    page = pages[0]
    row = IndexOutbox.objects.get(document_id=page.pk)
    stale = DocumentUpdate(page.pk, row.version - 1, [
        {**source, "doc_title": "Drill 0 (stale)"} for source in engine.sources([page.pk])[page.pk]
    ])  # fmt: skip
    outcome = engine.apply([stale])
    assert outcome.errors == {}  # a 409 means "a later version is there": delivered
    assert indexed_titles(cluster, page.pk) == {DocumentPage.objects.get(pk=page.pk).title}


def test_a_publish_sends_each_section_once(cluster_engine, django_capture_on_commit_callbacks):
    engine, cluster = cluster_engine
    engine.rebuild()
    cluster.reset()
    with django_capture_on_commit_callbacks(execute=True):
        page = make_document("Lantern drill", [("h", "1", "Kit"), ("p", "Ropes.")])
    bulks = cluster.sent("POST", "/_bulk") + cluster.sent("PUT", "/_bulk")
    assert len(bulks) == 1
    ids = [next(iter(line.values()))["_id"] for line in bulks[0] if "index" in line]
    assert sorted(ids) == [f"{page.pk}-0", f"{page.pk}-1"]
    assert not cluster.sent("POST", "_delete_by_query")
    cluster.reset()
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    (unpublish,) = cluster.sent("POST", "/_bulk") + cluster.sent("PUT", "/_bulk")
    assert sorted(next(iter(line.values()))["_id"] for line in unpublish) == ids
    assert all("delete" in line for line in unpublish)
    cluster.reset()
    with django_capture_on_commit_callbacks(execute=True):
        DocumentPage.objects.get(pk=page.pk).save_revision()  # a draft: nothing to send
    assert not cluster.requests


def test_per_item_failures_are_retried_not_ignored(
    cluster_engine, django_capture_on_commit_callbacks
):
    engine, cluster = cluster_engine
    engine.rebuild()
    cluster.forced["/_bulk"] = (200, {"errors": True, "items": [
        {"index": {"_id": "x", "status": 429, "error": {"reason": "too many requests"}}}
    ] * 5})  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        page = make_document("Lantern drill", [("h", "1", "Kit"), ("p", "Ropes.")])
    row = IndexOutbox.objects.get(document_id=page.pk)
    assert row.pending and "429" in row.last_error and row.next_attempt_at is not None
    del cluster.forced["/_bulk"]
    time.sleep(0.1)
    call_command("deliver_search_updates", verbosity=0)
    row.refresh_from_db()
    assert not row.pending and indexed_titles(cluster, page.pk) == {"Lantern drill"}


def test_a_change_delivered_while_the_index_is_rebuilt_reaches_the_new_index(
    cluster_engine, library, monkeypatch, django_capture_on_commit_callbacks
):
    """The rebuild read the document before the change and the change went to the old
    index (behind the alias until the swap): `rebuild_section_index` sends it again."""
    engine, cluster = cluster_engine
    engine.rebuild()
    page = library["JOP-001"]
    monkeypatch.setattr(elasticsearch_bulk, "BULK_CHUNK", 7)  # many bulk requests while filling
    changed: list[int] = []

    def change_meanwhile(request) -> None:
        if "_bulk" in request.target and not changed:
            changed.append(page.pk)
            IndexedSection.objects.filter(document_id=page.pk).update(doc_title="Renamed")
            outbox.deliver_now([page.pk])  # delivered at once, to the index behind the alias

    cluster.after_request.append(change_meanwhile)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_section_index", verbosity=0)
    cluster.after_request.clear()
    assert changed == [page.pk]
    (new,) = cluster.indices
    assert cluster.aliases == {"jpl_sections": new}
    assert indexed_titles(cluster, page.pk) == {"Renamed"}


def test_searches_during_a_rebuild_get_complete_results(cluster_engine, library, monkeypatch):
    engine, cluster = cluster_engine
    engine.rebuild()
    (first,) = cluster.indices
    every_document = set(
        IndexOutbox.objects.exclude(document_id=None).values_list("document_id", flat=True)
    )
    monkeypatch.setattr(elasticsearch_bulk, "BULK_CHUNK", 7)  # many bulk requests while filling
    seen: list[int] = []

    def search_meanwhile(request) -> None:
        if "_bulk" in request.target:
            found = {doc for doc, _ in engine.match_documents(parse("the"), _everyone(), 10_000)}
            seen.append(len(found))
            assert found == every_document, "a search saw a partial index"

    cluster.after_request.append(search_meanwhile)
    engine.rebuild()
    cluster.after_request.clear()
    assert len(seen) > 3
    (second,) = cluster.indices
    assert second != first
    assert cluster.aliases == {"jpl_sections": second}
    assert engine.alias_targets() == [second]


def _everyone():
    return make_scope(get_user_model().objects.get(username="admin"), include_old=True)


def test_a_rebuild_that_comes_up_short_leaves_the_alias_alone(cluster_engine, library):
    engine, cluster = cluster_engine
    engine.rebuild()
    (first,) = cluster.indices
    cluster.forced["/_count"] = (200, {"count": 1})
    with pytest.raises(RebuildFailed, match="left where it was"):
        engine.rebuild()
    assert cluster.aliases == {"jpl_sections": first}
    assert list(cluster.indices) == [first]  # the unfinished index was deleted


def test_an_index_from_before_aliases_is_replaced_atomically(cluster_engine, library):
    engine, cluster = cluster_engine
    cluster.indices["jpl_sections"] = {"definition": {"mappings": {}}, "docs": {}}
    engine.rebuild()
    (swap,) = cluster.sent("POST", "/_aliases")
    kinds = [next(iter(action)) for action in swap["actions"]]
    assert kinds == ["remove_index", "add"]
    (new,) = cluster.indices
    assert new != "jpl_sections" and cluster.aliases == {"jpl_sections": new}


def test_mapping_drift_is_reported_with_the_fix(cluster_engine, library):
    engine, cluster = cluster_engine
    engine.rebuild()
    call_command("check_section_index", verbosity=0)
    (index,) = cluster.indices
    cluster.indices[index]["definition"]["mappings"]["_meta"] = {
        "definition": {"fingerprint": "older"}
    }
    with pytest.raises(CommandError, match="rebuild_section_index"):
        call_command("check_section_index", verbosity=0)
    assert "rebuild_section_index" in engine.status()["drift"]


def test_the_admin_shows_the_index_state(cluster_engine, client_for, library, settings):
    engine, cluster = cluster_engine
    engine.rebuild()
    (index,) = cluster.indices
    cluster.down = True
    make_document("Lantern drill", [("h", "1", "Kit"), ("p", "Ropes.")])
    deliver_due()
    cluster.down = False
    page = client_for("admin").get("/admin/search-index/")
    assert page.status_code == 200
    html = page.content.decode()
    assert engine.label in html and "jpl_sections" in html and index in html
    assert "Updates pending" in html and "1 failing" in html
    assert "connection refused" in html.lower() or "Connection error" in html
    missing = client_for("coordinator").get("/admin/search-index/")
    assert missing.status_code == client_for("coordinator").get("/admin/no-such/").status_code
