"""Signal handlers that keep search in step with the library."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_tasks.signals import task_finished, task_started
from wagtail.signals import page_published, page_unpublished

from procedures.models import DocumentPage

from . import glossary, indexing, wagtail_backends
from .models import GlossaryTerm


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    if isinstance(instance, DocumentPage):
        indexing.sync_document(instance)


@receiver(post_save, sender=DocumentPage)
def document_saved(sender, instance, raw=False, **kwargs):
    # Withdrawal, supersession, moves and restriction changes are applied at query time from
    # the live rows; re-syncing keeps titles current and external engines' filters in step.
    if not raw:
        indexing.sync_document(instance)


@receiver(post_delete, sender=DocumentPage)
def document_deleted(sender, instance, **kwargs):
    indexing.remove_document(instance.pk)


@receiver(post_save, sender=GlossaryTerm)
@receiver(post_delete, sender=GlossaryTerm)
def glossary_changed(sender, instance, **kwargs):
    glossary.changed()


@receiver(task_started)
def task_began(sender, **kwargs):
    wagtail_backends.in_task.set(wagtail_backends.in_task.get() + 1)


@receiver(task_finished)
def task_ended(sender, **kwargs):
    wagtail_backends.in_task.set(max(wagtail_backends.in_task.get() - 1, 0))
