"""One person's reading: what they must read, grouped by pathway, their position on one
document, and recording that they have read it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import IntegrityError, transaction
from django.db.models import Q

from procedures import access
from procedures.models import DocumentPage

from .models import Acknowledgement, Pathway, RequiredReading
from .obligations import (
    REQUIRED_READING,
    ItemState,
    evaluate,
    pathway_obligations,
    rule_obligations,
)

User = get_user_model()


@dataclass
class PathwayProgress:
    pathway: Pathway
    items: list[ItemState]

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def done(self) -> int:
        return sum(item.done for item in self.items)

    @property
    def overdue(self) -> int:
        return sum(item.overdue for item in self.items)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def _due(item: ItemState) -> datetime.date:
    """Sort key: soonest deadline first (items without one last)."""
    return item.due or datetime.date.max


@dataclass
class MyReading:
    pathways: list[PathwayProgress]
    required: list[ItemState]
    notes: dict[int, str]  # document id -> why its owner requires it

    @property
    def all_items(self) -> dict[int, ItemState]:
        items = {item.document.pk: item for p in self.pathways for item in p.items}
        items.update({item.document.pk: item for item in self.required})
        return items

    @property
    def total(self) -> int:
        return len(self.all_items)

    @property
    def done(self) -> int:
        return sum(item.done for item in self.all_items.values())

    @property
    def overdue(self) -> list[ItemState]:
        return sorted((item for item in self.all_items.values() if item.overdue), key=_due)

    @property
    def due(self) -> list[ItemState]:
        """Outstanding items with a deadline that is not yet past, soonest first."""
        return sorted(
            (i for i in self.all_items.values() if not i.done and not i.overdue and i.due),
            key=_due,
        )


def _pathways_for(user) -> list[Pathway]:
    group_ids = access.group_ids_of(user)
    return list(
        Pathway.objects.filter(active=True)
        .filter(Q(user_assignments__user=user) | Q(group_assignments__group_id__in=group_ids))
        .distinct()
        .prefetch_related("items")
    )


def _rules_for(user) -> list[RequiredReading]:
    return list(RequiredReading.objects.filter(groups__in=access.group_ids_of(user)).distinct())


def reading_for(user: AbstractUser) -> MyReading:
    """Everything `user` must read, grouped by pathway, with progress."""
    if not (user.is_authenticated and user.is_active):
        return MyReading([], [], {})
    only_me = User.objects.filter(pk=user.pk)
    pathways = _pathways_for(user)
    rules = _rules_for(user)
    obligations = pathway_obligations(pathways, only_me) + rule_obligations(rules, only_me)
    document_ids = {o.document_id for o in obligations}
    documents = {
        doc.pk: doc
        for doc in DocumentPage.objects.in_force().visible_to(user).filter(pk__in=document_ids)
    }
    states = evaluate(obligations, documents, lambda uid, did: True, user_id=user.pk)
    progress = []
    for pathway in pathways:
        items = [
            states[(user.pk, item.document_id)]
            for item in pathway.items.all()
            if (user.pk, item.document_id) in states
        ]
        if items:
            progress.append(PathwayProgress(pathway, items))
    in_pathways = {item.document_id for pathway in pathways for item in pathway.items.all()}
    required = sorted(
        (
            state
            for (uid, doc_id), state in states.items()
            if doc_id not in in_pathways and REQUIRED_READING in state.sources
        ),
        key=lambda state: (state.done, state.due or datetime.date.max, state.document.reference),
    )
    notes = {rule.document_id: rule.note for rule in rules if rule.note}
    for state in required:
        state.note = notes.get(state.document.pk, "")
    return MyReading(progress, required, notes)


def state_for(user: AbstractUser, document: DocumentPage) -> ItemState | None:
    """`user`'s position on `document`, or None if they are not asked to read it (or may
    not see it, or it is not current)."""
    if not (user.is_authenticated and document.is_current):
        return None
    if not access.is_cleared_for(user, document):
        return None
    only_me = User.objects.filter(pk=user.pk)
    pathways = [
        p for p in _pathways_for(user) if any(i.document_id == document.pk for i in p.items.all())
    ]
    rules = [rule for rule in _rules_for(user) if rule.document_id == document.pk]
    obligations = pathway_obligations(pathways, only_me) + rule_obligations(rules, only_me)
    states = evaluate(obligations, {document.pk: document}, lambda uid, did: True, user.pk)
    return states.get((user.pk, document.pk))


def acknowledge(user: AbstractUser, document: DocumentPage) -> Acknowledgement:
    """Record that `user` read and understood the document's current version, once.

    The database allows one acknowledgement per person, document and major version (see
    `Acknowledgement`), so when the same act arrives twice at once the second insert fails
    (after waiting for the first to commit) and the row the first one wrote is returned: one
    act, one row, one timestamp, whichever request wins."""
    try:
        with transaction.atomic():
            return Acknowledgement.objects.create(
                user_id=user.pk,
                document=document,
                reference=document.reference,
                title=document.title,
                version_major=document.version_major,
                version_minor=document.version_minor,
            )
    except IntegrityError:
        return recorded(user, document, document.version_major)


def recorded(user: AbstractUser, document: DocumentPage, major: int) -> Acknowledgement:
    """The acknowledgement that stands for `user`'s act on this major version."""
    return Acknowledgement.objects.acts_of([user.pk]).get(document=document, version_major=major)
