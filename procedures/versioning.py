"""Version numbers, history and comparisons for documents.

A number is assigned when a revision is published (never typed in): the author says on
submission whether the change is minor (editorial: X.Y+1) or major (substantive: X+1.0) and
summarises it; the first publication is 1.0. Publication also stamps `approved_at`, sets the
next review date from the review period and writes the `DocumentVersion` row with the
published revision and the people who approved it.

Programmatic publications without a change kind (the demo builder, legacy imports) keep the
version their code set, so a migrated document keeps its legacy number.
"""

from __future__ import annotations

import datetime
import difflib
import html
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from wagtail.log_actions import log
from wagtail.models import Revision, TaskState, WorkflowState

from .models import ChangeKind, DocumentPage, DocumentVersion, ServiceSignOff
from .people import display_name


def next_version(current: tuple[int, int], kind: str) -> tuple[int, int]:
    """The number after `current` for a change of `kind`; 0.0 (never published) -> 1.0."""
    major, minor = current
    if major == 0:
        return (1, 0)
    if kind == ChangeKind.MAJOR:
        return (major + 1, 0)
    return (major, minor + 1)


def latest_version(page: DocumentPage) -> tuple[int, int]:
    """The highest number recorded for `page`: its history rows, or its own fields."""
    row = page.versions.order_by("-major", "-minor").values_list("major", "minor").first()
    own = (page.version_major, page.version_minor)
    return max(row, own) if row else own


