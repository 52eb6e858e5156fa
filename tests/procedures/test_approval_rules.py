"""Approval that holds in real use: only the workflow publishes, published documents are never
deleted, someone cleared can always act (and nobody else is asked or told), approvers decide
on what was submitted, and the record says it all in words.

Marked `publication_guard`: nothing here is published directly in set-up, so every
publication these tests see went through the approval workflow."""

from __future__ import annotations

import csv
import io
import json
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, PageSubscription, Revision

from procedures import roles
from procedures.models import DocumentPage
from procedures.publication import DeletionRefused, PublicationRefused
from tests.support.approval import (
    act,
    act_in_editor,
    actions_for,
    current_task_state,
    editor_form_data,
    fresh,
    revisions_of,
    submit,
)

pytestmark = [pytest.mark.django_db, pytest.mark.publication_guard]

JOINT, POLICE, FIRE = "JOP-001", "POL-021", "FRS-010"


def live_revision_id(page) -> int | None:
    return DocumentPage.objects.get(pk=page.pk).live_revision_id


def editor_post(client, page, **extra):
    """Post the editor's form as a browser does, with `extra` (e.g. a footer button)."""
    url = f"/admin/pages/{page.pk}/edit/"
    data = editor_form_data(client.get(url).content.decode(), page)
    data.update(extra)
    return client.post(url, data)


def to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


# -- only the workflow publishes ----------------------------------------------------------


@pytest.mark.parametrize("username", ["coordinator", "admin"])
def test_nobody_can_publish_a_document_from_the_editor_mid_workflow(
    library, users, client_for, username
):
    page = library[JOINT]
    live_before = live_revision_id(page)
    submit(page, users["owner"], summary="Sign-off pending.")
    act(page, users["coordinator"])  # owner review done, awaiting both services
    client = client_for(username)
    editor = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'name="action-publish"' not in editor
    assert not fresh(page).permissions_for_user(users[username]).can_publish()
    editor_post(client, page, **{"action-publish": "action-publish"})
    page = fresh(page)
    assert page.live_revision_id == live_before and page.version_label == "3.1"
    assert current_task_state(page) is not None, "the workflow was not cancelled"


def test_bulk_publish_and_copy_do_not_publish(library, users, client_for):
    page = library[POLICE]
    submit(page, users["coordinator"], summary="Waiting.")
    live_before = live_revision_id(page)
    client = client_for("admin")
    client.post(f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}", {})
    assert live_revision_id(page) == live_before
    assert not fresh(page).permissions_for_user(users["admin"]).can_copy()
    response = client.post(
        f"/admin/pages/{page.pk}/copy/",
        {"new_title": "Copy", "new_slug": "copy", "new_parent_page": page.get_parent().pk,
         "publish_copies": "on"},
    )  # fmt: skip
    assert response.status_code in (302, 403, 404)
    assert not DocumentPage.objects.filter(slug="copy").exists()


def test_revert_to_an_old_revision_cannot_be_published(library, users, client_for):
    page = library[JOINT]
    old = revisions_of(page)[0]
    live_before = live_revision_id(page)
    client = client_for("admin")
    response = client.get(f"/admin/pages/{page.pk}/revisions/{old.pk}/revert/")
    data = editor_form_data(response.content.decode(), page)
    data["action-publish"] = "action-publish"
    client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert live_revision_id(page) == live_before


def test_code_and_scheduled_publishing_are_refused_without_the_workflow(library, users):
    page = library[FIRE]
    draft = page.get_latest_revision_as_object()
    draft.summary = "Unapproved."
    revision = draft.save_revision(user=users["coordinator"])
    with pytest.raises(PermissionDenied):  # not even a superuser may
        revision.publish(user=users["admin"])
    with pytest.raises(PublicationRefused), transaction.atomic():  # nor code, as no one
        revision.publish()
    assert live_revision_id(page) != revision.pk
    # A revision scheduled by hand is refused by the scheduler too.
    Revision.objects.filter(pk=revision.pk).update(
        approved_go_live_at=timezone.now() - timezone.timedelta(minutes=1)
    )
    with pytest.raises(PublicationRefused), transaction.atomic():
        call_command("publish_scheduled", stdout=io.StringIO())
    assert live_revision_id(page) != revision.pk


def test_the_workflow_publishes_what_everyone_approved(library, users):
    page = library[JOINT]
    submit(page, users["coordinator"], summary="Clearer wording.")
    submitted = revisions_of(page)[-1]
    act(page, users["owner"])
    act(page, users["police.approver"])
    act(page, users["fire.approver"])
    assert live_revision_id(page) == submitted.pk


