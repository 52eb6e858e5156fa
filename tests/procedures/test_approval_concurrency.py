"""Two approvers pressing "approve" on the same joint revision at the same moment."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection
from wagtail.models import PageLogEntry, TaskState

from procedures.models import DocumentPage, ServiceSignOff
from tests.support.approval import act, fresh, submit
from tests.support.race import run_together

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
