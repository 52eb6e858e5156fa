"""The rules of the approval workflow, built on Wagtail's workflows. Its steps, the `Task`
models, are in `procedures.models.workflow`; this module imports no page model, so the
models and the editor's form can both rely on it.

Author submits -> the document's owner reviews (`OwnerReviewTask`) -> service sign-off
(`ServiceSignOffTask`: a police approver for police documents, a fire approver for fire
documents, both, in either order, for joint documents) -> published.

Rules that hold on every step:
- Separation of duties: nobody approves or rejects a revision they edited (any revision saved
  since the document was last published, or the submission itself).
- A decision taken in the page editor covers the revision as submitted: an untouched editor
  saves no revision by the approver, and one the approver changed is refused with nothing
  saved (`changed_content`, used by `DocumentPageForm`).
- Each decision is taken under a row lock on the task state (`select_for_update`), so two
  approvers acting at the same moment each have their decision recorded exactly once and the
  document is published exactly once.
- Need to know: only people cleared for the document, as it is and as the revision under
  review would make it, may decide on it, preview it or be told about it.
- Someone can always act: an owner's own revision goes to another policy owner or the policy
  coordinator, and a document is not submitted at all (`missing_deciders`) while a step has
  nobody cleared, other than its editors, to decide on it. The error names the role, not
  the people.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from wagtail import blocks
from wagtail.blocks.base import BlockField
from wagtail.models import Revision, Task, TaskState, WorkflowState

from . import get_document_page_model
from .access import is_cleared_for
from .choices import ProtectiveMarking

if TYPE_CHECKING:
    from .models import DocumentPage

APPROVAL_WORKFLOW_NAME = "Document approval"


def editor_ids(page, workflow_state: WorkflowState | None = None) -> set[int]:
    """Users who edited the revision now under review: the authors of every revision saved
    since the page was last published, and whoever submitted it."""
    revisions = Revision.page_revisions.filter(object_id=str(page.pk))
    live = type(page).objects.filter(pk=page.pk).values_list("last_published_at", flat=True)
    last_published_at = live.first()
    if last_published_at:
        revisions = revisions.filter(created_at__gt=last_published_at)
    ids = {user_id for user_id in revisions.values_list("user_id", flat=True) if user_id}
    if workflow_state is not None and workflow_state.requested_by_id:
        ids.add(workflow_state.requested_by_id)
    return ids


# -- deciding from the page editor -------------------------------------------------------
# Wagtail's edit view posts the whole editor form with a workflow action and, if the form
# "has changed", saves it as a new revision by the approver before acting. The rich text
# editor's round trip alone changes the stored HTML (it adds `data-block-key` attributes), so
# an untouched form looked changed: the approver became an editor of the revision and was
# refused. `DocumentPageForm` asks `changed_content` instead, which ignores what the editor
# itself rewrites and reports only what a person changed.

_BLOCK_KEY = re.compile(r'\sdata-block-key="[^"]*"')

#: Editor fields that are not part of the document (the approver's own notifications).
NOT_CONTENT_FIELDS = frozenset({"comment_notifications"})


def comparable_blocks(block: blocks.Block, value: Any) -> Any:
    """A block value as content, for comparison: block ids dropped, rich text as the editor
    round-trips it without Draftail's block keys."""
    if isinstance(block, blocks.StreamBlock):
        return [(child.block_type, comparable_blocks(child.block, child.value)) for child in value]
    if isinstance(block, blocks.ListBlock):
        return [comparable_blocks(block.child_block, item) for item in value]
    if isinstance(block, blocks.StructBlock):
        return {name: comparable_blocks(child, value.get(name))
                for name, child in block.child_blocks.items()}  # fmt: skip
    if isinstance(block, blocks.RichTextBlock):
        state = block.get_form_state(value)
        source = block.value_from_datadict({"html": state}, {}, "html").source
        return _BLOCK_KEY.sub("", source)
    return block.get_prep_value(value)


def changed_content(form) -> list[str]:
    """The fields (and inline panels) of a bound, validated editor form whose content a
    person changed from what the editor showed them."""
    changed = []
    for name in form.changed_data:
        if name in NOT_CONTENT_FIELDS:
            continue
        field = form.fields[name]
        if isinstance(field, BlockField) and name in form.cleaned_data:
            before, after = form[name].initial, form.cleaned_data[name]
            if comparable_blocks(field.block, before) == comparable_blocks(field.block, after):
                continue
        changed.append(name)
    changed += [name for name, formset in form.formsets.items() if formset.has_changed()]
    return changed


def _document(task_state_or_obj) -> DocumentPage | None:
    obj = task_state_or_obj
    if isinstance(obj, TaskState):
        obj = obj.workflow_state.content_object
    obj = getattr(obj, "specific", obj)
    return obj if isinstance(obj, get_document_page_model()) else None


def _in_group(user, group_id: int | None) -> bool:
    return bool(group_id) and user.groups.filter(pk=group_id).exists()


def cleared_for_review(user, page, revision: Revision | None = None) -> bool:
    """True if `user` may read `page` as it is and as `revision` would make it."""
    if not is_cleared_for(user, page):
        return False
    if revision is not None and revision.object_id == str(page.pk):
        return is_cleared_for(user, revision.as_object())
    return True


