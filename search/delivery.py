"""Delivering the search outbox (`search.outbox`) to the external engine, in the worker
(`search.tasks.deliver_search_updates`):

- every due row is delivered: its version is read, then the document's sections as they are
  now, and they are sent in bulk requests (chunked) with that version as an external
  version, so the cluster keeps an item only if it is newer than what it holds. A late or
  repeated delivery can never overwrite a later one;
- per-item answers are read: 2xx, a 404 on a delete and a 409 (a later version is there) are
  delivered; anything else keeps the row pending with its error, retried with exponential
  back-off (SEARCH_OUTBOX_BACKOFF seconds, doubling, at most SEARCH_OUTBOX_BACKOFF_MAX).

One log line per outage (when it starts), one when it ends."""

from __future__ import annotations

import logging
import random
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import timezone

from .engines import ElasticsearchEngine, EngineUnavailable, external_engine
from .engines.elasticsearch_bulk import DocumentUpdate
from .models import IndexOutbox

logger = logging.getLogger(__name__)
BATCH = 200  # documents per delivery round


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


def _outage_started(engine: ElasticsearchEngine, error: Exception) -> None:
    if engine.outage_since is None:
        engine.outage_since = time.monotonic()
        logger.error(
            "Search: %s is not taking index updates (%s); they are kept and retried "
            "with back-off", engine.label, error,
        )  # fmt: skip


def _outage_ended(engine: ElasticsearchEngine) -> None:
    if engine.outage_since is not None:
        logger.warning(
            "Search: %s takes index updates again after %.0f s",
            engine.label, time.monotonic() - engine.outage_since,
        )  # fmt: skip
        engine.outage_since = None


def deliver_due(
    engine: ElasticsearchEngine | None = None, limit: int | None = None
) -> dict[str, int]:
    """Deliver every due row (a round of BATCH documents at a time). Never raises for
    cluster failures: they are written to the rows."""
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
        glossary = [row for row in rows if row.key == IndexOutbox.GLOSSARY_KEY]
        documents = {row.document_id: row for row in rows if row.document_id is not None}
        done: set[int] = set()
        try:
            for row in glossary:
                engine.glossary_changed()
                _delivered(row, versions[row.pk])
                done.add(row.pk)
                counts["delivered"] += 1
            sources = engine.sources(documents)
            updates = {
                document_id: DocumentUpdate(
                    document_id,
                    versions[row.pk],
                    sources[document_id],
                    list(range(len(sources[document_id]), row.sent_sections)),
                )
                for document_id, row in documents.items()
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
        for document_id, row in documents.items():
            if outcome and document_id in outcome.errors:
                _failed(row, versions[row.pk], outcome.errors[document_id],
                        outcome.retryable[document_id])  # fmt: skip
                counts["failed"] += 1
            else:
                _delivered(row, versions[row.pk], len(updates[document_id].sources))
                counts["delivered"] += 1
        if limit is not None and counts["delivered"] + counts["failed"] >= limit:
            return counts


def next_retry() -> datetime | None:
    row = (
        IndexOutbox.objects.filter(version__gt=F("delivered_version"))
        .order_by(F("next_attempt_at").asc(nulls_first=True))
        .first()
    )
    if row is None:
        return None
    return row.next_attempt_at or timezone.now()
