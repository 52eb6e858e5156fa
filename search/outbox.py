"""No index update lost: a durable outbox between the library and an external engine.

A change (publish, unpublish, save, delete, glossary edit) bumps its row's `version` in
`IndexOutbox`, inside the transaction that made the change: if the change commits, so does
the note that the index must follow. Delivery happens outside the request, in a task
(django-tasks: the database backend's worker in production, `manage.py db_worker`):

- the task delivers every due row: it reads each row's version, then the document's sections
  as they are now, and sends them in bulk requests (chunked) with that version as an external
  version, so the cluster keeps an item only if it is newer than what it holds. A late or
  repeated delivery can never overwrite a later one;
- per-item answers are read: 2xx, a 404 on a delete and a 409 (a later version is there) are
  delivered; anything else keeps the row pending with its error, retried with exponential
  back-off (SEARCH_OUTBOX_BACKOFF seconds, doubling, at most SEARCH_OUTBOX_BACKOFF_MAX);
- while rows are pending the task schedules itself again for the earliest retry, so an outage
  heals with no manual step.

Changes coalesce: three saves in one publish bump one row three times and send one bulk
request. One log line per outage (when it starts), one when it ends.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import timezone

from .models import IndexOutbox

logger = logging.getLogger(__name__)
GLOSSARY_KEY = "glossary"
BATCH = 200  # documents per delivery round


def document_key(page_id: int) -> str:
    return f"document:{page_id}"


def external_engine():
    """The configured engine if it is an external one (None for the database engines)."""
    from .engines import get_engine

    engine = get_engine()
    return engine if getattr(engine, "external", False) else None


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
    _bump(document_key(page_id), page_id)


def record_glossary() -> None:
    _bump(GLOSSARY_KEY, None)


def _kick() -> None:
    from .tasks import deliver_search_updates

    try:
        deliver_search_updates.enqueue()
    except Exception:
        # The rows are committed: the next kick or the worker's retry delivers them.
        logger.exception("Search: could not queue index delivery")


def schedule() -> None:
    """Queue one delivery task for this transaction. A database task backend queues it in
    the same transaction (durable with the change); an in-process backend runs it after
    commit."""
    from .tasks import deliver_search_updates

    if deliver_search_updates.get_backend().supports_defer:
        from .tasks import queued_now

        if not queued_now():  # one waiting task delivers every change
            _kick()
        return
    # After commit (the task reads committed rows); a second kick in one request finds
    # nothing due and sends nothing.
    transaction.on_commit(_kick)


# -- delivering ----------------------------------------------------------------------------
def backoff(attempts: int) -> timedelta:
    base = float(getattr(settings, "SEARCH_OUTBOX_BACKOFF", 5))
    cap = float(getattr(settings, "SEARCH_OUTBOX_BACKOFF_MAX", 300))
    delay = min(cap, base * 2 ** max(attempts - 1, 0))
    return timedelta(seconds=delay * random.uniform(0.8, 1.0))  # jitter, not a secret


def due() -> Q:
    return Q(version__gt=F("delivered_version")) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now())
    )


def _failed(row: IndexOutbox, version: int, error: str, retryable: bool = True) -> None:
    attempts = row.attempts + 1
    IndexOutbox.objects.filter(pk=row.pk, version=version).update(
        attempts=attempts, next_attempt_at=timezone.now() + backoff(attempts), last_error=error
    )
    if not retryable:
        logger.error("Search: the cluster refused %s: %s (retried with back-off)", row.key, error)


def _delivered(row: IndexOutbox, version: int, sections: int = 0) -> None:
    IndexOutbox.objects.filter(pk=row.pk, delivered_version__lt=version).update(
        delivered_version=version,
        sent_sections=Greatest(F("sent_sections"), sections),
        attempts=0,
        next_attempt_at=None,
        last_error="",
        delivered_at=timezone.now(),
    )


def _outage_started(engine, error: Exception) -> None:
    if getattr(engine, "outage_since", None) is None:
        engine.outage_since = time.monotonic()
        logger.error(
            "Search: %s is not taking index updates (%s); they are kept and retried "
            "with back-off", engine.label, error,
        )  # fmt: skip


def _outage_ended(engine) -> None:
    if getattr(engine, "outage_since", None) is not None:
        logger.warning(
            "Search: %s takes index updates again after %.0f s",
            engine.label, time.monotonic() - engine.outage_since,
        )  # fmt: skip
        engine.outage_since = None


def deliver_due(engine=None, limit: int | None = None) -> dict[str, int]:
    """Deliver every due row (a round of BATCH documents at a time). Never raises for
    cluster failures: they are written to the rows."""
    from .engines.base import EngineUnavailable
    from .engines.elasticsearch import DocumentUpdate

    engine = engine or external_engine()
    counts = {"delivered": 0, "failed": 0}
    if engine is None:
        return counts
    seen: set[int] = set()
    while True:
        rows = list(IndexOutbox.objects.filter(due()).exclude(pk__in=seen).order_by("changed_at")
                    [: BATCH])  # fmt: skip
        if not rows:
            return counts
        seen.update(row.pk for row in rows)
        # Versions first, content second: the content sent is never older than its label.
        versions = {row.pk: row.version for row in rows}
        glossary = [row for row in rows if row.key == GLOSSARY_KEY]
        documents = [row for row in rows if row.document_id is not None]
        done: set[int] = set()
        try:
            for row in glossary:
                engine.glossary_changed()
                _delivered(row, versions[row.pk])
                done.add(row.pk)
                counts["delivered"] += 1
            sources = engine.sources(row.document_id for row in documents)
            updates = {
                row.document_id: DocumentUpdate(
                    row.document_id,
                    versions[row.pk],
                    sources[row.document_id],
                    list(range(len(sources[row.document_id]), row.sent_sections)),
                )
                for row in documents
            }
            outcome = engine.apply(list(updates.values())) if updates else None
        except EngineUnavailable as error:
            _outage_started(engine, error)
            for row in rows:
                if row.pk not in done:
                    _failed(row, versions[row.pk], str(error))
                    counts["failed"] += 1
            continue
        _outage_ended(engine)
        for row in documents:
            if outcome and row.document_id in outcome.errors:
                _failed(row, versions[row.pk], outcome.errors[row.document_id],
                        outcome.retryable[row.document_id])  # fmt: skip
                counts["failed"] += 1
            else:
                _delivered(row, versions[row.pk], len(updates[row.document_id].sources))
                counts["delivered"] += 1
        if limit is not None and counts["delivered"] + counts["failed"] >= limit:
            return counts


def deliver_now(page_ids: Iterable[int]) -> None:
    """Record and deliver these documents at once (tests, the live suite)."""
    for page_id in page_ids:
        with transaction.atomic():
            IndexOutbox.objects.get_or_create(
                key=document_key(page_id), defaults={"document_id": page_id}
            )
            IndexOutbox.objects.filter(key=document_key(page_id)).update(
                version=F("version") + 1, changed_at=timezone.now(), next_attempt_at=None
            )
    deliver_due()


def next_retry() -> datetime | None:
    row = (
        IndexOutbox.objects.filter(version__gt=F("delivered_version"))
        .order_by(F("next_attempt_at").asc(nulls_first=True))
        .first()
    )
    if row is None:
        return None
    return row.next_attempt_at or timezone.now()


# -- rebuilds ------------------------------------------------------------------------------
def versions(page_ids: list[int]) -> dict[int, int]:
    """Each document's current version (rows are made for documents that have none, so a
    later change always carries a higher version than what a rebuild wrote)."""
    found = dict(
        IndexOutbox.objects.filter(key__in=[document_key(p) for p in page_ids]).values_list(
            "document_id", "version"
        )
    )
    missing = [page_id for page_id in page_ids if page_id not in found]
    if missing:
        IndexOutbox.objects.bulk_create(
            [IndexOutbox(key=document_key(p), document_id=p, version=1, delivered_version=1)
             for p in missing],
            ignore_conflicts=True,
        )  # fmt: skip
        found.update(
            IndexOutbox.objects.filter(key__in=[document_key(p) for p in missing]).values_list(
                "document_id", "version"
            )
        )
    return found


def indexed(counts: dict[int, int]) -> None:
    """A rebuild indexed these documents with this many sections each."""
    for page_id, count in counts.items():
        IndexOutbox.objects.filter(key=document_key(page_id)).update(
            sent_sections=Greatest(F("sent_sections"), count)
        )


def rebuild_started() -> datetime:
    return timezone.now()


def rebuilt(started: datetime) -> None:
    """Changes made while the new index was filling may have gone to the old one: send them
    again (their versions keep whatever the rebuild already holds if it is newer)."""
    IndexOutbox.objects.filter(changed_at__gte=started, document_id__isnull=False).update(
        delivered_version=0, next_attempt_at=None
    )
    schedule()


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
