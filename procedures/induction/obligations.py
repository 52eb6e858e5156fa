"""Who must read what, by when, and whether they have: computed at read time.

Obligations come from pathways (assigned to people directly or through their groups) and from
required reading (documents their owners require groups to read). A person is only ever asked
to read a document that is current (published, not withdrawn or superseded) and that
`procedures.access` lets them see; documents they may not see are left out entirely, so they
are neither shown nor counted.

An acknowledgement of version M.n satisfies every later M.x version; a new major version needs
a new acknowledgement, and the person is told why (the newer version's change summary).

Everything here works in bulk with a fixed number of queries, whatever the number of people or
documents. `reading` answers for one person, `reports` for many.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from procedures.models import DocumentPage, DocumentVersion

from .models import (
    Acknowledgement,
    GroupMembership,
    Pathway,
    PathwayGroupAssignment,
    PathwayUserAssignment,
    RequiredReading,
)

User = get_user_model()
UserGroups = User.groups.through

DONE = "done"
OUTSTANDING = "outstanding"
OVERDUE = "overdue"
STATUS_LABELS = {DONE: "Acknowledged", OUTSTANDING: "Outstanding", OVERDUE: "Overdue"}
REQUIRED_READING = "Required reading"


def _date(
    value: datetime.datetime | datetime.date, zone: datetime.tzinfo | None = None
) -> datetime.date:
    """The local date of `value` (in `zone`, by default the current time zone: pass it when
    converting thousands of values, as looking it up is most of the cost)."""
    if isinstance(value, datetime.datetime):
        if not timezone.is_aware(value):
            return value.date()
        return value.astimezone(zone or timezone.get_current_timezone()).date()
    return value


class Obligation(NamedTuple):
    """`user_id` must read `document_id`, asked from `start`, within `due_days` (if set)."""

    user_id: int
    document_id: int
    start: datetime.date
    due_days: int | None
    source: str


@dataclass
class VersionNote:
    label: str
    summary: str
    published_on: datetime.date | None


@dataclass(slots=True)
class AckInfo:
    """The part of an acknowledgement that progress and reports need."""

    version_major: int
    version_minor: int
    acknowledged_at: datetime.datetime

    @property
    def version_label(self) -> str:
        return f"{self.version_major}.{self.version_minor}"


@dataclass(slots=True)
class ItemState:
    """One person's position on one document."""

    document: DocumentPage
    user_id: int
    start: datetime.date
    due: datetime.date | None
    acknowledgement: AckInfo | None
    done: bool
    overdue: bool
    sources: list[str] = field(default_factory=list)
    changes: list[VersionNote] = field(default_factory=list)  # why a new acknowledgement is due
    note: str = ""  # why the document's owner made it required reading

    @property
    def status(self) -> str:
        if self.done:
            return DONE
        return OVERDUE if self.overdue else OUTSTANDING

    @property
    def status_label(self) -> str:
        if self.needs_reacknowledgement:
            return "New version to acknowledge" + (" (overdue)" if self.overdue else "")
        return STATUS_LABELS[self.status]

    @property
    def needs_reacknowledgement(self) -> bool:
        return not self.done and self.acknowledgement is not None

    @property
    def version_label(self) -> str:
        return f"{self.document.version_major}.{self.document.version_minor}"


# -- assignment: who is asked, and from when ------------------------------------------------


def _start(
    joined: datetime.datetime | None, assigned: datetime.datetime, zone: datetime.tzinfo
) -> datetime.date:
    """A group's pathway runs from when the person joined the group, but never from before the
    pathway was assigned to the group (no one is overdue on the day a pathway is created).
    Without a recorded joining date, it runs from the assignment."""
    return _date(max(joined, assigned) if joined else assigned, zone)


def _members(group_ids: Iterable[int], users: QuerySet | None) -> list[tuple[int, int]]:
    rows = UserGroups.objects.filter(group_id__in=list(group_ids), user__is_active=True)
    if users is not None:
        rows = rows.filter(user__in=users)
    return list(rows.values_list("user_id", "group_id"))


