"""Two approvers pressing "approve" on the same joint revision at the same moment; an author's
autosave still in flight when they submit."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection
from wagtail.models import PageLogEntry, TaskState

from procedures.editor import DocumentEditView
from procedures.models import DocumentPage, ServiceSignOff
from tests.support.approval import act, current_task_state, editor_form_data, fresh, submit
from tests.support.race import run_together, signed_in_clients

pytestmark = pytest.mark.postgres_only


@pytest.fixture
def joint_document_awaiting_sign_off(fresh_demo_library):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks (SELECT ... FOR UPDATE) need PostgreSQL; SQLite locks the file.")
    users = {u.username: u for u in get_user_model().objects.all()}
    page = DocumentPage.objects.get(reference="JOP-001")
    submit(page, users["coordinator"], kind="major", summary="Revised cordon distances.")
    act(page, users["owner"])
    return page, users


def test_both_services_at_once_record_each_sign_off_once_and_publish_once(
    joint_document_awaiting_sign_off,
):
    page, users = joint_document_awaiting_sign_off
    outcomes = run_together(
        lambda: act(page, users["police.approver"]),
        lambda: act(page, users["fire.approver"]),
    )
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    page = fresh(page)
    assert page.version_label == "4.0"
    version = page.versions.get(major=4)
    assert sorted(ServiceSignOff.objects.values_list("service", flat=True)) == ["fire", "police"]
    entries = PageLogEntry.objects.filter(page=page, revision__object_id=str(page.pk))
    since_submission = entries.filter(timestamp__gte=version.revision.created_at)
    assert since_submission.filter(action="wagtail.publish").count() == 1
    assert since_submission.filter(action="procedures.sign_off").count() == 2
    assert since_submission.filter(action="procedures.version").count() == 1
    approved = TaskState.objects.filter(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_APPROVED
    )
    assert approved.count() == 2  # the owner's review and the service sign-off, once each


def test_the_same_approver_twice_at_once_is_recorded_once(joint_document_awaiting_sign_off):
    page, users = joint_document_awaiting_sign_off
    outcomes = run_together(
        lambda: act(page, users["police.approver"]),
        lambda: act(page, users["police.approver"]),
    )
    refused = [o for o in outcomes if isinstance(o, PermissionDenied)]
    assert len(refused) == 1, outcomes
    assert ServiceSignOff.objects.filter(service="police").count() == 1
    assert fresh(page).version_label == "3.1"  # still waiting for fire


def test_an_autosave_in_flight_when_the_author_submits_is_not_saved_after_the_submission(
    fresh_demo_library, monkeypatch
):
    """The autosave has passed Wagtail's out-of-date check when "Submit" arrives. Saved after
    the submission, it would be a newer revision than the one submitted, and every approval
    would go back to the first step. One save at a time per document: the submission waits
    for the autosave and is the latest revision."""
    if connection.vendor != "postgresql":
        pytest.skip("Row locks (SELECT ... FOR UPDATE) need PostgreSQL; SQLite locks the file.")
    author = get_user_model().objects.get(username="coordinator")
    page = DocumentPage.objects.get(reference="JOP-001")
    typing, pressing_submit = signed_in_clients(author)
    url = f"/admin/pages/{page.pk}/edit/"
    autosave = editor_form_data(typing.get(url).content.decode(), page)
    autosave["summary"] = "Typed just before pressing submit."
    submission = {
        **autosave,
        "change_kind": "minor",
        "change_summary": "Summary reworded.",
        "action-submit": "action-submit",
    }

    autosave_checked, submission_done = threading.Event(), threading.Event()
    save_action = DocumentEditView.save_action

    def autosave_that_lingers(view):
        if view.expects_json_response:
            autosave_checked.set()
            submission_done.wait(timeout=3)  # unless the submission must wait for this save
        return save_action(view)

    monkeypatch.setattr(DocumentEditView, "save_action", autosave_that_lingers)

    def submit_once_the_autosave_is_checked():
        autosave_checked.wait(timeout=30)
        try:
            return pressing_submit.post(url, submission)
        finally:
            submission_done.set()

    saved, submitted = run_together(
        lambda: typing.post(url, autosave, HTTP_ACCEPT="application/json"),
        submit_once_the_autosave_is_checked,
    )
    assert saved.status_code == 200 and submitted.status_code == 302, (saved, submitted)
    page = fresh(page)
    under_review = current_task_state(page)
    assert under_review is not None
    assert under_review.revision_id == page.get_latest_revision().pk, (
        "a revision was saved after the submission"
    )
