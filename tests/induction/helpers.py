"""Helpers shared by the induction tests: pathways, versions and who is cleared."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from procedures.induction import obligations
from procedures.induction.models import (
    Pathway,
    PathwayGroupAssignment,
    PathwayItem,
    PathwayUserAssignment,
)
from procedures.induction.reading import MyReading
from procedures.models import DocumentPage, DocumentVersion
from procedures.roles import POLICE_STAFF

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


def police_staff_cleared_for(document) -> set[str]:
    """Usernames of police staff in one of `document`'s access groups, read from the data
    rather than assumed, so the demo may clear more people without breaking these tests."""
    return set(
        get_user_model()
        .objects.filter(groups__name=POLICE_STAFF)
        .filter(groups__in=document.access_groups.all())
        .values_list("username", flat=True)
    )
