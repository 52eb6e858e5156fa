"""E-mails to the people who must act on a document in the approval workflow.

When a step starts (Wagtail's `task_submitted`), everyone who may decide on it now gets an
e-mail that names the document, the change, any change of protective marking, and links to
the decision: the editor's footer holds their actions, the preview shows the revision as
submitted. The recipients are exactly the task's `decider_ids`, so nobody who is not cleared
for the document (or who edited the revision) is told about it. Wagtail's own "submitted"
e-mail, which only goes to superusers, is switched off
(`WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False`); its "approved" and "changes
requested" e-mails to the author stay."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string

from .approval import _document, marking_change
from .models import OwnerReviewTask, ServiceSignOffTask
from .people import display_name

logger = logging.getLogger(__name__)


def decision_links(page, task_state) -> dict[str, str]:
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return {
        "decide_url": f"{base}/admin/pages/{page.pk}/edit/",
        "preview_url": f"{base}/admin/pages/workflow/preview/{page.pk}/{task_state.task_id}/",
        "dashboard_url": f"{base}/admin/",
    }


def notify_deciders(sender, instance, user=None, **kwargs) -> None:
    """`task_submitted` receiver: e-mail each person who may decide on the new step."""
    task_state = instance
    task = task_state.task.specific
    if not isinstance(task, OwnerReviewTask | ServiceSignOffTask):
        return
    page = _document(task_state)
    if page is None:
        return
    people = (
        get_user_model()
        .objects.filter(pk__in=task.decider_ids(page, task_state), is_active=True)
        .exclude(email="")
        .order_by("pk")
    )
    revision = task_state.revision
    proposed = revision.as_object() if revision else page
    step = (
        "owner review"
        if isinstance(task, OwnerReviewTask)
        else "service sign-off (" + " and ".join(task.outstanding(page, task_state)) + ")"
    )
    requested_by = task_state.workflow_state.requested_by
    for person in people:
        body = render_to_string(
            "procedures/emails/decision_needed.txt",
            {
                "person_name": display_name(person),
                "page": proposed,
                "step": step,
                "requested_by": display_name(requested_by) or "the importer",
                "marking_change": marking_change(page, revision),
                **decision_links(page, task_state),
            },
        )
        subject = f"[Joint Procedures Library] {proposed.reference} awaits your {step}"
        send_mail(subject, body, None, [person.email])
