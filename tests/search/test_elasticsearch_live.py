"""The live suite: against the Elasticsearch 8/9 or OpenSearch 2/3 cluster at
ELASTICSEARCH_URL (flavour from ELASTICSEARCH_FLAVOUR), skipped when it is not set.

The behaviour every engine shares (stemming, phrases, synonyms, typos, permissions, facets,
relevance on the demo library) runs on the live cluster through the `elasticsearch` engine
parameter of tests/search/test_engines.py and tests/search/test_relevance.py. This module adds
what only a live cluster can show: that the cluster accepts our index definition, and that
publishing, restrictions, withdrawal and glossary edits reach the index through the signals
alone, with no rebuild in between. Every index is made under a prefix unique to the run and
deleted when the run ends (conftest.live_index_prefix).

    ELASTICSEARCH_URL=http://localhost:9200 .venv/bin/pytest -m elasticsearch_live
    ELASTICSEARCH_URL=https://admin:secret@localhost:9200 ELASTICSEARCH_FLAVOUR=opensearch \\
        .venv/bin/pytest -m elasticsearch_live
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from procedures.models import ProtectiveMarking
from search.engines import get_engine, reset_engine_cache
from search.engines.elasticsearch_bulk import DocumentUpdate
from search.models import GlossaryTerm, IndexOutbox
from search.query import parse
from search.service import make_scope, run_search
from tests.support.search import (
    drop_live_indices,
    make_document,
    needs_live_cluster,
    unique_index_prefix,
    use_live_cluster,
)

pytestmark = needs_live_cluster


@pytest.fixture
def live(settings, db, live_index_prefix):
    """The live engine, its index rebuilt from the demo library (and anything the test made
    before asking for it)."""
    use_live_cluster(settings, live_index_prefix)
    engine = get_engine()
    assert engine.label in ("Elasticsearch", "OpenSearch")
    engine.rebuild()
    yield engine
    reset_engine_cache()


@pytest.fixture
def pushed(django_capture_on_commit_callbacks):
    """Run the block's after-commit work (the signal handlers' pushes to the cluster), as a
    real request's commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def refs(results) -> list[str]:
    return [result.page.reference for result in results.results]


def engine_finds(engine, user, text: str, include_old: bool = False) -> set[int]:
    """Document ids the index itself returns for `user` (no database re-check)."""
    scope = make_scope(user, include_old=include_old)
    return {doc_id for doc_id, _ in engine.match_documents(parse(text), scope, 100)}


def test_the_cluster_accepts_our_analyzers_mappings_and_synonyms(live):
    mapping = live.client.indices.get_mapping(index=live.index)
    properties = mapping[live.index]["mappings"]["properties"]
    assert properties["text"]["analyzer"] == "library_text"
    assert properties["text"]["search_analyzer"] == "library_search"
    assert properties["access_groups"]["type"] == "integer"
    index_settings = live.client.indices.get_settings(index=live.index)
    analysis = index_settings[live.index]["settings"]["index"]["analysis"]
    assert analysis["filter"]["glossary_synonyms"]["type"] == "synonym_graph"
    assert "library_search" in analysis["analyzer"]


def test_the_demo_library_is_searchable_with_highlights(live, users):
    results = run_search(users["firefighter"], "inner cordon")
    assert results.engine_label == live.label and not results.notice
    assert refs(results)[0] == "JOP-002"
    assert "<mark>" in results.results[0].sections[0].snippet


def test_publishing_reaches_the_index_without_a_manual_step(live, users, pushed):
    with pushed():
        page = make_document(
            "Harbour lantern drill", [("h", "1", "Drill"), ("p", "Zephyrine lantern drill.")]
        )
    assert page.pk in engine_finds(live, users["firefighter"], "zephyrine")
    assert refs(run_search(users["firefighter"], "zephyrine")) == [page.reference]