# -- never destroy a published document ---------------------------------------------------


def test_a_published_document_cannot_be_deleted_by_any_route(library, users, client_for):
    page = library[JOINT]
    section = page.get_parent()
    client = client_for("admin")
    assert not fresh(page).permissions_for_user(users["admin"]).can_delete()
    client.post(f"/admin/pages/{page.pk}/delete/")
    client.post(f"/admin/bulk/wagtailcore/page/delete/?id={page.pk}", {})
    client.post(f"/admin/pages/{section.pk}/delete/")  # the parent, with all its documents
    assert DocumentPage.objects.filter(pk=page.pk).exists()
    assert Page.objects.filter(pk=section.pk).exists()
    assert fresh(page).versions.exists()
    with pytest.raises(DeletionRefused), transaction.atomic():
        fresh(page).delete()
    # Withdrawing is the way out, and keeps the history.
    client_for("coordinator").post(
        f"/admin/library/document/{page.pk}/withdraw/", {"reason": "Replaced by JESIP."}
    )
    assert fresh(page).withdrawn_at is not None and fresh(page).versions.exists()


def test_a_never_published_draft_can_still_be_deleted_by_an_administrator(
    library, users, client_for
):
    section = library[JOINT].get_parent()
    draft = DocumentPage(
        title="Draft only", reference="DRF-009", summary="s", owner_role="r", live=False
    )
    section.add_child(instance=draft)
    draft.save_revision(user=users["coordinator"])
    assert fresh(draft).permissions_for_user(users["admin"]).can_delete()
    client_for("admin").post(f"/admin/pages/{draft.pk}/delete/")
    assert not DocumentPage.objects.filter(pk=draft.pk).exists()


# -- someone can always act, and only people cleared ----------------------------------------


def test_an_owners_own_revision_goes_to_the_coordinator_and_is_published(
    library, users, client_for
):
    page = library[JOINT]
    mail.outbox.clear()
    submit(page, users["owner"], summary="Owner's own change.")
    assert actions_for(page, users["owner"]) == []
    assert "approve" in actions_for(page, users["coordinator"])
    # Their dashboards agree: nothing without an action for the owner.
    owner_home = client_for("owner").get("/admin/").content.decode()
    assert f"/action/{page.pk}/approve/" not in owner_home
    coordinator_home = client_for("coordinator").get("/admin/").content.decode()
    assert f"/action/{page.pk}/approve/" in coordinator_home
    assert to(users["coordinator"]) and not to(users["owner"])
    act(page, users["coordinator"])
    act(page, users["fire.approver"])
    act(page, users["police.approver"])
    page = fresh(page)
    assert page.version_label == "3.2" and not page.has_unpublished_changes
    approvers = {u.username for u in page.versions.get(major=3, minor=2).approvers.all()}
    assert approvers == {"coordinator", "police.approver", "fire.approver"}


def test_uncleared_approvers_cannot_act_preview_or_hear_about_a_restricted_document(
    library, users, client_for
):
    page = library["FBI-004"]  # police, OFFICIAL-SENSITIVE, Football intelligence
    mail.outbox.clear()
    submit(page, users["coordinator"], summary="Updated risk groups.")
    act(page, users["owner"])
    state = current_task_state(page)
    assert state.task.specific.__class__.__name__ == "ServiceSignOffTask"
    uncleared, cleared = users["police.approver"], users["police.approver.cleared"]
    assert actions_for(page, uncleared) == []
    assert "approve" in actions_for(page, cleared)
    client = client_for("police.approver")
    preview = client.get(f"/admin/pages/workflow/preview/{page.pk}/{state.task_id}/")
    assert preview.status_code in (302, 403, 404)
    assert "FBI-004" not in preview.content.decode()
    client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{state.pk}/", {})
    assert current_task_state(page).pk == state.pk and not state.specific.sign_offs.exists()
    assert "FBI-004" not in client.get("/admin/").content.decode()
    assert not to(uncleared), "nothing to people not cleared"
    assert any("FBI-004" in m.subject for m in to(cleared))
    act(page, cleared)
    assert fresh(page).version_label != page.version_label


