"""Driving the approval workflow from tests, the way the admin's buttons do."""

from __future__ import annotations

from wagtail.models import TaskState

from procedures.models import DocumentPage


def submit(page: DocumentPage, author, kind: str = "minor", summary: str = "Tidied wording.",
           edit=None):  # fmt: skip
    """The author edits the latest draft, says what kind of change it is and submits it."""
    draft = page.get_latest_revision_as_object()
    draft.change_kind = kind
    draft.change_summary = summary
    if edit is not None:
        edit(draft)
    draft.save_revision(user=author)
    workflow = page.get_workflow()
    return workflow.start(page, author)


def current_task_state(page: DocumentPage) -> TaskState | None:
    return (
        TaskState.objects.filter(
            workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
        )
        .order_by("-pk")
        .first()
    )


def act(page: DocumentPage, user, action: str = "approve", comment: str = ""):
    """`user` presses approve (or request changes) on the step the document is at."""
    task_state = current_task_state(page)
    assert task_state is not None, "nothing is awaiting a decision"
    kwargs = {"comment": comment} if comment or action == "reject" else {}
    return task_state.task.specific.on_action(task_state, user, action, **kwargs)


def actions_for(page: DocumentPage, user) -> list[str]:
    task_state = current_task_state(page)
    if task_state is None:
        return []
    return [name for name, *_ in task_state.task.specific.get_actions(page, user)]


def fresh(page: DocumentPage) -> DocumentPage:
    return DocumentPage.objects.get(pk=page.pk)
