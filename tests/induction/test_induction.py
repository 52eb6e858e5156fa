"""Induction pathways, required reading and acknowledgements."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.admin.panels import get_edit_handler

from procedures.induction import obligations, reports
from procedures.induction.models import (
    Acknowledgement,
    GroupMembership,
    Pathway,
    PathwayGroupAssignment,
    PathwayItem,
    PathwayUserAssignment,
    RequiredReading,
)
from procedures.induction.reading import MyReading, acknowledge, reading_for
from procedures.models import DocumentPage, DocumentVersion
from procedures.roles import FIRE_STAFF, JOINT_OPERATIONS_PLANNING, POLICE_STAFF

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def make_pathway(title, items, groups=(), users=(), assigned_at=None):
    pathway = Pathway.objects.create(title=title)
    for order, (document, days) in enumerate(items):
        PathwayItem.objects.create(
            pathway=pathway, document=document, due_within_days=days, sort_order=order
        )
    for group in groups:
        PathwayGroupAssignment.objects.create(
            pathway=pathway, group=group, assigned_at=assigned_at or timezone.now()
        )
    for user in users:
        PathwayUserAssignment.objects.create(
            pathway=pathway, user=user, assigned_at=assigned_at or timezone.now()
        )
    return pathway


def items_by_ref(reading: MyReading) -> dict[str, obligations.ItemState]:
    return {item.document.reference: item for item in reading.all_items.values()}


def set_version(document: DocumentPage, major: int, minor: int, summary: str = "") -> None:
    DocumentPage.objects.filter(pk=document.pk).update(version_major=major, version_minor=minor)
    document.refresh_from_db()
    DocumentVersion.objects.create(
        page=document,
        major=major,
        minor=minor,
        change_kind="major" if minor == 0 else "minor",
        change_summary=summary,
        published_at=timezone.now(),
    )


@pytest.fixture
def group():
    return lambda name: Group.objects.get(name=name)


@pytest.fixture
def newcomer(db):
    return get_user_model().objects.create_user("new.person", first_name="Ned", last_name="New")


# -- assignment --------------------------------------------------------------------------------


def test_the_demo_new_joiner_has_pending_and_overdue_items(users):
    reading = reading_for(users["newjoiner"])
    refs = items_by_ref(reading)
    assert set(refs) == {"JOP-001", "JOP-002", "FRS-010"}
    assert reading.done == 0
    assert refs["JOP-001"].overdue  # within 14 days of joining 20 days ago
    assert not refs["JOP-002"].overdue and refs["JOP-002"].due
    titles = [progress.pathway.title for progress in reading.pathways]
    assert titles == ["All new joiners", "Fire control"]


def test_a_pathway_assigned_to_a_person_reaches_only_that_person(users, library):
    make_pathway("Custody suite", [(library["POL-021"], 7)], users=[users["firefighter"]])
    firefighter = reading_for(users["firefighter"])
    assert "Custody suite" in [p.pathway.title for p in firefighter.pathways]
    fire_approver = reading_for(users["fire.approver"])
    assert "Custody suite" not in [p.pathway.title for p in fire_approver.pathways]


def test_joining_a_group_assigns_its_pathways_due_from_the_joining_date(newcomer, library, group):
    make_pathway(
        "Fire safety officers",
        [(library["FRS-010"], 10)],
        groups=[group(FIRE_STAFF)],
        assigned_at=days_ago(100),
    )
    assert "Fire safety officers" not in [p.pathway.title for p in reading_for(newcomer).pathways]
    newcomer.groups.add(group(FIRE_STAFF))
    membership = GroupMembership.objects.get(user=newcomer, group=group(FIRE_STAFF))
    GroupMembership.objects.filter(pk=membership.pk).update(joined_at=days_ago(4))
    newcomer = get_user_model().objects.get(pk=newcomer.pk)
    state = items_by_ref(reading_for(newcomer))["FRS-010"]
    assert state.due == TODAY + datetime.timedelta(days=6)
    assert not state.overdue
    # Leaving the group takes the pathway away again (and forgets the joining date).
    newcomer.groups.remove(group(FIRE_STAFF))
    assert not GroupMembership.objects.filter(user=newcomer).exists()
    newcomer = get_user_model().objects.get(pk=newcomer.pk)
    assert "Fire safety officers" not in [p.pathway.title for p in reading_for(newcomer).pathways]


def test_group_membership_is_recorded_from_either_side(newcomer, group):
    group(POLICE_STAFF).user_set.add(newcomer)
    assert GroupMembership.objects.filter(user=newcomer, group=group(POLICE_STAFF)).exists()
    newcomer.groups.clear()
    assert not GroupMembership.objects.filter(user=newcomer).exists()


def test_a_long_standing_member_is_not_overdue_on_the_day_a_pathway_is_created(
    users, library, group
):
    make_pathway("New today", [(library["JOP-002"], 5)], groups=[group(POLICE_STAFF)])
    state = items_by_ref(reading_for(users["police.officer"]))["JOP-002"]
    assert state.due == TODAY + datetime.timedelta(days=5)
    assert not state.overdue


def test_required_reading_reaches_the_groups_chosen_by_the_owner(client_for, users, library, group):
    rule = RequiredReading.objects.create(
        document=library["POL-021"], due_within_days=7, note="New RTC guidance."
    )
    rule.groups.set([group(FIRE_STAFF)])
    reading = reading_for(users["firefighter"])
    assert "POL-021" in [item.document.reference for item in reading.required]
    assert reading.notes[library["POL-021"].pk] == "New RTC guidance."
    body = client_for("firefighter").get("/induction/").content.decode()
    assert "Other required reading" in body and "New RTC guidance." in body
    assert "POL-021" not in items_by_ref(reading_for(users["police.approver"])) or (
        "Required reading"
        not in items_by_ref(reading_for(users["police.approver"]))["POL-021"].sources
    )


def test_inactive_pathways_ask_nobody(users):
    Pathway.objects.filter(title="All new joiners").update(active=False)
    refs = items_by_ref(reading_for(users["newjoiner"]))
    assert "All new joiners" not in [s for item in refs.values() for s in item.sources]


# -- acknowledging and progress ----------------------------------------------------------------


def test_acknowledging_records_the_version_and_moves_progress(client_for, users, library):
    client = client_for("newjoiner")
    page = client.get("/induction/").content.decode()
    assert "0 of 2 done" in page
    document = library["JOP-001"]
    response = client.post(
        f"/induction/acknowledge/{document.pk}/", {"version": document.version_label}
    )
    assert response.status_code == 302
    ack = Acknowledgement.objects.get(user=users["newjoiner"], document=document)
    assert (ack.version_major, ack.version_minor, ack.reference) == (
        document.version_major,
        document.version_minor,
        "JOP-001",
    )
    page = client.get("/induction/").content.decode()
    assert "1 of 2 done" in page
    assert "You have acknowledged <strong>1 of 3</strong>" in page


def test_the_document_page_ends_with_the_acknowledgement_form_when_required(client_for, library):
    body = client_for("newjoiner").get(library["JOP-001"].url).content.decode()
    assert "I have read and understood version 1.0" in body or (
        f"I have read and understood version {library['JOP-001'].version_label}" in body
    )
    assert 'name="csrfmiddlewaretoken"' in body
    # Not asked to read it: no form.
    body = client_for("police.officer").get(library["JOP-002"].url).content.decode()
    assert "I have read and understood" not in body


def test_acknowledging_a_document_nobody_asked_for_is_refused(client_for, users, library):
    document = library["JOP-002"]
    client_for("police.officer").post(
        f"/induction/acknowledge/{document.pk}/", {"version": document.version_label}
    )
    assert not Acknowledgement.objects.filter(user=users["police.officer"]).exists()


def test_acknowledging_an_out_of_date_version_is_refused(client_for, users, library):
    document = library["JOP-001"]
    client_for("newjoiner").post(f"/induction/acknowledge/{document.pk}/", {"version": "0.9"})
    assert not Acknowledgement.objects.filter(user=users["newjoiner"]).exists()


def test_acknowledging_a_withdrawn_document_is_refused(client_for, users, library):
    document = library["JOP-001"]
    DocumentPage.objects.filter(pk=document.pk).update(withdrawn_at=timezone.now())
    client_for("newjoiner").post(
        f"/induction/acknowledge/{document.pk}/", {"version": document.version_label}
    )
    assert not Acknowledgement.objects.filter(user=users["newjoiner"]).exists()
    assert "JOP-001" not in items_by_ref(reading_for(users["newjoiner"]))


def test_acknowledging_a_draft_is_refused(client_for, users, library):
    document = library["JOP-001"]
    DocumentPage.objects.filter(pk=document.pk).update(live=False)
    response = client_for("newjoiner").post(
        f"/induction/acknowledge/{document.pk}/", {"version": document.version_label}
    )
    assert response.status_code == 404
    assert not Acknowledgement.objects.exists()


def test_acknowledging_needs_a_post(client_for, library):
    response = client_for("newjoiner").get(f"/induction/acknowledge/{library['JOP-001'].pk}/")
    assert response.status_code == 405


def test_acknowledgements_are_append_only(users, library):
    ack = acknowledge(users["newjoiner"], library["JOP-001"])
    ack.version_major = 9
    with pytest.raises(ValidationError):
        ack.save()
    with pytest.raises(ValidationError):
        ack.delete()
    with pytest.raises(ValidationError):
        Acknowledgement.objects.all().delete()
    with pytest.raises(ValidationError):
        Acknowledgement.objects.update(version_major=9)
    assert Acknowledgement.objects.get().version_major == library["JOP-001"].version_major


# -- versions ----------------------------------------------------------------------------------


def test_a_new_major_version_asks_again_and_says_why(client_for, users, library):
    document, user = library["JOP-001"], users["newjoiner"]
    acknowledge(user, document)
    assert items_by_ref(reading_for(user))["JOP-001"].done
    set_version(document, document.version_major + 1, 0, "Adds the METHANE update.")
    state = items_by_ref(reading_for(user))["JOP-001"]
    assert not state.done and state.needs_reacknowledgement
    assert [change.summary for change in state.changes] == ["Adds the METHANE update."]
    # Asked again from the new version's publication: not overdue on day one.
    assert state.due == TODAY + datetime.timedelta(days=14)
    assert not state.overdue
    body = client_for("newjoiner").get(document.url).content.decode()
    assert "Adds the METHANE update." in body
    assert f"I have read and understood version {document.version_major}.0" in body


def test_a_new_major_version_without_recorded_history_still_asks_again(users, library):
    document, user = library["JOP-002"], users["newjoiner"]
    acknowledge(user, document)
    DocumentPage.objects.filter(pk=document.pk).update(version_major=document.version_major + 1)
    state = items_by_ref(reading_for(user))["JOP-002"]
    assert state.needs_reacknowledgement and state.changes == []


def test_a_minor_version_needs_no_new_acknowledgement(users, library):
    document, user = library["JOP-001"], users["newjoiner"]
    acknowledge(user, document)
    set_version(document, document.version_major, document.version_minor + 1, "Typo fixed.")
    assert items_by_ref(reading_for(user))["JOP-001"].done


# -- due and overdue ---------------------------------------------------------------------------


def test_due_dates_and_overdue_follow_the_assignment_date(users, library):
    user = users["firefighter"]
    make_pathway(
        "Overdue check",
        [(library["POL-021"], 10), (library["JOP-001"], 40), (library["JOP-002"], None)],
        users=[user],
        assigned_at=days_ago(30),
    )
    refs = items_by_ref(reading_for(user))
    assert refs["POL-021"].overdue and refs["POL-021"].due == TODAY - datetime.timedelta(20)
    assert not refs["JOP-001"].overdue and refs["JOP-001"].due == TODAY + datetime.timedelta(10)
    assert refs["JOP-002"].due is None and not refs["JOP-002"].overdue
    reading = reading_for(user)
    assert [item.document.reference for item in reading.overdue] == ["POL-021"]
    acknowledge(user, library["POL-021"])
    assert not items_by_ref(reading_for(user))["POL-021"].overdue


def test_my_induction_lists_overdue_items(client_for):
    body = client_for("newjoiner").get("/induction/").content.decode()
    assert 'id="overdue-heading"' in body
    assert "JOP-001" in body.split('id="overdue-heading"')[1].split("</section>")[0]


# -- restricted documents ----------------------------------------------------------------------


@pytest.fixture
def mixed_pathway(library, group):
    """A pathway for police staff that includes an OFFICIAL-SENSITIVE document."""
    return make_pathway(
        "Match day", [(library["JOP-001"], 7), (library["FBI-004"], 7)],
        groups=[group(POLICE_STAFF)],
    )  # fmt: skip


def police_staff_cleared_for(document) -> set[str]:
    """Usernames of police staff in one of `document`'s access groups, read from the data
    rather than assumed, so the demo may clear more people without breaking these tests."""
    return set(
        get_user_model()
        .objects.filter(groups__name=POLICE_STAFF)
        .filter(groups__in=document.access_groups.all())
        .values_list("username", flat=True)
    )


def test_a_pathway_never_reveals_restricted_documents(client_for, users, mixed_pathway):
    reading = reading_for(users["police.officer"])
    progress = next(p for p in reading.pathways if p.pathway == mixed_pathway)
    assert [item.document.reference for item in progress.items] == ["JOP-001"]
    assert progress.total == 1
    body = client_for("police.officer").get("/induction/").content.decode()
    assert "FBI-004" not in body and "Football intelligence briefing" not in body
    assert "0 of 1 done" in body
    # A cleared member of the same group is asked to read both.
    planner = reading_for(users["planner"])
    progress = next(p for p in planner.pathways if p.pathway == mixed_pathway)
    assert progress.total == 2


def test_restricted_documents_cannot_be_acknowledged_by_the_uncleared(client_for, users, library):
    document = library["FBI-004"]
    response = client_for("police.officer").post(
        f"/induction/acknowledge/{document.pk}/", {"version": document.version_label}
    )
    assert response.status_code == 404
    assert "FBI-004" not in response.content.decode()
    assert not Acknowledgement.objects.exists()


def test_reports_never_count_uncleared_people_for_restricted_documents(
    client_for, users, mixed_pathway, library
):
    report = reports.pathway_report(mixed_pathway, users["coordinator"])
    summary = {s.document.reference: s for s in report.documents}
    police_members = get_user_model().objects.filter(groups__name=POLICE_STAFF).count()
    assert summary["JOP-001"].total == police_members
    cleared = police_staff_cleared_for(library["FBI-004"])
    assert "police.officer" not in cleared and 0 < len(cleared) < police_members
    assert summary["FBI-004"].total == len(cleared)
    officer = next(p for p in report.people if p.user.username == "police.officer")
    assert [item.document.reference for item in officer.items] == ["JOP-001"]


def test_a_report_viewer_never_sees_documents_they_are_not_cleared_for(users, mixed_pathway, group):
    viewer = get_user_model().objects.create_user("uncleared.coordinator")
    report = reports.pathway_report(mixed_pathway, viewer)
    assert [s.document.reference for s in report.documents] == ["JOP-001"]
    assert all(item.document.reference != "FBI-004" for _, item in report.rows())


# -- reports -----------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["police.officer", "owner", "newjoiner", "planner"])
@pytest.mark.parametrize(
    "path", ["/induction/reports/", "/induction/reports/evidence/?person=newjoiner&date=2026-01-01"]
)
def test_only_the_coordinator_sees_reports(client_for, username, path):
    assert client_for(username).get(path).status_code == 403


def test_the_coordinator_sees_the_pathway_report(client_for, users, library):
    pathway = Pathway.objects.get(title="All new joiners")
    acknowledge(users["newjoiner"], library["JOP-001"])
    client = client_for("coordinator")
    assert client.get("/induction/reports/").status_code == 200
    body = client.get(f"/induction/reports/pathways/{pathway.pk}/").content.decode()
    assert "Nia Newman" in body
    assert "1 of 2" in body


def test_the_document_report_shows_who_acknowledged_which_version(client_for, users, library):
    document = library["FRS-010"]
    acknowledge(users["firefighter"], document)
    body = client_for("coordinator").get(f"/induction/reports/documents/{document.pk}/")
    text = body.content.decode()
    assert "Jo Jones" in text and "Nia Newman" in text
    firefighter_row = text.split("Jo Jones")[1].split("</tr>")[0]
    assert "Acknowledged" in firefighter_row and document.version_label in firefighter_row


def test_reports_filter_by_group(client_for, users, library, group):
    document = library["FRS-010"]  # asked of fire staff and police staff
    url = f"/induction/reports/documents/{document.pk}/"
    client = client_for("coordinator")
    fire = client.get(url, {"group": group(FIRE_STAFF).pk}).content.decode()
    assert "Jo Jones" in fire and "Sam Singh" not in fire
    police = client.get(url, {"group": group(POLICE_STAFF).pk}).content.decode()
    assert "Sam Singh" in police and "Jo Jones" not in police


def test_csv_export_lists_each_person_and_document_and_guards_formulas(client_for, users, library):
    user = users["newjoiner"]
    get_user_model().objects.filter(pk=user.pk).update(first_name="=HYPERLINK(1)")
    acknowledgement = acknowledge(user, library["JOP-001"])
    pathway = Pathway.objects.get(title="All new joiners")
    response = client_for("coordinator").get(
        f"/induction/reports/pathways/{pathway.pk}/", {"format": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv") and response.streaming
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    by_ref = {row["Reference"]: row for row in rows if row["Username"] == "newjoiner"}
    assert by_ref["JOP-001"]["Status"] == "Acknowledged"
    assert by_ref["JOP-001"]["Acknowledged version"] == library["JOP-001"].version_label
    assert by_ref["JOP-002"]["Status"] == "Outstanding"
    assert by_ref["JOP-001"]["Name"].startswith("'=")
    # In the site's time zone, as the HTML report shows it.
    local = timezone.localtime(acknowledgement.acknowledged_at)
    assert by_ref["JOP-001"]["Acknowledged at"] == local.strftime("%Y-%m-%d %H:%M")


def test_csv_of_a_pathway_leaves_out_restricted_documents_for_uncleared_people(
    client_for, mixed_pathway, library
):
    response = client_for("coordinator").get(
        f"/induction/reports/pathways/{mixed_pathway.pk}/", {"format": "csv"}
    )
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    fbi = {row["Username"] for row in rows if row["Reference"] == "FBI-004"}
    assert "police.officer" not in fbi
    assert fbi == police_staff_cleared_for(library["FBI-004"])


def test_inquiry_evidence_shows_what_was_acknowledged_by_a_date(client_for, users, library):
    document, user = library["JOP-001"], users["newjoiner"]
    # The demo library already records the current version; date it 200 days back.
    DocumentVersion.objects.update_or_create(
        page=document, major=document.version_major, minor=document.version_minor,
        defaults={"published_at": days_ago(200)},
    )  # fmt: skip
    Acknowledgement.objects.create(
        user=user, document=document, reference=document.reference, title=document.title,
        version_major=document.version_major, version_minor=document.version_minor,
        acknowledged_at=days_ago(10),
    )  # fmt: skip
    client = client_for("coordinator")
    before = (TODAY - datetime.timedelta(days=11)).isoformat()
    after = (TODAY - datetime.timedelta(days=9)).isoformat()
    rows_before = reports.evidence(user, TODAY - datetime.timedelta(days=11), users["coordinator"])
    assert rows_before == []
    rows_after = reports.evidence(user, TODAY - datetime.timedelta(days=9), users["coordinator"])
    assert [(r.acknowledgement.reference, r.current_version) for r in rows_after] == [
        ("JOP-001", document.version_label)
    ]
    body = client.get("/induction/reports/evidence/", {"person": "newjoiner", "date": after})
    assert "JOP-001" in body.content.decode()
    body = client.get("/induction/reports/evidence/", {"person": "newjoiner", "date": before})
    assert "Nothing acknowledged by that date" in body.content.decode()
    missing = client.get("/induction/reports/evidence/", {"person": "nobody", "date": after})
    assert "No account has the username" in missing.content.decode()


def test_evidence_hides_restricted_documents_from_an_uncleared_viewer(users, library):
    acknowledge(users["planner"], library["FBI-004"])
    viewer = get_user_model().objects.create_user("uncleared.viewer")
    assert reports.evidence(users["planner"], TODAY, viewer) == []
    assert len(reports.evidence(users["planner"], TODAY, users["coordinator"])) == 1


# -- admin -------------------------------------------------------------------------------------


def test_the_coordinator_builds_pathways_in_the_admin(client_for):
    client = client_for("coordinator")
    assert client.get("/admin/snippets/induction/pathway/").status_code == 200
    assert client.get("/admin/snippets/induction/pathway/add/").status_code == 200
    assert client.get("/admin/snippets/induction/requiredreading/add/").status_code == 200


def test_staff_cannot_build_pathways(client_for):
    response = client_for("owner").get("/admin/snippets/induction/pathway/add/")
    assert response.status_code in (302, 403)


def required_reading_form(**kwargs):
    return get_edit_handler(RequiredReading).get_form_class()(**kwargs)


def test_only_the_owner_can_make_a_document_required_reading(users, library, group):
    document = library["POL-021"]
    data = {"document": document.pk, "groups": [group(FIRE_STAFF).pk], "due_within_days": 7}
    owner = users["owner"]
    assert document.policy_owner != users["police.approver"]
    form = required_reading_form(data=data, for_user=users["police.approver"])
    assert not form.is_valid() and "document" in form.errors
    DocumentPage.objects.filter(pk=document.pk).update(policy_owner=owner)
    form = required_reading_form(data=data, for_user=owner)
    assert form.is_valid(), form.errors
    rule = form.save()
    assert rule.set_by == owner


def test_nobody_can_require_a_document_they_cannot_see(users, library, group):
    document = library["FBI-004"]
    uncleared = users["police.approver"]
    DocumentPage.objects.filter(pk=document.pk).update(policy_owner=uncleared)
    data = {"document": document.pk, "groups": [group(JOINT_OPERATIONS_PLANNING).pk]}
    form = required_reading_form(data=data, for_user=uncleared)
    assert not form.is_valid()
    assert form.errors["document"] == ["Choose a document you can see."]


def test_the_coordinator_creates_a_pathway_through_the_admin(client_for, library, group):
    data = {
        "title": "Station managers",
        "description": "For station managers.",
        "active": "on",
        "items-TOTAL_FORMS": "2", "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "1", "items-MAX_NUM_FORMS": "1000",
        "items-0-document": library["JOP-001"].pk, "items-0-due_within_days": "7",
        "items-0-ORDER": "1",
        "items-1-document": library["POL-021"].pk, "items-1-due_within_days": "",
        "items-1-ORDER": "2",
        "group_assignments-TOTAL_FORMS": "1", "group_assignments-INITIAL_FORMS": "0",
        "group_assignments-MIN_NUM_FORMS": "0", "group_assignments-MAX_NUM_FORMS": "1000",
        "group_assignments-0-group": group(POLICE_STAFF).pk,
        "user_assignments-TOTAL_FORMS": "0", "user_assignments-INITIAL_FORMS": "0",
        "user_assignments-MIN_NUM_FORMS": "0", "user_assignments-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    response = client_for("coordinator").post("/admin/snippets/induction/pathway/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    pathway = Pathway.objects.get(title="Station managers")
    assert [item.document.reference for item in pathway.items.all()] == ["JOP-001", "POL-021"]
    assert [a.group.name for a in pathway.group_assignments.all()] == [POLICE_STAFF]


# -- the pathway report at scale: counted in SQL, a bounded number of queries ------------------


def summaries_from_people(report) -> dict[str, tuple[int, int, int]]:
    """(done, outstanding, overdue) per document, from each person's evaluated items."""
    figures: dict[str, list[int]] = {}
    for person in report.people:
        for item in person.items:
            counts = figures.setdefault(item.document.reference, [0, 0, 0])
            counts[0 if item.done else 1] += 1
            counts[2] += item.overdue
    return {reference: tuple(counts) for reference, counts in figures.items()}


