"""The coordinator's reading reports: a pathway (everyone it is assigned to, each document it
asks for), a document (everyone asked to read it) and inquiry evidence (what a person had
acknowledged by a date).

A pathway report for a whole organisation asks about hundreds of thousands of (person,
document) pairs, so its figures per document are counted in the database (`document_counts`),
with clearance from `procedures.access` in bulk; only the people on the page being shown (or
the chunk of the CSV being written) are evaluated one by one (`obligations.evaluate`). The
number of queries depends on the pathway's deadlines, never on the number of people.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from procedures import access
from procedures.models import DocumentPage, DocumentVersion, ProtectiveMarking
from procedures.people import display_name

from .models import (
    Acknowledgement,
    Pathway,
    PathwayGroupAssignment,
    PathwayItem,
    PathwayUserAssignment,
    RequiredReading,
)
from .obligations import (
    DONE,
    OUTSTANDING,
    OVERDUE,
    ItemState,
    Obligation,
    current_major_published_on,
    evaluate,
    major_versions,
    pathway_obligations,
    pathway_starts,
    rule_obligations,
)

User = get_user_model()
UserGroups = User.groups.through
CHUNK = 500  # people evaluated at a time when every row is wanted (CSV)
NAME_ORDER = ("last_name", "first_name", "username")


@dataclass
class PersonRow:
    user: AbstractBaseUser
    items: list[ItemState]

    @cached_property
    def name(self) -> str:
        return display_name(self.user)

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


class People(Sequence):
    """A report's people in name order, evaluated only when read: a slice (a page of the
    report) evaluates just those people. Works with Django's Paginator."""

    def __init__(self, user_ids: list[int], rows_for: Callable[[list[int]], list[PersonRow]]):
        self.user_ids = user_ids
        self.rows_for = rows_for

    def __len__(self) -> int:
        return len(self.user_ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.rows_for(self.user_ids[index])
        return self.rows_for([self.user_ids[index]])[0]

    def __iter__(self) -> Iterator[PersonRow]:
        for start in range(0, len(self.user_ids), CHUNK):
            yield from self.rows_for(self.user_ids[start : start + CHUNK])


@dataclass
class Report:
    title: str
    documents: list[DocumentSummary]
    people: Sequence[PersonRow]

    def rows(self) -> Iterator[tuple[PersonRow, ItemState]]:
        for person in self.people:
            for item in person.items:
                yield person, item


def _in_name_order(user_ids, rows: dict[int, list[ItemState]]) -> list[PersonRow]:
    """A row for each of `user_ids` who has items (`rows`, each in report order), in name
    order."""
    people = User.objects.filter(pk__in=list(user_ids)).only("id", *NAME_ORDER)
    people = people.order_by(*NAME_ORDER)
    return [PersonRow(person, rows[person.pk]) for person in people if rows.get(person.pk)]


# -- pathway report ----------------------------------------------------------------------------


def pathway_audience(pathway: Pathway, users: QuerySet | None = None) -> QuerySet:
    """Active people the pathway is assigned to, directly or through a group (optionally only
    among `users`): the people `obligations.pathway_starts` gives a start date."""
    audience = User.objects.filter(is_active=True).filter(
        Q(pk__in=PathwayUserAssignment.objects.filter(pathway=pathway).values("user_id"))
        | Q(
            pk__in=UserGroups.objects.filter(
                group_id__in=PathwayGroupAssignment.objects.filter(pathway=pathway).values(
                    "group_id"
                )
            ).values("user_id")
        )
    )
    return audience if users is None else audience.filter(pk__in=users.values("pk"))


def document_counts(
    items: list[PathwayItem],
    documents: dict[int, DocumentPage],
    audience: QuerySet,
    starts: dict[int, datetime.date],
    clearance: access.Clearances,
    today: datetime.date,
) -> list[DocumentSummary]:
    """Acknowledged, outstanding and overdue per document, for everyone in `audience`
    cleared for it, counted in the database in one query (people are named in it only as
    "asked before this deadline", by the shorter of the two lists). `starts` is when each of
    them was asked to follow the pathway (`obligations.pathway_starts`). Agrees with
    `obligations.evaluate` person by person (tests/induction checks both on the same
    pathway)."""
    summaries = {
        item.document_id: DocumentSummary(documents[item.document_id], item.due_within_days)
        for item in items
        if item.document_id in documents
    }
    if not summaries:
        return []
    people = list(audience.values_list("pk", flat=True))
    cleared = {
        doc_id: (
            people
            if summary.document.protective_marking != ProtectiveMarking.OFFICIAL_SENSITIVE
            else clearance.cleared(doc_id, people)
        )
        for doc_id, summary in summaries.items()
    }
    versions = major_versions(
        [doc_id for doc_id, s in summaries.items() if s.document.version_major > 1]
    )
    # Overdue: asked before the deadline's cutoff and not done. Someone who read an earlier
    # major version is asked again from when the current one was published.
    asked_early = Q()  # those asked before their document's cutoff
    cutoffs: dict[int, datetime.date] = {}
    overdue: dict[int, int] = {}
    for days in {s.due_within_days for s in summaries.values() if s.due_within_days is not None}:
        cutoff = today - datetime.timedelta(days=days)
        ids = [doc_id for doc_id, s in summaries.items() if s.due_within_days == days]
        early = [user_id for user_id in people if starts.get(user_id, today) < cutoff]
        for doc_id in ids:
            overdue[doc_id] = (
                len(early)
                if cleared[doc_id] is people
                else sum(1 for user_id in cleared[doc_id] if starts.get(user_id, today) < cutoff)
            )
        if not early:
            continue  # nobody asked before the cutoff: nobody can be overdue yet
        late = set(people).difference(early)
        # Named by whichever list is shorter (at most half the audience).
        who = Q(user_id__in=early) if len(early) <= len(late) else ~Q(user_id__in=late)
        asked_early |= Q(document_id__in=ids) & who
        cutoffs.update(dict.fromkeys(ids, cutoff))
    done = Q(version_major__gte=F("document__version_major"))
    counts = {"done": Count("user_id", distinct=True, filter=done)}
    if cutoffs:
        counts["done_early"] = Count("user_id", distinct=True, filter=done & asked_early)
        counts["read_early"] = Count("user_id", distinct=True, filter=asked_early)
    rows = (
        Acknowledgement.objects.acts()
        .filter(document_id__in=list(summaries), user__in=audience)
        .filter(access.cleared_pairs())
        .values("document_id")
        .annotate(**counts)
        .values("document_id", *counts)
    )
    for row in rows:
        doc_id = row["document_id"]
        summaries[doc_id].done = row["done"]
        if doc_id in cutoffs:
            published = current_major_published_on(summaries[doc_id].document, versions)
            earlier_only = published and published >= cutoffs[doc_id]
            overdue[doc_id] -= row["read_early"] if earlier_only else row["done_early"]
    for doc_id, count in overdue.items():
        summaries[doc_id].overdue = count
    for doc_id, summary in summaries.items():
        summary.outstanding = len(cleared[doc_id]) - summary.done
    return list(summaries.values())


def pathway_report(pathway: Pathway, viewer, group: Group | None = None) -> Report:
    """Everyone the pathway is assigned to (optionally only members of `group`), and where
    each stands on each document the viewer may see.

    Who was asked from when, and who is cleared for what, are read once for the whole
    audience; a page of people (or a chunk of the CSV) then loads only those people's
    acknowledgements and names."""
    users = None if group is None else User.objects.filter(groups=group)
    items = list(PathwayItem.objects.filter(pathway=pathway).order_by("sort_order", "pk"))
    documents = {
        doc.pk: doc
        for doc in DocumentPage.objects.in_force()
        .visible_to(viewer)
        .filter(pk__in=[item.document_id for item in items])
    }
    items = [item for item in items if item.document_id in documents]
    audience = pathway_audience(pathway, users)
    today = timezone.localdate()
    starts = {user_id: start for (_, user_id), start in pathway_starts([pathway], audience).items()}
    clearance = access.Clearances(audience, documents.values())
    summaries = document_counts(items, documents, audience, starts, clearance, today)
    people = list(audience.order_by(*NAME_ORDER).values_list("pk", flat=True))
    if summaries and all(
        s.document.protective_marking == ProtectiveMarking.OFFICIAL_SENSITIVE for s in summaries
    ):
        # Only people cleared for one of the documents have anything to read.
        people = [p for p in people if any(clearance.allows(p, doc) for doc in documents)]
    elif not summaries:
        people = []

    def rows_for(user_ids: list[int]) -> list[PersonRow]:
        # The obligations in pathway order, so each person's items come out in that order.
        obligations = [
            Obligation(user_id, item.document_id, start, item.due_within_days, pathway.title)
            for user_id in user_ids
            if (start := starts.get(user_id)) is not None
            for item in items
        ]
        chosen = User.objects.filter(pk__in=user_ids)
        states = evaluate(obligations, documents, clearance.allows, today=today, audience=chosen)
        rows: dict[int, list[ItemState]] = {}
        for (user_id, _), state in states.items():
            rows.setdefault(user_id, []).append(state)
        return _in_name_order(user_ids, rows)

    return Report(pathway.title, summaries, People(people, rows_for))


# -- document report ---------------------------------------------------------------------------


def document_report(document: DocumentPage, viewer, group: Group | None = None) -> Report:
    """Everyone asked to read `document` by any active pathway or required reading."""
    users = None if group is None else User.objects.filter(groups=group)
    if not (document.is_current and access.is_cleared_for(viewer, document)):
        return Report(str(document), [], [])
    pathways = list(
        Pathway.objects.filter(active=True, items__document=document)
        .distinct()
        .prefetch_related(
            # Only this document's item: the rest of the pathway is not part of this report.
            Prefetch("items", queryset=PathwayItem.objects.filter(document=document))
        )
    )
    rules = list(RequiredReading.objects.filter(document=document))
    obligations = pathway_obligations(pathways, users) + rule_obligations(rules, users)
    people = User.objects.filter(pk__in={o.user_id for o in obligations})
    clearance = access.Clearances(people, [document])
    states = evaluate(obligations, {document.pk: document}, clearance.allows, audience=people)
    summary = DocumentSummary(document)
    for state in states.values():
        if state.done:
            summary.done += 1
        else:
            summary.outstanding += 1
            summary.overdue += state.overdue
    rows = _in_name_order(
        {user_id for user_id, _ in states},
        {user_id: [state] for (user_id, _), state in states.items()},
    )
    return Report(str(document), [summary], rows)


# -- inquiry evidence --------------------------------------------------------------------------


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
        Acknowledgement.objects.acts_of([person.pk])
        .filter(acknowledged_at__lte=end)
        .filter(document__in=visible_ids)
        .select_related("document")
        .order_by("acknowledged_at", "pk")
    )
    latest: dict[int, Acknowledgement] = {}
    for ack in acks:
        latest[ack.document_id] = ack
    in_force: dict[int, str] = {}
    if latest:
        for page_id, major, minor in (
            DocumentVersion.objects.filter(page_id__in=list(latest), published_at__lte=end)
            .order_by("page_id", "published_at", "major", "minor")
            .values_list("page_id", "major", "minor")
        ):
            in_force[page_id] = f"{major}.{minor}"
    rows = []
    for doc_id, ack in sorted(latest.items(), key=lambda kv: kv[1].reference):
        version = in_force.get(doc_id, "")
        document = ack.document  # never None: only acknowledgements of visible documents
        if not version and document and document.approved_at and document.approved_at <= end:
            # No recorded history: the live version is the only one known to be in force.
            version = document.version_label
        rows.append(EvidenceRow(ack, version))
    return rows
