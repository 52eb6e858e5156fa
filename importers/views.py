"""Admin views: upload a Word file, preview what it becomes, create the draft.

The upload is converted at once (nothing written) and shown as the document will look; the
file waits in private storage under a random token held in the user's session until they
confirm, then it is imported like any file from the command line.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from procedures.blocks import DocumentBodyBlock
from procedures.models import SectionPage, private_storage
from procedures.roles import ADMINISTRATORS, POLICY_COORDINATOR, POLICY_OWNERS

from .forms import ConfirmForm, MetadataForm, UploadForm
from .importer import Conversion, Options, convert, find_existing, import_conversion
from .package import WordImportError

SESSION_KEY = "importers_uploads"
IMPORT_GROUPS = {POLICY_COORDINATOR, POLICY_OWNERS, ADMINISTRATORS}


def may_import(user: Any) -> bool:
    """Policy coordinators and policy owners (and administrators) may import Word files."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.groups.filter(name__in=IMPORT_GROUPS).exists()


def sections_for(user: Any):
    """Sections under which `user` may add pages."""
    allowed = [
        section.pk
        for section in SectionPage.objects.all()
        if section.permissions_for_user(user).can_add_subpage()
    ]
    return SectionPage.objects.filter(pk__in=allowed).order_by("title")


def check_permission(request: HttpRequest) -> None:
    if not may_import(request.user):
        raise PermissionDenied


def preview_blocks(conversion: Conversion) -> list[dict[str, Any]]:
    """Each block rendered with the site's own templates; images (not stored yet) as notes."""
    stream_block = DocumentBodyBlock()
    rendered = []
    for raw in conversion.body.blocks:
        if raw["type"] == "image":
            value = raw["value"]
            rendered.append(
                {"type": "image", "alt": value["alt_text"], "caption": value["caption"]}
            )
            continue
        block = stream_block.child_blocks[raw["type"]]
        value = block.to_python(raw["value"])
        rendered.append({"type": raw["type"], "html": block.render(value)})
    return rendered


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    check_permission(request)
    sections = sections_for(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, sections=sections)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        data = upload_file.read()
        try:
            conversion = convert(data, upload_file.name)
        except WordImportError as exc:
            form.add_error("file", str(exc))
        else:
            token = secrets.token_urlsafe(24)
            stored = private_storage().save(f"import-uploads/{token}.upload", ContentFile(data))
            uploads = request.session.get(SESSION_KEY, {})
            uploads[token] = {
                "path": stored,
                "name": upload_file.name[:200],
                "section": form.cleaned_data["section"].pk,
                "service": form.cleaned_data["service"],
                "groups": [group.pk for group in form.cleaned_data["access_groups"]],
            }
            request.session[SESSION_KEY] = uploads
            details = MetadataForm(
                initial=MetadataForm.initial_for(conversion.meta, token, uploads[token]["groups"]),
                needs_confirmation=conversion.meta.marking_needs_confirmation,
            )
            return render_preview(request, conversion, details, form.cleaned_data["section"])
    return render(request, "importers/upload.html", {"form": form})


# The preview's rows: each extracted value beside where it came from, with its correction.
DETAIL_ROWS = (
    ("title", "title", "Title"),
    ("reference", "reference", "Reference"),
    ("version", "version", "Version"),
    ("owner_role", "owner_role", "Owner"),
    ("author", "author_name", "Author"),
    ("effective", "effective_date", "Effective date"),
    ("review", "next_review_date", "Next review date"),
    ("document_type", "document_type", "Document type"),
    ("marking", "protective_marking", "Protective marking"),
)


def render_preview(
    request: HttpRequest, conversion: Conversion, details: MetadataForm, section: Any
) -> HttpResponse:
    meta = conversion.meta
    outcome, page, _ = find_existing(conversion)
    rows = [
        {
            "label": label,
            "written": meta.raw.get(key, ""),
            "source": meta.sources.get(key, ""),
            "field": details[form_field],
        }
        for key, form_field, label in DETAIL_ROWS
    ]
    stated_elsewhere = [
        {"field": key.replace("_", " "), "value": meta.raw.get(key, ""), "source": source}
        for key, source in meta.sources.items()
        if key not in {row[0] for row in DETAIL_ROWS}
    ]
    return render(
        request,
        "importers/preview.html",
        {
            "conversion": conversion,
            "meta": meta,
            "blocks": preview_blocks(conversion),
            "warnings": conversion.warnings,
            "outcome": outcome,
            "existing": page,
            "section": section,
            "confirm": details,
            "detail_rows": rows,
            "stated_elsewhere": stated_elsewhere,
            "counts": conversion.body.counts(),
        },
    )


@require_http_methods(["POST"])
def create(request: HttpRequest) -> HttpResponse:
    check_permission(request)
    form = ConfirmForm(request.POST)
    uploads = request.session.get(SESSION_KEY, {})
    if not form.is_valid() or form.cleaned_data["token"] not in uploads:
        messages.error(request, "That upload has expired. Upload the file again.")
        return redirect("importers:upload")
    details = corrections_or_preview(request, uploads[form.cleaned_data["token"]])
    if isinstance(details, HttpResponse):
        return details
    entry = uploads.pop(form.cleaned_data["token"])
    request.session[SESSION_KEY] = uploads
    storage = private_storage()
    try:
        with storage.open(entry["path"]) as handle:
            data = handle.read()
    finally:
        storage.delete(entry["path"])
    section = sections_for(request.user).filter(pk=entry["section"]).first()
    if section is None:
        raise PermissionDenied
    try:
        conversion = convert(data, entry["name"])
    except WordImportError as exc:
        messages.error(request, str(exc))
        return redirect("importers:upload")
    if details is not None:
        details.apply(conversion.meta)
    groups = (
        list(details.cleaned_data["access_groups"])
        if details is not None
        else list(Group.objects.filter(pk__in=entry.get("groups", [])))
    )
    options = Options(
        section=section,
        service=entry["service"],
        user=request.user,
        access_groups=groups,
    )
    result = import_conversion(conversion, data, options, entry["name"])
    if result.error:
        messages.error(request, f"Nothing was saved: {result.error}")
        return redirect("importers:upload")
    edit_url = reverse("wagtailadmin_pages:edit", args=[result.page_id])
    verb = {"created": "created as a draft", "updated": "saved as a new draft revision",
            "unchanged": "already imported; nothing changed"}[result.outcome]  # fmt: skip
    messages.success(
        request,
        format_html('{} {}. <a href="{}">Edit the document</a>', result.reference, verb, edit_url),
    )
    return redirect(edit_url)


def corrections_or_preview(request: HttpRequest, entry: dict) -> MetadataForm | HttpResponse | None:
    """The coordinator's corrected details (None when the form carried none, as from an
    older page), or the preview again with what must be fixed (e.g. a marking to confirm)."""
    if "title" not in request.POST:
        return None
    storage = private_storage()
    with storage.open(entry["path"]) as handle:
        data = handle.read()
    try:
        conversion = convert(data, entry["name"])
    except WordImportError:
        return None  # create() reports it
    details = MetadataForm(
        request.POST, needs_confirmation=conversion.meta.marking_needs_confirmation
    )
    if details.is_valid():
        return details
    section = SectionPage.objects.filter(pk=entry["section"]).first()
    return render_preview(request, conversion, details, section)
