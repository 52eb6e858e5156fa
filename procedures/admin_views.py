"""Wagtail admin views for the review cycle and audit: reviews due, "no change needed" review,
withdraw, supersede, and a document's history as CSV. Wired up in `wagtail_hooks.py`; the
workflow decision view and the page types report replace Wagtail's at their addresses
(`site/urls.py`)."""

from __future__ import annotations

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.pages.workflow import WorkflowActionView as _WorkflowActionView
from wagtail.admin.views.reports import ReportView
from wagtail.admin.views.reports.page_types_usage import (
    PageTypesUsageReportView as _PageTypesUsageReportView,
)
from wagtail.models import Page, PageLogEntry, TaskState

from . import access
from .approval import LockedDecisionMixin
from .csv_export import csv_response, neutralise
from .history_log import audit_row
from .models import DocumentPage, Service
from .permissions import coordinates_documents
from .reviews import (
    due_for_review,
    record_no_change_review,
    supersede,
    withdraw,
)


def may_look_after(user, page: DocumentPage) -> bool:
    """The coordinator looks after every document; an owner looks after their own."""
    return coordinates_documents(user) or (page.policy_owner_id and page.policy_owner_id == user.pk)


def _document(request, pk: int) -> DocumentPage:
    page = get_object_or_404(DocumentPage, pk=pk)
    if not access.is_cleared_for(request.user, page):
        raise Http404
    return page


class ReviewsDueFilterSet(WagtailFilterSet):
    due = django_filters.ChoiceFilter(
        label="Review",
        choices=[
            ("overdue", "Overdue"),
            ("soon", f"Due within {settings.REVIEW_DUE_SOON_DAYS} days"),
        ],
        empty_label="Overdue or due soon",
        method="filter_due",
    )
    service = django_filters.ChoiceFilter(choices=Service.choices, empty_label="All services")

    class Meta:
        model = DocumentPage
        fields = ["due", "service"]

    def filter_due(self, queryset, name, value):
        today = timezone.localdate()
        if value == "overdue":
            return queryset.filter(next_review_date__lt=today)
        return queryset.filter(next_review_date__gte=today)


class LinkColumn(Column):
    """A plain link in each row (Wagtail's TitleColumn is the row's heading)."""

    cell_template_name = "procedures/admin/cells/link.html"

    def __init__(self, name, *, get_url, **kwargs):
        super().__init__(name, **kwargs)
        self.get_url = get_url

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = self.get_url(instance)
        return context


def _day(value) -> str:
    """A date as people write it: the review date is a deadline, not "3 months ago"."""
    return (
        date_format(timezone.localdate(value) if hasattr(value, "hour") else value, "j M Y")
        if value
        else ""
    )


def _edit_url(page: DocumentPage) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def _review_url(page: DocumentPage) -> str:
    return reverse("procedures_admin:review", args=[page.pk])


class ReviewsDueReportView(ReportView):
    """Documents whose review is overdue or due soon (`reviews.due_for_review`: all of them
    for the coordinator, their own for an owner, never one the user is not cleared for),
    under Reports, with CSV and Excel export."""

    page_title = "Reviews due"
    header_icon = "date"
    index_url_name = "procedures_admin:reviews_due"
    index_results_url_name = "procedures_admin:reviews_due_results"
    filterset_class = ReviewsDueFilterSet
    columns = [
        TitleColumn(
            "title",
            label="Document",
            accessor=lambda page: f"{page.reference} {page.title}",
            get_url=_edit_url,
        ),
        Column("review_status", label="Review"),
        Column("next_review_date", label="Review due", accessor=lambda p: _day(p.next_review_date)),
        Column("owner_name", label="Owner"),
        Column("owner_role", label="Owner role"),
        Column(
            "approved_at", label="Last approved", accessor=lambda p: _day(p.approved_at) or "Never"
        ),
        Column("version_label", label="Version"),
        LinkColumn(
            "review",
            label="Actions",
            accessor=lambda page: "Review: no change",
            get_url=_review_url,
        ),
    ]
    list_export = [
        "reference",
        "title",
        "review_status",
        "next_review_date",
        "owner_name",
        "owner_role",
        "approved_at",
        "version_label",
    ]
    export_headings = {
        "review_status": "Review",
        "next_review_date": "Review due",
        "owner_name": "Owner",
        "owner_role": "Owner role",
        "approved_at": "Last approved",
        "version_label": "Version",
    }

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        # Titles and names are typed by people: a spreadsheet must not run them as formulas.
        if export_format == self.FORMAT_CSV and isinstance(value, str):
            return neutralise(value)
        return value

    def get_queryset(self):
        today = timezone.localdate()
        owner = Concat("policy_owner__first_name", Value(" "), "policy_owner__last_name")
        return due_for_review(self.request.user, today).annotate(
            review_status=Case(
                When(next_review_date__lt=today, then=Value("Overdue")),
                default=Value("Due soon"),
            ),
            owner_name=Case(
                When(
                    policy_owner__is_active=True,
                    then=Coalesce(NullIf(Trim(owner), Value("")), "policy_owner__username"),
                ),
                default=Value("No current owner"),
            ),
        )


class ReviewForm(forms.Form):
    notes = forms.CharField(
        label="Review notes",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Optional: what you checked. Recorded in the document's history.",
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Reason for withdrawal",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Staff see this on the document's banner.",
    )


class SupersedeForm(forms.Form):
    replacement = forms.CharField(
        label="Replaced by (reference)", max_length=16, help_text="e.g. JOP-014"
    )


