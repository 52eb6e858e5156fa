"""The admin upload form for importing one Word file."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import Group

from procedures.models import SectionPage, Service

from .package import limits


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Word file",
        help_text=".docx, .docm, .dotx or legacy .doc. Macros are never run.",
    )
    section = forms.ModelChoiceField(
        queryset=SectionPage.objects.none(),
        help_text="Where a new document goes. A file for an existing reference revises that "
        "document wherever it is.",
    )
    service = forms.ChoiceField(
        required=False,
        choices=[("", "From the document's front sheet")] + list(Service.choices),
        label="Owning service",
    )

    access_groups = forms.ModelMultipleChoiceField(
        queryset=Group.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only for OFFICIAL-SENSITIVE documents: the groups that may see it.",
    )

    def __init__(self, *args, sections=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = (
            sections if sections is not None else SectionPage.objects.all()
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        cap = limits().max_file_bytes
        if upload.size > cap:
            raise forms.ValidationError(
                f"The file is {upload.size:,} bytes; the limit is {cap:,}. Compress its images "
                "in Word (File > Compress Pictures) and try again."
            )
        return upload


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    confirm_lower_marking = forms.BooleanField(
        required=False,
        label="I confirm: lower this document's protective marking",
        help_text="Only when the file's marking is lower than the document's.",
    )
