"""The review cycle: what is due, "no change needed" reviews, withdrawal, supersession and the
daily reminders. Plain functions, used by the admin views and `send_review_reminders`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import PageLogEntry

from .access import is_cleared_for
from .models import DocumentPage, ReviewReminder
from .permissions import COORDINATE_DOCUMENTS, coordinates_documents

# A reminder about the same document to the same person is repeated at most this often.
REPEAT_EVERY_DAYS = 7


def due_for_review(user, today: datetime.date | None = None) -> QuerySet[DocumentPage]:
    """Documents `user` looks after whose review is overdue or due soon: all of them for the
    coordinator, their own documents for an owner; never one they may not see."""
    queryset = DocumentPage.objects.due_for_review(today)
    if not coordinates_documents(user):
        queryset = queryset.filter(policy_owner=user)
    return (
        queryset.visible_to(user)
        .select_related("policy_owner")
        .order_by("next_review_date", "reference")
    )


def _check_reason(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(f"Give a {what}.")
    return text


@transaction.atomic
def record_no_change_review(page: DocumentPage, user, notes: str = "") -> datetime.date | None:
    """The owner has reviewed the document and it needs no change: record that and reset the
    review date from today, without a new version."""
    page = DocumentPage.objects.select_for_update().get(pk=page.pk)
    if not page.is_current:
        raise ValidationError("Only a current document can be reviewed.")
    today = timezone.localdate()
    if _already_reviewed_today(page, user, today, notes):
        # The same person recording the same review again (a double click, or the same form
        # posted twice at once: the row lock above makes the second wait): one record.
        return page.next_review_date
    previous = page.next_review_date
    page.next_review_date = page.review_date_after(today)
    DocumentPage.objects.filter(pk=page.pk).update(next_review_date=page.next_review_date)
    log(
        instance=page,
        action="procedures.review",
        user=user,
        data={
            "outcome": "no change needed",
            "notes": notes.strip(),
            "version": page.version_label,
            "previous_review_date": previous.isoformat() if previous else None,
            "next_review_date": page.next_review_date.isoformat(),
        },
    )
    return page.next_review_date


def _already_reviewed_today(page: DocumentPage, user, today: datetime.date, notes: str) -> bool:
    """Whether `user` recorded this very review (same version, same notes) today."""
    since = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    return PageLogEntry.objects.filter(
        page=page,
        action="procedures.review",
        user=user,
        timestamp__gte=since,
        data__version=page.version_label,
        data__notes=notes.strip(),
    ).exists()


@transaction.atomic
def withdraw(page: DocumentPage, user, reason: str) -> None:
    reason = _check_reason(reason, "reason for withdrawing the document")
    page = DocumentPage.objects.select_for_update().get(pk=page.pk)
    if page.withdrawn_at and page.withdrawal_reason == reason:
        return  # the same withdrawal again (a double click): it stands once
    if page.withdrawn_at:
        raise ValidationError("This document is already withdrawn.")
    page.withdrawn_at = timezone.now()
    page.withdrawal_reason = reason
    page.save(update_fields=["withdrawn_at", "withdrawal_reason"], clean=False)
    log(instance=page, action="procedures.withdraw", user=user, data={"reason": reason})


@transaction.atomic
def supersede(page: DocumentPage, replacement: DocumentPage, user) -> None:
    page = DocumentPage.objects.select_for_update().get(pk=page.pk)
    if replacement.pk == page.pk:
        raise ValidationError("A document cannot supersede itself.")
    if not (replacement.live and replacement.is_current):
        raise ValidationError(f"{replacement.reference} is not a current document.")
    if replacement.superseded_by_id == page.pk:
        raise ValidationError(f"{replacement.reference} is itself superseded by this document.")
    if page.superseded_by_id == replacement.pk:
        return  # the same decision again (a double click): recorded once
    page.superseded_by = replacement
    page.save(update_fields=["superseded_by"], clean=False)
    log(
        instance=page,
        action="procedures.supersede",
        user=user,
        data={"replacement": replacement.reference, "replacement_id": replacement.pk},
    )


# -- reminders --------------------------------------------------------------------------


@dataclass
class Reminder:
    recipient: Any  # a user
    kind: str
    pages: list[DocumentPage] = field(default_factory=list)


def coordinators() -> list:
    return list(
        get_user_model()
        # Superusers hold every permission but are not the coordinator: they get no mail.
        # Group permissions are the model backend's (the others sign people in).
        .objects.with_perm(
            COORDINATE_DOCUMENTS,
            include_superusers=False,
            backend="django.contrib.auth.backends.ModelBackend",
        )
        .exclude(email="")
        .distinct()
    )


def _owner_has_left(page: DocumentPage) -> bool:
    return page.policy_owner is None or not page.policy_owner.is_active


def plan_reminders(today: datetime.date | None = None) -> list[Reminder]:
    """Who should hear about which documents today: owners of documents due for review
    (`DocumentPage.objects.due_for_review`); the coordinator for overdue documents and for
    documents whose owner has left. Documents a recipient is not cleared to read are never
    named to them, and a document is not mentioned to the same person for the same reason
    more than once a week."""
    today = today or timezone.localdate()
    documents = DocumentPage.objects.in_force()
    pages = list(documents.select_related("policy_owner").order_by("next_review_date", "reference"))
    due_ids = set(documents.due_for_review(today).values_list("pk", flat=True))
    recent = set(
        ReviewReminder.objects.filter(
            sent_on__gt=today - datetime.timedelta(days=REPEAT_EVERY_DAYS)
        ).values_list("page_id", "recipient", "kind")
    )
    plan: dict[tuple[str, str], Reminder] = {}

    def add(recipient, kind: str, page: DocumentPage) -> None:
        if not recipient.email or (page.pk, recipient.email, kind) in recent:
            return
        if not is_cleared_for(recipient, page):
            return
        reminder = plan.setdefault((recipient.email, kind), Reminder(recipient, kind))
        reminder.pages.append(page)

    coordinator_list = coordinators()
    for page in pages:
        due = page.pk in due_ids
        overdue = page.next_review_date is not None and page.next_review_date < today
        if due and not _owner_has_left(page):
            add(page.policy_owner, "due", page)
        for coordinator in coordinator_list:
            if _owner_has_left(page):
                add(coordinator, "no-owner", page)
            elif overdue:
                add(coordinator, "overdue", page)
    return list(plan.values())


SUBJECTS = {
    "due": "Documents you own are due for review",
    "overdue": "Documents overdue for review",
    "no-owner": "Documents whose owner has left",
}


def send_reminder(reminder: Reminder, today: datetime.date) -> bool:
    """Send one reminder e-mail and log it. Returns False if another run already sent it today
    (the unique constraint decides), so running twice in a day sends nothing twice."""
    try:
        with transaction.atomic():
            for page in reminder.pages:
                ReviewReminder.objects.create(
                    page=page, recipient=reminder.recipient.email, kind=reminder.kind, sent_on=today
                )
            body = render_to_string(
                "procedures/emails/review_reminder.txt",
                {
                    "recipient": reminder.recipient,
                    "kind": reminder.kind,
                    "pages": reminder.pages,
                    "today": today,
                    "base_url": settings.WAGTAILADMIN_BASE_URL,
                },
            )
            send_mail(
                f"[Joint Procedures Library] {SUBJECTS[reminder.kind]}",
                body,
                None,
                [reminder.recipient.email],
            )
            for page in reminder.pages:
                log(
                    instance=page,
                    action="procedures.reminder",
                    data={"kind": reminder.kind, "recipient": reminder.recipient.email},
                )
    except IntegrityError:
        return False
    return True


def owner_or_coordinator_filter(user) -> Q:
    return Q() if coordinates_documents(user) else Q(policy_owner=user)
