"""The import service: one Word file -> one draft DocumentPage, in one transaction.

`convert()` (importers.conversion) is pure (bytes in, a `Conversion` out, no database) so it
can run in worker processes and in dry runs; `write()` stores the conversion: page or new
draft revision, images, the original file as a private `LibraryDocument`, imported version
history, and the start of the page's workflow. A file that fails leaves nothing behind: rows
roll back with the transaction and files already written to storage are deleted.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import Collection

from procedures import access
from procedures.models import (
    DocumentAttachment,
    DocumentPage,
    DocumentVersion,
    LibraryDocument,
    ProtectiveMarking,
    SectionPage,
    Service,
)

from .bounds import Limits, WordImportError, limits, one_file
from .cleanup import Journal
from .conversion import (
    WORD_SUFFIXES,
    Conversion,
    convert,
    convert_path,
)
from .images import check_image
from .mapper import map_items
from .metadata import HistoryEntry, Metadata
from .models import ImportRecord
from .package import SourceFile
from .word import Image

# Imported from here by the views, the benchmark and the tests.
__all__ = ["Conversion", "convert", "convert_path"]


@dataclass
class Options:
    section: SectionPage | None = None
    service: str = ""
    owner_role: str = ""
    user: Any = None
    dry_run: bool = False
    reference_prefix: str = "IMP"
    timeout: float = 120.0
    access_groups: list[Any] = field(default_factory=list)  # for OFFICIAL-SENSITIVE files
    # Revising a document to a lower marking (OFFICIAL-SENSITIVE to OFFICIAL) is refused
    # unless the person importing confirmed it after being warned.
    confirm_lower_marking: bool = False


@dataclass
class FileResult:
    path: str
    outcome: str = "failed"  # created / updated / unchanged / failed (+ "would be" in dry runs)
    reference: str = ""
    page_id: int | None = None
    title: str = ""
    blocks: dict[str, int] = field(default_factory=dict)
    body_characters: int = 0
    warnings: list[dict[str, str]] = field(default_factory=list)
    error: str = ""
    dry_run: bool = False
    seconds: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


# -- writing -----------------------------------------------------------------------------


class StoredFiles:
    """Files written to storage during one import, deleted again if the import fails.

    Each file is named in a journal before it is written (`cleanup.Journal`), and the journal
    is closed when the import's transaction commits, so the files of an import that is killed
    before it commits are found and deleted by `cleanup.sweep()`."""

    def __init__(self) -> None:
        self.files: list[tuple[Any, str]] = []
        self.journal = Journal()

    def save(self, field_file: Any, name: str, content: File) -> None:
        """`field_file.save(name, content)`, journalled."""
        self.journal.claim(field_file.field.generate_filename(field_file.instance, name))
        field_file.save(name, content, save=False)
        self.track(field_file)

    def track(self, field_file: Any) -> None:
        if field_file and field_file.name:
            self.files.append((field_file.storage, field_file.name))
            self.journal.wrote(field_file.name)

    def committed(self) -> None:
        """Call inside the import's transaction: the journal closes when it commits (and stays,
        for the sweep, if an enclosing transaction rolls back)."""
        transaction.on_commit(self.journal.close)

    def delete_all(self) -> None:
        for storage, name in self.files:
            with contextlib.suppress(OSError):
                storage.delete(name)
        self.files.clear()
        self.journal.close()


class ImageWriter:
    """Stores each distinct image of a document once, as a Wagtail image."""

    def __init__(self, stored: StoredFiles, lim: Limits, reference: str, user: Any) -> None:
        self.stored = stored
        self.limits = lim
        self.reference = reference
        self.user = user
        self.by_hash: dict[str, int] = {}
        self.dropped: list[Image] = []  # images in formats browsers cannot show

    def __call__(self, image: Image) -> int | None:
        digest = hashlib.sha256(image.data).hexdigest()
        if digest in self.by_hash:
            return self.by_hash[digest]
        data, extension, (width, height) = checked_image(image, self.limits)
        if data is None:
            self.dropped.append(image)
            return None
        model = get_image_model()
        title = (image.alt or image.caption or f"{self.reference} {image.filename}")[:255]
        stem = slugify(Path(image.filename).stem)[:40] or "image"
        instance = model(title=title, uploaded_by_user=self.user, width=width, height=height)
        name = f"{self.reference.lower()}-{stem}.{extension}"
        self.stored.save(instance.file, name, ContentFile(data))
        instance.width, instance.height = width, height
        instance._set_image_file_metadata()
        instance.save()
        self.by_hash[digest] = instance.pk
        return instance.pk


def checked_image(image: Image, lim: Limits) -> tuple[bytes | None, str, tuple[int, int]]:
    """The image's bytes in a web format, or None when it cannot be shown (see images.py)."""
    if image.web_data is None and not image.problem:
        check_image(image, lim)
    return image.web_data, image.extension, image.size


