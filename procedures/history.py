"""Staff-facing version history: the list of published versions, any earlier version read-only,
"what changed" between two versions, and the document "as at" a date.

Every view is reached through `DocumentPage.serve`, which refuses (404) anyone not cleared for
the document as it is now; an earlier version is also refused to anyone not cleared for it as
it was then."""

from __future__ import annotations

import datetime

from django import forms
from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone

from . import access
from .models import DocumentPage, DocumentVersion
from .people import display_name
from .versioning import compare, published_versions, version_as_page, version_at


def _urls(page: DocumentPage) -> dict[str, str]:
    base = page.url
    return {
        "current_url": base,
        "versions_url": base + page.reverse_subpage("versions"),
        "changes_url": base + page.reverse_subpage("changes"),
        "as_at_url": base + page.reverse_subpage("as_at"),
    }


def version_url(page: DocumentPage, version: DocumentVersion) -> str:
    return page.url + page.reverse_subpage("version", args=(version.major, version.minor))


def cleared_for_version(request: HttpRequest, version: DocumentVersion) -> bool:
    """True if the reader is cleared for `version` as it was when published (a downgraded
    document's restricted period stays restricted). Imported rows hold no text or marking of
    their own and follow the document."""
    return version.revision is None or access.revision_content_cleared_for(
        request.user, version.revision
    )


def visible_versions(request: HttpRequest, page: DocumentPage) -> list[DocumentVersion]:
    """The published versions the reader may see, newest first: lists leave the others out
    (never a 404 because of them)."""
    versions = published_versions(page).select_related("revision")
    return [version for version in versions if cleared_for_version(request, version)]


def approver_names(version: DocumentVersion) -> list[str]:
    """Who approved `version`: the people recorded in the library, or, for a version taken
    from a legacy document, the names its version table gave."""
    names = [display_name(user) for user in version.approvers.all()]
    return names or ([version.approver_names] if version.approver_names else [])


def _viewable(request: HttpRequest, version: DocumentVersion) -> DocumentPage | None:
    """The version as a page object, or None if no text is held; 404 if the reader is not
    cleared for it as it was then."""
    if not cleared_for_version(request, version):
        raise Http404
    obj = version_as_page(version)
    if obj is not None and not access.is_cleared_for(request.user, obj):
        raise Http404
    return obj


def version_history(request: HttpRequest, page: DocumentPage) -> TemplateResponse:
    versions = visible_versions(request, page)
    rows = []
    for index, version in enumerate(versions):
        previous = versions[index + 1] if index + 1 < len(versions) else None
        rows.append(
            {
                "version": version,
                "approvers": approver_names(version),
                "url": version_url(page, version) if version.revision_id else "",
                "compare_url": (
                    f"{_urls(page)['changes_url']}?from={previous.label}&to={version.label}"
                    if previous and previous.revision_id and version.revision_id
                    else ""
                ),
                "is_current": version.major == page.version_major
                and version.minor == page.version_minor,
            }
        )
    return TemplateResponse(
        request,
        "procedures/version_history.html",
        {"page": page, "rows": rows, **_urls(page)},
    )


def version_detail(request: HttpRequest, page: DocumentPage, major: int, minor: int):
    version = page.versions.filter(major=major, minor=minor).first()
    if version is None:
        raise Http404
    obj = _viewable(request, version)
    if obj is None:
        raise Http404
    is_current = (major, minor) == (page.version_major, page.version_minor)
    context = obj.get_context(request)
    context.update(
        {
            "page": obj,
            "live_page": page,
            "shown_version": version,
            "is_current_version": is_current,
            "shown_approvers": approver_names(version),
            **_urls(page),
        }
    )
    return TemplateResponse(request, "procedures/document_version.html", context)


class CompareForm(forms.Form):
    from_version = forms.ChoiceField(label="Earlier version")
    to_version = forms.ChoiceField(label="Later version")

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_version"].choices = choices
        self.fields["to_version"].choices = choices


def what_changed(request: HttpRequest, page: DocumentPage) -> TemplateResponse:
    versions = [v for v in visible_versions(request, page) if v.revision_id]
    by_label = {v.label: v for v in versions}
    choices = [(v.label, f"Version {v.label}") for v in versions]
    context: dict = {"page": page, **_urls(page), "changes": None, "error": ""}
    if len(versions) < 2:
        context["error"] = (
            "There is only one published version with text held, so nothing to compare."
        )
        context["form"] = None
        return TemplateResponse(request, "procedures/what_changed.html", context)
    data = {
        "from_version": request.GET.get("from") or versions[1].label,
        "to_version": request.GET.get("to") or versions[0].label,
    }
    form = CompareForm(data, choices=choices)
    context["form"] = form
    if not form.is_valid():
        context["error"] = "Choose two published versions of this document."
    else:
        old, new = (
            by_label[form.cleaned_data["from_version"]],
            by_label[form.cleaned_data["to_version"]],
        )
        if (old.major, old.minor) > (new.major, new.minor):
            old, new = new, old
        old_page, new_page = _viewable(request, old), _viewable(request, new)
        if old_page is None or new_page is None:
            raise Http404  # versions offered are viewable; one that is not was never offered
        context.update(
            {
                "old": old,
                "new": new,
                "old_url": version_url(page, old),
                "new_url": version_url(page, new),
                "changes": compare(old_page, new_page) if old != new else [],
            }
        )
        context["changed_count"] = sum(1 for c in context["changes"] if c.status != "unchanged")
    return TemplateResponse(request, "procedures/what_changed.html", context)


class AsAtForm(forms.Form):
    date = forms.DateField(
        label="Date", widget=forms.DateInput(attrs={"type": "date"}), input_formats=["%Y-%m-%d"]
    )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError("Choose today or a date in the past.")
        return day


def as_at(request: HttpRequest, page: DocumentPage) -> TemplateResponse:
    form = AsAtForm(request.GET or None)
    context: dict = {"page": page, "form": form, **_urls(page), "version": None}
    if form.is_bound and form.is_valid():
        day = form.cleaned_data["date"]
        end_of_day = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time.max), timezone.get_current_timezone()
        )
        version = version_at(page, end_of_day)
        if version is not None and not cleared_for_version(request, version):
            # In force then, but restricted beyond this reader: shown as if none were held.
            version = None
        context.update({"day": day, "version": version})
        if version is not None:
            context["approvers"] = approver_names(version)
            obj = _viewable(request, version)
            if obj is not None:
                context["version_url"] = version_url(page, version)
                context["sections"] = obj.sections
                context["as_at_page"] = obj
            withdrawn = page.withdrawn_at and page.withdrawn_at <= end_of_day
            context["withdrawn_then"] = withdrawn
    return TemplateResponse(request, "procedures/as_at.html", context)