def _joined(
    group_ids: Iterable[int], users: QuerySet | None
) -> dict[tuple[int, int], datetime.datetime]:
    rows = GroupMembership.objects.filter(group_id__in=list(group_ids))
    if users is not None:
        rows = rows.filter(user__in=users)
    return {(u, g): joined for u, g, joined in rows.values_list("user_id", "group_id", "joined_at")}


def _keep_earliest(starts: dict, key, start: datetime.date) -> None:
    if key not in starts or start < starts[key]:
        starts[key] = start


def pathway_starts(
    pathways: Iterable[Pathway], users: QuerySet | None = None
) -> dict[tuple[int, int], datetime.date]:
    """(pathway id, user id) -> the date the person was first asked to follow the pathway,
    for every active person the pathways are assigned to (optionally only among `users`)."""
    pathway_ids = [pathway.pk for pathway in pathways]
    zone = timezone.get_current_timezone()
    starts: dict[tuple[int, int], datetime.date] = {}
    direct = PathwayUserAssignment.objects.filter(pathway_id__in=pathway_ids, user__is_active=True)
    if users is not None:
        direct = direct.filter(user__in=users)
    for pathway_id, user_id, assigned in direct.values_list("pathway_id", "user_id", "assigned_at"):
        _keep_earliest(starts, (pathway_id, user_id), _date(assigned, zone))
    by_group = defaultdict(list)
    for pathway_id, group_id, assigned in PathwayGroupAssignment.objects.filter(
        pathway_id__in=pathway_ids
    ).values_list("pathway_id", "group_id", "assigned_at"):
        by_group[group_id].append((pathway_id, assigned))
    if by_group:
        joined = _joined(by_group, users)
        for user_id, group_id in _members(by_group, users):
            for pathway_id, assigned in by_group[group_id]:
                start = _start(joined.get((user_id, group_id)), assigned, zone)
                _keep_earliest(starts, (pathway_id, user_id), start)
    return starts


def required_reading_starts(
    rules: Iterable[RequiredReading], users: QuerySet | None = None
) -> dict[tuple[int, int], datetime.date]:
    """(rule id, user id) -> the date the person was asked to read the rule's document."""
    rules = list(rules)
    by_group = defaultdict(list)
    for rule_id, group_id in RequiredReading.groups.through.objects.filter(
        requiredreading_id__in=[rule.pk for rule in rules]
    ).values_list("requiredreading_id", "group_id"):
        by_group[group_id].append(rule_id)
    created = {rule.pk: rule.created_at for rule in rules}
    zone = timezone.get_current_timezone()
    starts: dict[tuple[int, int], datetime.date] = {}
    if by_group:
        joined = _joined(by_group, users)
        for user_id, group_id in _members(by_group, users):
            for rule_id in by_group[group_id]:
                start = _start(joined.get((user_id, group_id)), created[rule_id], zone)
                _keep_earliest(starts, (rule_id, user_id), start)
    return starts


def pathway_obligations(
    pathways: Iterable[Pathway], users: QuerySet | None = None
) -> list[Obligation]:
    """Pathways must have their `items` prefetched."""
    pathways = list(pathways)
    by_id = {pathway.pk: pathway for pathway in pathways}
    obligations = []
    for (pathway_id, user_id), start in pathway_starts(pathways, users).items():
        pathway = by_id[pathway_id]
        for item in pathway.items.all():
            obligations.append(
                Obligation(user_id, item.document_id, start, item.due_within_days, pathway.title)
            )
    return obligations


def rule_obligations(
    rules: Iterable[RequiredReading], users: QuerySet | None = None
) -> list[Obligation]:
    rules = list(rules)
    by_id = {rule.pk: rule for rule in rules}
    return [
        Obligation(
            user_id,
            by_id[rule_id].document_id,
            start,
            by_id[rule_id].due_within_days,
            REQUIRED_READING,
        )
        for (rule_id, user_id), start in required_reading_starts(rules, users).items()
    ]


# -- evaluation: done, outstanding, overdue ----------------------------------------------------