def next_reference(prefix: str) -> str:
    numbers = [
        int(match.group(1))
        for ref in DocumentPage.objects.filter(reference__startswith=f"{prefix}-").values_list(
            "reference", flat=True
        )
        if (match := re.fullmatch(rf"{re.escape(prefix)}-(\d+)", ref))
    ]
    return f"{prefix}-{max(numbers, default=0) + 1:04d}"


REFUSED_MESSAGE = (
    "This file cannot be imported by you: its reference or content matches a document you "
    "cannot edit. Nothing was saved. Ask the policy coordinator."
)


def may_overwrite(user: Any, page: DocumentPage) -> bool:
    """Whether an import by `user` may revise `page`: they must be cleared for it (live and
    draft) and allowed to edit it. Imports from the command line with no --user may."""
    if user is None:
        return True
    return access.page_is_visible_to(user, page) and page.permissions_for_user(user).can_edit()


def find_existing(
    conversion: Conversion, user: Any = None
) -> tuple[str, DocumentPage | None, ImportRecord | None]:
    """('unchanged', page, record) for a file imported before; ('updated', page, None) for a
    changed file of a known document; ('created', None, None) otherwise; ('refused', None,
    None) when the file's reference names a document `user` may not revise.

    A file matches a document by its reference first; then by identical content (the same file
    imported before); then by the same full source path (a changed file where the earlier one
    was). Never by file name alone: two different files called "Policy.docx" in two folders
    are two documents.

    Matches never name a document `user` may not see: a match by content or path on one counts
    as no match; a match by reference on one they may not revise is refused without saying
    what matched."""
    records = ImportRecord.objects.select_related("page")
    if conversion.meta.reference:
        page = DocumentPage.objects.filter(reference=conversion.meta.reference).first()
        if page is not None:
            if not may_overwrite(user, page):
                return "refused", None, None
            record = records.filter(page=page, content_hash=conversion.content_hash).first()
            if record is not None:
                return "unchanged", page, record
            return "updated", page, None
    record = records.filter(content_hash=conversion.content_hash).first()
    if record is not None and (user is None or access.page_is_visible_to(user, record.page)):
        return "unchanged", record.page, record
    if conversion.source_path:
        previous = records.filter(source_path=conversion.source_path).first()
        if previous is not None and may_overwrite(user, previous.page):
            return "updated", previous.page, None
    return "created", None, None


def lowers_marking(page: DocumentPage, conversion: Conversion) -> bool:
    """True if importing `conversion` over `page` would lower its marking (live or draft)."""
    if conversion.meta.marking == ProtectiveMarking.OFFICIAL_SENSITIVE:
        return False
    current = {page.protective_marking, page.get_latest_revision_as_object().protective_marking}
    return ProtectiveMarking.OFFICIAL_SENSITIVE in current


LOWER_MARKING_MESSAGE = (
    "This file is marked {new}, but the document it revises is OFFICIAL-SENSITIVE. Nothing "
    "was saved: importing it would lower the marking. Confirm the lower marking to go ahead."
)


def summary_for(conversion: Conversion) -> str:
    if conversion.meta.summary:
        return conversion.meta.summary[:2000]
    for part in conversion.body.text_parts:
        if len(part.strip()) > 40:
            text = re.sub(r"\s+", " ", part.strip())
            return text[:297] + "..." if len(text) > 300 else text
    return f"Imported from the Word file {conversion.name}."


def title_for(conversion: Conversion) -> str:
    title = re.sub(r"\s+", " ", conversion.meta.title).strip()
    if not title:
        heading = next((b for b in conversion.body.blocks if b["type"] == "heading"), None)
        title = heading["value"]["text"] if heading else Path(conversion.name).stem
    return title[:255]