def approvers_of(page: DocumentPage, revision: Revision | None) -> list:
    """Who approved `revision` in the workflow that has just finished: the owner's reviewer
    and each service's signatory, in the order they acted."""
    if revision is None:
        return []
    workflow_state = (
        WorkflowState.objects.filter(
            object_id=str(page.pk),
            base_content_type_id=page.get_base_content_type().pk,
            status=WorkflowState.STATUS_APPROVED,
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if workflow_state is None:
        return []
    states = TaskState.objects.filter(
        workflow_state=workflow_state, status=TaskState.STATUS_APPROVED, revision=revision
    ).order_by("finished_at", "pk")
    people: list = []
    for state in states.select_related("finished_by"):
        signers = [s.user for s in ServiceSignOff.objects.filter(task_state=state) if s.user]
        for person in signers or [state.finished_by]:
            if person is not None and person not in people:
                people.append(person)
    return people


@transaction.atomic
def record_publication(page: DocumentPage, revision: Revision | None, user=None) -> None:
    """On publication: number the version, stamp approval and review dates, write history."""
    page = DocumentPage.objects.select_for_update().get(pk=page.pk)
    kind = page.change_kind
    current = latest_version(page)
    if not kind and current != (0, 0):
        return  # programmatic publication with the version already set (demo, import)
    major, minor = next_version(current, kind)
    now = timezone.now()
    today = timezone.localdate(now)
    approvers = approvers_of(page, revision)
    version = DocumentVersion.objects.create(
        page=page,
        major=major,
        minor=minor,
        change_kind=kind or ChangeKind.MAJOR,
        change_summary=page.change_summary or "First publication.",
        published_at=now,
        revision=revision,
        author_name=display_name(revision.user) if revision and revision.user else page.author_name,
        approver_names=", ".join(display_name(person) for person in approvers),
    )
    version.approvers.set(approvers)
    fields = {
        "version_major": major,
        "version_minor": minor,
        "approved_at": now,
        "change_kind": "",
        "change_summary": "",
    }
    # A minor (editorial) change is not a review: the review date stands, so an overdue
    # document stays on "Reviews due". A major version, or the first, is reviewed in full.
    if kind != ChangeKind.MINOR or current == (0, 0) or page.next_review_date is None:
        fields["next_review_date"] = page.review_date_after(today)
    DocumentPage.objects.filter(pk=page.pk).update(**fields)
    if revision is not None:
        # The published revision carries its own number; the next draft starts blank.
        content = dict(revision.content)
        content.update(
            {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in fields.items()}
        )
        Revision.objects.filter(pk=revision.pk).update(content=content)
    log(
        instance=page,
        action="procedures.version",
        user=user or (revision.user if revision else None),
        revision=revision,
        data={"version": version.label, "kind": version.change_kind,
              "summary": version.change_summary,
              "approvers": [display_name(p) for p in approvers]},
    )  # fmt: skip


def on_page_published(sender, instance, revision=None, **kwargs) -> None:
    if isinstance(instance, DocumentPage):
        record_publication(instance, revision, user=kwargs.get("user"))


# -- reading the history -------------------------------------------------------------------


def published_versions(page: DocumentPage):
    return page.versions.prefetch_related("approvers").order_by("-major", "-minor")


def version_as_page(version: DocumentVersion) -> DocumentPage | None:
    """The document as published in `version` (None for imported rows with no revision)."""
    if version.revision is None:
        return None
    obj = version.revision.as_object()
    obj.version_major, obj.version_minor = version.major, version.minor
    obj.approved_at = version.published_at
    return obj


def version_at(page: DocumentPage, moment: datetime.datetime) -> DocumentVersion | None:
    """The version that was in force at `moment`: the latest published at or before it."""
    return (
        page.versions.filter(published_at__lte=moment)
        .order_by("-published_at", "-major", "-minor")
        .first()
    )


@dataclass
class SectionChange:
    title: str
    status: str  # "added", "removed", "changed", "unchanged"
    diff: SafeString


_WORD = re.compile(r"\s+|[^\s]+")


def diff_text(old: str, new: str) -> SafeString:
    """Word-level diff of two texts, with <del> and <ins>; everything else escaped."""
    old_words, new_words = _WORD.findall(old), _WORD.findall(new)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            out.append(html.escape("".join(old_words[a0:a1])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{html.escape(''.join(old_words[a0:a1]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{html.escape(''.join(new_words[b0:b1]))}</ins>")
    return mark_safe("".join(out).replace("\n", "<br>"))  # noqa: S308 - every part escaped


def _section_map(page: DocumentPage) -> list[tuple[str, str, str]]:
    """(key, label, text) per section; the key is the stable heading anchor."""
    return [
        (section.anchor or f"untitled-{i}", section.label or "Introduction", section.text)
        for i, section in enumerate(page.sections)
    ]


def compare(old: DocumentPage, new: DocumentPage) -> list[SectionChange]:
    """Section-by-section comparison of two versions of a document, in the new order, with
    removed sections placed where they used to be."""
    old_sections = _section_map(old)
    new_sections = _section_map(new)
    old_by_key = {key: (label, text) for key, label, text in old_sections}
    new_keys = {key for key, _, _ in new_sections}
    changes: list[SectionChange] = []
    # What a document is called and says it is for matter as much as its sections.
    for label, old_value, new_value in (
        ("Title", old.title, new.title),
        ("Summary", old.summary, new.summary),
    ):
        if old_value != new_value:
            changes.append(SectionChange(label, "changed", diff_text(old_value, new_value)))
    removed_before: dict[str, list[SectionChange]] = {}
    pending: list[SectionChange] = []
    for key, label, text in old_sections:
        if key not in new_keys:
            pending.append(
                SectionChange(label, "removed", format_html("<del>{}</del>", f"{label}\n{text}"))
            )
        elif pending:
            removed_before[key] = pending
            pending = []
    for key, label, text in new_sections:
        changes.extend(removed_before.get(key, []))
        if key not in old_by_key:
            changes.append(SectionChange(label, "added", format_html("<ins>{}</ins>", text)))
            continue
        old_label, old_text = old_by_key[key]
        title = label if old_label == label else f"{old_label} → {label}"
        if old_label == label and old_text == text:
            changes.append(SectionChange(title, "unchanged", format_html("{}", text)))
        else:
            changes.append(SectionChange(title, "changed", diff_text(old_text, text)))
    changes.extend(pending)
    return changes


def version_for(page: DocumentPage, label: str) -> DocumentVersion | None:
    match = re.fullmatch(r"(\d+)\.(\d+)", label or "")
    if not match:
        return None
    return page.versions.filter(major=int(match[1]), minor=int(match[2])).first()
