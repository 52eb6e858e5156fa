"""Each rule about documents has one home, and every surface asks it: what is in force, what
is findable, who sees what, when a review is due soon, and who holds a role."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail import hooks

from procedures.access import is_cleared_for
from procedures.csv_export import csv_response
from procedures.models import DocumentPage, DocumentStatus
from procedures.permissions import coordinates_documents, reviews_documents
from procedures.reviews import due_for_review, plan_reminders
from procedures.roles import POLICY_COORDINATOR

pytestmark = pytest.mark.django_db


@pytest.fixture
def withdrawn_and_superseded(library) -> tuple[str, str]:
    """One document withdrawn and one superseded by another (both still live), as the review
    cycle leaves them."""
    withdrawn, superseded, replacement = "FRS-010", "POL-021", "JOP-002"
    DocumentPage.objects.filter(reference=withdrawn).update(withdrawn_at=timezone.now())
    DocumentPage.objects.filter(reference=superseded).update(superseded_by=library[replacement])
    return withdrawn, superseded


def test_in_force_is_exactly_the_documents_whose_status_is_current(withdrawn_and_superseded):
    in_force = set(DocumentPage.objects.in_force().values_list("reference", flat=True))
    statuses = {page.reference: page.status for page in DocumentPage.objects.all()}
    current = {ref for ref, status in statuses.items() if status == DocumentStatus.CURRENT}
    assert in_force == current
    assert {statuses[ref] for ref in withdrawn_and_superseded} == {"withdrawn", "superseded"}


def test_findable_adds_superseded_and_withdrawn_documents_only_on_request(
    withdrawn_and_superseded,
):
    withdrawn, superseded = withdrawn_and_superseded
    current = DocumentPage.objects.findable().values_list("reference", flat=True)
    assert withdrawn not in current and superseded not in current
    assert set(current) == set(DocumentPage.objects.in_force().values_list("reference", flat=True))
    old_too = set(
        DocumentPage.objects.findable(include_old=True).values_list("reference", flat=True)
    )
    assert {withdrawn, superseded} <= old_too


def test_visible_to_is_the_access_rule(library, users):
    officer, planner = users["police.officer"], users["planner"]
    restricted = [ref for ref, page in library.items() if page.is_sensitive]
    assert restricted
    seen_by_officer = set(
        DocumentPage.objects.visible_to(officer).values_list("reference", flat=True)
    )
    assert not set(restricted) & seen_by_officer
    for ref in restricted:
        cleared = DocumentPage.objects.visible_to(planner).filter(reference=ref).exists()
        assert cleared == is_cleared_for(planner, library[ref])


def test_status_derivation_orders_withdrawal_before_supersession_before_live():
    assert DocumentStatus.of(withdrawn=True, superseded=True, live=True) == "withdrawn"
    assert DocumentStatus.of(withdrawn=False, superseded=True, live=True) == "superseded"
    assert DocumentStatus.of(withdrawn=False, superseded=False, live=True) == "current"
    assert DocumentStatus.of(withdrawn=False, superseded=False, live=False) == "draft"


def test_due_soon_is_one_setting_for_home_page_admin_and_reminders(
    library, users, client_for, settings
):
    owner = users["owner"]
    page = library["JOP-002"]
    today = timezone.localdate()
    settings.REVIEW_DUE_SOON_DAYS = 30
    DocumentPage.objects.filter(pk=page.pk).update(
        next_review_date=today + datetime.timedelta(days=45)
    )
    surfaces = {
        "home": lambda: [d.pk for d in client_for("owner").get("/").context["my_reviews"]],
        "admin": lambda: list(due_for_review(owner, today).values_list("pk", flat=True)),
        "reminders": lambda: [
            p.pk
            for r in plan_reminders(today)
            if r.kind == "due" and r.recipient == owner
            for p in r.pages
        ],
    }
    assert {name: page.pk in seen() for name, seen in surfaces.items()} == {
        "home": False,
        "admin": False,
        "reminders": False,
    }
    settings.REVIEW_DUE_SOON_DAYS = 60
    assert {name: page.pk in seen() for name, seen in surfaces.items()} == {
        "home": True,
        "admin": True,
        "reminders": True,
    }


def test_roles_are_checked_by_permission_not_by_group_name(users):
    people = get_user_model().objects
    named_only = people.create_user("named.only")
    named_only.groups.add(Group.objects.create(name="Not the coordinator"))
    coordinators = Group.objects.get(name=POLICY_COORDINATOR)
    coordinators.name = "Coordination"  # renamed: the role goes with its permissions
    coordinators.save()
    assert coordinates_documents(people.get(pk=users["coordinator"].pk))
    holder = people.create_user("holder")
    group = Group.objects.create(name="Document stewards")
    group.permissions.add(Permission.objects.get(codename="coordinate_documents"))
    holder.groups.add(group)
    assert coordinates_documents(people.get(pk=holder.pk))
    assert not coordinates_documents(named_only)
    assert not reviews_documents(people.get(pk=users["police.officer"].pk))
    assert reviews_documents(people.get(pk=users["owner"].pk))


def test_csv_cells_that_would_run_as_formulas_are_neutralised():
    response = csv_response("x.csv", ["a", "b"], [["=SUM(A1)", "+1"], ["-2", "@cmd"], ["ok", None]])
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response.content.decode().splitlines() == [
        "a,b",
        "'=SUM(A1),'+1",
        "'-2,'@cmd",
        "ok,",
    ]


def test_role_permissions_are_offered_in_wagtails_group_editor():
    registered = {
        permission.codename
        for register in hooks.get_hooks("register_permissions")
        for permission in register()
    }
    assert {"coordinate_documents", "review_documents"} <= registered
