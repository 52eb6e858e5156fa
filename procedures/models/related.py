"""What a document links to: legislation and national guidance, and attached files."""

from django.conf import settings
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from .pages import DocumentPage


class GuidanceLink(Orderable):
    """Related legislation or national guidance (APP, NOG, JESIP...)."""

    KIND_CHOICES = [
        ("legislation", "Legislation"),
        ("app", "College of Policing APP"),
        ("nog", "NFCC National Operational Guidance"),
        ("jesip", "JESIP joint doctrine"),
        ("other", "Other guidance"),
    ]
    page = ParentalKey(DocumentPage, on_delete=models.CASCADE, related_name="guidance_links")
    kind = models.CharField(max_length=20, choices=KIND_CHOICES, default="legislation")
    title = models.CharField(max_length=255)
    url = models.URLField(blank=True)

    panels = [FieldPanel("kind"), FieldPanel("title"), FieldPanel("url")]

    def __str__(self) -> str:
        return self.title


class DocumentAttachment(Orderable):
    page = ParentalKey(DocumentPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=255, blank=True, help_text="Defaults to the file's title.")

    panels = [FieldPanel("document"), FieldPanel("title")]

    @property
    def label(self) -> str:
        return self.title or self.document.title

    def __str__(self) -> str:
        return self.label
