"""Querysets and template context for the staff-facing listings (home, sections, browse).

Every listing starts from `DocumentPage.objects.in_force().visible_to(user)`, so
restricted, withdrawn, superseded and unpublished documents never appear, whatever the
listing."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from .models import DocumentPage, DocumentType, SectionPage, Service
from .models.querysets import DocumentPageQuerySet

LISTING_FIELDS = (
    "id", "path", "depth", "url_path", "slug", "title", "live", "reference", "service",
    "document_type", "summary", "protective_marking", "version_major", "version_minor",
    "approved_at", "last_published_at", "next_review_date", "withdrawn_at", "superseded_by_id",
    "locale_id", "content_type_id",
)  # fmt: skip


def for_listing(queryset: DocumentPageQuerySet) -> DocumentPageQuerySet:
    """Load only what a listing row shows (the body can be large)."""
    return queryset.only(*LISTING_FIELDS)


class DocumentFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Title or reference contains")
    section = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    service = forms.ChoiceField(required=False, choices=[("", "All services"), *Service.choices])
    type = forms.ChoiceField(
        required=False, label="Type", choices=[("", "All types"), *DocumentType.choices]
    )

    def __init__(self, *args, sections=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sections is None:
            del self.fields["section"]
        else:
            self.fields["section"].choices = [("", "All sections")] + [
                (section.pk, section.title) for section in sections
            ]

    def filter(self, queryset: DocumentPageQuerySet, sections=()) -> DocumentPageQuerySet:
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("section"):
            section = next((s for s in sections if s.pk == data["section"]), None)
            queryset = queryset.descendant_of(section) if section else queryset.none()
        if data.get("service"):
            queryset = queryset.filter(service=data["service"])
        if data.get("type"):
            queryset = queryset.filter(document_type=data["type"])
        if data.get("q"):
            term = data["q"].strip()
            queryset = queryset.filter(title__icontains=term) | queryset.filter(
                reference__icontains=term
            )
        return queryset


def live_sections(home=None) -> list[SectionPage]:
    sections = SectionPage.objects.live()
    if home is not None:
        sections = sections.child_of(home)
    # Sorted here: ORDER BY path makes the database walk every page in the tree by path
    # (tens of milliseconds in a large library) to find the few sections.
    fields = ("id", "path", "depth", "url_path", "title", "intro", "locale_id")
    return sorted(sections.order_by().only(*fields), key=lambda section: section.path)


def count_by_section(documents: QuerySet[DocumentPage], sections) -> dict[int, int]:
    """Number of documents under each section, in one query."""
    if not sections:
        return {}
    prefix_length = len(sections[0].path)
    rows = (
        documents.order_by()
        .annotate(section_path=Substr("path", 1, prefix_length))
        .values("section_path")
        .annotate(n=Count("pk"))
    )
    by_path = {row["section_path"]: row["n"] for row in rows}
    return {section.pk: by_path.get(section.path, 0) for section in sections}


def home_context(home, user) -> dict:
    sections = live_sections(home)
    documents = DocumentPage.objects.in_force().visible_to(user)
    counts = count_by_section(documents, sections)
    for section in sections:
        section.document_count = counts.get(section.pk, 0)
    recent = for_listing(documents).order_by("-last_published_at", "reference")[:8]
    my_reviews = (
        for_listing(documents.due_for_review()).filter(policy_owner=user)
        if user.is_authenticated
        else DocumentPage.objects.none()
    )
    return {
        "sections": sections,
        "recent_documents": list(recent),
        "my_reviews": list(my_reviews.order_by("next_review_date")),
        "today": timezone.localdate(),
    }


def section_context(section, request) -> dict:
    form = DocumentFilterForm(request.GET or None)
    documents = for_listing(
        DocumentPage.objects.in_force().visible_to(request.user).child_of(section)
    )
    documents = form.filter(documents).order_by("reference")
    return {"filter_form": form, "documents": list(documents), "today": timezone.localdate()}


def browse_context(request, per_page: int = 50) -> dict:
    sections = live_sections()
    form = DocumentFilterForm(request.GET or None, sections=sections)
    documents = for_listing(DocumentPage.objects.in_force().visible_to(request.user))
    documents = form.filter(documents, sections).order_by("reference")
    page = Paginator(documents, per_page).get_page(request.GET.get("page"))
    return {"filter_form": form, "page_obj": page, "documents": page.object_list}
