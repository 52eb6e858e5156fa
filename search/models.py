"""Search data: one row per section of a live document (what the engines index), a
vocabulary of indexed words (for typo correction) and the shared glossary (synonyms).

The section table holds text only. Who may see a document and whether it is current are
decided at query time against the live `DocumentPage` rows, so withdrawing, superseding or
restricting a document takes effect at once, whatever the index holds."""

from __future__ import annotations

import re

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from procedures.models import DocumentPage, Service


class IndexedSection(models.Model):
    """A heading-delimited section of a published document, as indexed for search.

    SQLite mirrors `doc_title`, `title` and `text` into an FTS5 table (triggers keep it in
    step); PostgreSQL keeps a generated tsvector column with a GIN index (see migrations)."""

    document = models.ForeignKey(DocumentPage, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField()
    anchor = models.CharField(max_length=255, blank=True)
    number = models.CharField(max_length=32, blank=True)
    title = models.CharField(max_length=255, blank=True)
    doc_title = models.CharField(max_length=255, blank=True)
    reference = models.CharField(max_length=16, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "position"], name="unique_section_position")
        ]

    def __str__(self) -> str:
        return f"{self.reference} §{self.number or self.position} {self.title}".strip()


class IndexedTerm(models.Model):
    """A word seen in indexed text: the vocabulary that typo correction picks from."""

    word = models.CharField(max_length=64, primary_key=True)

    def __str__(self) -> str:
        return self.word


class GlossaryTerm(index.Indexed, models.Model):
    """A term either service uses, with its expansion and the other names for the same thing.

    Every name on a term (the term, its expansion, its aliases) is treated as the same query
    by every search engine."""

    term = models.CharField(max_length=80, unique=True, help_text="As staff write it, e.g. RTC.")
    expansion = models.CharField(
        max_length=200, blank=True, help_text="What it stands for, e.g. road traffic collision."
    )
    aliases = models.TextField(
        blank=True,
        help_text="Other names for the same thing, one per line or comma separated "
        "(e.g. the other service's word: RTA).",
    )
    service = models.CharField(
        "used by",
        max_length=10,
        choices=Service.choices,
        default=Service.JOINT,
        help_text="Which service uses this term (joint: both).",
    )
    definition = models.TextField(blank=True)

    panels = [
        FieldPanel("term"),
        FieldPanel("expansion"),
        FieldPanel("aliases"),
        FieldPanel("service"),
        FieldPanel("definition"),
    ]
    search_fields = [
        index.SearchField("term", boost=3),
        index.SearchField("expansion"),
        index.SearchField("aliases"),
        index.AutocompleteField("term"),
    ]

    class Meta:
        ordering = ["term"]
        verbose_name = "glossary term"

    def __str__(self) -> str:
        return f"{self.term} ({self.expansion})" if self.expansion else self.term

    @property
    def alias_list(self) -> list[str]:
        return [part.strip() for part in re.split(r"[\n,;]", self.aliases) if part.strip()]

    @property
    def names(self) -> list[str]:
        """Every name for this term, lower-cased and de-duplicated, term first."""
        seen: list[str] = []
        for name in [self.term, self.expansion, *self.alias_list]:
            name = " ".join(name.lower().split())
            if name and name not in seen:
                seen.append(name)
        return seen


class IndexOutbox(models.Model):
    """The durable outbox for an external search engine: one row per document (or the
    glossary), written in the same transaction as the change. `version` counts changes,
    `delivered_version` the last one the cluster confirmed; a row is pending while they
    differ, and the worker retries it with back-off until it is delivered
    (see `search.outbox`)."""

    key = models.CharField(max_length=64, unique=True)
    document_id = models.IntegerField(null=True, blank=True)
    version = models.PositiveBigIntegerField(default=0)
    delivered_version = models.PositiveBigIntegerField(default=0)
    # The most sections ever indexed for the document: positions past the current count are
    # deleted from the index on delivery.
    sent_sections = models.PositiveIntegerField(default=0)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "search index update"
        indexes = [models.Index(fields=["changed_at"], name="outbox_changed_at")]

    def __str__(self) -> str:
        return f"{self.key} v{self.version} (delivered v{self.delivered_version})"

    @property
    def pending(self) -> bool:
        return self.version > self.delivered_version
