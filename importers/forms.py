"""The admin upload form for importing one Word file."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import Group

from procedures.models import (
    DocumentType,
    ProtectiveMarking,
    SectionPage,
    Service,
    reference_validator,
)

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
        section_field = self.fields["section"]
        assert isinstance(section_field, forms.ModelChoiceField)
        section_field.queryset = sections if sections is not None else SectionPage.objects.all()

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


class MetadataForm(ConfirmForm):
    """The extracted details, shown beside where they came from, for the coordinator to
    correct before the draft is created. A proposed OFFICIAL-SENSITIVE marking (the file said
    "Confidential", "Restricted"...) must be confirmed, with the groups that may see it."""

    title = forms.CharField(max_length=255)
    reference = forms.CharField(
        max_length=16,
        required=False,
        validators=[reference_validator],
        help_text="Blank: a new reference is given.",
    )
    version = forms.RegexField(regex=r"^\d{1,4}(\.\d{1,4})?$", required=False, help_text="e.g. 2.1")
    owner_role = forms.CharField(max_length=120, required=False, label="Owner")
    author_name = forms.CharField(max_length=120, required=False, label="Author")
    effective_date = forms.DateField(required=False, help_text="YYYY-MM-DD")
    next_review_date = forms.DateField(required=False, help_text="YYYY-MM-DD")
    document_type = forms.ChoiceField(choices=[("", "-")] + list(DocumentType.choices),
                                      required=False)  # fmt: skip
    protective_marking = forms.ChoiceField(choices=ProtectiveMarking.choices)
    confirm_marking = forms.BooleanField(
        required=False,
        label="I confirm the protective marking and the groups that may see it",
    )
    access_groups = forms.ModelMultipleChoiceField(
        queryset=Group.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only for OFFICIAL-SENSITIVE documents: the groups that may see it.",
    )

    def __init__(self, *args, needs_confirmation: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.needs_confirmation = needs_confirmation

    def clean(self):
        data = super().clean()
        sensitive = data.get("protective_marking") == ProtectiveMarking.OFFICIAL_SENSITIVE
        if self.needs_confirmation and not data.get("confirm_marking"):
            self.add_error(
                "confirm_marking",
                "The file states a protective marking that was proposed as OFFICIAL-SENSITIVE: "
                "confirm it (or choose OFFICIAL) before the draft is created.",
            )
        if sensitive and data.get("confirm_marking") and not data.get("access_groups"):
            self.add_error("access_groups", "Choose the groups that may see this document.")
        return data

    @classmethod
    def initial_for(cls, meta, token: str, groups: list[int]) -> dict:
        version = f"{meta.version[0]}.{meta.version[1]}" if meta.version else ""
        return {
            "token": token,
            "title": meta.title,
            "reference": meta.reference,
            "version": version,
            "owner_role": meta.owner_role[:120],
            "author_name": meta.author[:120],
            "effective_date": meta.effective_date,
            "next_review_date": meta.review_date,
            "document_type": meta.document_type,
            "protective_marking": meta.marking,
            "access_groups": groups,
        }

    def apply(self, meta) -> None:
        """Write the coordinator's corrections onto the extracted metadata."""
        data = self.cleaned_data
        meta.title = data["title"]
        meta.reference = data["reference"]
        if data["version"]:
            major, _, minor = data["version"].partition(".")
            meta.version = (int(major), int(minor or 0))
        else:
            meta.version = None
        meta.owner_role = data["owner_role"]
        meta.author = data["author_name"]
        meta.effective_date = data["effective_date"]
        meta.review_date = data["next_review_date"]
        meta.document_type = data["document_type"] or meta.document_type
        meta.marking = data["protective_marking"]
        meta.marking_needs_confirmation = False
