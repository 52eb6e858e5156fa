"""Search behaviour that must hold on every configured engine.

The database engine under test is the test database's own (SQLite FTS5 locally, PostgreSQL
full-text when DATABASE_URL is postgres: `make test` runs both). The Elasticsearch variant
runs only when ELASTICSEARCH_URL points at a live cluster (marker `elasticsearch_live`; the
flavour follows ELASTICSEARCH_FLAVOUR); tests/search/test_elasticsearch_live.py adds the
checks only a live cluster can answer."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.core.management import call_command
from django.utils import timezone

from procedures.models import DocumentPage, ProtectiveMarking
from search import indexing
from search.engines import get_engine, reset_engine_cache
from search.engines.base import MARK_END, MARK_START, safe_snippet
from search.models import GlossaryTerm, IndexedSection
from search.service import Filters, make_scope, run_search, suggest
from tests.support.search import make_document, needs_live_cluster, set_body, use_live_cluster

ENGINES = [
    "database",
    pytest.param("elasticsearch", marks=needs_live_cluster),
]


@pytest.fixture(params=ENGINES)
def refresh(request, settings, db):
    """Select the engine; returns a function that brings the engine up to date."""
    if request.param == "elasticsearch":
        # A unique index prefix for the run, deleted at its end (conftest.live_index_prefix).
        use_live_cluster(settings, request.getfixturevalue("live_index_prefix"))
        yield lambda: get_engine().rebuild()
        reset_engine_cache()
    else:
        settings.ELASTICSEARCH_URL = ""
        reset_engine_cache()
        yield lambda: None
        reset_engine_cache()


def refs(results) -> list[str]:
    return [result.page.reference for result in results.results]


@pytest.fixture
def docs(db, refresh):
    cordon = make_document(
        "Lighthouse cordon arrangements",
        [
            ("h", "1", "Purpose"),
            ("p", "How the lighthouse keepers set out an inner cordon at a coastal incident."),
            ("h", "2", "Beacon signals"),
            ("p", "Amber lantern signals warn shipping. <b>Never</b> use a red lantern here."),
        ],
        service="fire",
    )
    scattered = make_document(
        "Coastal inner workings",
        [("h", "1", "Scope"), ("p", "The inner harbour has a cordon only in winter storms.")],
        service="police",
        doc_type="policy",
    )
    collision = make_document(
        "Motorway collision response for lighthouse staff",
        [("h", "1", "At the scene"), ("p", "At a road traffic collision, protect the scene.")],
        service="police",
    )
    secret = make_document(
        "Lighthouse covert observation",
        [("h", "1", "Observation posts"), ("p", "Quillwort observation posts at the lighthouse.")],
        sensitive_for=["Football intelligence"],
    )
    refresh()
    return {"cordon": cordon, "scattered": scattered, "collision": collision, "secret": secret}


def test_stemming_finds_singular_from_plural(docs, users):
    results = run_search(users["firefighter"], "lighthouses cordons")
    assert refs(results)[0] == docs["cordon"].reference


def test_hits_are_sections_with_anchors_and_highlights(docs, users):
    results = run_search(users["firefighter"], "amber lantern")
    top = results.results[0]
    assert top.page.pk == docs["cordon"].pk
    section = top.sections[0]
    assert section.title == "Beacon signals"
    assert section.anchor
    assert "<mark>" in section.snippet and "lantern" in section.snippet.lower()


def test_snippets_escape_document_html_but_keep_marks(docs, users):
    page = docs["cordon"]
    set_body(
        page, [("h", "1", "Beacon signals"), ("p", "Lantern &lt;script&gt;x()&lt;/script&gt;")]
    )
    page.save_revision().publish()
    results = run_search(users["firefighter"], "lantern")
    snippet = next(r for r in results.results if r.page.pk == page.pk).sections[0].snippet
    # PostgreSQL's headline drops tag-like tokens, FTS5 keeps them escaped: never raw HTML.
    assert "<script" not in snippet.lower()
    assert "<mark>" in snippet


def test_safe_snippet_escapes_everything_but_our_marks():
    raw = f'<img src=x onerror="alert(1)"> {MARK_START}cordon{MARK_END} & {MARK_START}cut'
    assert safe_snippet(raw) == (
        "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark>cordon</mark> &amp; <mark>cut</mark>"
    )


def test_phrase_search_needs_the_words_together(docs, users):
    results = run_search(users["firefighter"], '"inner cordon"')
    assert docs["cordon"].reference in refs(results)
    assert docs["scattered"].reference not in refs(results)
    loose = run_search(users["firefighter"], "inner cordon")
    assert docs["scattered"].reference in refs(loose)


def test_glossary_synonyms_match_each_services_words(docs, users, refresh):
    results = run_search(users["firefighter"], "RTC")
    assert docs["collision"].reference in refs(results)
    assert docs["collision"].reference in refs(run_search(users["firefighter"], "RTA"))


def test_a_new_glossary_term_takes_effect_without_reindexing(docs, users, refresh):
    assert run_search(users["firefighter"], "BSL").total == 0
    GlossaryTerm.objects.create(term="BSL", expansion="beacon signalling lamp", aliases="lantern")
    refresh()
    assert docs["cordon"].reference in refs(run_search(users["firefighter"], "BSL"))
    assert docs["cordon"].reference in refs(
        run_search(users["firefighter"], "beacon signalling lamp")
    )


def test_typos_are_corrected_against_indexed_words(docs, users):
    results = run_search(users["firefighter"], "lighthuose")
    assert results.corrected_query == "lighthouse"
    assert docs["cordon"].reference in refs(results)


def test_typo_correction_never_suggests_a_restricted_word(docs, users):
    results = run_search(users["firefighter"], "quilwort")
    assert results.total == 0
    assert results.corrected_query == ""
    cleared = run_search(users["planner"], "quilwort")
    assert refs(cleared) == [docs["secret"].reference]


def test_restricted_documents_only_for_cleared_users(docs, users):
    for username in ("firefighter", "police.officer", "newjoiner"):
        results = run_search(users[username], "lighthouse")
        assert docs["secret"].reference not in refs(results)
        assert results.total == 2
        assert sum(v.count for v in results.facets["service"]) == 2
    cleared = run_search(users["planner"], "lighthouse")
    assert docs["secret"].reference in refs(cleared)
    assert cleared.total == 3


def test_facet_counts_never_count_restricted_documents(docs, users):
    results = run_search(users["firefighter"], "quillwort")
    assert results.total == 0
    assert all(not values for values in results.facets.values())


def test_restriction_added_to_a_live_document_applies_at_once(docs, users, refresh):
    page = docs["collision"]
    page.protective_marking = ProtectiveMarking.OFFICIAL_SENSITIVE
    page.save()
    page.access_groups.set([])
    assert page.reference not in refs(run_search(users["police.officer"], "motorway"))


def test_withdrawn_and_superseded_leave_results_at_once(docs, users, refresh):
    docs["cordon"].withdrawn_at = timezone.now()
    docs["cordon"].save()
    DocumentPage.objects.filter(pk=docs["scattered"].pk).update(superseded_by=docs["collision"])
    current = run_search(users["firefighter"], "cordon")
    assert docs["cordon"].reference not in refs(current)
    assert docs["scattered"].reference not in refs(current)
    refresh()
    everything = run_search(users["firefighter"], "cordon", include_old=True)
    statuses = {r.page.reference: r.status for r in everything.results}
    assert statuses[docs["cordon"].reference] == "withdrawn"
    assert statuses[docs["scattered"].reference] == "superseded"
    assert {"withdrawn", "superseded"} <= {v.value for v in everything.facets["status"]}


def test_drafts_are_never_found(docs, users, refresh):
    page = docs["cordon"]
    set_body(page, [("h", "1", "New"), ("p", "Zanzibarine draft wording not yet approved.")])
    page.save_revision()
    refresh()
    assert run_search(users["admin"], "zanzibarine", include_old=True).total == 0
    assert IndexedSection.objects.filter(text__icontains="zanzibarine").count() == 0


def test_unpublished_and_deleted_documents_leave_the_index(docs, users, refresh):
    docs["cordon"].unpublish()
    docs["scattered"].delete()
    refresh()
    found = refs(run_search(users["admin"], "cordon", include_old=True))
    assert docs["cordon"].reference not in found
    assert docs["scattered"].reference not in found
    assert not IndexedSection.objects.filter(document_id=docs["cordon"].pk).exists()


def test_facets_combine_as_filters(docs, users):
    everything = run_search(users["firefighter"], "lighthouse")
    services = {v.value: v.count for v in everything.facets["service"]}
    assert services == {"fire": 1, "police": 1}
    police = run_search(users["firefighter"], "lighthouse", filters=Filters(service="police"))
    assert refs(police) == [docs["collision"].reference]
    # The service facet still offers the other service; the type facet counts within police.
    assert {v.value for v in police.facets["service"]} == {"fire", "police"}
    assert {v.value: v.count for v in police.facets["type"]} == {"procedure": 1}
    none = run_search(
        users["firefighter"], "lighthouse", filters=Filters(service="police", type="policy")
    )
    assert none.total == 0


def test_sort_by_last_updated(docs, users):
    DocumentPage.objects.filter(pk=docs["collision"].pk).update(
        last_published_at=timezone.now() + datetime.timedelta(days=1)
    )
    results = run_search(users["firefighter"], "lighthouse", sort="updated")
    assert refs(results)[0] == docs["collision"].reference


def test_suggestions_are_permission_aware(docs, users):
    labels = [s["label"] for s in suggest(users["firefighter"], "Lighthouse")]
    assert any("Lighthouse cordon arrangements" in label for label in labels)
    assert not any("covert" in label for label in labels)
    assert any("covert" in s["label"] for s in suggest(users["planner"], "Lighthouse"))
    terms = [s for s in suggest(users["firefighter"], "RT") if s["kind"] == "term"]
    assert terms and terms[0]["query"] == "RTC"


def test_indexing_errors_never_block_publishing(docs, monkeypatch, caplog):
    def broken(page):
        raise RuntimeError("index is broken")

    monkeypatch.setattr(indexing, "write_sections", broken)
    page = docs["cordon"]
    page.title = "Lighthouse cordon arrangements, revised"
    with caplog.at_level(logging.ERROR, logger="search.indexing"):
        page.save_revision().publish()
    page.refresh_from_db()
    assert page.title.endswith("revised") and page.live
    assert "could not index" in caplog.text


def test_rebuild_command_is_idempotent_and_has_a_dry_run(docs, capsys):
    IndexedSection.objects.filter(document_id=docs["cordon"].pk).delete()
    call_command("rebuild_section_index", "--dry-run")
    assert not IndexedSection.objects.filter(document_id=docs["cordon"].pk).exists()
    call_command("rebuild_section_index")
    count = IndexedSection.objects.count()
    assert IndexedSection.objects.filter(document_id=docs["cordon"].pk).count() == 3
    call_command("rebuild_section_index")
    assert IndexedSection.objects.count() == count
    out = capsys.readouterr().out
    assert "Would index" in out and "Indexed" in out and "documents read" in out


def test_words_spread_over_sections_still_find_the_document(docs, users):
    # No one section holds both words: sections holding either are ranked instead.
    results = run_search(users["firefighter"], "amber keepers")
    assert results.partial
    assert refs(results)[0] == docs["cordon"].reference
    assert not run_search(users["firefighter"], "amber lantern").partial


# -- very common queries (database engines) ---------------------------------------------------
@pytest.fixture
def common_word(db, settings):
    """'quayside' in seven sections: with SEARCH_MAX_SCORED_SECTIONS=4 the engine ranks the
    heading matches and only some of the others, as it would for "incident" in a large
    library."""
    settings.ELASTICSEARCH_URL = ""
    reset_engine_cache()
    heading = make_document(
        "Harbour berthing plan",
        [("h", "1", "Quayside access"), ("p", "Open the gates for crews on the quay.")],
    )
    secret = make_document(
        "Harbour covert watch",
        [("h", "1", "Quayside observation"), ("p", "Watchers keep to the old customs hut.")],
        sensitive_for=["Football intelligence"],
    )
    text_only = [
        make_document(f"Mooring note {n}", [("h", "1", "Notes"), ("p", "Park on the quayside.")])
        for n in range(5)
    ]
    settings.SEARCH_MAX_SCORED_SECTIONS = 4
    yield {"heading": heading, "secret": secret, "text_only": text_only}
    reset_engine_cache()


def test_a_very_common_query_ranks_heading_matches_and_says_the_count_is_a_lower_bound(
    common_word, users
):
    results = run_search(users["firefighter"], "quayside")
    assert results.capped, "only some matches were ranked, so the count is a lower bound"
    found = refs(results)
    assert found[0] == common_word["heading"].reference
    assert 1 < len(found) < 6, "some, not all, of the text-only matches were ranked"
    assert results.results[0].sections[0].title == "Quayside access"


def test_a_very_common_query_still_never_shows_or_counts_restricted_documents(common_word, users):
    results = run_search(users["firefighter"], "quayside")
    assert common_word["secret"].reference not in refs(results)
    assert sum(value.count for value in results.facets["service"]) == results.total
    assert results.total == len(results.results)
    cleared = run_search(users["planner"], "quayside")
    assert common_word["secret"].reference in refs(cleared)


def test_below_the_bound_every_match_is_ranked_and_counted(common_word, users, settings):
    settings.SEARCH_MAX_SCORED_SECTIONS = 1000
    results = run_search(users["firefighter"], "quayside")
    assert not results.capped
    assert results.total == 6  # heading + five text-only; never the restricted one
    assert refs(results)[0] == common_word["heading"].reference


@pytest.mark.parametrize("text", ["cordon", "breathing apparatus", "RTC", '"inner cordon"'])
def test_sections_kept_from_matching_are_those_the_engine_ranks_on_its_own(
    library, users, settings, text
):
    """Snippets reuse the section ranks computed while matching; they must be the same
    sections, in the same order, as ranking each document's sections afresh."""
    settings.ELASTICSEARCH_URL = ""
    reset_engine_cache()
    results = run_search(users["planner"], text)
    assert results.results
    ids = [result.page.pk for result in results.results]
    afresh = get_engine().top_sections(results.query, ids, 3)
    by_document: dict[int, list[int]] = {}
    for hit in afresh:
        by_document.setdefault(hit.document_id, []).append(hit.section_id)
    for result in results.results:
        assert [hit.section_id for hit in result.sections] == by_document[result.page.pk]


def test_a_section_found_both_ways_is_one_hit(common_word, users, settings):
    """A section both heading-matched and among the newest (or first) matches read counts
    once, so a document's kept sections are distinct."""
    make_document("Quayside rota", [("h", "1", "Quayside"), ("p", "Crews meet on the quayside.")])
    settings.SEARCH_MAX_SCORED_SECTIONS = 6
    results = run_search(users["planner"], "quayside")
    for result in results.results:
        ids = [hit.section_id for hit in result.sections]
        assert len(ids) == len(set(ids)), result.page.reference
    matches = get_engine().match_documents(results.query, make_scope(users["planner"], False), 50)
    for doc_id, kept in matches.sections.items():
        ids = [section_id for section_id, _score in kept]
        assert len(ids) == len(set(ids)), doc_id
