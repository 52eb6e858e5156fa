"""Staff views: "My induction", acknowledging a document, and the coordinator's reports."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.models import Group
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from procedures import access
from procedures.csv_export import streaming_csv_response
from procedures.models import DocumentPage
from procedures.people import display_name

from . import reading
from . import reports as report_data
from .models import Pathway, PathwayItem, RequiredReading

REPORT_PERMISSION = "induction.view_induction_reports"
PEOPLE_PER_PAGE = 50  # as Wagtail's own reports; each page evaluates only its people

reports_only = permission_required(REPORT_PERMISSION, raise_exception=True)


@require_GET
def my_induction(request):
    return TemplateResponse(
        request,
        "induction/my_induction.html",
        {"reading": reading.reading_for(request.user), "today": timezone.localdate()},
    )


@require_POST
def acknowledge(request, page_id: int):
    """Record "I have read and understood version X". Refused (404) for documents the person
    may not see or that are not published; refused with a message for withdrawn or superseded
    documents, for a version that is no longer current, and for documents nobody asked them
    to read."""
    with transaction.atomic():
        page = get_object_or_404(DocumentPage.objects.live(), pk=page_id)
        if not access.is_cleared_for(request.user, page):
            raise Http404
        back = HttpResponseRedirect(page.url)
        if not page.is_current:
            messages.error(
                request,
                f"{page.reference} is {page.status_label.lower()}: it cannot be acknowledged.",
            )
            return back
        if request.POST.get("version") != page.version_label:
            messages.error(
                request,
                f"{page.reference} has changed since you opened it: it is now version "
                f"{page.version_label}. Read it again, then acknowledge this version.",
            )
            return back
        state = reading.state_for(request.user, page)
        if state is None:
            messages.error(request, f"{page.reference} is not on your reading list.")
            return back
        ack = state.acknowledgement
        if state.done and ack is not None:  # done means acknowledged
            if (ack.version_major, ack.version_minor) != (page.version_major, page.version_minor):
                messages.info(request, f"You have already acknowledged {page.reference}.")
                return back
            # This very version again (a double click): answer as the first post did.
        else:
            # One row per act, however close together the posts arrive (see the model).
            reading.acknowledge(request.user, page)
    messages.success(
        request,
        f"Recorded: you have read and understood {page.reference} version {page.version_label}.",
    )
    from_list = request.POST.get("next") == "induction"
    return HttpResponseRedirect(reverse("induction:mine") if from_list else page.url)


# -- reports ------------------------------------------------------------------------------------


class GroupFilterForm(forms.Form):
    group = forms.ModelChoiceField(
        queryset=Group.objects.order_by("name"), required=False, empty_label="All groups"
    )


CSV_HEADER = [
    "Username", "Name", "Reference", "Title", "Current version", "Status",
    "Acknowledged version", "Acknowledged at", "Due", "Assigned by",
]  # fmt: skip


def _report_csv(report: report_data.Report, filename: str) -> StreamingHttpResponse:
    zone = timezone.get_current_timezone()

    def rows():
        for person in report.people:
            who = [person.user.get_username(), person.name]
            for item in person.items:
                ack = item.acknowledgement
                yield [
                    *who,
                    item.document.reference,
                    item.document.title,
                    item.version_label,
                    item.status_label,
                    ack.version_label if ack else "",
                    ack.acknowledged_at.astimezone(zone).strftime("%Y-%m-%d %H:%M") if ack else "",
                    item.due.isoformat() if item.due else "",
                    "; ".join(item.sources),
                ]

    return streaming_csv_response(filename, CSV_HEADER, rows())


def _report_response(
    request, report: report_data.Report, csv_name: str, template: str, context: dict
) -> StreamingHttpResponse | TemplateResponse:
    """The report as a CSV download (`?format=csv`, every person), or as a page of people."""
    if request.GET.get("format") == "csv":
        return _report_csv(report, csv_name)
    page = Paginator(report.people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return TemplateResponse(
        request,
        template,
        {
            "report": report,
            "page_obj": page,
            "people": page.object_list,
            "query": query.urlencode(),
            "today": timezone.localdate(),
            **context,
        },
    )


def _group(request) -> tuple[GroupFilterForm, Group | None]:
    form = GroupFilterForm(request.GET or None)
    return form, (form.cleaned_data["group"] if form.is_valid() else None)


@require_GET
@reports_only
def reports(request):
    visible = DocumentPage.objects.in_force().visible_to(request.user)
    documents = (
        visible.filter(
            pk__in=PathwayItem.objects.filter(pathway__active=True).values("document_id")
        )
        | visible.filter(pk__in=RequiredReading.objects.values("document_id"))
    ).only("id", "title", "reference", "version_major", "version_minor")
    return TemplateResponse(
        request,
        "induction/reports.html",
        {
            "pathways": Pathway.objects.filter(active=True).order_by("title"),
            "documents": documents.order_by("reference"),
            "evidence_form": EvidenceForm(),
        },
    )


@require_GET
@reports_only
def pathway_report(request, pathway_id: int):
    pathway = get_object_or_404(Pathway, pk=pathway_id)
    form, group = _group(request)
    report = report_data.pathway_report(pathway, request.user, group)
    return _report_response(
        request,
        report,
        f"pathway-{pathway.pk}.csv",
        "induction/pathway_report.html",
        {"form": form, "pathway": pathway},
    )


@require_GET
@reports_only
def document_report(request, page_id: int):
    document = get_object_or_404(DocumentPage.objects.in_force(), pk=page_id)
    if not access.is_cleared_for(request.user, document):
        raise Http404
    form, group = _group(request)
    report = report_data.document_report(document, request.user, group)
    return _report_response(
        request,
        report,
        f"{document.reference}.csv",
        "induction/document_report.html",
        {"form": form, "document": document},
    )


class EvidenceForm(forms.Form):
    person = forms.CharField(label="Username", max_length=150)
    date = forms.DateField(label="On date", widget=forms.DateInput(attrs={"type": "date"}))

    def clean_person(self):
        username = self.cleaned_data["person"].strip()
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise forms.ValidationError(f"No account has the username {username!r}.") from None


@require_GET
@reports_only
def evidence(request):
    """For an inquiry: what a person had acknowledged by a date, and what was in force."""
    form = EvidenceForm(request.GET or None, initial={"date": timezone.localdate()})
    rows, name = None, ""
    if form.is_valid():
        person, on = form.cleaned_data["person"], form.cleaned_data["date"]
        name = display_name(person)
        rows = report_data.evidence(person, on, request.user)
        if request.GET.get("format") == "csv":
            return streaming_csv_response(
                f"evidence-{person.get_username()}-{on.isoformat()}.csv",
                [
                    "Username",
                    "Reference",
                    "Title",
                    "Acknowledged version",
                    "Acknowledged at",
                    f"Version in force on {on.isoformat()}",
                ],
                (
                    [
                        person.get_username(),
                        row.acknowledgement.reference,
                        row.acknowledgement.title,
                        row.acknowledgement.version_label,
                        timezone.localtime(row.acknowledgement.acknowledged_at).isoformat(),
                        row.current_version or "unknown",
                    ]
                    for row in rows
                ),
            )
    query = request.GET.copy()
    query.pop("format", None)
    return TemplateResponse(
        request,
        "induction/evidence.html",
        {
            "form": form,
            "rows": rows,
            "person_name": name,
            "query": query.urlencode(),
            "today": datetime.date.today(),
        },
    )
