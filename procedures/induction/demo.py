"""Demo induction pathways and required reading, built after the demo library.

Documents are looked up by reference and skipped if missing, so changes to the demo content
never break this. Idempotent: a pathway that already exists is left as it is."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from procedures.models import DocumentPage
from procedures.roles import FIRE_STAFF, JOINT_OPERATIONS_PLANNING, POLICE_STAFF

from .models import (
    GroupMembership,
    Pathway,
    PathwayGroupAssignment,
    PathwayItem,
    PathwayUserAssignment,
    RequiredReading,
)

# (title, description, [(reference, within N days)], [group names], [usernames])
PATHWAYS: list[tuple[str, str, list[tuple[str, int | None]], list[str], list[str]]] = [
    ("All new joiners", "Everyone who joins either service reads these in their first month.",
     [("JOP-001", 14), ("JOP-002", 30)], [], ["newjoiner"]),
    ("Joint operations planning team", "For members of the joint operations planning team.",
     [("JOP-001", 14), ("JOP-002", 14), ("FBI-004", 30)], [JOINT_OPERATIONS_PLANNING], []),
    ("Fire control", "Fire control operators and fire staff supporting the control room.",
     [("FRS-010", 28), ("JOP-002", None)], [FIRE_STAFF], []),
    ("Police staff at a combined station", "Police staff working from a station shared with "
     "the fire and rescue service.", [("POL-021", 28), ("FRS-010", 60), ("JOP-001", None)],
     [POLICE_STAFF], []),
]  # fmt: skip

# (reference, group names, within N days, note)
REQUIRED_READING = [
    ("FRS-010", [FIRE_STAFF], 28, "All fire staff must acknowledge the breathing apparatus "
     "entry control procedure."),
]  # fmt: skip

NEW_JOINER_DAYS_AGO = 20  # so the demo shows something overdue as well as something due


def build_induction_demo() -> dict:
    now = timezone.now()
    long_ago = now - datetime.timedelta(days=365)
    last_week = now - datetime.timedelta(days=7)
    joined = now - datetime.timedelta(days=NEW_JOINER_DAYS_AGO)
    documents = {page.reference: page for page in DocumentPage.objects.all()}
    groups = {group.name: group for group in Group.objects.all()}
    users = {user.username: user for user in get_user_model().objects.all()}
    created = 0
    for title, description, items, group_names, usernames in PATHWAYS:
        pathway, made = Pathway.objects.get_or_create(
            title=title, defaults={"description": description}
        )
        if not made:
            continue
        created += 1
        for order, (reference, days) in enumerate(items):
            if reference in documents:
                PathwayItem.objects.create(pathway=pathway, document=documents[reference],
                                           due_within_days=days, sort_order=order)  # fmt: skip
        for name in group_names:
            if name in groups:
                PathwayGroupAssignment.objects.create(
                    pathway=pathway, group=groups[name], assigned_at=last_week
                )
        for username in usernames:
            if username in users:
                PathwayUserAssignment.objects.create(
                    pathway=pathway, user=users[username], assigned_at=joined
                )
    for reference, group_names, days, note in REQUIRED_READING:
        document = documents.get(reference)
        if document is None or RequiredReading.objects.filter(document=document).exists():
            continue
        rule = RequiredReading.objects.create(
            document=document, due_within_days=days, note=note, set_by=document.policy_owner,
            created_at=last_week,
        )  # fmt: skip
        rule.groups.set([groups[name] for name in group_names if name in groups])
    if created:
        _backdate_memberships(joined, long_ago)
    return {"pathways_created": created}


def _backdate_memberships(joined: datetime.datetime, long_ago: datetime.datetime) -> None:
    """The demo accounts were all created just now: say everyone has been in their groups for
    a long time, except the new joiner, who joined recently."""
    GroupMembership.objects.filter(joined_at__gt=joined).exclude(user__username="newjoiner").update(
        joined_at=long_ago
    )
    GroupMembership.objects.filter(user__username="newjoiner").update(joined_at=joined)
