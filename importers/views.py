"""Admin views: upload a Word file, preview what it becomes, create the draft.

The upload is converted at once (nothing written) and shown as the document will look; the
file waits in private storage (a `PendingImport` under a random token, for that user only)
until they confirm, then it is imported like any file from the command line, once. Previews
never confirmed expire (`cleanup`).
"""

from __future__ import annotations

import functools
import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from procedures.blocks import DocumentBodyBlock
from procedures.models import SectionPage, private_storage
from procedures.permissions import may_add_documents

from . import cleanup
from .bounds import WordImportError, one_file
from .forms import ConfirmForm, MetadataForm, UploadForm
from .importer import (
    REFUSED_MESSAGE,
    Conversion,
    Options,
    convert,
    find_existing,
    import_conversion,
    lowers_marking,
)
from .models import PendingImport


def may_import(user: Any) -> bool:
    """Whoever may add documents to the library (policy owners, the coordinator,
    administrators) may import Word files as documents."""
    return may_add_documents(user)


def sections_for(user: Any):
    """Sections under which `user` may add pages."""
    allowed = [
        section.pk
        for section in SectionPage.objects.all()
        if section.permissions_for_user(user).can_add_subpage()
    ]
    return SectionPage.objects.filter(pk__in=allowed).order_by("title")


def importing_user(request: HttpRequest) -> User:
    """The signed-in user, who may import (anyone else: PermissionDenied)."""
    user = request.user
    if not isinstance(user, User) or not may_import(user):
        raise PermissionDenied
    return user


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
        # `in_preview`: no "link to this section" anchors, which lead nowhere here.
        html = block.render(value, context={"in_preview": True})
        rendered.append({"type": raw["type"], "html": html})
    return rendered


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    user = importing_user(request)
    sections = sections_for(user)
    form = UploadForm(request.POST or None, request.FILES or None, sections=sections)
    if request.method == "POST" and form.is_valid():
        # Over FILE_UPLOAD_MAX_MEMORY_SIZE the upload is on disk (a TemporaryUploadedFile): it
        # is converted from there, member by member, and stored in chunks, never read whole.
        upload_file = form.cleaned_data["file"]
        conversion, error = one_file(lambda: convert(upload_file, upload_file.name))
        if conversion is None:
            form.add_error("file", error)
        else:
            # A file naming a document the uploader may not revise stops here, unnamed.
            if find_existing(conversion, user)[0] == "refused":
                form.add_error("file", REFUSED_MESSAGE)
        if conversion is not None and not form.errors:
            cleanup.sweep()  # expired previews and leftovers go as new uploads arrive
            token = secrets.token_urlsafe(24)
            stored = private_storage().save(f"{cleanup.UPLOAD_DIR}/{token}.upload", upload_file)
            PendingImport.objects.create(
                token=token,
                user=user,
                path=stored,
                name=upload_file.name[:200],
                section=form.cleaned_data["section"],
                service=form.cleaned_data["service"],
                access_group_ids=[group.pk for group in form.cleaned_data["access_groups"]],
            )
            groups = [group.pk for group in form.cleaned_data["access_groups"]]
            details = MetadataForm(
                initial=MetadataForm.initial_for(conversion.meta, token, groups),
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
    # Matches on documents the uploader may not see or revise never name them.
    outcome, page, _ = find_existing(conversion, request.user)
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
            "lowers_marking": (
                outcome == "updated" and page is not None and lowers_marking(page, conversion)
            ),
            "detail_rows": rows,
            "stated_elsewhere": stated_elsewhere,
            "counts": conversion.body.counts(),
        },
    )


def corrections_or_preview(
    request: HttpRequest, pending: PendingImport
) -> MetadataForm | HttpResponse | None:
    """The coordinator's corrected details (None when the form carried none, as from an
    older page), or the preview again with what must be fixed (e.g. a marking to confirm)."""
    if "title" not in request.POST or not pending.path:
        return None
    try:
        with private_storage().open(pending.path) as handle:
            conversion = convert(handle, pending.name)
    except (OSError, WordImportError):
        return None  # confirm() reports it
    details = MetadataForm(
        request.POST, needs_confirmation=conversion.meta.marking_needs_confirmation
    )
    if details.is_valid():
        return details
    return render_preview(request, conversion, details, pending.section)


@require_http_methods(["POST"])
def create(request: HttpRequest) -> HttpResponse:
    """Import the previewed upload, once. The pending upload's row is locked for the import, so
    a second click (or the same form posted twice at once) waits for the first and then gets
    the first one's answer; nothing is imported twice."""
    user = importing_user(request)
    form = ConfirmForm(request.POST)
    pending = None
    if form.is_valid():
        pending = (
            PendingImport.objects.select_for_update()
            .filter(token=form.cleaned_data["token"], user=user)
            .first()
        )
    if pending is None or pending.created_at < timezone.now() - cleanup.preview_max_age():
        messages.error(request, "That upload has expired. Upload the file again.")
        return redirect("importers:upload")
    if pending.confirmed_at is None:
        details = corrections_or_preview(request, pending)
        if isinstance(details, HttpResponse):
            return details
        confirm(request, pending, details)
    return answer(request, pending)


def confirm(
    request: HttpRequest, pending: PendingImport, details: MetadataForm | None = None
) -> None:
    """Import the pending upload and record the outcome on it (the caller holds its lock)."""
    storage = private_storage()
    try:
        handle = storage.open(pending.path)
    except OSError:
        pending.error = "That upload has expired. Upload the file again."
        pending.confirmed_at, pending.path = timezone.now(), ""
        pending.save()
        return
    with handle:  # converted, and kept as the original, from the stored file in pieces
        _import(request, pending, details, handle)
    # The upload goes once the outcome is recorded (and stays if this transaction rolls back).
    transaction.on_commit(functools.partial(storage.delete, pending.path))
    pending.path = ""
    pending.save()


def _import(request: HttpRequest, pending: PendingImport, details: MetadataForm | None,
            handle) -> None:  # fmt: skip
    section = sections_for(request.user).filter(pk=pending.section_id).first()
    if section is None:
        raise PermissionDenied
    pending.confirmed_at = timezone.now()
    conversion, error = one_file(lambda: convert(handle, pending.name))
    if conversion is None:
        pending.error = error
        return
    if details is not None:
        details.apply(conversion.meta)
    options = Options(
        section=section,
        service=pending.service,
        user=request.user,
        access_groups=list(details.cleaned_data["access_groups"])
        if details is not None
        else list(Group.objects.filter(pk__in=pending.access_group_ids)),
        confirm_lower_marking=bool(
            details is not None and details.cleaned_data.get("confirm_lower_marking")
        ),
    )
    result = import_conversion(conversion, handle, options, pending.name)
    if result.error:
        pending.error = f"Nothing was saved: {result.error}"
    else:
        pending.page_id = result.page_id
        pending.reference, pending.outcome = result.reference, result.outcome


def answer(request: HttpRequest, pending: PendingImport) -> HttpResponse:
    """What confirming `pending` answered, the first time and every time after."""
    if pending.error:
        messages.error(request, pending.error)
        return redirect("importers:upload")
    edit_url = reverse("wagtailadmin_pages:edit", args=[pending.page_id])
    verb = {"created": "created as a draft", "updated": "saved as a new draft revision",
            "unchanged": "already imported; nothing changed"}[pending.outcome]  # fmt: skip
    messages.success(
        request,
        format_html('{} {}. <a href="{}">Edit the document</a>', pending.reference, verb, edit_url),
    )
    return redirect(edit_url)
