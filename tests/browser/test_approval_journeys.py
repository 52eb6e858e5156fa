"""The approval journeys as people walk them, in Chromium: an owner's own revision approved by
the coordinator and both services; an approver who types in the editor during sign-off; a
coordinator who cannot publish mid-workflow; a published document that can only be withdrawn.

Set SCREENSHOT_DIR to keep a PNG of each screen the journeys check."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page

from procedures.models import DocumentPage
from tests.support.approval import act, current_task_state, revisions_of, submit

from .test_approval_flow import EDITOR_APPROVE, approve, open_editor, press_footer_action

pytestmark = pytest.mark.django_db(transaction=True)


def shot(browser_page, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        browser_page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def users() -> dict:
    return {u.username: u for u in get_user_model().objects.all()}


def test_owners_own_revision_is_approved_by_the_coordinator_then_both_services(page_for):
    document = DocumentPage.objects.get(reference="JOP-001")
    owner = page_for("owner")
    open_editor(owner, document.pk)
    owner.get_by_role("tab", name="Metadata").click()
    owner.locator("#id_summary").fill("The owner's own wording for the summary.")
    owner.get_by_role("tab", name="Content").click()
    owner.locator("#id_change_kind").select_option("minor")
    owner.locator("#id_change_summary").fill("Owner rewrote the summary.")
    press_footer_action(owner, 'button[name="action-submit"]')
    owner.wait_for_url(lambda url: f"/pages/{document.pk}/edit/" not in url, timeout=60_000)
    assert current_task_state(document) is not None

    # The owner has nothing to decide on their own revision...
    owner.goto("/admin/")
    shot(owner, "owner-dashboard-own-revision")
    own_actions = owner.locator(f'[data-workflow-action-url*="/action/{document.pk}/approve/"]')
    assert own_actions.count() == 0
    # ... the coordinator has, then each service.
    approve(page_for, "coordinator", document.pk)
    approve(page_for, "police.approver", document.pk)
    document.refresh_from_db()
    assert document.version_label == "3.1", "a joint document needs both services"
    approve(page_for, "fire.approver", document.pk)
    document.refresh_from_db()
    assert document.version_label == "3.2" and not document.has_unpublished_changes

    staff = page_for("firefighter")
    staff.goto(document.url)
    staff.get_by_text("The owner's own wording for the summary.").first.wait_for()
    shot(staff, "staff-sees-3-2")


def test_approver_who_types_in_the_editor_is_told_and_signs_off_what_was_submitted(page_for):
    document = DocumentPage.objects.get(reference="POL-021")
    people = users()
    submit(document, people["coordinator"], summary="As submitted for sign-off.")
    act(document, people["owner"])
    submitted = revisions_of(document)

    approver = page_for("police.approver")
    open_editor(approver, document.pk)
    notice = approver.get_by_text("Nothing you type in this editor is saved")
    notice.wait_for()
    approver.locator("#id_title").fill("A sentence the approver typed")
    approver.wait_for_timeout(3_000)  # well past the autosave interval
    shot(approver, "approver-typed-in-editor")
    assert revisions_of(document) == submitted, "autosave made the approver an author"

    # Signing off with the typed change is refused, and the message is true.
    press_footer_action(approver, EDITOR_APPROVE)
    approver.get_by_text("Nothing has been saved").first.wait_for()
    shot(approver, "approver-sign-off-refused")
    assert revisions_of(document) == submitted

    # Reloaded, the editor shows the revision as submitted, and sign-off goes through.
    open_editor(approver, document.pk)
    assert approver.locator("#id_title").input_value() != "A sentence the approver typed"
    with approver.expect_navigation(timeout=60_000):
        press_footer_action(approver, EDITOR_APPROVE)
    document.refresh_from_db()
    assert document.version_label == "2.1"
    assert document.live_revision_id == submitted[-1].pk
    assert "approver typed" not in document.title


def test_coordinator_cannot_publish_mid_workflow(page_for):
    document = DocumentPage.objects.get(reference="JOP-001")
    people = users()
    submit(document, people["owner"], summary="Awaiting sign-off.")
    act(document, people["coordinator"])  # owner review done: at service sign-off
    live_before = document.live_revision_id

    coordinator = page_for("coordinator")
    open_editor(coordinator, document.pk)
    more = coordinator.locator(".w-dropdown-button").get_by_role("button", name="More actions")
    if more.count():
        more.first.click()
    shot(coordinator, "coordinator-editor-no-publish")
    assert coordinator.locator('button[name="action-publish"]').count() == 0
    # Bulk publish from the listing refuses too.
    coordinator.goto(f"/admin/bulk/wagtailcore/page/publish/?id={document.pk}")
    shot(coordinator, "coordinator-bulk-publish")
    coordinator.get_by_text("You don't have permission to publish this page").wait_for()
    assert coordinator.locator("main form button[type=submit]").count() == 0
    document.refresh_from_db()
    assert document.live_revision_id == live_before and document.version_label == "3.1"
    assert current_task_state(document) is not None, "the workflow goes on"


def test_published_document_cannot_be_deleted_only_withdrawn(page_for):
    document = DocumentPage.objects.get(reference="JOP-002")
    section = document.get_parent()
    admin = page_for("admin")
    admin.goto(f"/admin/pages/{section.pk}/")
    shot(admin, "admin-section-listing")
    assert admin.locator(f'a[href*="/admin/pages/{document.pk}/delete/"]').count() == 0
    admin.goto(f"/admin/pages/{document.pk}/delete/")
    assert admin.locator('form[action*="/delete/"] button[type="submit"]').count() == 0
    admin.goto(f"/admin/pages/{section.pk}/delete/")  # the section, with its documents
    shot(admin, "admin-delete-section-refused")
    assert admin.locator('form[action*="/delete/"] button[type="submit"]').count() == 0
    assert DocumentPage.objects.filter(pk=document.pk).exists()
    assert Page.objects.filter(pk=section.pk).exists()

    coordinator = page_for("coordinator")
    coordinator.goto(f"/admin/library/document/{document.pk}/withdraw/")
    coordinator.get_by_label("Reason for withdrawal").fill("Replaced by JESIP doctrine.")
    shot(coordinator, "coordinator-withdraw")
    coordinator.get_by_role("button", name="Withdraw").last.click()
    coordinator.wait_for_load_state("networkidle")
    document.refresh_from_db()
    assert document.withdrawn_at is not None and document.versions.exists()

    staff = page_for("firefighter")
    staff.goto(document.url)
    staff.get_by_text("Replaced by JESIP doctrine.").first.wait_for()
    shot(staff, "staff-sees-withdrawn")
