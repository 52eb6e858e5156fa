"""Wagtail's reports, as an owner not cleared for a restricted document that is in a workflow,
locked, edited and published: no row of any report is about it (a row would give away its
title, or at least that it exists, through the report's count)."""

from __future__ import annotations

import pytest
from wagtail.models import Page, PageLogEntry, TaskState, WorkflowState

from tests.procedures import test_need_to_know_routes as routes

world = routes.world
uncleared_owner = routes.uncleared_owner

pytestmark = pytest.mark.django_db

REPORTS = [
    "/admin/reports/workflow/",
    "/admin/reports/workflow/results/",
    "/admin/reports/workflow_tasks/",
    "/admin/reports/workflow_tasks/results/",
    "/admin/reports/site-history/",
    "/admin/reports/site-history/results/",
    "/admin/reports/aging-pages/",
    "/admin/reports/aging-pages/results/",
    "/admin/reports/locked/",
    "/admin/reports/locked/results/",
]


def page_id_of(row) -> int | None:
    if isinstance(row, Page):
        return row.pk
    if isinstance(row, PageLogEntry):
        return row.page_id
    if isinstance(row, WorkflowState):
        return int(row.object_id)
    if isinstance(row, TaskState):
        return int(row.workflow_state.object_id)
    return None


@pytest.fixture
def busy(world, users):
    """The restricted document is also locked by its owner (it is already in a workflow, has
    revisions and log entries)."""
    Page.objects.filter(pk=world.page.pk).update(
        locked=True, locked_by=users["owner"], locked_at=world.page.latest_revision_created_at
    )
    return world


def test_no_report_row_is_about_a_restricted_document(client, busy, uncleared_owner, users):
    for user in (uncleared_owner, users["police.approver"]):
        client.force_login(user)
        for url in REPORTS:
            response = client.get(url)
            rows = list((response.context or {}).get("object_list") or [])
            about = [row for row in rows if page_id_of(row) == busy.page.pk]
            assert not about, (user, url, about)


def test_the_reports_do_list_it_for_the_cleared(client, busy, users):
    """The check above can fail: cleared owners do see rows about the document."""
    client.force_login(users["owner"])
    seen = set()
    for url in REPORTS:
        response = client.get(url)
        rows = list((response.context or {}).get("object_list") or [])
        seen.update(url for row in rows if page_id_of(row) == busy.page.pk)
    assert seen, "no report shows the document even to its cleared owner"
