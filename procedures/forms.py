"""The document editor's form (`DocumentPage.base_form_class`).

It names the page model as `self._meta.model` rather than importing it: the page model
imports this form."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.documents import get_document_model
from wagtail.models import Page

from . import access, media_access
from .approval import changed_content, refusal_for_form

SUBMITTING_ACTIONS = ("action-submit", "action-publish", "action-restart-workflow")


WORKFLOW_ACTION = "action-workflow-action"


class DocumentPageForm(WagtailAdminPageForm):
    """The editor's form: submitting or publishing needs a change kind and summary, so every
    published version is numbered and explained; a workflow decision (approve, request
    changes) taken in the editor covers exactly the revision under review."""

    kept_related_ids: list[int] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None or access.sees_everything(user):
            return
        # Choices the editor may not see are out of the choice lists, so a posted id of one
        # is refused exactly as an id that does not exist.
        if "related_documents" in self.fields:
            # Relations to documents the editor may not see are neither shown nor lost: they
            # are left out of the choices and the initial value, and kept on save (`clean`).
            hidden = set(access.hidden_page_ids_list(user))
            field = self.fields["related_documents"]
            field.queryset = field.queryset.exclude(pk__in=hidden)
            initial = [getattr(p, "pk", p) for p in self.initial.get("related_documents") or []]
            self.kept_related_ids = [pk for pk in initial if pk in hidden]
            self.initial["related_documents"] = [pk for pk in initial if pk not in hidden]
        attachments = self.formsets.get("attachments")
        if attachments is not None:
            files = media_access.visible_media(user, get_document_model().objects.all())
            for form in [*attachments.forms, attachments.empty_form]:
                if "document" in form.fields:
                    form.fields["document"].queryset = files

    def check_references(self, cleaned_data) -> None:
        """Every image, file or page the submitted body refers to must be one the editor may
        see; one they may not is refused as one that does not exist."""
        user = self.for_user
        body = cleaned_data.get("body")
        if user is None or body is None or access.sees_everything(user):
            return
        field = self._meta.model._meta.get_field("body")
        for model, object_id, *_ in field.extract_references(body):
            obj = model._default_manager.filter(pk=object_id).first()
            if obj is None:
                visible = False
            elif isinstance(obj, Page):
                visible = access.page_is_visible_to(user, obj)
            else:
                visible = media_access.media_is_visible_to(user, obj)
            if not visible:
                self.add_error(
                    "body",
                    "This refers to an image, file or page that does not exist. Choose it "
                    "again from the chooser.",
                )
                return

    @property
    def is_workflow_action(self) -> bool:
        return self.is_bound and bool(self.data.get(WORKFLOW_ACTION))

    @cached_property
    def content_changes(self) -> list[str]:
        """What a person changed in the editor (`approval.changed_content`), worked out once:
        `clean` and the edit view's `has_changed` both ask, and comparing a long body is
        not free."""
        return changed_content(self)

    def has_changed(self) -> bool:
        # Wagtail's edit view saves a revision by the approver before a workflow action when
        # the form has changed. Only a person's change counts, not the rich text editor's.
        if self.is_workflow_action:
            return bool(self.content_changes)
        return super().has_changed()

    def clean(self):
        cleaned_data = super().clean()
        if self.kept_related_ids and cleaned_data.get("related_documents") is not None:
            chosen = [page.pk for page in cleaned_data["related_documents"]]
            cleaned_data["related_documents"] = self._meta.model.objects.filter(
                pk__in=chosen + self.kept_related_ids
            )
        self.check_references(cleaned_data)
        if self.is_workflow_action and not self.errors and self.content_changes:
            # Nobody decides on a revision they edited: refuse before anything is saved,
            # and leave their change on screen.
            raise ValidationError(
                "You changed this document, so you cannot approve or request changes "
                "to it: nobody may decide on a revision that includes their own changes. "
                "Nothing has been saved. Reload the editor to decide on the revision as "
                "submitted, or request changes and describe yours in the comment."
            )
        if (
            any(action in self.data for action in ("action-submit", "action-restart-workflow"))
            and not self.errors
        ):
            refusal = refusal_for_form(self)
            if refusal:
                raise ValidationError(refusal)
        if any(action in self.data for action in SUBMITTING_ACTIONS):
            if "change_kind" in self.fields and not cleaned_data.get("change_kind"):
                self.add_error(
                    "change_kind",
                    "Say whether this is a minor or a major change before submitting.",
                )
            if (
                "change_summary" in self.fields
                and not (cleaned_data.get("change_summary") or "").strip()
            ):
                self.add_error(
                    "change_summary", "Summarise what changed: staff see it in the version history."
                )
        return cleaned_data