def test_a_glossary_change_reaches_the_index_without_a_manual_step(live, users, pushed):
    with pushed():
        page = make_document(
            "Harbour lantern drill", [("h", "1", "Drill"), ("p", "Zephyrine lantern drill.")]
        )
    assert page.pk not in engine_finds(live, users["firefighter"], "HLD")
    with pushed():
        term = GlossaryTerm.objects.create(term="HLD", expansion="zephyrine lantern drill")
    assert page.pk in engine_finds(live, users["firefighter"], "HLD")
    assert page.reference in refs(run_search(users["firefighter"], "HLD"))
    with pushed():
        term.delete()
    assert page.pk not in engine_finds(live, users["firefighter"], "HLD")


def test_a_restriction_leaves_results_at_once_and_the_index_follows(live, users, pushed):
    with pushed():
        page = make_document(
            "Harbour lantern drill", [("h", "1", "Drill"), ("p", "Zephyrine lantern drill.")]
        )
    officer = users["police.officer"]
    with pushed():
        page.protective_marking = ProtectiveMarking.OFFICIAL_SENSITIVE
        page.save()
        # At once: the database re-check, whatever the index holds.
        assert page.reference not in refs(run_search(officer, "zephyrine"))
    # After commit: the index's own copy of the marking.
    assert page.pk not in engine_finds(live, officer, "zephyrine")
    assert page.pk in engine_finds(live, users["admin"], "zephyrine")


def test_withdrawal_and_unpublishing_leave_results_at_once(live, users, pushed):
    with pushed():
        withdrawn = make_document("Zephyrine drill one", [("h", "1", "One"), ("p", "Zephyrine.")])
        unpublished = make_document("Zephyrine drill two", [("h", "1", "Two"), ("p", "Zephyrine.")])
    user = users["firefighter"]
    assert {withdrawn.pk, unpublished.pk} <= engine_finds(live, user, "zephyrine")
    with pushed():
        withdrawn.withdrawn_at = timezone.now()
        withdrawn.save()
        unpublished.unpublish()
        assert refs(run_search(user, "zephyrine")) == []
    assert engine_finds(live, user, "zephyrine") == set()
    everything = run_search(user, "zephyrine", include_old=True)
    assert {r.page.reference: r.status for r in everything.results} == {
        withdrawn.reference: "withdrawn"
    }
    assert unpublished.pk not in engine_finds(live, user, "zephyrine", include_old=True)


def test_drop_deletes_the_test_index(settings, db):
    prefix = unique_index_prefix()
    use_live_cluster(settings, prefix)
    engine = get_engine()
    try:
        engine.rebuild()
        assert engine.client.indices.exists(index=engine.index)
    finally:
        drop_live_indices(prefix)
    assert not engine.client.indices.exists(index=engine.index)


def test_a_rebuild_moves_the_alias_and_drops_the_old_index(live):
    """The alias swap on a real cluster: a second rebuild fills a new index, the alias moves
    to it in one request, the old index is gone, and searches still answer."""
    (before,) = live.alias_targets()
    live.rebuild()
    (after,) = live.alias_targets()
    assert after != before
    assert not live._exists(before)
    assert live.drift() is None
    results = run_search_as_admin("cordon")
    assert results.engine_label == live.label and results.total >= 1


def test_the_outbox_delivers_through_the_worker_and_refuses_older_versions(live, settings):
    """A publish reaches the cluster through the outbox task; a late, older version of the
    same document is refused by the cluster (409) and changes nothing."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    page = make_document("Lighthouse lamp drill", [("h", "1", "Lamp"), ("p", "Lamps.")])
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    row = IndexOutbox.objects.get(document_id=page.pk)
    assert not row.pending and row.last_error == ""
    live._refresh_index(live.index)
    assert "Lighthouse lamp drill" in refs_or_titles(run_search_as_admin("lighthouse"))
    stale = DocumentUpdate(page.pk, row.version - 1, [
        {**source, "doc_title": "Stale title"} for source in live.sources([page.pk])[page.pk]
    ])  # fmt: skip
    assert live.apply([stale]).errors == {}
    live._refresh_index(live.index)
    assert "Stale title" not in refs_or_titles(run_search_as_admin("stale"))


def run_search_as_admin(text: str):
    return run_search(get_user_model().objects.get(username="admin"), text)


def refs_or_titles(results) -> list[str]:
    return [result.page.title for result in results.results]