def test_submission_is_refused_naming_the_missing_role_when_nobody_cleared_could_sign(
    library, users, client_for
):
    page = library["JOP-018"]  # joint, open to the Joint Operations Planning Team
    # The only fire approver cleared for it leaves the team.
    users["fire.approver.cleared"].groups.remove(Group.objects.get(name=roles.FIRE_APPROVERS))
    client = client_for("coordinator")
    data = {
        "action-submit": "action-submit",
        "change_kind": "minor",
        "change_summary": "Tidy.",
    }
    response = editor_post(client, page, **data)
    body = response.content.decode()
    assert "cannot be submitted for approval" in body and "a fire approver" in body
    assert "Gwen" not in body and "Finn" not in body  # the role, never the people
    assert current_task_state(page) is None
    # Nor can any other route start it (e.g. the importer, code).
    with pytest.raises(ValidationError, match="a fire approver"):
        page.get_workflow().start(page, users["coordinator"])
    assert current_task_state(page) is None


def test_a_change_of_marking_is_shown_to_every_approver(library, users, client_for):
    page = library[POLICE]
    mail.outbox.clear()

    def restrict(draft):
        draft.protective_marking = "official-sensitive"
        draft.access_groups = [Group.objects.get(name=roles.JOINT_OPERATIONS_PLANNING)]

    submit(page, users["coordinator"], summary="Now restricted.", edit=restrict)
    owner_mail = to(users["owner"])
    assert owner_mail and "CHANGES WHO MAY SEE" in owner_mail[0].body
    assert "OFFICIAL -> OFFICIAL-SENSITIVE" in owner_mail[0].body
    editor = client_for("owner").get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "This revision changes who may see the document" in editor
    dashboard = client_for("owner").get("/admin/").content.decode()
    assert "a change of who may see a document" in dashboard
    assert "protective marking OFFICIAL -&gt; OFFICIAL-SENSITIVE" in dashboard
    act(page, users["owner"])
    # The uncleared police approver is not asked; the cleared one is, and sees the change.
    assert not to(users["police.approver"])
    assert "CHANGES WHO MAY SEE" in to(users["police.approver.cleared"])[0].body


# -- approvers decide on what was submitted -------------------------------------------------


def test_an_approvers_autosave_and_save_are_refused_and_they_still_sign_off(
    library, users, client_for
):
    page = library[POLICE]
    submit(page, users["coordinator"], summary="As submitted.")
    act(page, users["owner"])
    submitted = revisions_of(page)
    client = client_for("police.approver")
    opened = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Nothing you type in this editor is saved" in opened
    url = f"/admin/pages/{page.pk}/edit/"
    data = editor_form_data(opened, page)
    data["title"] = "Typed by the approver"
    autosave = client.post(url, data, HTTP_ACCEPT="application/json")
    assert autosave.status_code == 400 and json.loads(autosave.content)["success"] is False
    client.post(url, data)  # "Save draft"
    assert revisions_of(page) == submitted, "the approver never becomes an author"
    response = act_in_editor(client, page)
    assert response.status_code == 302
    page = fresh(page)
    assert page.version_label == "2.1" and page.title != "Typed by the approver"
    assert page.live_revision_id == submitted[-1].pk


def test_an_autosave_sent_as_a_decision_is_taken_saves_nothing_and_the_services_still_sign(
    library, users, client_for
):
    """Pressing "Approve" in the editor changes its form (hidden inputs), so the editor sends
    an autosave that can arrive after the decision. It saves no revision: the owner does not
    become an author of what they approved, and the services can still sign off."""
    page = library[JOINT]
    submit(page, users["coordinator"], summary="As submitted.")
    submitted = revisions_of(page)
    client = client_for("owner")
    url = f"/admin/pages/{page.pk}/edit/"
    untouched = editor_form_data(client.get(url).content.decode(), page)
    assert act_in_editor(client, page).status_code == 302
    autosave = client.post(url, untouched, HTTP_ACCEPT="application/json")
    assert autosave.status_code == 200 and json.loads(autosave.content)["success"] is True
    assert revisions_of(page) == submitted, "the owner became an author of what they approved"
    act(page, users["police.approver"])
    act(page, users["fire.approver"])
    assert fresh(page).live_revision_id == submitted[-1].pk


def test_an_autosave_that_only_turns_on_comment_notifications_saves_them(
    library, users, client_for
):
    page = library[JOINT]
    client = client_for("owner")
    url = f"/admin/pages/{page.pk}/edit/"
    data = editor_form_data(client.get(url).content.decode(), page)
    assert "comment_notifications" not in data, "the demo owner starts with them off"
    data["comment_notifications"] = "on"
    autosave = client.post(url, data, HTTP_ACCEPT="application/json")
    assert autosave.status_code == 200 and json.loads(autosave.content)["success"] is True
    assert PageSubscription.objects.get(page=page, user=users["owner"]).comment_notifications


