"""Admin forms: only a document's owner (or the policy coordinator) may make it required
reading, and only for a document they can see."""

from __future__ import annotations

import secrets

from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

from procedures import access

COORDINATOR_PERMISSION = "induction.change_pathway"


def may_require_any_document(user) -> bool:
    return bool(user and (user.is_superuser or user.has_perm(COORDINATOR_PERMISSION)))


class OnceForm(WagtailAdminModelForm):
    """A form that carries a random key, so the view can tell the same submission arriving
    twice from a new one (see `models.Submission`)."""

    submission = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["submission"] = secrets.token_urlsafe(24)


class RequiredReadingForm(OnceForm):
    def clean_document(self):
        document = self.cleaned_data.get("document")
        user = self.for_user
        if document is None or user is None:
            return document
        if not access.is_cleared_for(user, document):
            raise ValidationError("Choose a document you can see.")
        if document.policy_owner_id != user.pk and not may_require_any_document(user):
            raise ValidationError(
                "Only the document's policy owner or the policy coordinator can make it "
                "required reading."
            )
        return document

    def save(self, commit=True):
        if self.instance._state.adding and self.for_user is not None:
            self.instance.set_by = self.for_user
        return super().save(commit=commit)


class PathwayForm(OnceForm):
    def clean(self):
        cleaned = super().clean()
        user = self.for_user
        items = self.formsets.get("items")
        if user is not None and items is not None:
            for form in items.forms:
                document = (
                    form.cleaned_data.get("document") if hasattr(form, "cleaned_data") else None
                )
                if document is not None and not access.is_cleared_for(user, document):
                    form.add_error("document", "Choose a document you can see.")
        return cleaned
