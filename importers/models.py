"""What the importer remembers: which file (by content hash) became which document, so that
importing the same file again changes nothing and a changed file becomes a new revision."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportRecord(models.Model):
    """One Word file imported into one document (a new page or a new draft revision)."""

    page = models.ForeignKey(
        "procedures.DocumentPage", on_delete=models.CASCADE, related_name="import_records"
    )
    reference = models.CharField(max_length=16, db_index=True)
    source_name = models.CharField(max_length=255, help_text="The file's name when imported.")
    source_path = models.CharField(
        max_length=1000,
        blank=True,
        db_index=True,
        help_text="The file's full path when imported from the command line (blank for uploads); "
        "a changed file at the same path revises the same document.",
    )
    content_hash = models.CharField(max_length=64, db_index=True, help_text="SHA-256 of the file.")
    original = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=10)
    warnings = models.JSONField(default=list, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at"]
        get_latest_by = "imported_at"

    def __str__(self) -> str:
        return f"{self.reference} from {self.source_name}"


class PendingImport(models.Model):
    """A Word file uploaded in the admin, waiting for its uploader to confirm the preview; once
    confirmed, the answer the confirmation gave.

    "Create draft" takes this row under a lock (`select_for_update`), so a second click, or
    the same form posted twice at once, waits for the first and then gives the first one's
    answer instead of importing again. Unconfirmed previews expire (`cleanup.sweep`)."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=255, blank=True, help_text="The upload, in private storage.")
    name = models.CharField(max_length=255, help_text="The file's name when uploaded.")
    section = models.ForeignKey(
        "procedures.SectionPage", on_delete=models.CASCADE, related_name="+"
    )
    service = models.CharField(max_length=20, blank=True)
    access_group_ids = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    page = models.ForeignKey(
        "procedures.DocumentPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reference = models.CharField(max_length=16, blank=True)
    outcome = models.CharField(max_length=10, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({'confirmed' if self.confirmed_at else 'awaiting confirmation'})"