def _members(*group_ids: int | None):
    ids = [gid for gid in group_ids if gid]
    if not ids:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(is_active=True, groups__pk__in=ids).distinct()


def marking_change(page, revision: Revision | None) -> str:
    """What the revision under review changes in the protective marking or access groups of
    the live document, in words ("" if nothing, or if the document was never published)."""
    if revision is None or not page.live:
        return ""
    proposed = revision.as_object()
    changes = []
    if proposed.protective_marking != page.protective_marking:
        changes.append(
            f"protective marking {page.get_protective_marking_display()} -> "
            f"{proposed.get_protective_marking_display()}"
        )
    before = sorted(g.name for g in page.access_groups.all())
    after = sorted(g.name for g in proposed.access_groups.all())
    if before != after:
        changes.append(
            f"access groups {', '.join(before) or 'none'} -> {', '.join(after) or 'none'}"
        )
    return "; ".join(changes)


class LockedDecisionMixin:
    """Take every decision on a fresh, row-locked copy of the task state."""

    def may_decide(self, page, user, task_state: TaskState) -> bool:  # pragma: no cover
        raise NotImplementedError

    def lock(self, task_state: TaskState) -> TaskState:
        locked = TaskState.objects.select_for_update().get(pk=task_state.pk).specific
        if locked.status != TaskState.STATUS_IN_PROGRESS:
            # Someone else decided first; their decision stands.
            raise PermissionDenied("This step has already been decided.")
        return locked

    def decide(self, task_state, user, action_name, **kwargs):
        with transaction.atomic():
            locked = self.lock(task_state)
            # Lock the workflow state too: its update publishes the document.
            WorkflowState.objects.select_for_update().get(pk=locked.workflow_state_id)
            page = _document(locked)
            if page is None or not self.may_decide(page, user, locked):
                raise PermissionDenied("You may not decide on this revision.")
            return self.perform(locked, page, user, action_name, **kwargs)

    def perform(self, task_state, page, user, action_name, **kwargs):
        return Task.on_action(self, task_state, user, action_name, **kwargs)

    def decided_by(self, task_state: TaskState, user, action_name: str) -> bool:
        """`user` has already taken `action_name` on this step: a repeated click, which the
        decision view (`procedures.admin_views.WorkflowActionView`) answers as the first."""
        status = {"approve": TaskState.STATUS_APPROVED, "reject": TaskState.STATUS_REJECTED}
        return task_state.status == status.get(action_name) and task_state.finished_by_id == user.pk

    def on_action(self, task_state, user, action_name, **kwargs):
        return self.decide(task_state, user, action_name, **kwargs)


# -- who can act, before anything is submitted ----------------------------------------------


class SubmissionRefused(ValidationError):
    """A submission for approval with a step nobody could decide on."""


def missing_deciders(page, exclude: set[int], workflow=None) -> list[str]:
    """The roles with nobody able to decide on `page` (a document as it would be submitted)
    at some step of its workflow, people in `exclude` (its editors) left out."""
    workflow = workflow or page.get_workflow()
    if workflow is None:
        return []
    missing: list[str] = []
    for task in workflow.tasks:
        specific = task.specific
        if hasattr(specific, "missing_deciders"):
            missing += specific.missing_deciders(page, exclude)
    return missing


class Proposal:
    """A document as the editor's form would submit it: just what deciding who can act
    needs (service, owner, marking and access groups), without saving anything."""

    def __init__(self, *, service, policy_owner, protective_marking, access_groups):
        self.service = service
        self.policy_owner = policy_owner
        self.protective_marking = protective_marking
        self._groups = list(access_groups or [])
        self.is_sensitive = protective_marking == ProtectiveMarking.OFFICIAL_SENSITIVE

    @property
    def access_groups(self):
        return self

    def all(self):
        return self._groups


def refusal_for_form(form) -> str:
    """For the editor's submit: why this submission would leave a step with nobody to act
    ("" if someone can act at every step)."""
    page, data = form.instance, form.cleaned_data

    def value(name):
        return data[name] if name in data else getattr(page, name)

    groups = data["access_groups"] if "access_groups" in data else (
        list(page.access_groups.all()) if page.pk else []
    )  # fmt: skip
    proposal = Proposal(
        service=value("service"),
        policy_owner=value("policy_owner"),
        protective_marking=value("protective_marking"),
        access_groups=groups,
    )
    exclude = editor_ids(page) if page.pk else set()
    user = getattr(form, "for_user", None)
    if user is not None:
        exclude.add(user.pk)
    workflow = page.get_workflow() if page.pk else form.parent_page.get_workflow()
    missing = missing_deciders(proposal, exclude, workflow)
    return refusal_message(proposal, missing) if missing else ""


def refusal_message(page, missing: list[str]) -> str:
    """Why a document cannot be submitted, naming the missing roles (never the people)."""
    if page.is_sensitive:
        groups = ", ".join(sorted(g.name for g in page.access_groups.all())) or "no group"
        who = f"cleared for this OFFICIAL-SENSITIVE document (open to: {groups})"
    else:
        who = "able to decide on it"
    roles = " and ".join(missing)
    return (
        f"This document cannot be submitted for approval: it needs {roles} {who} who has "
        "not edited this revision, and there is none. Ask the policy coordinator to clear "
        "someone in that role (or add them to one of the document's access groups), then "
        "submit again. Nothing has been submitted; your draft is saved as it was."
    )
