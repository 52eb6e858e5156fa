"""The approval workflow: owner review, then police / fire / both services' sign-off."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import PageLogEntry, Revision, Workflow, WorkflowPage, WorkflowState

from procedures.approval import APPROVAL_WORKFLOW_NAME
from procedures.models import ServiceSignOff
from procedures.roles import ensure_roles
from tests.support.approval import (
    act,
    act_in_editor,
    actions_for,
    current_task_state,
    fresh,
    revisions_of,
    submit,
)

pytestmark = pytest.mark.django_db

POLICE_DOC, FIRE_DOC, JOINT_DOC = "POL-021", "FRS-010", "JOP-001"


def test_setup_roles_assigns_the_approval_workflow_to_the_library_idempotently(library):
    home = library[JOINT_DOC].get_parent().get_parent()
    ensure_roles(home)
    ensure_roles(home)
    workflow = Workflow.objects.get(name=APPROVAL_WORKFLOW_NAME)
    assert [t.specific_class.__name__ for t in workflow.tasks] == [
        "OwnerReviewTask",
        "ServiceSignOffTask",
    ]
    assert library[JOINT_DOC].get_workflow() == workflow


def test_police_document_needs_owner_then_a_police_approver(library, users):
    page = library[POLICE_DOC]
    submit(page, users["coordinator"], kind="minor")
    assert actions_for(page, users["police.approver"]) == []  # owner review first
    act(page, users["owner"])
    assert actions_for(page, users["fire.approver"]) == []
    assert "approve" in actions_for(page, users["police.approver"])
    act(page, users["police.approver"])
    page = fresh(page)
    assert page.version_label == "2.1"
    assert page.live and not page.has_unpublished_changes
    version = page.versions.get(major=2, minor=1)
    assert {u.username for u in version.approvers.all()} == {"owner", "police.approver"}


def test_fire_document_needs_a_fire_approver(library, users):
    page = library[FIRE_DOC]
    submit(page, users["coordinator"], kind="major", summary="New BA entry control.")
    act(page, users["owner"])
    with pytest.raises(PermissionDenied):
        act(page, users["police.approver"])
    act(page, users["fire.approver"])
    assert fresh(page).version_label == "5.0"


@pytest.mark.parametrize("first,second", [("police.approver", "fire.approver"),
                                          ("fire.approver", "police.approver")])  # fmt: skip
def test_joint_document_needs_both_services_in_either_order(library, users, first, second):
    page = library[JOINT_DOC]
    submit(page, users["coordinator"])
    act(page, users["owner"])
    act(page, users[first])
    page = fresh(page)
    assert page.version_label == "3.1"  # not yet published
    assert page.has_unpublished_changes
    assert actions_for(page, users[first]) == []  # cannot sign twice
    act(page, users[second])
    page = fresh(page)
    assert page.version_label == "3.2"
    assert not page.has_unpublished_changes
    version = page.versions.get(major=3, minor=2)
    assert version.change_summary == "Tidied wording."
    assert {u.username for u in version.approvers.all()} == {"owner", first, second}
    assert ServiceSignOff.objects.filter(task_state__revision=version.revision).count() == 2


def test_nobody_approves_a_revision_they_edited(library, users):
    page = library[JOINT_DOC]
    # The police approver edits the draft, then the coordinator submits it.
    draft = page.get_latest_revision_as_object()
    draft.summary = draft.summary + " Edited by the police approver."
    draft.save_revision(user=users["police.approver"])
    submit(page, users["coordinator"])
    act(page, users["owner"])
    assert actions_for(page, users["police.approver"]) == []
    with pytest.raises(PermissionDenied):
        act(page, users["police.approver"])
    assert not ServiceSignOff.objects.exists()


def test_the_author_cannot_review_their_own_change(library, users):
    page = library[POLICE_DOC]
    submit(page, users["owner"])
    # The named owner wrote it, so the review falls to another policy owner.
    assert actions_for(page, users["owner"]) == []
    with pytest.raises(PermissionDenied):
        act(page, users["owner"])


def test_rejection_goes_back_to_the_author_with_the_comment(library, users):
    page = library[POLICE_DOC]
    mail.outbox.clear()
    workflow_state = submit(page, users["coordinator"])
    act(page, users["owner"])
    act(page, users["police.approver"], "reject", comment="Section 3 contradicts APP.")
    workflow_state = WorkflowState.objects.get(pk=workflow_state.pk)
    assert workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert fresh(page).version_label == "2.0"
    to_author = [m for m in mail.outbox if users["coordinator"].email in m.to]
    assert to_author and "Section 3 contradicts APP." in to_author[-1].body
    entry = PageLogEntry.objects.filter(page=page, action="wagtail.workflow.reject").get()
    assert entry.data["comment"] == "Section 3 contradicts APP."


def test_a_decided_step_cannot_be_decided_again(library, users):
    page = library[POLICE_DOC]
    submit(page, users["coordinator"])
    task_state = current_task_state(page)
    act(page, users["owner"])
    with pytest.raises(PermissionDenied):
        task_state.task.specific.on_action(task_state, users["owner"], "approve")


def test_minor_then_major_numbering(library, users):
    page = library[POLICE_DOC]
    for kind, expected in [("minor", "2.1"), ("minor", "2.2"), ("major", "3.0")]:
        submit(page, users["coordinator"], kind=kind, summary=f"A {kind} change.")
        act(page, users["owner"])
        act(page, users["police.approver"])
        page = fresh(page)
        assert page.version_label == expected
        assert page.change_kind == "" and page.change_summary == ""
    assert [v.label for v in page.versions.all()][:3] == ["3.0", "2.2", "2.1"]
    assert page.next_review_date == page.review_date_after(page.approved_at.date())
    actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert {"wagtail.workflow.start", "wagtail.workflow.approve", "procedures.sign_off",
            "wagtail.publish", "procedures.version"} <= actions  # fmt: skip


def test_submitting_in_the_admin_requires_kind_and_summary(library, client_for):
    page = library[POLICE_DOC]
    client = client_for("coordinator")
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert "This change" in response.content.decode()


def test_manage_py_setup_roles_sets_up_the_workflow(library):
    WorkflowPage.objects.all().delete()
    Workflow.objects.filter(name=APPROVAL_WORKFLOW_NAME).delete()
    call_command("setup_roles", stdout=io.StringIO())
    call_command("setup_roles", stdout=io.StringIO())
    assert Workflow.objects.filter(name=APPROVAL_WORKFLOW_NAME).count() == 1
    assert library[POLICE_DOC].get_workflow().name == APPROVAL_WORKFLOW_NAME


# -- deciding from the page editor ---------------------------------------------------------
# Wagtail's edit view saves a new revision, authored by whoever presses the button, before it
# performs a workflow action if the editor's form "has changed"; the rich text editor's round
# trip alone makes it so. These tests post what a browser posts (`act_in_editor`).


def assert_decided_without_a_new_revision(response, page, before: list[Revision]):
    assert response.status_code == 302, "the editor did not accept the decision"
    assert response["Location"] != "/admin/", "refused: the approver was counted as an editor"
    assert revisions_of(page) == before, "the editor saved a revision by the approver"


def test_owner_approves_from_the_editor_and_the_submitted_revision_moves_on(
    library, users, client_for
):
    page = library[POLICE_DOC]
    submit(page, users["coordinator"])
    submitted = revisions_of(page)
    review = current_task_state(page)
    response = act_in_editor(client_for("owner"), page)
    assert_decided_without_a_new_revision(response, page, submitted)
    review.refresh_from_db()
    assert review.status == review.STATUS_APPROVED and review.finished_by == users["owner"]
    sign_off = current_task_state(page)
    assert sign_off.task.specific.name == "Service sign-off"
    assert sign_off.revision == submitted[-1]
    assert "approve" in actions_for(page, users["police.approver"])


def test_police_and_fire_sign_off_from_the_editor_publish_what_was_submitted(
    library, users, client_for
):
    for reference, approver in [(POLICE_DOC, "police.approver"), (FIRE_DOC, "fire.approver")]:
        page = library[reference]
        submit(page, users["coordinator"], kind="major", summary="Reworded throughout.")
        submitted = revisions_of(page)
        response = act_in_editor(client_for("owner"), page)
        assert_decided_without_a_new_revision(response, page, submitted)
        response = act_in_editor(client_for(approver), page, comment="Checked against APP.")
        assert_decided_without_a_new_revision(response, page, submitted)
        page = fresh(page)
        assert not page.has_unpublished_changes
        version = page.versions.get(major=page.version_major, minor=0)
        assert version.revision == submitted[-1]
        assert version.revision.user == users["coordinator"]
        assert {u.username for u in version.approvers.all()} == {"owner", approver}
        sign_off = ServiceSignOff.objects.get(task_state__revision=version.revision)
        assert (sign_off.user.username, sign_off.comment) == (approver, "Checked against APP.")


def test_joint_document_is_signed_off_by_both_services_from_the_editor(library, users, client_for):
    page = library[JOINT_DOC]
    submit(page, users["coordinator"])
    submitted = revisions_of(page)
    for username in ("owner", "fire.approver"):
        response = act_in_editor(client_for(username), page)
        assert_decided_without_a_new_revision(response, page, submitted)
    assert fresh(page).version_label == "3.1", "a joint document needs both services"
    response = act_in_editor(client_for("police.approver"), page)
    assert_decided_without_a_new_revision(response, page, submitted)
    page = fresh(page)
    assert page.version_label == "3.2" and not page.has_unpublished_changes
    version = page.versions.get(major=3, minor=2)
    assert version.revision == submitted[-1]
    assert {u.username for u in version.approvers.all()} == {
        "owner",
        "police.approver",
        "fire.approver",
    }


def _change_summary(data):
    data["summary"] += " Changed by the approver."


def _change_first_rich_text(data):
    key = next(k for k, v in data.items() if isinstance(v, str) and '"blocks"' in v)
    data[key] = data[key].replace('"text": "', '"text": "Changed by the approver. ', 1)


@pytest.mark.parametrize("action", ["approve", "reject"])
@pytest.mark.parametrize("change", [_change_summary, _change_first_rich_text])
def test_an_approver_who_changes_the_document_in_the_editor_cannot_decide_on_it(
    library, users, client_for, action, change
):
    """A decision covers exactly the revision that was submitted. An approver who edits it in
    the editor and presses a decision is refused, with their change left unsaved on screen,
    so no revision of theirs enters the workflow and nothing they wrote is published without
    someone else's approval. They can still decide on the revision as submitted."""
    page = library[JOINT_DOC]
    submit(page, users["coordinator"])
    submitted = revisions_of(page)
    act(page, users["owner"])
    client = client_for("police.approver")
    response = act_in_editor(client, page, action, comment="Fixed it myself.", edit=change)
    assert response.status_code == 200  # the editor again, with the change still in it
    assert "cannot approve or request changes" in response.content.decode()
    assert "Changed by the approver." in response.content.decode()
    assert revisions_of(page) == submitted
    assert not ServiceSignOff.objects.exists()
    assert current_task_state(page).status == "in_progress"
    assert fresh(page).version_label == "3.1"
    # Their own decision on the submitted revision is still theirs to take.
    response = act_in_editor(client, page)
    assert_decided_without_a_new_revision(response, page, submitted)
    assert ServiceSignOff.objects.get().user == users["police.approver"]


