"""A document's published versions and the review reminders sent about it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..choices import ChangeKind
from .pages import DocumentPage


class DocumentVersion(models.Model):
    """One published version of a document, as staff see it in the version history.

    Entries come from publication in the library (with the Wagtail revision that was
    published) or from the version-history table of an imported legacy Word file."""

    page = models.ForeignKey(DocumentPage, on_delete=models.CASCADE, related_name="versions")
    major = models.PositiveIntegerField()
    minor = models.PositiveIntegerField()
    change_kind = models.CharField(max_length=10, choices=ChangeKind.choices, blank=True)
    change_summary = models.TextField(blank=True)
    published_at = models.DateTimeField(db_index=True)
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=255, blank=True)
    approver_names = models.CharField(
        max_length=255, blank=True, help_text="As recorded, e.g. from a legacy version table."
    )
    approvers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    imported = models.BooleanField(
        default=False, help_text="Taken from a legacy document's version history table."
    )

    class Meta:
        ordering = ["page", "-major", "-minor"]
        constraints = [
            models.UniqueConstraint(fields=["page", "major", "minor"], name="unique_page_version")
        ]

    def __str__(self) -> str:
        return f"{self.page.reference} v{self.label}"

    @property
    def label(self) -> str:
        return f"{self.major}.{self.minor}"


class ReviewReminder(models.Model):
    """One reminder e-mail sent about a document's review, so a second run the same day sends
    nothing twice."""

    KIND_CHOICES = [
        ("due", "Review due (to the owner)"),
        ("overdue", "Review overdue (to the coordinator)"),
        ("no-owner", "Owner has left (to the coordinator)"),
    ]
    page = models.ForeignKey(DocumentPage, on_delete=models.CASCADE, related_name="+")
    recipient = models.EmailField()
    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    sent_on = models.DateField(db_index=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "recipient", "kind", "sent_on"], name="one_reminder_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.page_id} to {self.recipient} on {self.sent_on}"
