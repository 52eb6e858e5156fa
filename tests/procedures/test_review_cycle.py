"""Review cycle: reports, reminders once a day, "no change" reviews, withdrawal, supersession,
and what staff see as current."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from procedures.models import DocumentPage, ReviewReminder
from procedures.reviews import due_for_review, plan_reminders, send_reminder
from tests.support.approval import act, fresh, submit

pytestmark = pytest.mark.django_db


def run_reminders(*args) -> str:
    out = io.StringIO()
    call_command("send_review_reminders", *args, stdout=out)
    return out.getvalue()


def test_review_period_defaults_by_type_and_a_major_version_sets_next_review(library, users):
    page = library["POL-021"]
    assert page.review_months == 12  # procedure
    submit(page, users["coordinator"], kind="major", summary="New cordon rules.")
    act(page, users["owner"])
    act(page, users["police.approver"])
    page = fresh(page)
    today = timezone.localdate()
    assert page.approved_at.date() == today
    assert page.next_review_date == page.review_date_after(today)


def test_a_minor_edit_keeps_the_review_date_and_an_overdue_document_stays_due(
    library, users, client_for
):
    page = library["JOP-002"]  # overdue for review in the demo
    before = page.next_review_date
    assert before < timezone.localdate()
    submit(page, users["coordinator"], kind="minor", summary="Fixed a typo.")
    act(page, users["owner"])
    act(page, users["police.approver"])
    act(page, users["fire.approver"])
    page = fresh(page)
    assert page.approved_at.date() == timezone.localdate()  # the minor edit was published
    assert page.next_review_date == before  # a minor edit is not a review
    listing = client_for("coordinator").get("/admin/library/reviews/").content.decode()
    assert "JOP-002" in listing
    # A recorded review resets it, and the document leaves "Reviews due".
    client_for("owner").post(f"/admin/library/document/{page.pk}/review/", {"notes": "Checked."})
    page = fresh(page)
    assert page.next_review_date == page.review_date_after(timezone.localdate())
    assert "JOP-002" not in [p.reference for p in due_for_review(users["coordinator"])]


def test_reminder_email_links_to_the_documents_review_action(library, users, client_for):
    mail.outbox.clear()
    run_reminders()
    page = library["JOP-002"]
    owner_mail = next(m for m in mail.outbox if m.to == [users["owner"].email])
    link = f"/admin/library/document/{page.pk}/review/"
    assert link in owner_mail.body
    assert f"/admin/pages/{page.pk}/\n" not in owner_mail.body  # not the empty listing
    response = client_for("owner").get(link)
    assert response.status_code == 200 and "Review: no change needed" in response.content.decode()


def test_reminders_go_to_owner_and_coordinator_once_a_day(library, users):
    mail.outbox.clear()
    output = run_reminders()
    owner_mail = [m for m in mail.outbox if m.to == [users["owner"].email]]
    coordinator_mail = [m for m in mail.outbox if m.to == [users["coordinator"].email]]
    assert owner_mail and "JOP-002" in owner_mail[0].body  # overdue in the demo
    assert any("overdue" in m.subject for m in coordinator_mail)
    assert "Sent:" in output
    sent = len(mail.outbox)
    output = run_reminders()
    assert len(mail.outbox) == sent  # nothing twice
    assert "No reminders to send today." in output


def test_reminders_dry_run_sends_nothing(library):
    mail.outbox.clear()
    output = run_reminders("--dry-run")
    assert "Would send:" in output and "JOP-002" in output
    assert mail.outbox == []
    assert not ReviewReminder.objects.exists()


def test_the_same_reminder_cannot_be_logged_twice_a_day(library, users):
    today = timezone.localdate()
    reminder = plan_reminders(today)[0]
    assert send_reminder(reminder, today) is True
    assert send_reminder(reminder, today) is False  # the unique constraint refuses


def test_documents_whose_owner_has_left_go_to_the_coordinator(library, users):
    leaver = get_user_model().objects.create_user("leaver", email="leaver@example.org")
    leaver.is_active = False
    leaver.save()
    DocumentPage.objects.filter(reference="FRS-010").update(policy_owner=leaver)
    mail.outbox.clear()
    run_reminders()
    to_coordinator = [m for m in mail.outbox if m.to == [users["coordinator"].email]]
    left = [m for m in to_coordinator if "owner has left" in m.subject]
    assert left and "FRS-010" in left[0].body
    assert not [m for m in mail.outbox if m.to == ["leaver@example.org"]]


def test_restricted_documents_are_not_named_to_uncleared_recipients(library, users):
    DocumentPage.objects.filter(reference="FBI-004").update(
        next_review_date=timezone.localdate() - datetime.timedelta(days=3)
    )
    coordinator = get_user_model().objects.create_user("coord2", email="coord2@example.org")
    coordinator.groups.add(users["coordinator"].groups.get(name="Policy coordinator"))
    refs = {
        page.reference
        for reminder in plan_reminders()
        if reminder.recipient == coordinator
        for page in reminder.pages
    }
    assert "JOP-002" in refs and "FBI-004" not in refs


def test_no_change_review_resets_the_date_without_a_new_version(library, client_for):
    page = library["JOP-002"]
    versions_before = page.versions.count()
    client = client_for("owner")
    response = client.post(f"/admin/library/document/{page.pk}/review/", {"notes": "Checked."})
    assert response.status_code == 302
    page = fresh(page)
    assert page.next_review_date == page.review_date_after(timezone.localdate())
    assert page.version_label == "1.2" and page.versions.count() == versions_before
    entry = PageLogEntry.objects.get(page=page, action="procedures.review")
    assert entry.data["notes"] == "Checked." and entry.user.username == "owner"


def test_only_the_owner_or_coordinator_may_record_a_review(library, client_for):
    page = library["JOP-002"]
    assert client_for("police.approver").post(
        f"/admin/library/document/{page.pk}/review/"
    ).status_code in (302, 403)
    assert fresh(page).next_review_date == page.next_review_date


def test_reviews_due_report_lists_due_and_overdue_with_owner_and_approval(library, client_for):
    body = client_for("coordinator").get("/admin/library/reviews/").content.decode()
    assert "JOP-002" in body and "Overdue" in body and "Olu Owens" in body
    body = client_for("owner").get("/admin/library/reviews/").content.decode()
    assert "JOP-002" in body


def test_withdrawal_needs_a_reason_and_shows_a_banner(library, users, client_for):
    page = library["POL-021"]
    client = client_for("coordinator")
    response = client.post(f"/admin/library/document/{page.pk}/withdraw/", {"reason": ""})
    assert response.status_code == 200 and fresh(page).withdrawn_at is None
    client.post(f"/admin/library/document/{page.pk}/withdraw/", {"reason": "Replaced by APP."})
    page = fresh(page)
    assert page.status == "withdrawn"
    staff = client_for("police.officer")
    body = staff.get(page.url).content.decode()
    assert "This document has been withdrawn" in body and "Replaced by APP." in body
    assert (
        not DocumentPage.objects.in_force()
        .visible_to(users["police.officer"])
        .filter(pk=page.pk)
        .exists()
    )
    assert "POL-021" not in staff.get("/browse/").content.decode()
    assert PageLogEntry.objects.filter(page=page, action="procedures.withdraw").exists()


def test_supersession_links_to_the_replacement(library, client_for):
    old, new = library["JOP-002"], library["JOP-001"]
    client = client_for("coordinator")
    response = client.post(
        f"/admin/library/document/{old.pk}/supersede/", {"replacement": "jop-001"}
    )
    assert response.status_code == 302
    old = fresh(old)
    assert old.status == "superseded" and old.superseded_by_id == new.pk
    body = client_for("firefighter").get(old.url).content.decode()
    assert "This document has been superseded" in body and f'href="{new.url}"' in body
    assert "JOP-002" not in client_for("firefighter").get("/browse/").content.decode()
    client = client_for("coordinator")
    response = client.post(
        f"/admin/library/document/{new.pk}/supersede/", {"replacement": "JOP-001"}
    )
    assert "cannot supersede itself" in response.content.decode()


def test_staff_may_not_withdraw(library, client_for):
    page = library["POL-021"]
    response = client_for("owner").post(
        f"/admin/library/document/{page.pk}/withdraw/", {"reason": "x"}
    )
    assert response.status_code in (302, 403)
    assert fresh(page).withdrawn_at is None


def test_history_csv_for_the_coordinator_only(library, users, client_for):
    page = library["POL-021"]
    submit(page, users["coordinator"], kind="major", summary="Big change.")
    act(page, users["owner"])
    act(page, users["police.approver"], "reject", comment="Not yet.")
    response = client_for("coordinator").get(f"/admin/library/document/{page.pk}/history.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["timestamp", "document", "action", "person", "revision", "version",
                       "service", "comment", "details"]  # fmt: skip
    actions = [row[2] for row in rows[1:]]
    assert {"Publish", "Workflow: start", "Workflow: approve task",
            "Workflow: reject task"} <= set(actions)  # fmt: skip
    assert [row[7] for row in rows[1:] if row[2] == "Workflow: reject task"] == ["Not yet."]
    assert client_for("firefighter").get(
        f"/admin/library/document/{page.pk}/history.csv"
    ).status_code in (302, 403)


def test_restricted_document_csv_is_404_for_the_uncleared(library, users, client_for):
    page = library["FBI-004"]
    outsider = get_user_model().objects.create_user("coord.uncleared")
    outsider.groups.add(users["coordinator"].groups.get(name="Policy coordinator"))
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/admin/library/document/{page.pk}/history.csv").status_code == 404
    assert "FBI-004" not in client.get("/admin/library/reviews/").content.decode()
    export = client.get("/admin/library/reviews/", {"export": "csv"})
    assert "FBI-004" not in b"".join(export.streaming_content).decode()


def test_reviews_due_is_a_report_with_filters_and_a_csv_export(library, client_for):
    overdue = timezone.localdate() - datetime.timedelta(days=3)
    DocumentPage.objects.filter(pk=library["FBI-004"].pk).update(
        next_review_date=overdue, title="=cmd()"
    )
    DocumentPage.objects.filter(pk=library["FRS-010"].pk).update(next_review_date=overdue)
    client = client_for("coordinator")
    menu = client.get("/admin/").content.decode()  # Reports > Reviews due
    assert reverse("procedures_admin:reviews_due") in menu
    export = client.get(reverse("procedures_admin:reviews_due"), {"export": "csv"})
    rows = {row["Reference"]: row for row in csv.DictReader(
        io.StringIO(b"".join(export.streaming_content).decode())
    )}  # fmt: skip
    assert rows["FBI-004"]["Review"] == "Overdue" and rows["FBI-004"]["Title"] == "'=cmd()"
    fire_only = client.get(
        reverse("procedures_admin:reviews_due_results"), {"service": "fire", "due": "overdue"}
    ).content.decode()
    fire = DocumentPage.objects.filter(service="fire").values_list("reference", flat=True)
    assert (
        "FRS-010" in fire_only
        and "FBI-004" not in fire_only
        and all(ref in fire for ref in set(re.findall(r"\b[A-Z]{3}-\d{3}\b", fire_only)))
    )


def test_drafts_and_revisions_under_review_never_show_as_current(library, users, client_for):
    page = library["POL-021"]

    def edit(draft):
        draft.summary = "UNAPPROVED WORDING"

    submit(page, users["coordinator"], kind="minor", edit=edit)
    act(page, users["owner"])  # approved by the owner, awaiting sign-off
    client = client_for("police.officer")
    assert "UNAPPROVED WORDING" not in client.get(page.url).content.decode()
    assert "UNAPPROVED WORDING" not in client.get("/browse/").content.decode()
    assert "UNAPPROVED WORDING" not in client.get(page.url + "versions/").content.decode()
    # A brand-new draft document is not listed at all.
    section = page.get_parent()
    draft = DocumentPage(title="Draft only", reference="DRF-001", summary="s", owner_role="r")
    section.add_child(instance=draft)
    draft.unpublish() if draft.live else None
    assert (
        not DocumentPage.objects.in_force()
        .visible_to(users["police.officer"])
        .filter(reference="DRF-001")
        .exists()
    )