def test_approver_groups_hold_no_page_edit_permission(library, users):
    assert not library[POLICE].permissions_for_user(users["police.approver"]).can_edit()
    assert not library[FIRE].permissions_for_user(users["fire.approver"]).can_edit()


# -- e-mails to the right people at each step ------------------------------------------------


def test_emails_go_to_each_person_who_must_act_and_link_to_the_decision(library, users):
    page = library[JOINT]
    mail.outbox.clear()
    submit(page, users["coordinator"], summary="Step by step.")
    assert [m.to for m in mail.outbox] == [[users["owner"].email]]
    assert f"/admin/pages/{page.pk}/edit/" in mail.outbox[0].body
    assert "owner review" in mail.outbox[0].subject
    mail.outbox.clear()
    act(page, users["owner"])
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(
        users[name].email
        for name in ["police.approver", "fire.approver", "police.approver.cleared",
                     "fire.approver.cleared"]
    )  # fmt: skip
    assert all(f"/admin/pages/{page.pk}/edit/" in m.body for m in mail.outbox)
    assert not to(users["admin"]), "not only (nor every) superuser"
    mail.outbox.clear()
    act(page, users["police.approver"])
    act(page, users["fire.approver"])
    # The author hears that it was approved (and published).
    assert to(users["coordinator"])


# -- the record in words --------------------------------------------------------------------


def test_audit_trail_history_site_history_and_csv_say_every_step_in_words(
    library, users, client_for
):
    page = library[JOINT]
    submit(page, users["coordinator"], summary="Audit me.")
    act(page, users["owner"], comment="Fine by me.")
    act(page, users["police.approver"], comment="Police agree.")
    act(page, users["fire.approver"], comment="Fire agree.")
    # Renaming an account later does not rewrite history.
    users["police.approver"].first_name = "Renamed"
    users["police.approver"].save()
    client = client_for("coordinator")
    expected = [
        "'Document approval' started",
        "by Chris Cole",
        "Approved at 'Owner review'",
        "by Olu Owens",
        "Fine by me.",
        "Signed off for the police service",
        "by Priya Patel",
        "Police agree.",
        "Signed off for the fire and rescue service",
        "by Finn Fraser",
        "Fire agree.",
        "Published as version 3.2",
        "Audit me.",
    ]
    pages = {
        "history": client.get(f"/admin/pages/{page.pk}/history/").content.decode(),
        "site history": client.get("/admin/reports/site-history/").content.decode(),
    }
    response = client.get(f"/admin/library/document/{page.pk}/history.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    pages["csv"] = "\n".join(" | ".join(row.values()) for row in rows)
    for name, text in pages.items():
        text = unescape(text)
        for phrase in expected:
            if name == "site history" and phrase in ("Fine by me.", "Audit me."):
                continue
            assert phrase in text, (name, phrase)
        assert "<bound method" not in text and " object at 0x" not in text, name
    sign_offs = [row for row in rows if row["action"] == "Service sign-off"]
    assert {(r["service"], r["person"], r["comment"]) for r in sign_offs} == {
        ("police", "Priya Patel", "Police agree."),
        ("fire and rescue", "Finn Fraser", "Fire agree."),
    }
    assert [r["version"] for r in rows if r["action"] == "Version published"][-1] == "3.2"
    assert PageLogEntry.objects.filter(page=page, data__actor="Priya Patel").exists()


# -- old versions are shown as old ---------------------------------------------------------


def test_an_old_version_page_shows_superseded_its_own_dates_and_no_acknowledgement(
    library, users, client_for
):
    page = library[JOINT]
    submit(page, users["coordinator"], kind="major", summary="Version four.")
    act(page, users["owner"])
    act(page, users["police.approver"])
    act(page, users["fire.approver"])
    page = fresh(page)
    assert page.version_label == "4.0"
    old = page.versions.get(major=3, minor=1)
    client = client_for("firefighter")
    html = client.get(page.url + "versions/3/1/").content.decode()
    assert "Superseded by version 4.0" in html
    assert f"{old.published_at:%-d %B %Y}" in html
    assert "I have read and understood" not in html
    assert "<dt>Status</dt><dd>Current</dd>" not in html
    current = client.get(page.url + "versions/4/0/").content.decode()
    assert "is the current version" in current
