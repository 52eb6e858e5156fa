"""Background tasks (django-tasks): delivering the search outbox (`search.outbox`)."""

from __future__ import annotations

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def deliver_search_updates() -> dict[str, int]:
    """Deliver every due outbox row; while some stay pending (the cluster is down), queue
    this task again for the earliest retry, so delivery resumes with no manual step."""
    from .outbox import deliver_due, next_retry

    counts = deliver_due()
    backend = deliver_search_updates.get_backend()
    retry_at = next_retry()
    if retry_at is not None and backend.supports_defer and not _already_queued():
        deliver_search_updates.using(run_after=retry_at).enqueue()
    return counts


def _waiting():
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - another backend
        return None
    return DBTaskResult.objects.filter(task_path=deliver_search_updates.module_path, status="READY")


def _already_queued() -> bool:
    """Another delivery task is waiting already (the database backend's own table)."""
    waiting = _waiting()
    return waiting is not None and waiting.exists()


def queued_now() -> bool:
    """A delivery task is waiting to run as soon as a worker is free."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - another backend
        return False
    return (
        DBTaskResult.objects.ready().filter(task_path=deliver_search_updates.module_path).exists()
    )