def apply_fields(page: DocumentPage, conversion: Conversion, options: Options) -> list[str]:
    """Copy metadata onto `page`; returns warnings about what had to be assumed."""
    meta = conversion.meta
    notes: list[str] = []
    page.title = title_for(conversion)
    page.draft_title = page.title
    page.summary = summary_for(conversion)
    page.service = options.service or meta.service or page.service or Service.JOINT
    if meta.document_type:
        page.document_type = meta.document_type
    page.owner_role = meta.owner_role or page.owner_role or options.owner_role
    if len(page.owner_role) > 120:
        notes.append(f"Owner shortened to 120 characters (was {page.owner_role!r}).")
        page.owner_role = page.owner_role[:120]
    if not page.owner_role:
        page.owner_role = "Not recorded"
        notes.append("No owner in the file and no --owner-role given: owner set to 'Not recorded'.")
    page.author_name = meta.author[:120]
    page.protective_marking = meta.marking
    if meta.effective_date:
        page.effective_date = meta.effective_date
    if meta.review_date:
        page.next_review_date = meta.review_date
    page.body = conversion.body.blocks
    if page.is_sensitive and options.access_groups:
        page.access_groups = list(options.access_groups)
    elif page.is_sensitive and not page.access_groups.exists():
        notes.append(
            "Marked OFFICIAL-SENSITIVE with no access groups (use --access-group): only "
            "administrators can see it until its access groups are set."
        )
    return notes


