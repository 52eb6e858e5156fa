"""Who must read what, by when, and whether they have: computed at read time.

Obligations come from pathways (assigned to people directly or through their groups) and from
required reading (documents their owners require groups to read). A person is only ever asked
to read a document that is current (published, not withdrawn or superseded) and that
`procedures.access` lets them see; documents they may not see are left out entirely, so they
are neither shown nor counted.

An acknowledgement of version M.n satisfies every later M.x version; a new major version needs
a new acknowledgement, and the person is told why (the newer version's change summary).

Everything here works in bulk with a fixed number of queries, whatever the number of people or
documents, so reports stay fast for a whole organisation.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from procedures import access
from procedures import models as procedures_models
from procedures.models import DocumentPage, ProtectiveMarking

from .models import (
    Acknowledgement,
    GroupMembership,
    Pathway,
    PathwayGroupAssignment,
    PathwayItem,
    PathwayUserAssignment,
    RequiredReading,
)

User = get_user_model()
UserGroups = User.groups.through
AccessGroups = DocumentPage.access_groups.through

DONE = "done"
OUTSTANDING = "outstanding"
OVERDUE = "overdue"
STATUS_LABELS = {DONE: "Acknowledged", OUTSTANDING: "Outstanding", OVERDUE: "Overdue"}
REQUIRED_READING = "Required reading"


def current_documents() -> QuerySet[DocumentPage]:
    """Documents anyone can be asked to read: published and in force."""
    return DocumentPage.objects.live().filter(withdrawn_at__isnull=True, superseded_by__isnull=True)


def is_current(page: DocumentPage) -> bool:
    return bool(page.live and not page.withdrawn_at and not page.superseded_by_id)


def _date(value: datetime.datetime | datetime.date) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
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


def _start(joined: datetime.datetime | None, assigned: datetime.datetime) -> datetime.date:
    """A group's pathway runs from when the person joined the group, but never from before the
    pathway was assigned to the group (no one is overdue on the day a pathway is created).
    Without a recorded joining date, it runs from the assignment."""
    return _date(max(joined, assigned) if joined else assigned)


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
    starts: dict[tuple[int, int], datetime.date] = {}
    direct = PathwayUserAssignment.objects.filter(pathway_id__in=pathway_ids, user__is_active=True)
    if users is not None:
        direct = direct.filter(user__in=users)
    for pathway_id, user_id, assigned in direct.values_list("pathway_id", "user_id", "assigned_at"):
        _keep_earliest(starts, (pathway_id, user_id), _date(assigned))
    by_group = defaultdict(list)
    for pathway_id, group_id, assigned in PathwayGroupAssignment.objects.filter(
        pathway_id__in=pathway_ids
    ).values_list("pathway_id", "group_id", "assigned_at"):
        by_group[group_id].append((pathway_id, assigned))
    if by_group:
        joined = _joined(by_group, users)
        for user_id, group_id in _members(by_group, users):
            for pathway_id, assigned in by_group[group_id]:
                start = _start(joined.get((user_id, group_id)), assigned)
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
    starts: dict[tuple[int, int], datetime.date] = {}
    if by_group:
        joined = _joined(by_group, users)
        for user_id, group_id in _members(by_group, users):
            for rule_id in by_group[group_id]:
                start = _start(joined.get((user_id, group_id)), created[rule_id])
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


def _major_versions(document_ids: Iterable[int]) -> dict[int, list[VersionNote]]:
    """Document id -> notes on each major version (x.0), newest first. Read defensively: the
    version history may be empty for documents published before it was kept."""
    version_model = getattr(procedures_models, "DocumentVersion", None)
    notes: dict[int, list[tuple[int, VersionNote]]] = defaultdict(list)
    if version_model is None:
        return {}
    rows = version_model.objects.filter(page_id__in=list(document_ids), minor=0).order_by(
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


class AccessIndex:
    """`procedures.access`'s rule, evaluated in bulk for many people and documents: an
    OFFICIAL document is open to all; an OFFICIAL-SENSITIVE one to members of its access
    groups and to superusers (the same rule as `access.is_cleared_for`)."""

    def __init__(self, documents: Iterable[DocumentPage], users: QuerySet | None = None):
        sensitive = [
            doc.pk for doc in documents if doc.protective_marking != ProtectiveMarking.OFFICIAL
        ]
        self.allowed_groups: dict[int, set[int]] = defaultdict(set)
        self.user_groups: dict[int, set[int]] = defaultdict(set)
        self.superusers: set[int] = set()
        self.sensitive = set(sensitive)
        if not sensitive:
            return
        for doc_id, group_id in AccessGroups.objects.filter(
            documentpage_id__in=sensitive
        ).values_list("documentpage_id", "group_id"):
            self.allowed_groups[doc_id].add(group_id)
        groups = {g for groups in self.allowed_groups.values() for g in groups}
        for user_id, group_id in _members(groups, users):
            self.user_groups[user_id].add(group_id)
        superusers = User.objects.filter(is_superuser=True, is_active=True)
        if users is not None:
            superusers = superusers.filter(pk__in=users.values("pk"))
        self.superusers = set(superusers.values_list("pk", flat=True))

    def can_see(self, user_id: int, document_id: int) -> bool:
        if document_id not in self.sensitive or user_id in self.superusers:
            return True
        return bool(self.user_groups[user_id] & self.allowed_groups[document_id])


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
    `audience` (a queryset of users) narrows the acknowledgements loaded to those people."""
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
    acks = Acknowledgement.objects.filter(
        document_id__in=list(documents), duplicate_of__isnull=True
    )
    if user_id is not None:
        acks = acks.filter(user_id=user_id)
    if audience is not None:
        acks = acks.filter(user__in=audience.values("pk"))
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
    versions = _major_versions(needs_versions) if needs_versions else {}
    published_on = {}
    for doc_id in needs_versions:
        document = documents[doc_id]
        published_on[doc_id] = next(
            (note.published_on for major, note in versions.get(doc_id, [])
             if major == document.version_major and note.published_on),
            _date(document.approved_at) if document.approved_at else None,
        )  # fmt: skip
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