def _decide(client, page, action: str = "approve", data=None):
    task_state = current_task_state(page)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return url, client.post(url, data or {"comment": ""})


def test_a_repeated_approve_answers_as_the_first_did(library, users, client_for):
    page = library[POLICE_DOC]
    submit(page, users["coordinator"])
    url, first = _decide(client_for("owner"), page)
    again = client_for("owner").post(url, {"comment": ""})  # the back button, then approve
    assert first.status_code == 302 and (again.status_code, again["Location"]) == (
        302, first["Location"],
    )  # fmt: skip
    approvals = PageLogEntry.objects.filter(page=page, action="wagtail.workflow.approve")
    assert approvals.count() == 1
    # Someone else posting the same decision is still refused (Wagtail's admin sends a
    # refusal home): only a repeat by the one who decided gets the first answer.
    other = client_for("police.approver").post(url, {"comment": ""})
    assert other.status_code == 403 or other["Location"] == reverse("wagtailadmin_home")
    assert approvals.count() == 1


def test_a_repeated_sign_off_and_request_for_changes_answer_as_the_first_did(
    library, users, client_for
):
    page = library[JOINT_DOC]
    submit(page, users["coordinator"], kind="major", summary="Revised cordon distances.")
    act(page, users["owner"])
    url, first = _decide(client_for("police.approver"), page)
    again = client_for("police.approver").post(url, {"comment": ""})
    assert (again.status_code, again["Location"]) == (302, first["Location"])
    assert ServiceSignOff.objects.filter(service="police").count() == 1
    assert fresh(page).version_label == "3.1"  # still waiting for fire

    comment = {"comment": "Section 3 contradicts APP."}
    url, first = _decide(client_for("fire.approver"), page, "reject", comment)
    again = client_for("fire.approver").post(url, comment)
    assert (again.status_code, again["Location"]) == (302, first["Location"])
    rejections = PageLogEntry.objects.filter(page=page, action="wagtail.workflow.reject")
    assert rejections.count() == 1