def test_pathway_figures_counted_in_sql_agree_with_each_persons_items(users, library, group):
    """Every case the per-document SQL must get right: deadlines of several lengths and none,
    a restricted document, people who joined the group late, a direct assignment, a new
    major version read in its earlier version (published long ago and just now)."""
    fire, planning = group(FIRE_STAFF), group(JOINT_OPERATIONS_PLANNING)
    pathway = make_pathway(
        "Mixed deadlines",
        [(library["JOP-001"], 10), (library["JOP-002"], 40), (library["FBI-004"], 10),
         (library["FRS-010"], None), (library["POL-021"], 10)],
        groups=[fire, planning], users=[users["police.officer"]], assigned_at=days_ago(30),
    )  # fmt: skip
    GroupMembership.objects.filter(user=users["firefighter"], group=fire).update(
        joined_at=days_ago(5)  # joined late: nothing overdue yet
    )
    for username in ("owner", "planner", "coordinator"):
        acknowledge(users[username], library["JOP-001"])
    acknowledge(users["owner"], library["POL-021"])
    acknowledge(users["planner"], library["POL-021"])
    acknowledge(users["owner"], library["JOP-002"])
    acknowledge(users["firefighter"], library["FRS-010"])
    set_version(library["JOP-001"], 4, 0, "Recently rewritten.")  # read as 3.x: asked again
    set_version(library["POL-021"], 5, 0, "Rewritten long ago.")
    DocumentVersion.objects.filter(page=library["POL-021"], major=5).update(
        published_at=days_ago(60)
    )
    report = reports.pathway_report(pathway, users["coordinator"])
    from_sql = {s.document.reference: (s.done, s.outstanding, s.overdue) for s in report.documents}
    assert from_sql == summaries_from_people(report)
    # The check covers each kind of figure, not only zeros.
    assert any(done for done, _, _ in from_sql.values())
    assert any(overdue for _, _, overdue in from_sql.values())
    assert from_sql["POL-021"][2] > 0 and from_sql["JOP-001"][2] < from_sql["JOP-001"][1]
    # Assigned today: nobody is asked before any deadline's cutoff, and what is done counts.
    today = reports.pathway_report(
        make_pathway("Just assigned", [(library["JOP-002"], 10)], groups=[fire]),
        users["coordinator"],
    )
    figures = {s.document.reference: (s.done, s.outstanding, s.overdue) for s in today.documents}
    assert figures == summaries_from_people(today) and figures["JOP-002"][0] >= 1


def test_the_pathway_report_needs_as_many_queries_for_many_staff_as_for_few(client_for):
    staff = Group.objects.create(name="Report load")
    pathway = make_pathway(
        "Load", [(DocumentPage.objects.get(reference=r), 14) for r in ("JOP-001", "FBI-004")],
        groups=[staff], assigned_at=days_ago(20),
    )  # fmt: skip
    url = f"/induction/reports/pathways/{pathway.pk}/"
    client = client_for("coordinator")
    counts = []
    for size in (5, 60):
        user_model = get_user_model()
        for n in range(staff.user_set.count(), size):
            user_model.objects.create_user(f"load{n:03d}").groups.add(staff)
        client.get(
            url
        )  # caches filled on a first request (content types, site) are not the report's
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