# -- one person's reading ------------------------------------------------------------------------


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
        return sorted(
            (item for item in self.all_items.values() if item.overdue), key=lambda i: i.due
        )

    @property
    def due(self) -> list[ItemState]:
        """Outstanding items with a deadline that is not yet past, soonest first."""
        return sorted(
            (i for i in self.all_items.values() if not i.done and not i.overdue and i.due),
            key=lambda i: i.due,
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


def reading_for(user: AbstractBaseUser) -> MyReading:
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
        for doc in access.visible_documents(user, current_documents()).filter(pk__in=document_ids)
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


def state_for(user: AbstractBaseUser, document: DocumentPage) -> ItemState | None:
    """`user`'s position on `document`, or None if they are not asked to read it (or may
    not see it, or it is not current)."""
    if not (user.is_authenticated and is_current(document)):
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


def acknowledge(user: AbstractBaseUser, document: DocumentPage) -> Acknowledgement:
    """Record that `user` read and understood the document's current version, once.

    The database allows one acknowledgement per person, document and major version (see
    `Acknowledgement`), so when the same act arrives twice at once the second insert fails
    (after waiting for the first to commit) and the row the first one wrote is returned: one
    act, one row, one timestamp, whichever request wins."""
    try:
        with transaction.atomic():
            return Acknowledgement.objects.create(
                user=user,
                document=document,
                reference=document.reference,
                title=document.title,
                version_major=document.version_major,
                version_minor=document.version_minor,
            )
    except IntegrityError:
        return recorded(user, document, document.version_major)


def recorded(user: AbstractBaseUser, document: DocumentPage, major: int) -> Acknowledgement:
    """The acknowledgement that stands for `user`'s act on this major version."""
    return Acknowledgement.objects.get(
        user=user, document=document, version_major=major, duplicate_of__isnull=True
    )


# -- reports -----------------------------------------------------------------------------------


@dataclass
class PersonRow:
    user: AbstractBaseUser
    items: list[ItemState]

    @cached_property
    def total(self) -> int:
        return len(self.items)

    @cached_property
    def done(self) -> int:
        return sum(item.done for item in self.items)

    @cached_property
    def outstanding(self) -> int:
        return self.total - self.done

    @cached_property
    def overdue(self) -> int:
        return sum(item.overdue for item in self.items)

    @cached_property
    def next_due(self) -> datetime.date | None:
        dues = [item.due for item in self.items if not item.done and item.due]
        return min(dues) if dues else None

    @cached_property
    def still_to_acknowledge(self) -> str:
        """The outstanding references, in pathway order, flagged when overdue or new."""
        parts = []
        for item in self.items:
            if not item.done:
                flag = (
                    " (overdue)"
                    if item.overdue
                    else (" (new version)" if item.needs_reacknowledgement else "")
                )
                parts.append(item.document.reference + flag)
        return ", ".join(parts)

    @cached_property
    def status(self) -> str:
        if self.overdue:
            return OVERDUE
        return DONE if self.done == self.total else OUTSTANDING


@dataclass
class DocumentSummary:
    document: DocumentPage
    due_within_days: int | None = None
    done: int = 0
    outstanding: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.done + self.outstanding


@dataclass
class Report:
    title: str
    documents: list[DocumentSummary]
    people: list[PersonRow]

    def rows(self) -> Iterable[tuple[PersonRow, ItemState]]:
        for person in self.people:
            for item in person.items:
                yield person, item


def _users_in_group(group: Group | None) -> QuerySet | None:
    return None if group is None else User.objects.filter(groups=group)


def _build_report(
    title: str,
    obligations: list[Obligation],
    documents_in_order: list[DocumentPage],
    due_days: dict[int, int | None],
    users: QuerySet | None,
    audience: QuerySet | None = None,
) -> Report:
    documents = {doc.pk: doc for doc in documents_in_order}
    index = AccessIndex(documents_in_order, users)
    states = evaluate(obligations, documents, index.can_see, audience=audience)
    by_user: dict[int, list[ItemState]] = defaultdict(list)
    order = {doc.pk: n for n, doc in enumerate(documents_in_order)}
    summaries = {doc.pk: DocumentSummary(doc, due_days.get(doc.pk)) for doc in documents_in_order}
    for (uid, doc_id), state in states.items():
        by_user[uid].append(state)
        summary = summaries[doc_id]
        if state.done:
            summary.done += 1
        else:
            summary.outstanding += 1
            summary.overdue += state.overdue
    people = User.objects.filter(pk__in=list(by_user)) if by_user else User.objects.none()
    people = people.only("id", "username", "first_name", "last_name").order_by(
        "last_name", "first_name", "username"
    )
    rows = [
        PersonRow(person, sorted(by_user[person.pk], key=lambda s: order[s.document.pk]))
        for person in people
    ]
    return Report(title, list(summaries.values()), rows)


def pathway_report(pathway: Pathway, viewer, group: Group | None = None) -> Report:
    """Everyone the pathway is assigned to (optionally only members of `group`), and where
    each stands on each document the viewer may see."""
    users = _users_in_group(group)
    items = list(PathwayItem.objects.filter(pathway=pathway).order_by("sort_order", "pk"))
    pathway._prefetched_objects_cache = {"items": items}  # reuse the list just loaded
    visible = {
        doc.pk: doc
        for doc in access.visible_documents(viewer, current_documents()).filter(
            pk__in=[item.document_id for item in items]
        )
    }
    documents = [visible[item.document_id] for item in items if item.document_id in visible]
    due_days = {item.document_id: item.due_within_days for item in items}
    obligations = pathway_obligations([pathway], users)
    audience = User.objects.filter(
        Q(pk__in=PathwayUserAssignment.objects.filter(pathway=pathway).values("user_id"))
        | Q(
            pk__in=UserGroups.objects.filter(
                group_id__in=PathwayGroupAssignment.objects.filter(pathway=pathway).values(
                    "group_id"
                )
            ).values("user_id")
        )
    )
    if users is not None:
        audience = audience.filter(pk__in=users.values("pk"))
    return _build_report(pathway.title, obligations, documents, due_days, users, audience)


def document_report(document: DocumentPage, viewer, group: Group | None = None) -> Report:
    """Everyone asked to read `document` by any active pathway or required reading."""
    users = _users_in_group(group)
    if not (is_current(document) and access.is_cleared_for(viewer, document)):
        return Report(str(document), [], [])
    pathways = list(
        Pathway.objects.filter(active=True, items__document=document)
        .distinct()
        .prefetch_related(
            # Only this document's item: the rest of the pathway is not part of this report.
            models_prefetch("items", PathwayItem.objects.filter(document=document))
        )
    )
    rules = list(RequiredReading.objects.filter(document=document))
    obligations = pathway_obligations(pathways, users) + rule_obligations(rules, users)
    return _build_report(str(document), obligations, [document], {}, users)


def models_prefetch(lookup: str, queryset: QuerySet):
    from django.db.models import Prefetch

    return Prefetch(lookup, queryset=queryset)


@dataclass
class EvidenceRow:
    acknowledgement: Acknowledgement
    current_version: str  # the version in force on the date asked about ("" if unknown)


def evidence(person, on: datetime.date, viewer) -> list[EvidenceRow]:
    """What `person` had acknowledged by the end of `on`, document by document (their latest
    acknowledgement by then), with the version that was current on that date."""
    end = timezone.make_aware(datetime.datetime.combine(on, datetime.time.max))
    visible_ids = access.visible_documents(viewer, DocumentPage.objects.all()).values("pk")
    acks = (
        Acknowledgement.objects.filter(
            user=person, acknowledged_at__lte=end, duplicate_of__isnull=True
        )
        .filter(document__in=visible_ids)
        .select_related("document")
        .order_by("acknowledged_at", "pk")
    )
    latest: dict[int, Acknowledgement] = {}
    for ack in acks:
        latest[ack.document_id] = ack
    version_model = getattr(procedures_models, "DocumentVersion", None)
    in_force: dict[int, str] = {}
    if version_model is not None and latest:
        for page_id, major, minor in (
            version_model.objects.filter(page_id__in=list(latest), published_at__lte=end)
            .order_by("page_id", "published_at", "major", "minor")
            .values_list("page_id", "major", "minor")
        ):
            in_force[page_id] = f"{major}.{minor}"
    rows = []
    for doc_id, ack in sorted(latest.items(), key=lambda kv: kv[1].reference):
        version = in_force.get(doc_id, "")
        document = ack.document
        if not version and document.approved_at and document.approved_at <= end:
            # No recorded history: the live version is the only one known to be in force.
            version = document.version_label
        rows.append(EvidenceRow(ack, version))
    return rows
