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
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
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

    def on_action(self, task_state, user, action_name, **kwargs):
        return self.decide(task_state, user, action_name, **kwargs)


class OwnerReviewTask(LockedDecisionMixin, Task):
    """The document's owner reviews the change: its named `policy_owner`, or, when it has none
    (or they have left, or they edited the revision), a member of the fallback group."""

    fallback_group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who reviews when the document has no active owner, e.g. Policy owners.",
    )

    admin_form_fields = Task.admin_form_fields + ["fallback_group"]

    class Meta:
        verbose_name = "owner review task"
        verbose_name_plural = "owner review tasks"

    @classmethod
    def get_description(cls):
        return "The document's policy owner (or the fallback group) reviews the change."

    def reviewer_ids(self, page, exclude: set[int] = frozenset()) -> set[int]:
        owner = page.policy_owner
        if owner is not None and owner.is_active and owner.pk not in exclude:
            return {owner.pk}
        if not self.fallback_group_id:
            return set()
        members = self.fallback_group.user_set.filter(is_active=True)
        return set(members.values_list("pk", flat=True)) - set(exclude)

    def may_decide(self, page, user, task_state) -> bool:
        editors = editor_ids(page, task_state.workflow_state)
        if user.pk in editors:
            return False
        return user.pk in self.reviewer_ids(page, exclude=editors)

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
        from .access import hidden_page_ids
        from .models import DocumentPage

        owned = DocumentPage.objects.filter(policy_owner=user)
        if _in_group(user, self.fallback_group_id):
            owned = DocumentPage.objects.filter(
                models.Q(policy_owner=user)
                | models.Q(policy_owner__isnull=True)
                | models.Q(policy_owner__is_active=False)
            )
        page_ids = owned.exclude(pk__in=hidden_page_ids(user)).values_list("pk", flat=True)
        return self.task_states.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            workflow_state__object_id__in=[str(pk) for pk in page_ids],
        )


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

    def services_user_may_sign(self, page, user, task_state) -> list[str]:
        if user.pk in editor_ids(page, task_state.workflow_state):
            return []
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
            data={"service": service, "comment": comment, "task_state_id": task_state.pk},
        )
        if not self.outstanding(page, task_state):
            task_state.approve(user=user, comment=comment)
        return None

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from .access import hidden_page_ids

        services = [
            s for s, gid in (("police", self.police_group_id), ("fire", self.fire_group_id))
            if _in_group(user, gid)
        ]  # fmt: skip
        if not services:
            return TaskState.objects.none()
        from .models import DocumentPage

        wanted = DocumentPage.objects.filter(service__in=[*services, "joint"]).exclude(
            pk__in=hidden_page_ids(user)
        )
        return self.task_states.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            workflow_state__object_id__in=[str(pk) for pk in wanted.values_list("pk", flat=True)],
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
    review, _ = OwnerReviewTask.objects.get_or_create(
        name="Owner review", defaults={"fallback_group": groups.get(roles.POLICY_OWNERS)}
    )
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
