"""No index update lost: a durable outbox between the library and an external engine.

A change (publish, unpublish, save, delete, glossary edit) bumps its row's `version` in
`IndexOutbox`, inside the transaction that made the change: if the change commits, so does
the note that the index must follow. Delivery happens outside the request, in a task
(django-tasks: the database backend's worker in production, `manage.py db_worker`) that
runs `search.delivery`; while rows stay pending the task schedules itself again for the
earliest retry, so an outage heals with no manual step.

Changes coalesce: three saves in one publish bump one row three times and send one bulk
request.

Layers: this module queues the task (`search.tasks`), the task delivers (`search.delivery`),
delivery talks to the engine (`search.engines`); none imports upwards (import-linter's
contracts in pyproject.toml)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .delivery import deliver_due
from .models import IndexOutbox
from .tasks import deliver_search_updates, queued_now

logger = logging.getLogger(__name__)


# -- recording a change (inside the caller's transaction) ----------------------------------
def _bump(key: str, document_id: int | None) -> None:
    now = timezone.now()
    with transaction.atomic():
        updated = IndexOutbox.objects.filter(key=key).update(
            version=F("version") + 1, changed_at=now, next_attempt_at=None, attempts=0
        )
        if not updated:
            try:
                with transaction.atomic():
                    IndexOutbox.objects.create(
                        key=key, document_id=document_id, version=1, changed_at=now
                    )
            except IntegrityError:  # created meanwhile by a concurrent change
                IndexOutbox.objects.filter(key=key).update(
                    version=F("version") + 1, changed_at=now, next_attempt_at=None, attempts=0
                )
    schedule()


def record_document(page_id: int) -> None:
    """Note that `page_id`'s sections must be (re)sent, in the current transaction."""
    _bump(IndexOutbox.document_key(page_id), page_id)


def record_glossary() -> None:
    _bump(IndexOutbox.GLOSSARY_KEY, None)


def _kick() -> None:
    try:
        deliver_search_updates.enqueue()
    except Exception:
        # The rows are committed: the next kick or the worker's retry delivers them.
        logger.exception("Search: could not queue index delivery")


def schedule() -> None:
    """Queue one delivery task for this transaction. A database task backend queues it in
    the same transaction (durable with the change); an in-process backend runs it after
    commit."""
    if deliver_search_updates.get_backend().supports_defer:
        if not queued_now():  # one waiting task delivers every change
            _kick()
        return
    # After commit (the task reads committed rows); a second kick in one request finds
    # nothing due and sends nothing.
    transaction.on_commit(_kick)


def deliver_now(page_ids: Iterable[int]) -> None:
    """Record and deliver these documents at once (tests, the live suite)."""
    for page_id in page_ids:
        key = IndexOutbox.document_key(page_id)
        with transaction.atomic():
            IndexOutbox.objects.get_or_create(key=key, defaults={"document_id": page_id})
            IndexOutbox.objects.filter(key=key).update(
                version=F("version") + 1, changed_at=timezone.now(), next_attempt_at=None
            )
    deliver_due()


# -- the admin's view ----------------------------------------------------------------------
def summary() -> dict[str, object]:
    """Pending count, failing count and the latest error, for the admin."""
    pending = IndexOutbox.objects.filter(version__gt=F("delivered_version"))
    failing = pending.exclude(last_error="")
    latest = failing.order_by("-next_attempt_at").first()
    last = IndexOutbox.objects.exclude(delivered_at=None).order_by("-delivered_at").first()
    return {
        "pending": pending.count(),
        "failing": failing.count(),
        "last_error": latest.last_error if latest else "",
        "last_error_key": latest.key if latest else "",
        "next_retry": latest.next_attempt_at if latest else None,
        "last_delivered": last.delivered_at if last else None,
    }
