"""Search data: one row per section of a live document (what the engines index), word
counts per access key (IDF and typo correction) and the shared glossary (synonyms).

The section table holds text only. Who may see a document and whether it is current are
decided at query time against the live `DocumentPage` rows, so withdrawing, superseding or
restricting a document takes effect at once, whatever the index holds."""

from __future__ import annotations

import datetime
import re

from django.db import models
from django.db.models import F
from django.db.models.functions import Greatest
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


class TermCount(models.Model):
    """How many indexed sections hold a word, per access key: the term statistics that give
    every engine the same inverse document frequency, and the vocabulary spelling correction
    picks from. `access` is "" for documents every member of staff may see, and
    "groups:<ids>" for an OFFICIAL-SENSITIVE document open to those groups, so a searcher's
    vocabulary holds only words from documents they may see (see search.terms)."""

    word = models.CharField(max_length=64)
    access = models.CharField(max_length=200, blank=True)
    sections = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["word", "access"], name="unique_term_access")
        ]

    def __str__(self) -> str:
        return f"{self.word} ({self.access or 'all staff'}): {self.sections}"


class TermSource(models.Model):
    """The access key a document's words were counted under, so that a change of marking or
    access groups moves its counts from one key to the other."""

    document_id = models.IntegerField(primary_key=True)
    access = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.document_id}: {self.access or 'all staff'}"


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

    @classmethod
    def synonym_groups(cls) -> list[list[str]]:
        """Every term's names: the synonym groups each search engine is given."""
        return [term.names for term in cls.objects.all()]

    @property
    def names(self) -> list[str]:
        """Every name for this term, lower-cased and de-duplicated, term first."""
        seen: list[str] = []
        for name in [self.term, self.expansion, *self.alias_list]:
            name = " ".join(name.lower().split())
            if name and name not in seen:
                seen.append(name)
        return seen


class IndexOutboxQuerySet(models.QuerySet["IndexOutbox"]):
    """What a rebuild of the external index reads and writes in the outbox: it indexes each
    document under its current version, so a later change always carries a higher one."""

    def versions(self, page_ids: list[int]) -> dict[int, int]:
        """Each document's current version (rows are made for documents that have none)."""
        keys = [IndexOutbox.document_key(p) for p in page_ids]
        found = dict(self.filter(key__in=keys).values_list("document_id", "version"))
        missing = [page_id for page_id in page_ids if page_id not in found]
        if missing:
            rows = [
                IndexOutbox(
                    key=IndexOutbox.document_key(p), document_id=p, version=1, delivered_version=1
                )
                for p in missing
            ]
            IndexOutbox.objects.bulk_create(rows, ignore_conflicts=True)
            found.update(
                self.filter(key__in=[IndexOutbox.document_key(p) for p in missing]).values_list(
                    "document_id", "version"
                )
            )
        return found

    def indexed(self, counts: dict[int, int]) -> None:
        """A rebuild indexed these documents with this many sections each."""
        for page_id, count in counts.items():
            self.filter(key=IndexOutbox.document_key(page_id)).update(
                sent_sections=Greatest(F("sent_sections"), count)
            )

    def resend_changed_since(self, started: datetime.datetime) -> None:
        """Changes made while a new index was filling may have gone to the old one: mark them
        to be sent again (their versions keep whatever the new index holds if newer). The
        caller queues their delivery (`search.outbox.schedule`)."""
        self.filter(changed_at__gte=started, document_id__isnull=False).update(
            delivered_version=0, next_attempt_at=None
        )


class IndexOutbox(models.Model):
    """The durable outbox for an external search engine: one row per document (or the
    glossary), written in the same transaction as the change. `version` counts changes,
    `delivered_version` the last one the cluster confirmed; a row is pending while they
    differ, and the worker retries it with back-off until it is delivered
    (see `search.outbox` and `search.delivery`)."""

    GLOSSARY_KEY = "glossary"

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

    objects = IndexOutboxQuerySet.as_manager()

    class Meta:
        verbose_name = "search index update"
        indexes = [models.Index(fields=["changed_at"], name="outbox_changed_at")]

    def __str__(self) -> str:
        return f"{self.key} v{self.version} (delivered v{self.delivered_version})"

    @staticmethod
    def document_key(page_id: int) -> str:
        return f"document:{page_id}"

    @property
    def pending(self) -> bool:
        return self.version > self.delivered_version


class SearchQueryDay(models.Model):
    """What was searched for, counted per query text and day, for the coordinator's search
    insights. Never who searched: there is no user, session or address here, and rows older
    than SEARCH_INSIGHTS_DAYS are deleted (`manage.py purge_search_insights`)."""

    day = models.DateField()
    query = models.CharField(max_length=200)
    searches = models.PositiveIntegerField(default=0)
    no_results = models.PositiveIntegerField(default=0)
    # Results opened from the results page (a click, counted without who clicked).
    opened = models.PositiveIntegerField(default=0)
    # Searches shown "Showing results for ..." and, of those, how many people then asked
    # for their own words instead ("Search instead for ...").
    corrected = models.PositiveIntegerField(default=0)
    correction_abandoned = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "query"], name="unique_query_day"),
        ]
        permissions = [("view_search_insights", "Can see search insights and act on them")]

    def __str__(self) -> str:
        return f"{self.day} {self.query}: {self.searches}"


class BestBet(models.Model):
    """A query the coordinator pointed at a document: it comes first for that query (for
    those who may see it), from the next search on, with no re-indexing."""

    query = models.CharField(max_length=200, unique=True)
    document = models.ForeignKey(DocumentPage, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["query"]

    def __str__(self) -> str:
        return f"{self.query} -> {self.document_id}"
