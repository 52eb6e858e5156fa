"""The approval workflow's own steps, built on Wagtail's workflows.

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

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from wagtail import blocks
from wagtail.log_actions import log
from wagtail.models import Revision, Task, TaskState, WorkflowState

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
    from wagtail.blocks.base import BlockField

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
    from .models import DocumentPage

    obj = task_state_or_obj
    if isinstance(obj, TaskState):
        obj = obj.workflow_state.content_object
    obj = getattr(obj, "specific", obj)
    return obj if isinstance(obj, DocumentPage) else None


def _in_group(user, group_id: int | None) -> bool:
    return bool(group_id) and user.groups.filter(pk=group_id).exists()


def cleared_for_review(user, page, revision: Revision | None = None) -> bool:
    """True if `user` may read `page` as it is and as `revision` would make it."""
    from .access import is_cleared_for

    if not is_cleared_for(user, page):
        return False
    if revision is not None and revision.object_id == str(page.pk):
        return is_cleared_for(user, revision.as_object())
    return True


def _members(*group_ids: int | None):
    from django.contrib.auth import get_user_model

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


class OwnerReviewTask(LockedDecisionMixin, Task):
    """The document's owner reviews the change: its named `policy_owner`, or, when it has none
    (or they have left, edited the revision or are not cleared for it), another member of the
    fallback group (Policy owners) or of the coordinator group (Policy coordinator)."""

    fallback_group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who reviews when the document has no active owner, e.g. Policy owners.",
    )
    coordinator_group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Also reviews when the owner cannot (e.g. their own revision): "
        "Policy coordinator.",
    )

    admin_form_fields = Task.admin_form_fields + ["fallback_group", "coordinator_group"]

    class Meta:
        verbose_name = "owner review task"
        verbose_name_plural = "owner review tasks"

    @classmethod
    def get_description(cls):
        return "The document's policy owner (or the fallback group) reviews the change."

    role_label = "a policy owner or the policy coordinator"

    def reviewer_ids(self, page, exclude: set[int] = frozenset(), revision=None) -> set[int]:
        """Who may review: the named owner if they can, else the fallback and coordinator
        groups; never an editor of the revision, never anyone not cleared for it."""
        owner = page.policy_owner
        if (
            owner is not None
            and owner.is_active
            and owner.pk not in exclude
            and cleared_for_review(owner, page, revision)
        ):
            return {owner.pk}
        return {
            user.pk
            for user in _members(self.fallback_group_id, self.coordinator_group_id)
            if user.pk not in exclude and cleared_for_review(user, page, revision)
        }

    def missing_deciders(self, page, exclude: set[int]) -> list[str]:
        return [] if self.reviewer_ids(page, exclude) else [self.role_label]

    def decider_ids(self, page, task_state) -> set[int]:
        editors = editor_ids(page, task_state.workflow_state)
        return self.reviewer_ids(page, exclude=editors, revision=task_state.revision)

    def may_decide(self, page, user, task_state) -> bool:
        editors = editor_ids(page, task_state.workflow_state)
        if user.pk in editors or not cleared_for_review(user, page, task_state.revision):
            return False
        return user.pk in self.reviewer_ids(page, exclude=editors, revision=task_state.revision)

    def start(self, workflow_state, user=None):
        """The first step: refuse the whole submission if any step would have nobody to
        decide (the editor's form says so first; this holds for every other route)."""
        page = _document(workflow_state.content_object)
        if page is not None:
            proposed = page.get_latest_revision_as_object()
            exclude = editor_ids(page, workflow_state)
            missing = missing_deciders(proposed, exclude, workflow_state.workflow)
            if missing:
                raise SubmissionRefused(refusal_message(proposed, missing))
        return super().start(workflow_state, user=user)

    def _current_task_state(self, page):
        return (
            TaskState.objects.filter(
                task=self,
                status=TaskState.STATUS_IN_PROGRESS,
                workflow_state__object_id=str(page.pk),
            )
            .select_related("workflow_state")
            .first()
        )

    def get_actions(self, obj, user):
        page = _document(obj)
        task_state = page and self._current_task_state(page)
        if not task_state or not self.may_decide(page, user, task_state):
            return []
        return [
            ("reject", "Request changes", True),
            ("approve", "Approve", False),
            ("approve", "Approve with comment", True),
        ]

    def user_can_access_editor(self, obj, user):
        return bool(self.get_actions(obj, user))

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return _states_user_may_decide(self, user)


class ServiceSignOffTask(LockedDecisionMixin, Task):
    """Sign-off by the owning service's approvers: police, fire, or both for joint documents.

    Each approver's sign-off is a `ServiceSignOff` row (one per service per task state); the
    step is approved when every required service has signed, so joint documents need two
    different people, in either order."""

    police_group = models.ForeignKey(
        Group,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="police approvers",
    )
    fire_group = models.ForeignKey(
        Group, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="fire approvers"
    )

    admin_form_fields = Task.admin_form_fields + ["police_group", "fire_group"]

    class Meta:
        verbose_name = "service sign-off task"
        verbose_name_plural = "service sign-off tasks"

    @classmethod
    def get_description(cls):
        return "Police and/or fire approvers sign off, as the document's owning service requires."

    @staticmethod
    def required_services(page) -> list[str]:
        from .models import Service

        if page.service == Service.JOINT:
            return [Service.POLICE, Service.FIRE]
        return [page.service]

    def group_for(self, service: str) -> int | None:
        return {"police": self.police_group_id, "fire": self.fire_group_id}.get(service)

    def outstanding(self, page, task_state) -> list[str]:
        signed = set(task_state.sign_offs.values_list("service", flat=True))
        return [s for s in self.required_services(page) if s not in signed]

    @staticmethod
    def role_label(service: str) -> str:
        return {"police": "a police approver", "fire": "a fire approver"}.get(
            service, f"a {service} approver"
        )

    def approver_ids(self, page, service: str, exclude: set[int], revision=None) -> set[int]:
        return {
            user.pk
            for user in _members(self.group_for(service))
            if user.pk not in exclude and cleared_for_review(user, page, revision)
        }

    def missing_deciders(self, page, exclude: set[int]) -> list[str]:
        return [
            self.role_label(service)
            for service in self.required_services(page)
            if not self.approver_ids(page, service, exclude)
        ]

    def decider_ids(self, page, task_state) -> set[int]:
        editors = editor_ids(page, task_state.workflow_state)
        signed = set(task_state.sign_offs.values_list("user_id", flat=True))
        ids: set[int] = set()
        for service in self.outstanding(page, task_state):
            ids |= self.approver_ids(page, service, editors | signed, task_state.revision)
        return ids

    def services_user_may_sign(self, page, user, task_state) -> list[str]:
        if user.pk in editor_ids(page, task_state.workflow_state):
            return []
        if not cleared_for_review(user, page, task_state.revision):
            return []  # need to know: not cleared, nothing to decide (or see)
        if task_state.sign_offs.filter(user=user).exists():
            return []  # one person cannot sign for both services
        return [
            service
            for service in self.outstanding(page, task_state)
            if _in_group(user, self.group_for(service))
        ]

    def may_decide(self, page, user, task_state) -> bool:
        return bool(self.services_user_may_sign(page, user, task_state))

    def _current_task_state(self, page):
        return TaskState.objects.filter(
            task=self, status=TaskState.STATUS_IN_PROGRESS, workflow_state__object_id=str(page.pk)
        ).first()

    def get_actions(self, obj, user):
        page = _document(obj)
        task_state = page and self._current_task_state(page)
        if not task_state:
            return []
        services = self.services_user_may_sign(page, user, task_state)
        if not services:
            return []
        label = f"Sign off for {services[0]}"
        return [
            ("reject", "Request changes", True),
            ("approve", label, False),
            ("approve", f"{label} with comment", True),
        ]

    def user_can_access_editor(self, obj, user):
        return bool(self.get_actions(obj, user))

    def perform(self, task_state, page, user, action_name, **kwargs):
        if action_name != "approve":
            return super().perform(task_state, page, user, action_name, **kwargs)
        service = self.services_user_may_sign(page, user, task_state)[0]
        comment = kwargs.get("comment", "")
        ServiceSignOff.objects.create(
            task_state=task_state, service=service, user=user, comment=comment
        )
        log(
            instance=page,
            action="procedures.sign_off",
            user=user,
            revision=task_state.revision,
            data={
                "service": service,
                "comment": comment,
                "task_state_id": task_state.pk,
                "summary": task_state.revision.content.get("change_summary", "")
                if task_state.revision
                else "",
            },  # fmt: skip
        )
        if not self.outstanding(page, task_state):
            task_state.approve(user=user, comment=comment)
        return None

    def decided_by(self, task_state, user, action_name: str) -> bool:
        # A sign-off leaves the step open while another service's is outstanding.
        if action_name == "approve" and task_state.sign_offs.filter(user=user).exists():
            return True
        return super().decided_by(task_state, user, action_name)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return _states_user_may_decide(self, user)


def _states_user_may_decide(task: Task, user):
    """The in-progress steps of `task` that `user` may decide now: exactly what their
    dashboard's "Awaiting your review" lists, so nothing appears there without an action."""
    ids = []
    states = task.task_states.filter(status=TaskState.STATUS_IN_PROGRESS).select_related(
        "workflow_state", "revision"
    )
    for state in states:
        page = _document(state)
        if page is not None and task.may_decide(page, user, state):
            ids.append(state.pk)
    return task.task_states.filter(pk__in=ids)


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
        from .models import ProtectiveMarking

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


class ServiceSignOff(models.Model):
    """One service's sign-off of the revision under review (a task state)."""

    task_state = models.ForeignKey(TaskState, on_delete=models.CASCADE, related_name="sign_offs")
    service = models.CharField(max_length=10)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task_state", "service"], name="one_sign_off_per_service"
            ),
            models.UniqueConstraint(fields=["task_state", "user"], name="one_sign_off_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.service} sign-off by {self.user}"


def ensure_approval_workflow(home) -> None:
    """Create the approval workflow (owner review, then service sign-off) and assign it to
    the library home. Idempotent; called by `ensure_roles`."""
    from wagtail.models import Workflow, WorkflowPage, WorkflowTask

    from . import roles

    groups = {g.name: g for g in Group.objects.filter(name__in=[
        roles.POLICY_OWNERS, roles.POLICE_APPROVERS, roles.FIRE_APPROVERS])}  # fmt: skip
    coordinator = Group.objects.filter(name=roles.POLICY_COORDINATOR).first()
    review, _ = OwnerReviewTask.objects.get_or_create(
        name="Owner review",
        defaults={
            "fallback_group": groups.get(roles.POLICY_OWNERS),
            "coordinator_group": coordinator,
        },
    )
    if review.coordinator_group_id is None and coordinator is not None:
        # Installs from before the coordinator could review an owner's own revision.
        review.coordinator_group = coordinator
        review.save(update_fields=["coordinator_group"])
    sign_off, _ = ServiceSignOffTask.objects.get_or_create(
        name="Service sign-off",
        defaults={
            "police_group": groups.get(roles.POLICE_APPROVERS),
            "fire_group": groups.get(roles.FIRE_APPROVERS),
        },
    )
    workflow, _ = Workflow.objects.get_or_create(name=APPROVAL_WORKFLOW_NAME)
    for order, task in enumerate([review, sign_off]):
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    if home is not None:
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
