"""Only the approval workflow puts a version of a document live, and a document that was
ever published is never deleted.

Two layers, so that a route nobody thought of is covered too:

- Permissions. `DocumentPermissionTester` (every document's `permissions_for_user`) answers
  no to publish, unpublish, schedule and copy for everyone, superusers included, and no to
  delete for a document that was ever published; `TreePermissionTester` (sections, library
  home) answers no to deleting a branch holding such a document. Wagtail's editor, bulk
  actions, revisions (revert), copy and delete views all ask these testers, so their
  buttons disappear and their posts are refused.
- The data itself. `guard_publication` (a `pre_save` receiver) refuses to save a document
  whose live revision changes unless that revision is the one the document's latest
  workflow approved at every step; `guard_deletion` (`pre_delete`) refuses to delete a
  document that was ever published. Scheduled publishing, management commands, the
  importer and any code calling `revision.publish()` meet these.

Publishing outside the workflow is possible only inside `publication_outside_workflow`,
which names why: the demo library loader uses it for its ready-made history."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from django.core.exceptions import PermissionDenied
from wagtail.models import Page, PagePermissionTester, TaskState, WorkflowState

from . import get_document_page_model


class PublicationRefused(PermissionDenied):
    """A version was about to go live without the approval workflow."""


class DeletionRefused(PermissionDenied):
    """A document that was published (or a branch holding one) was about to be deleted."""


_outside_workflow: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "publication_outside_workflow", default=None
)


@contextlib.contextmanager
def _allowed(permission: contextvars.ContextVar[str | None], reason: str) -> Iterator[None]:
    """Set `permission` to `reason` (which must say something) for this block only."""
    if not reason.strip():
        raise ValueError(f"Say why: {permission.name.replace('_', ' ')} needs a reason.")
    token = permission.set(reason)
    try:
        yield
    finally:
        permission.reset(token)


def publication_outside_workflow(reason: str) -> contextlib.AbstractContextManager[None]:
    """Allow direct publication in this block (this thread only), e.g. loading the demo
    library with its ready-made history. `reason` says why, for whoever reads the code."""
    return _allowed(_outside_workflow, reason)


_deletion_allowed: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "deleting_published_documents", default=None
)


def deleting_published_documents(reason: str) -> contextlib.AbstractContextManager[None]:
    """Allow deleting published documents in this block (this thread only). Nothing in the
    site uses it; tests that simulate a missing document do, and say why."""
    return _allowed(_deletion_allowed, reason)


def approved_by_workflow(page, revision_id: int) -> bool:
    """True if the page's latest workflow finished approved and every one of its tasks
    approved exactly this revision."""
    state = (
        WorkflowState.objects.filter(
            base_content_type_id=page.get_base_content_type().pk, object_id=str(page.pk)
        )
        .order_by("-created_at", "-pk")
        .select_related("workflow")
        .first()
    )
    if state is None or state.status != WorkflowState.STATUS_APPROVED:
        return False
    task_ids = {task.pk for task in state.workflow.tasks}
    approved = set(
        state.task_states.filter(
            status=TaskState.STATUS_APPROVED, revision_id=revision_id
        ).values_list("task_id", flat=True)
    )
    return bool(task_ids) and task_ids <= approved


def guard_publication(sender, instance, raw=False, **kwargs) -> None:
    """`pre_save` for documents: a revision becoming live must be the workflow's."""
    if raw or _outside_workflow.get() is not None:
        return
    revision_id = instance.live_revision_id
    if not (instance.live and revision_id):
        return
    if instance.pk:
        stored = type(instance).objects.filter(pk=instance.pk).values("live", "live_revision_id")
        before = stored.first()
        if before and before["live"] and before["live_revision_id"] == revision_id:
            return  # not a publication: the live version is unchanged
    if instance.pk and approved_by_workflow(instance, revision_id):
        return
    raise PublicationRefused(
        f"{instance} cannot be published directly: only a revision approved by owner review "
        "and every required service sign-off is published, by the approval workflow."
    )


def ever_published(pages) -> bool:
    """True if any document in `pages` (a Page queryset) has ever been published."""
    documents = get_document_page_model().objects.filter(pk__in=pages.values("pk"))
    return (
        documents.filter(first_published_at__isnull=False).exists()
        or documents.filter(live=True).exists()
        or documents.filter(versions__imported=False).exists()
    )


def guard_deletion(sender, instance, **kwargs) -> None:
    """`pre_delete` for documents: one that was ever published is withdrawn, not deleted."""
    if _deletion_allowed.get() is not None:
        return
    if ever_published(Page.objects.filter(pk=instance.pk)):
        raise DeletionRefused(
            f"{instance} was published, so it cannot be deleted: withdraw it instead. Its "
            "versions, approvals and acknowledgements stay on record."
        )


class TreePermissionTester(PagePermissionTester):
    """Sections and the library home: not deletable (or movable away) while they hold a
    document that was ever published."""

    def can_delete(self, ignore_bulk=False):
        if not super().can_delete(ignore_bulk=ignore_bulk):
            return False
        return not ever_published(self.page.get_descendants(inclusive=True))


def document_permission_tester(base: type[PagePermissionTester]) -> type[PagePermissionTester]:
    """`base` (the clearance-checking tester) minus every way round the workflow."""

    class DocumentPermissionTester(base):
        def can_publish(self):
            return False  # the workflow publishes (procedures.workflow_actions)

        def can_unpublish(self):
            return False  # withdraw instead: staff then see why

        def can_unschedule(self):
            return False

        def can_set_view_restrictions(self):
            return False  # protective marking and access groups do this

        def can_copy(self):
            return False  # a copy would be a second live document without approval

        def can_delete(self, ignore_bulk=False):
            if not super().can_delete(ignore_bulk=ignore_bulk):
                return False
            return not ever_published(Page.objects.filter(pk=self.page.pk))

        def can_move(self):
            # Moving between sections is not deletion: keep Wagtail's own rule.
            return base.can_delete(self, ignore_bulk=True)

    return DocumentPermissionTester
