"""Background tasks (django-tasks): delivering the search outbox (`search.delivery`) and
writing Wagtail's own index (`search.wagtail_backends`)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult
from modelsearch import index
from modelsearch.backends import get_search_backend

from .delivery import deliver_due, next_retry

logger = logging.getLogger(__name__)


@task()
def deliver_search_updates() -> dict[str, int]:
    """Deliver every due outbox row; while some stay pending (the cluster is down), queue
    this task again for the earliest retry, so delivery resumes with no manual step."""
    counts = deliver_due()
    backend = deliver_search_updates.get_backend()
    retry_at = next_retry()
    if retry_at is not None and backend.supports_defer and not _already_queued():
        deliver_search_updates.using(run_after=retry_at).enqueue()
    return counts


def _already_queued() -> bool:
    """Another delivery task is waiting already (the database backend's own table)."""
    return DBTaskResult.objects.filter(
        task_path=deliver_search_updates.module_path, status="READY"
    ).exists()


def queued_now() -> bool:
    """A delivery task is waiting to run as soon as a worker is free."""
    return (
        DBTaskResult.objects.ready().filter(task_path=deliver_search_updates.module_path).exists()
    )


# Wagtail's own index (search.wagtail_backends): the backend's writes, made here.
WAGTAIL_BACKEND = "default"  # the one Wagtail backend the settings configure


@task()
def update_wagtail_index(action: str, label: str, pks: list) -> int:
    """Add (as they are now) or delete the objects of model `label` in Wagtail's index."""
    backend = get_search_backend(WAGTAIL_BACKEND)
    model = apps.get_model(label)
    if action == "delete":
        for pk in pks:
            backend.delete(model(pk=pk))  # the row is gone: its key is all the index needs
        return len(pks)
    done = 0
    for obj in model.objects.filter(pk__in=pks):
        indexed = index.get_indexed_instance(obj)
        if indexed is not None:  # gone since, or not indexed: a delete, if any, follows
            backend.add(indexed)
            done += 1
    return done


def queue_wagtail_index_update(action: str, label: str, pks: list, retry: bool = False) -> None:
    """Queue a write to Wagtail's index (in the caller's transaction, with a database task
    backend). A retry waits until the breaker lets calls through again."""
    pks = [pk if isinstance(pk, int) else str(pk) for pk in pks]
    task_ = update_wagtail_index
    if retry and task_.get_backend().supports_defer:
        wait = float(getattr(settings, "ELASTICSEARCH_RETRY_AFTER", 30))
        task_ = task_.using(run_after=timezone.now() + timedelta(seconds=wait))
    task_.enqueue(action, label, pks)
