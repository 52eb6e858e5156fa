"""An author submits a change, the owner and both services approve it, and a member of staff
sees the new version and what changed, in a real browser."""

import pytest
from django.contrib.auth import get_user_model

from procedures.models import DocumentPage
from tests.support.approval import revisions_of, submit

from .conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

NEW_SUMMARY = "How to declare a major incident, stand it down and hand over command."


def open_editor(browser_page, page_id: int):
    browser_page.goto(f"/admin/pages/{page_id}/edit/")
    browser_page.locator("form#page-edit-form").wait_for()


def press_footer_action(browser_page, selector: str) -> None:
    """Buttons after the first sit in the footer's dropdown: open it if need be."""
    button = browser_page.locator(selector).first
    assert button.count(), f"no {selector} in the editor's footer"
    if not button.is_visible():
        browser_page.locator(".w-dropdown-button").get_by_role(
            "button", name="More actions"
        ).first.click()
    button.click()


def approve(page_for, username: str, page_id: int) -> None:
    """The approver approves from the dashboard's "Awaiting your review" panel."""
    browser_page = page_for(username)
    browser_page.goto("/admin/")
    button = browser_page.locator(
        f'button[data-workflow-action-url*="/action/{page_id}/approve/"]:not([data-launch-modal])'
    ).first
    assert button.count(), f"{username} has nothing awaiting review on the dashboard"
    if not button.is_visible():
        row = browser_page.locator("tr", has=button)
        row.locator("[data-w-dropdown-target='toggle']").first.click()
    with browser_page.expect_navigation(timeout=60_000):
        button.click()


def test_author_submits_approvers_approve_staff_see_new_version_and_what_changed(page_for):
    document = DocumentPage.objects.get(reference="JOP-001")

    # The coordinator edits the summary and submits it as a minor change.
    author = page_for("coordinator")
    open_editor(author, document.pk)
    author.get_by_role("tab", name="Metadata").click()
    author.locator("#id_summary").fill(NEW_SUMMARY)
    author.get_by_role("tab", name="Content").click()
    press_footer_action(author, 'button[name="action-submit"]')
    # Without a kind of change and a summary, the submission is refused.
    author.get_by_text("Say whether this is a minor or a major change").wait_for()
    author.wait_for_load_state("networkidle")
    author.get_by_role("tab", name="Content").click()
    author.locator("#id_change_kind").select_option("minor")
    author.locator("#id_change_summary").fill("Added stand-down to the summary.")
    press_footer_action(author, 'button[name="action-submit"]')
    # Submitting starts the workflow and e-mails the reviewers: slow on a loaded machine.
    author.wait_for_url(lambda url: f"/pages/{document.pk}/edit/" not in url, timeout=60_000)

    document.refresh_from_db()
    assert document.version_label == "3.1" and document.has_unpublished_changes

    approve(page_for, "owner", document.pk)
    approve(page_for, "police.approver", document.pk)
    document.refresh_from_db()
    assert document.version_label == "3.1", "a joint document needs both services"
    approve(page_for, "fire.approver", document.pk)
    document.refresh_from_db()
    assert document.version_label == "3.2"

    staff = page_for("firefighter")
    staff.goto(document.url)
    staff.get_by_text(NEW_SUMMARY).first.wait_for()
    assert staff.locator(".metadata dd", has_text="3.2").count() == 1
    staff.get_by_role("link", name="Version history").click()
    staff.get_by_role("cell", name="Added stand-down to the summary.").wait_for()
    staff.get_by_role("link", name="What changed in version 3.2").click()
    staff.get_by_role("heading", name="Version 3.1 to version 3.2").wait_for()
    assert "stand it down" in staff.locator("ins").all_inner_texts()[0] or any(
        "stand" in text for text in staff.locator("ins").all_inner_texts()
    )
    assert axe_violations(staff) == []


EDITOR_APPROVE = 'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'


def approve_in_editor(page_for, username: str, page_id: int) -> None:
    """The approver opens the document's editor and presses its footer's approve button."""
    browser_page = page_for(username)
    open_editor(browser_page, page_id)
    with browser_page.expect_navigation(timeout=60_000):
        press_footer_action(browser_page, EDITOR_APPROVE)


def test_approvers_approve_from_the_page_editor_and_the_submitted_revision_is_published(
    page_for,
):
    """Wagtail's editor posts its whole form with the decision: an untouched editor must not
    become a revision by the approver (who would then be refused as its editor)."""
    document = DocumentPage.objects.get(reference="JOP-001")
    users = {u.username: u for u in get_user_model().objects.all()}
    submit(document, users["coordinator"])
    submitted = revisions_of(document)

    approve_in_editor(page_for, "owner", document.pk)
    approve_in_editor(page_for, "police.approver", document.pk)
    document.refresh_from_db()
    assert document.version_label == "3.1", "a joint document needs both services"
    approve_in_editor(page_for, "fire.approver", document.pk)

    document.refresh_from_db()
    assert document.version_label == "3.2" and not document.has_unpublished_changes
    assert revisions_of(document) == submitted
    version = document.versions.get(major=3, minor=2)
    assert version.revision == submitted[-1]
    assert {u.username for u in version.approvers.all()} == {
        "owner",
        "police.approver",
        "fire.approver",
    }