def ensure_root_collection() -> None:
    """Documents and images need a root collection; a flushed database may have none."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def attach_original(source: bytes | SourceFile, conversion: Conversion, reference: str,
                    stored: StoredFiles, user: Any) -> LibraryDocument:  # fmt: skip
    suffix = Path(conversion.name).suffix.lower() or ".docx"
    if suffix not in WORD_SUFFIXES:
        suffix = ".docx" if not conversion.converted_from else ".doc"
    document = LibraryDocument(title=f"{reference} original Word file", uploaded_by_user=user)
    # In chunks. django-stubs types File's file as a text IO; Django only reads and seeks it.
    original = ContentFile(source) if isinstance(source, bytes) else File(source)  # type: ignore[arg-type]
    stored.save(document.file, f"imports/{reference.lower()}{suffix}", original)
    document._set_document_file_metadata()
    document.save()
    return document


def add_history(page: DocumentPage, meta: Metadata) -> int:
    """Imported version-history rows (and the version in force, from the front sheet)."""
    entries = list(meta.history)
    if meta.version and not any((e.major, e.minor) == meta.version for e in entries):
        day = meta.effective_date or (max(e.published_on for e in entries) if entries else None)
        if day:
            entries.append(HistoryEntry(meta.version[0], meta.version[1], day,
                                        summary="Version in force when imported."))  # fmt: skip
    existing = set(page.versions.values_list("major", "minor"))
    created = 0
    for entry in entries:
        if (entry.major, entry.minor) in existing:
            continue
        moment = datetime.datetime.combine(entry.published_on, datetime.time(12))
        DocumentVersion.objects.create(
            page=page,
            major=entry.major,
            minor=entry.minor,
            published_at=timezone.make_aware(moment),
            author_name=entry.author,
            approver_names=entry.approvers,
            change_summary=entry.summary,
            imported=True,
        )
        created += 1
    return created


def unique_slug(section: SectionPage, title: str, reference: str) -> str:
    base = slugify(f"{reference} {title}")[:70] or slugify(reference)
    slug, n = base, 2
    while section.get_children().filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def start_workflow(page: DocumentPage, user: Any) -> bool:
    workflow = page.get_workflow()
    if workflow is None or page.workflow_in_progress:
        return False
    workflow.start(page, user)
    return True


def write(source: bytes | SourceFile, conversion: Conversion, options: Options) -> FileResult:
    """Create or revise the document for one converted file, inside one transaction."""
    result = FileResult(path=conversion.name, dry_run=options.dry_run)
    outcome, page, record = find_existing(conversion, options.user)
    if outcome == "refused":
        raise WordImportError(REFUSED_MESSAGE)
    if (
        outcome == "updated"
        and page is not None
        and lowers_marking(page, conversion)
        and not options.confirm_lower_marking
    ):
        new = ProtectiveMarking(conversion.meta.marking).label
        raise WordImportError(LOWER_MARKING_MESSAGE.format(new=new))
    result.outcome = outcome
    warnings = list(conversion.warnings)
    if outcome == "unchanged" and page is not None:
        result.reference, result.page_id = page.reference, page.pk
        result.title = page.title
        return fill(result, conversion, warnings)
    reference = page.reference if page else conversion.meta.reference
    if not reference:
        reference = next_reference(options.reference_prefix)
        warnings.append(("front sheet", f"No reference in the file: given {reference}."))
    result.reference = reference
    result.title = title_for(conversion)
    if options.dry_run:
        result.page_id = page.pk if page else None
        return fill(result, conversion, warnings)
    section = options.section
    if page is None and section is None:
        raise WordImportError(
            "This is a new document and no section was given: pass --section (a section's slug "
            "or id) to say where new documents go."
        )
    stored = StoredFiles()
    try:
        with transaction.atomic():
            ensure_root_collection()
            images = ImageWriter(stored, limits(), reference, options.user)
            conversion.body = map_items(conversion.parsed.items, images)
            for image in images.dropped:
                warnings.append((image.where, f"Image {image.filename} is in a format browsers "
                                              "cannot show (e.g. EMF/WMF); dropped."))  # fmt: skip
            conversion.body.blocks = [
                b for b in conversion.body.blocks
                if not (b["type"] == "image" and b["value"]["image"] is None)
            ]  # fmt: skip
            original = attach_original(source, conversion, reference, stored, options.user)
            if page is None:
                page = DocumentPage(reference=reference, live=False)
                warnings += [("metadata", note) for note in apply_fields(page, conversion, options)]
                assert section is not None  # a new document without a section was refused above
                page.slug = unique_slug(section, page.title, reference)
                section.add_child(instance=page)
                DocumentAttachment.objects.create(
                    page=page, document=original, title="Original Word file (imported)"
                )
                page = DocumentPage.objects.get(pk=page.pk)
                revision = page.save_revision(user=options.user, log_action=True)
            else:
                draft = page.get_latest_revision_as_object()
                warnings += [
                    ("metadata", note) for note in apply_fields(draft, conversion, options)
                ]
                draft.reference = page.reference
                draft.attachments.add(
                    DocumentAttachment(document=original, title="Original Word file (imported)")
                )
                revision = draft.save_revision(user=options.user, log_action=True)
            add_history(page, conversion.meta)
            if start_workflow(page, options.user):
                warnings.append(("workflow", f"Workflow '{page.get_workflow()}' started."))
            ImportRecord.objects.create(
                page=page,
                reference=reference,
                source_name=conversion.name[:255],
                source_path=conversion.source_path[:1000],
                content_hash=conversion.content_hash,
                original=original,
                revision=revision,
                outcome=outcome,
                warnings=[list(w) for w in warnings],
                imported_by=options.user,
            )
            stored.committed()
    except ValidationError as exc:
        stored.delete_all()
        raise WordImportError(
            f"The document could not be saved: {'; '.join(exc.messages)}"
        ) from exc
    except BaseException:
        stored.delete_all()
        raise
    result.page_id = page.pk
    return fill(result, conversion, warnings)


def fill(result: FileResult, conversion: Conversion, warnings: list[tuple[str, str]]) -> FileResult:
    result.blocks = conversion.body.counts()
    result.body_characters = conversion.body.text_chars
    result.warnings = [{"where": where, "message": message} for where, message in warnings]
    return result


def import_path(path: str | Path, options: Options) -> FileResult:
    """Import one file; never raises for a bad file (the result says what went wrong)."""
    started = time.perf_counter()
    name = str(path)

    def work() -> FileResult:
        conversion = convert_path(name, options.timeout)
        return import_conversion(conversion, Path(name).read_bytes(), options, name, started)

    result, error = one_file(work)
    if result is None:
        result = FileResult(path=name, error=error, dry_run=options.dry_run)
        result.seconds = time.perf_counter() - started
    return result


def import_conversion(
    conversion: Conversion,
    source: bytes | SourceFile,
    options: Options,
    path: str,
    started: float | None = None,
) -> FileResult:
    started = started or time.perf_counter()
    result, error = one_file(lambda: write(source, conversion, options))
    if result is None:
        result = FileResult(path=path, error=error, dry_run=options.dry_run)
    result.path = path
    result.seconds = time.perf_counter() - started
    return result
