"""Building pathways and required reading in the admin: who may, and what the forms accept."""

from __future__ import annotations

import pytest
from wagtail.admin.panels import get_edit_handler

from procedures.induction.models import (
    Pathway,
    RequiredReading,
)
from procedures.models import DocumentPage
from procedures.roles import FIRE_STAFF, JOINT_OPERATIONS_PLANNING, POLICE_STAFF

pytestmark = pytest.mark.django_db


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