def major_versions(document_ids: Iterable[int]) -> dict[int, list[tuple[int, VersionNote]]]:
    """Document id -> (major, note) for each major version (x.0), newest first. The version
    history may be empty for documents published before it was kept."""
    notes: dict[int, list[tuple[int, VersionNote]]] = defaultdict(list)
    rows = DocumentVersion.objects.filter(page_id__in=list(document_ids), minor=0).order_by(
        "page_id", "-major"
    )
    for page_id, major, summary, published in rows.values_list(
        "page_id", "major", "change_summary", "published_at"
    ):
        notes[page_id].append(
            (
                major,
                VersionNote(f"{major}.0", summary or "", _date(published) if published else None),
            )
        )
    return notes


def current_major_published_on(
    document: DocumentPage, versions: dict[int, list[tuple[int, VersionNote]]]
) -> datetime.date | None:
    """When the document's current major version was published (from its history, else its
    approval date): a person who read an earlier major version is asked again from then."""
    return next(
        (
            note.published_on
            for major, note in versions.get(document.pk, [])
            if major == document.version_major and note.published_on
        ),
        _date(document.approved_at) if document.approved_at else None,
    )


def evaluate(
    obligations: Iterable[Obligation],
    documents: dict[int, DocumentPage],
    can_see,
    user_id: int | None = None,
    today: datetime.date | None = None,
    audience: QuerySet | None = None,
) -> dict[tuple[int, int], ItemState]:
    """(user id, document id) -> ItemState, for obligations whose document is in `documents`
    (the current documents the caller may show) and that `can_see(user_id, document_id)`.
    `user_id`, or else `audience` (a queryset of users), narrows the acknowledgements loaded
    to those people."""
    today = today or timezone.localdate()
    # (user, document) -> [earliest start, shortest due period, sources]; plain lists, not
    # objects: a report for a whole organisation merges hundreds of thousands of these.
    merged: dict[tuple[int, int], list] = {}
    for obligation in obligations:
        key = (obligation.user_id, obligation.document_id)
        entry = merged.get(key)
        if entry is None:
            if obligation.document_id not in documents or not can_see(*key):
                continue
            merged[key] = [obligation.start, obligation.due_days, (obligation.source,)]
        else:
            entry[0] = min(entry[0], obligation.start)
            if obligation.due_days is not None:
                entry[1] = (
                    obligation.due_days if entry[1] is None else min(entry[1], obligation.due_days)
                )
            if obligation.source not in entry[2]:
                entry[2] = tuple(sorted((*entry[2], obligation.source)))
    if not merged:
        return {}
    acks = Acknowledgement.objects.filter(document_id__in=list(documents))
    if user_id is not None:
        acks = acks.acts_of([user_id])
    elif audience is not None:
        acks = acks.acts_of(audience.values("pk"))
    else:
        acks = acks.acts()
    latest: dict[tuple[int, int], AckInfo] = {}
    for uid, doc_id, major, minor, at in acks.order_by("acknowledged_at", "pk").values_list(
        "user_id", "document_id", "version_major", "version_minor", "acknowledged_at"
    ):
        latest[(uid, doc_id)] = AckInfo(major, minor, at)
    needs_versions = {
        doc_id
        for (uid, doc_id), ack in latest.items()
        if (uid, doc_id) in merged and ack.version_major < documents[doc_id].version_major
    }
    versions = major_versions(needs_versions) if needs_versions else {}
    published_on = {
        doc_id: current_major_published_on(documents[doc_id], versions) for doc_id in needs_versions
    }
    states = {}
    one_day = datetime.timedelta(days=1)
    for key, (start, days, sources) in merged.items():
        doc_id = key[1]
        document = documents[doc_id]
        ack = latest.get(key)
        done = ack is not None and ack.version_major >= document.version_major
        changes: list[VersionNote] = []
        if ack is not None and not done:
            # A new major version: asked again from when it was published.
            changes = [
                note for major, note in versions.get(doc_id, []) if major > ack.version_major
            ]
            published = published_on[doc_id]
            if published and published > start:
                start = published
        due = start + one_day * days if days is not None else None
        overdue = not done and due is not None and due < today
        states[key] = ItemState(
            document, key[0], start, due, ack, done, overdue, list(sources), changes
        )
    return states
