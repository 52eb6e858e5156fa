"""Induction never reveals or counts a restricted document for someone not cleared for it."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from procedures.induction import reports
from procedures.induction.models import (
    Acknowledgement,
)
from procedures.induction.reading import reading_for
from procedures.roles import POLICE_STAFF

from .helpers import (
    police_staff_cleared_for,
)

pytestmark = pytest.mark.django_db


# -- restricted documents ----------------------------------------------------------------------


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
