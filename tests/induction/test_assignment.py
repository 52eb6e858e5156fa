"""Who is asked to read what, and by when: pathways assigned to people and groups, required
reading, joining dates, deadlines and overdue items."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model

from procedures.induction.models import (
    GroupMembership,
    Pathway,
    RequiredReading,
)
from procedures.induction.reading import acknowledge, reading_for
from procedures.roles import FIRE_STAFF, POLICE_STAFF

from .helpers import (
    TODAY,
    days_ago,
    items_by_ref,
    make_pathway,
)

pytestmark = pytest.mark.django_db


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
