"""The search page, JSON API, suggestions and glossary page: what each surface shows, and
that none of them reveals anything of a restricted document to a user without access."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import resolve
from django.utils import timezone

from search.models import GlossaryTerm
from tests.support.search import make_document


@pytest.fixture
def secret(db):
    return make_document(
        "Quillwort covert observation plan",
        [("h", "1", "Observation posts"), ("p", "Quillwort observation posts and call signs.")],
        summary="Quillwort surveillance.",
        sensitive_for=["Football intelligence"],
        ref="QWT-001",
    )


@pytest.fixture
def open_doc(db):
    return make_document(
        "Quillwort meadow fire safety",
        [("h", "1", "Grass fires"), ("p", "Quillwort meadows burn fast in summer.")],
        service="fire",
        ref="QWT-002",
    )


def test_search_page_shows_section_hits_with_metadata(client_for, open_doc):
    response = client_for("firefighter").get("/search/", {"q": "meadows"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "QWT-002" in html and "Quillwort meadow fire safety" in html
    assert f"{open_doc.url}#{open_doc.sections[0].anchor}" in html
    assert "<mark>" in html
    for text in ("Fire and rescue", "Procedure", "OFFICIAL", "Version 1.0", "Approved"):
        assert text in html


def test_typing_a_reference_goes_straight_to_the_document(client_for, open_doc):
    response = client_for("firefighter").get("/search/", {"q": "qwt-002"})
    assert response.status_code == 302
    assert response["Location"] == open_doc.url


def test_a_restricted_reference_does_not_redirect_or_reveal(client_for, secret):
    response = client_for("firefighter").get("/search/", {"q": "QWT-001"})
    assert response.status_code == 200
    assert "Quillwort covert" not in response.content.decode()
    assert client_for("planner").get("/search/", {"q": "QWT-001"}).status_code == 302


@pytest.mark.parametrize("username", ["firefighter", "police.officer", "newjoiner"])
def test_no_surface_reveals_a_restricted_document(client_for, secret, username):
    client = client_for(username)
    page = client.get("/search/", {"q": "quillwort surveillance"}).content.decode()
    assert "covert" not in page.lower() and "call signs" not in page
    assert "0 documents found" in page
    api = client.get("/search/api/", {"q": "quillwort surveillance"}).json()
    assert api["total"] == 0 and api["results"] == []
    assert all(not values for values in api["facets"].values())
    suggestions = client.get("/search/suggest/", {"q": "Quillwort"}).json()["suggestions"]
    assert not any("covert" in s["label"].lower() for s in suggestions)
    assert client.get("/search/suggest/", {"q": "QWT-001"}).json()["suggestions"] == []


def test_cleared_users_find_restricted_documents_everywhere(client_for, secret):
    client = client_for("planner")
    api = client.get("/search/api/", {"q": "quillwort surveillance"}).json()
    assert [r["reference"] for r in api["results"]] == ["QWT-001"]
    assert api["results"][0]["marking"] == "OFFICIAL-SENSITIVE"
    suggestions = client.get("/search/suggest/", {"q": "QWT"}).json()["suggestions"]
    assert any(s["label"].startswith("QWT-001") for s in suggestions)


def test_api_returns_grouped_section_hits_and_facets(client_for, open_doc):
    data = client_for("firefighter").get("/search/api/", {"q": "meadows"}).json()
    assert data["total"] == 1
    hit = data["results"][0]
    assert set(hit) >= {"reference", "title", "url", "service", "type", "marking", "version",
                        "approved_at", "status", "sections"}  # fmt: skip
    assert hit["sections"][0]["url"].startswith(open_doc.url + "#")
    assert "<mark>" in hit["sections"][0]["snippet_html"]
    assert {f["value"] for f in data["facets"]["service"]} == {"fire"}


def test_api_refuses_an_empty_query(client_for):
    response = client_for("firefighter").get("/search/api/")
    assert response.status_code == 400
    assert "q parameter" in response.json()["error"]


def test_api_reports_a_reference_redirect(client_for, open_doc):
    data = client_for("firefighter").get("/search/api/", {"q": "QWT-002"}).json()
    assert data["redirect"] == open_doc.url


def test_search_needs_sign_in(client):
    assert client.get("/search/", {"q": "x"}).status_code == 302
    assert client.get("/search/api/", {"q": "x"}).status_code == 302
    assert client.get("/search/suggest/", {"q": "x"}).status_code == 302


def test_facet_links_filter_and_withdrawn_documents_are_marked(client_for, open_doc):
    open_doc.withdrawn_at = timezone.now()
    open_doc.save()
    client = client_for("firefighter")
    assert "QWT-002" not in client.get("/search/", {"q": "meadows"}).content.decode()
    html = client.get("/search/", {"q": "meadows", "include": "all"}).content.decode()
    assert "QWT-002" in html and "Withdrawn" in html and "not the current procedure" in html
    filtered = client.get(
        "/search/", {"q": "meadows", "include": "all", "status": "current"}
    ).content.decode()
    assert "QWT-002 Quillwort" not in filtered


def test_glossary_page_lists_terms_for_staff(client_for):
    html = client_for("firefighter").get("/search/glossary/").content.decode()
    assert "road traffic collision" in html and "RTC" in html
    assert GlossaryTerm.objects.count() >= 40
    filtered = client_for("firefighter").get("/search/glossary/", {"q": "breathing"})
    assert "Breathing apparatus".lower() in filtered.content.decode().lower()


def test_coordinator_edits_the_glossary_in_the_admin(client_for):
    client = client_for("coordinator")
    response = client.get("/admin/snippets/library_search/glossaryterm/")
    assert response.status_code == 200
    assert "RTC" in response.content.decode()
    response = client.post(
        "/admin/snippets/library_search/glossaryterm/add/",
        {
            "term": "QRF",
            "expansion": "quick reaction force",
            "aliases": "",
            "service": "police",
            "definition": "A standby team.",
        },
    )
    assert response.status_code == 302
    assert GlossaryTerm.objects.filter(term="QRF").exists()
    assert client_for("firefighter").get(
        "/admin/snippets/library_search/glossaryterm/"
    ).status_code in (302, 403)


@pytest.mark.parametrize(
    "path", ["/search/", "/search/api/", "/search/suggest/", "/search/glossary/"]
)
def test_search_views_run_outside_the_per_request_transaction(path):
    """Read-only views opt out of ATOMIC_REQUESTS: on SQLite every request transaction begins
    IMMEDIATE (the write lock), which made concurrent searches queue one behind another."""
    assert "default" in getattr(resolve(path).func, "_non_atomic_requests", set())


def test_the_page_links_keep_the_search(client_for, db):
    """Facet, page and "search instead" links carry the query, sort, old documents and the
    other filters; a chosen facet's link clears it; the sort form keeps the filters."""
    for n in range(23):
        make_document(f"Quoin drill {n}", [("h", "1", "Quoins"), ("p", "Quoin stacks.")],
                      service="fire")  # fmt: skip
    client = client_for("firefighter")
    params = {"q": "quoin", "sort": "updated", "include": "all", "service": "fire"}
    html = unescape(client.get("/search/", params).content.decode())
    base = "q=quoin&sort=updated&include=all&service=fire"
    assert f'href="?{base}&type=procedure"' in html  # another facet added
    assert 'href="?q=quoin&sort=updated&include=all"' in html  # the chosen one cleared
    assert f'href="?{base}&page=2" rel="next"' in html
    assert '<input type="hidden" name="service" value="fire">' in html
    assert 'name="type" value=' not in html
    second = unescape(client.get("/search/", {**params, "page": "2"}).content.decode())
    assert f'href="?{base}&page=1" rel="prev"' in second
    assert "Quoin drill" in second

    corrected = unescape(client.get("/search/", {"q": "quoinz"}).content.decode())
    assert 'href="?q=quoinz&as_typed=1"' in corrected