def _action_view(request, pk: int, *, form_class, title: str, allowed, perform, template_hint):
    page = _document(request, pk)
    if not allowed(request.user, page):
        raise PermissionDenied
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = perform(page, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, message)
            return redirect("wagtailadmin_explore", page.get_parent().pk)
    return TemplateResponse(
        request,
        "procedures/admin/document_action.html",
        {
            "page_title": title,
            "page_subtitle": str(page),
            "header_icon": "doc-full",
            "document": page,
            "form": form,
            "hint": template_hint,
        },
    )


def review_no_change(request, pk: int):
    def perform(page, data):
        next_date = record_no_change_review(page, request.user, data.get("notes", ""))
        return f"{page.reference} reviewed: no change needed. Next review {next_date:%d %B %Y}."

    return _action_view(
        request,
        pk,
        form_class=ReviewForm,
        title="Review: no change needed",
        allowed=may_look_after,
        perform=perform,
        template_hint="Records that the document was reviewed and is still right, and resets "
        "its review date. No new version is made.",
    )


def withdraw_document(request, pk: int):
    def perform(page, data):
        withdraw(page, request.user, data["reason"])
        return f"{page.reference} withdrawn."

    return _action_view(
        request,
        pk,
        form_class=WithdrawForm,
        title="Withdraw document",
        allowed=lambda user, page: coordinates_documents(user),
        perform=perform,
        template_hint="Staff will see that it is withdrawn, with your reason, and it will no "
        "longer appear as a current document.",
    )


def supersede_document(request, pk: int):
    def perform(page, data):
        reference = data["replacement"].strip().upper()
        replacement = (
            DocumentPage.objects.visible_to(request.user).filter(reference=reference).first()
        )
        if replacement is None:
            raise ValidationError(f"No document {reference} that you can see.")
        supersede(page, replacement.specific, request.user)
        return f"{page.reference} superseded by {replacement.reference}."

    return _action_view(
        request,
        pk,
        form_class=SupersedeForm,
        title="Supersede document",
        allowed=lambda user, page: coordinates_documents(user),
        perform=perform,
        template_hint="Staff will be sent to the replacement, and this document will no "
        "longer appear as a current document.",
    )


CSV_COLUMNS = ["timestamp", "document", "action", "person", "revision", "version", "service",
               "comment", "details"]  # fmt: skip


def history_csv(request, pk: int):
    """A document's whole audit trail, for the coordinator (inspections, inquiries), in the
    same words as the admin's History (`procedures.history_log`)."""
    page = _document(request, pk)
    if not coordinates_documents(request.user):
        raise PermissionDenied
    entries = (
        PageLogEntry.objects.filter(page=page).select_related("user").order_by("timestamp", "pk")
    )
    rows = ([row[column] for column in CSV_COLUMNS] for row in map(audit_row, entries))
    filename = f"{page.reference}-history-{timezone.localdate():%Y%m%d}.csv"
    return csv_response(filename, CSV_COLUMNS, rows)


class PageTypesUsageReportView(_PageTypesUsageReportView):
    """Wagtail's page types usage report, counting and naming only pages the user may know
    of: Wagtail's own counts every page and names the last edited one, whatever its
    marking. Served at Wagtail's address (`jpl_site.urls` routes it first)."""

    def get_queryset(self):
        queryset = ContentType.objects.filter(model__in=self.page_models)
        page_content_type = ContentType.objects.get_for_model(Page)
        if not Page.objects.filter(depth__gt=1, content_type=page_content_type).exists():
            queryset = queryset.exclude(id=page_content_type.id)
        self.queryset = queryset
        queryset = self.filter_queryset(queryset)
        site_root_path = self.filters.form.cleaned_data.get("site", None)
        hidden = access.hidden_page_ids(self.request.user)
        latest = (
            Page.objects.filter(content_type=OuterRef("pk"))
            .exclude(pk__in=hidden)
            .order_by(F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk")
        )
        count_filter = ~Q(pages__pk__in=hidden)
        if site_root_path:
            latest = latest.filter(path__startswith=site_root_path)
            count_filter &= Q(pages__path__startswith=site_root_path)
        queryset = queryset.annotate(
            count=Count("pages", filter=count_filter),
            last_edited_page_id=Subquery(latest.values("pk")[:1]),
        )
        return queryset.order_by("-count", "app_label", "model")


class WorkflowActionView(_WorkflowActionView):
    """Wagtail's workflow decision (approve, request changes), answering a repeated decision
    (a double click, the same form posted twice at once, the back button) as it answered the
    first: the same redirect, and no second effect. Wagtail's own view refuses it (403), or
    tells the user the document is no longer in moderation.

    The step's row is locked first, for the rest of the request (ATOMIC_REQUESTS): a repeat
    sent while the first is being decided waits for it, then finds it decided."""

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST" and isinstance(self.task, LockedDecisionMixin):
            step = TaskState.objects.select_for_update().get(pk=self.task_state.pk)
            if self.task.decided_by(step, request.user, self.action_name):
                return self.answer()
        return super().dispatch(request, *args, **kwargs)

    def answer(self):
        """What Wagtail's view answers once a decision is taken (`WorkflowAction.post`)."""
        if self.request.headers.get("x-requested-with") == "XMLHttpRequest":
            return self.render_modal_json(
                self.request, {"step": "success", "redirect": self.redirect_url}
            )
        return redirect(self.redirect_url)
