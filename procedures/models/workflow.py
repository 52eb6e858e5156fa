"""The approval workflow's steps, as Wagtail `Task` models, and the sign-offs they record.

Author submits -> the document's owner reviews (`OwnerReviewTask`) -> service sign-off
(`ServiceSignOffTask`) -> published. The rules every step applies (separation of duties,
clearance, someone can always act) are in `procedures.approval`."""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Task, TaskState

from ..approval import (
    LockedDecisionMixin,
    SubmissionRefused,
    _document,
    _in_group,
    _members,
    cleared_for_review,
    editor_ids,
    missing_deciders,
    refusal_message,
)
from ..choices import Service


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

    def reviewer_ids(
        self, page, exclude: AbstractSet[int] = frozenset(), revision=None
    ) -> set[int]:
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
            },
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
