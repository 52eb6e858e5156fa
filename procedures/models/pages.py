"""The library's pages: home, sections by function, and documents.

A document's metadata lives on `DocumentPage` and nowhere else. Its status (draft, current,
superseded, withdrawn) is derived from its fields and Wagtail's live flag, never stored twice.

The pages serve their listings (`listings`), version history (`history`) and print style
(`printing`). Those modules query these models, so each is imported inside the method that
serves it, once the models are loaded; everything the models themselves rely on (the access
rule, the permission testers, the editor's form) imports no model.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .. import access
from ..blocks import DocumentBodyBlock, assign_heading_anchors
from ..choices import (
    DEFAULT_REVIEW_MONTHS,
    ChangeKind,
    DocumentStatus,
    DocumentType,
    ProtectiveMarking,
    Service,
)
from ..forms import DocumentPageForm
from ..permissions import DocumentPermissionTester
from ..publication import TreePermissionTester
from .querysets import DocumentPageManager

reference_validator = RegexValidator(
    r"^[A-Z]{2,6}-\d{2,4}[A-Z]?$", "Use the form ABC-012: capital letters, a hyphen, digits."
)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole months, clamped to the end of shorter months (31 Jan + 1 = 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last_day in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last_day))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - unreachable


class LibraryHomePage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["procedures.SectionPage"]
    max_count = 1

    class Meta:
        verbose_name = "library home"

    def permissions_for_user(self, user):
        return TreePermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        from ..listings import home_context  # noqa: PLC0415 - it imports these models (docstring)

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(self, request.user))
        return context


class SectionPage(Page):
    """A section by function, e.g. major incidents and emergency response."""

    intro = models.TextField(blank=True, help_text="One or two sentences shown in listings.")

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["procedures.LibraryHomePage"]
    subpage_types = ["procedures.DocumentPage"]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = "section"

    def permissions_for_user(self, user):
        return TreePermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        from ..listings import section_context  # noqa: PLC0415 - it imports these models (docstring)

        context = super().get_context(request, *args, **kwargs)
        context.update(section_context(self, request))
        return context


@dataclass
class Section:
    """A heading-delimited part of a document body: what deep links and search hits point at."""

    anchor: str
    title: str
    number: str
    level: int
    text_parts: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def text(self) -> str:
        return "\n".join(part for part in self.text_parts if part)


class DocumentPage(RoutablePageMixin, Page):
    """A policy, procedure, guidance note or action card.

    Beside the page itself it serves its version history (`versions/`), any earlier published
    version (`versions/<major>/<minor>/`), a comparison of two versions (`changes/`) and the
    document as it stood on a date (`as-at/`); see `procedures/history.py`."""

    reference = models.CharField(
        max_length=16,
        unique=True,
        validators=[reference_validator],
        help_text="Library reference, e.g. JOP-014",
    )
    document_type = models.CharField(
        max_length=20, choices=DocumentType.choices, default=DocumentType.PROCEDURE
    )
    service = models.CharField(
        "owning service", max_length=10, choices=Service.choices, default=Service.JOINT
    )
    summary = models.TextField(help_text="What this document is for, in two or three sentences.")
    owner_role = models.CharField(
        max_length=120, help_text="The role that owns this document, e.g. Head of Joint Operations"
    )
    policy_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The named person who currently holds the owning role.",
    )
    author_name = models.CharField(max_length=120, blank=True)
    protective_marking = models.CharField(
        max_length=20, choices=ProtectiveMarking.choices, default=ProtectiveMarking.OFFICIAL
    )
    access_groups = ParentalManyToManyField(
        Group,
        blank=True,
        related_name="+",
        help_text="For OFFICIAL-SENSITIVE documents: only members of these groups can see it.",
    )
    effective_date = models.DateField(null=True, blank=True)
    review_period_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave blank for the default for this document type."
    )
    next_review_date = models.DateField(null=True, blank=True, db_index=True)
    equality_impact_assessed = models.BooleanField("equality impact assessment done", default=False)
    equality_impact_assessment_date = models.DateField(null=True, blank=True)
    foi_publishable = models.BooleanField(
        "publishable under the Freedom of Information Act", default=False
    )
    related_documents = ParentalManyToManyField(
        "self", blank=True, symmetrical=False, related_name="+"
    )
    body = StreamField(DocumentBodyBlock(), blank=True)

    # Version of the live (published) revision. Assigned on publication, never typed in.
    version_major = models.PositiveIntegerField(default=0, editable=False)
    version_minor = models.PositiveIntegerField(default=0, editable=False)
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)

    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(blank=True, editable=False)
    superseded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
        editable=False,
    )

    # The change being prepared: part of the revision, cleared when it is published.
    change_kind = models.CharField(
        "kind of change",
        max_length=10,
        choices=ChangeKind.choices,
        blank=True,
        help_text="Minor: wording, links, corrections. Major: anything that changes what staff do.",
    )
    change_summary = models.TextField(
        blank=True, help_text="What changed and why, for the version history. Required to submit."
    )

    base_form_class = DocumentPageForm
    parent_page_types = ["procedures.SectionPage"]
    subpage_types: list[str] = []

    search_fields = Page.search_fields + [
        index.SearchField("reference", boost=5),
        index.AutocompleteField("reference"),
        index.SearchField("summary", boost=2),
        index.SearchField("owner_role"),
        index.SearchField("body"),
        index.FilterField("reference"),
        index.FilterField("service"),
        index.FilterField("document_type"),
        index.FilterField("protective_marking"),
        index.FilterField("withdrawn_at"),
        index.FilterField("superseded_by"),
    ]

    metadata_panels = [
        FieldRowPanel(
            [FieldPanel("reference"), FieldPanel("document_type"), FieldPanel("service")]
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("owner_role"), FieldPanel("policy_owner"), FieldPanel("author_name")],
            heading="Ownership",
        ),
        MultiFieldPanel(
            [FieldPanel("protective_marking"), FieldPanel("access_groups")],
            heading="Protective marking",
        ),
        MultiFieldPanel(
            [
                FieldPanel("effective_date"),
                FieldPanel("review_period_months"),
                FieldPanel("next_review_date"),
            ],
            heading="Dates",
        ),
        MultiFieldPanel(
            [
                FieldPanel("equality_impact_assessed"),
                FieldPanel("equality_impact_assessment_date"),
                FieldPanel("foi_publishable"),
            ],
            heading="Assessments",
        ),
        InlinePanel("guidance_links", heading="Legislation and national guidance", label="Item"),
        FieldPanel("related_documents"),
        InlinePanel("attachments", heading="Attachments", label="Attachment"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("change_kind"), FieldPanel("change_summary")],
            heading="This change",
            help_text="Required when you submit for approval. The version number is assigned "
            "when the change is published.",
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(metadata_panels, heading="Metadata"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    objects = DocumentPageManager()

    class Meta:
        verbose_name = "document"
        indexes = [
            models.Index(fields=["service", "document_type"]),
            # What search reads for each of up to 500 matched documents (status, facets,
            # clearance), found by id among current documents without reading the row:
            # on SQLite these columns sit after the body, so reading them walked the body's
            # overflow pages (33 ms of a search at 100,000 sections; 15 ms with this index).
            models.Index(
                fields=[
                    "superseded_by",
                    "withdrawn_at",
                    "page_ptr",
                    "protective_marking",
                    "service",
                    "document_type",
                ],
                name="document_search_facts",
            ),
        ]
        # Roles hold these (procedures.roles); procedures.permissions checks them.
        permissions = [
            ("coordinate_documents", "Can coordinate every document's review and life cycle"),
            ("review_documents", "Can review the documents they own"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}" if self.reference else self.title

    # -- derived state -------------------------------------------------------------------
    @property
    def status(self) -> DocumentStatus:
        return DocumentStatus.of(
            withdrawn=bool(self.withdrawn_at),
            superseded=bool(self.superseded_by_id),
            live=self.live,
        )

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def is_current(self) -> bool:
        return self.status == DocumentStatus.CURRENT

    @property
    def version_label(self) -> str:
        if not (self.version_major or self.version_minor):
            return "Draft"
        return f"{self.version_major}.{self.version_minor}"

    @property
    def is_sensitive(self) -> bool:
        return self.protective_marking == ProtectiveMarking.OFFICIAL_SENSITIVE

    @property
    def review_months(self) -> int:
        return self.review_period_months or DEFAULT_REVIEW_MONTHS[DocumentType(self.document_type)]

    def review_date_after(self, approved_on: datetime.date) -> datetime.date:
        return add_months(approved_on, self.review_months)

    @property
    def is_overdue_for_review(self) -> bool:
        return bool(
            self.is_current
            and self.next_review_date
            and self.next_review_date < timezone.localdate()
        )

    @cached_property
    def sections(self) -> list[Section]:
        """The body split at its headings; text before the first heading is an untitled
        section with an empty anchor."""
        sections = [Section(anchor="", title="", number="", level=1)]
        for child in self.body:
            if child.block_type == "heading":
                sections.append(
                    Section(
                        anchor=child.value.get("anchor") or "",
                        title=child.value["text"],
                        number=child.value.get("number") or "",
                        level=int(child.value.get("level") or 2),
                    )
                )
            else:
                sections[-1].text_parts.extend(
                    str(part) for part in child.block.get_searchable_content(child.value)
                )
        if not sections[0].text_parts:
            sections.pop(0)
        return sections

    @property
    def contents(self) -> list[Section]:
        return [section for section in self.sections if section.anchor]

    # -- access --------------------------------------------------------------------------
    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # related_documents may be an in-memory FakeQuerySet (previews, old revisions),
        # so filter on the database by primary key.
        related_ids = [document.pk for document in self.related_documents.all()]
        context["related"] = list(
            DocumentPage.objects.live()
            .visible_to(request.user)
            .filter(pk__in=related_ids, withdrawn_at__isnull=True)
            .only("id", "path", "url_path", "title", "reference", "locale_id")
        )
        # The superseded banner names its replacement only to readers cleared for it.
        replacement = self.superseded_by if self.superseded_by_id else None
        context["replacement"] = (
            replacement
            if replacement is not None
            and replacement.live
            and access.is_cleared_for(request.user, replacement)
            else None
        )
        context["attachment_list"] = list(self.attachments.select_related("document"))
        context["guidance_list"] = list(self.guidance_links.all())
        context["today"] = timezone.localdate()
        return context

    def permissions_for_user(self, user):
        return DocumentPermissionTester(user, self)

    @path("versions/", name="versions")
    def version_history(self, request):
        from ..history import version_history  # noqa: PLC0415 - it imports these models (docstring)

        return version_history(request, self)

    @path("versions/<int:major>/<int:minor>/", name="version")
    def version_detail(self, request, major: int, minor: int):
        from ..history import version_detail  # noqa: PLC0415 - it imports these models (docstring)

        return version_detail(request, self, major, minor)

    @path("changes/", name="changes")
    def what_changed(self, request):
        from ..history import what_changed  # noqa: PLC0415 - it imports these models (docstring)

        return what_changed(request, self)

    @path("as-at/", name="as_at")
    def as_at(self, request):
        from ..history import as_at  # noqa: PLC0415 - it imports these models (docstring)

        return as_at(request, self)

    @path("print-style/", name="print_css")
    def print_css(self, request):
        from ..printing import print_css  # noqa: PLC0415 - it imports these models (docstring)

        return print_css(request, self)

    def serve(self, request, *args, **kwargs):
        # Rendering asks again (the acknowledgement panel): one answer for the whole page,
        # which is why the response is rendered here. Serving changes nothing it depends on.
        with access.remembered():
            # 404, not 403: a refusal must not confirm that a restricted document exists.
            if not access.is_cleared_for(request.user, self):
                raise Http404
            response = super().serve(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            return response

    # -- validation and saving --------------------------------------------------------------
    def clean(self):
        super().clean()
        if self.reference:
            self.reference = self.reference.strip().upper()
            clash = DocumentPage.objects.filter(reference=self.reference).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"reference": f"{self.reference} is already in use."})

    def full_clean(self, *args, **kwargs):
        assign_heading_anchors(self.body)
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        assign_heading_anchors(self.body)
        return super().save(*args, **kwargs)

    # Set by publication, withdrawal and supersession, never by a revision's content.
    PRESERVED_FIELDS = (
        "version_major", "version_minor", "approved_at", "withdrawn_at", "withdrawal_reason",
        "superseded_by_id",
    )  # fmt: skip

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for name in self.PRESERVED_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj
