"""Searching and filtering the admin for a restricted document, as people not cleared for it:
every search answers exactly as for a reference no document has (item 5 of the issue's
follow-up: Wagtail's page search, the explorer's search and ordering, the page chooser's search
and the admin API's search)."""

from __future__ import annotations

import json

import pytest

from tests.procedures import test_need_to_know_routes as routes
from tests.procedures.test_need_to_know_routes import DRAFT_TITLE, SENSITIVE, fetch, normalise

world = routes.world
uncleared_owner = routes.uncleared_owner

pytestmark = pytest.mark.django_db

NOBODY = "XQZ-404"  # a reference no document has


def surfaces(world) -> list[str]:
    section = world.page.get_parent().pk
    return [
        "/admin/pages/search/?q={q}",
        "/admin/pages/search/results/?q={q}",
        f"/admin/pages/{section}/?q={{q}}",
        f"/admin/pages/{section}/?q={{q}}&ordering=title",
        f"/admin/pages/{section}/results/?q={{q}}&ordering=-latest_revision_created_at",
        "/admin/choose-page/search/?q={q}",
        "/admin/api/main/pages/?search={q}",
        "/admin/api/main/pages/?search={q}&type=procedures.DocumentPage&fields=title",
    ]


ROLES = ["police.officer", "police.approver", "uncleared owner"]


def sign_in(client, users, uncleared_owner, role):
    client.force_login(uncleared_owner if role == "uncleared owner" else users[role])


@pytest.mark.parametrize("role", ROLES)
def test_a_word_only_the_restricted_draft_has_finds_what_nonsense_finds(
    client, users, world, uncleared_owner, role
):
    sign_in(client, users, uncleared_owner, role)
    for template in surfaces(world):
        url, control = template.format(q="Zanzibar"), template.format(q=NOBODY)
        status, body = fetch(client, "get", url)
        control_status, control_body = fetch(client, "get", control)
        assert status == control_status, (url, status, control_status)
        body, control_body = body.replace("Zanzibar", "TERM"), control_body.replace(NOBODY, "TERM")
        assert normalise(body) == normalise(control_body), url


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("term", [SENSITIVE, "Football intelligence briefing"])
def test_searching_for_the_restricted_document_never_shows_it(
    client, users, world, uncleared_owner, role, term
):
    page = world.page
    sign_in(client, users, uncleared_owner, role)
    for template in surfaces(world):
        url = template.format(q=term)
        status, body = fetch(client, "get", url)
        shown = [
            s for s in (page.title, DRAFT_TITLE, page.slug, f"/admin/pages/{page.pk}/") if s in body
        ]
        assert not shown, (url, shown)
        if url.startswith("/admin/api/") and status == 200:
            ids = [item["id"] for item in json.loads(body)["items"]]
            assert page.pk not in ids, url
