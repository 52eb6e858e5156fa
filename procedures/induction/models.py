"""Induction pathways, required reading and acknowledgements.

A *pathway* is an ordered list of documents that the policy coordinator assigns to people or
to groups; *required reading* is a document its owner asks groups to read. Who must read what
is never stored: it is computed when it is read (`obligations.py`) from pathway assignments, group
membership and the documents' access rules, so joining a group assigns its pathways at once,
and nobody is ever asked to read a document they may not see.

An `Acknowledgement` is evidence: "this person read and understood version X of this document
at this time". It is append-only (never edited, never deleted by staff).
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from .forms import PathwayForm, RequiredReadingForm

DUE_HELP = "Leave blank for no deadline. Counted from when the person was assigned it."


class Pathway(ClusterableModel):
    """An ordered list of documents for a set of people (e.g. "All new joiners")."""

    base_form_class = PathwayForm

    title = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True, help_text="Who this pathway is for and why.")
    active = models.BooleanField(
        default=True, help_text="Inactive pathways are not shown to anyone or reported on."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("active"),
        InlinePanel("items", heading="Documents to read, in order", label="Document", min_num=1),
        MultiFieldPanel(
            [InlinePanel("group_assignments", label="Group")],
            heading="Assigned to groups (everyone in the group, including people who join later)",
        ),
        MultiFieldPanel(
            [InlinePanel("user_assignments", label="Person")], heading="Assigned to people"
        ),
    ]

    class Meta:
        ordering = ["title"]
        permissions = [("view_induction_reports", "Can view induction and reading reports")]

    def __str__(self) -> str:
        return self.title


class PathwayItem(Orderable):
    pathway = ParentalKey(Pathway, on_delete=models.CASCADE, related_name="items")
    document = models.ForeignKey(
        "procedures.DocumentPage", on_delete=models.CASCADE, related_name="+"
    )
    due_within_days = models.PositiveSmallIntegerField(
        "within N days", null=True, blank=True, help_text=DUE_HELP
    )

    panels = [FieldPanel("document"), FieldPanel("due_within_days")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["pathway", "document"], name="unique_pathway_document")
        ]

    def __str__(self) -> str:
        return f"{self.pathway}: {self.document_id}"


class PathwayGroupAssignment(models.Model):
    pathway = ParentalKey(Pathway, on_delete=models.CASCADE, related_name="group_assignments")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now, editable=False)

    panels = [FieldPanel("group")]

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pathway", "group"], name="unique_pathway_group")
        ]

    def __str__(self) -> str:
        return f"{self.pathway} → {self.group}"


class PathwayUserAssignment(models.Model):
    pathway = ParentalKey(Pathway, on_delete=models.CASCADE, related_name="user_assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now, editable=False)

    panels = [FieldPanel("user")]

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pathway", "user"], name="unique_pathway_user")
        ]

    def __str__(self) -> str:
        return f"{self.pathway} → {self.user}"


class RequiredReading(models.Model):
    """A document its owner requires groups to read and acknowledge, outside any pathway
    (e.g. all fire staff must acknowledge the new breathing apparatus procedure)."""

    base_form_class = RequiredReadingForm

    document = models.ForeignKey(
        "procedures.DocumentPage", on_delete=models.CASCADE, related_name="+"
    )
    groups = models.ManyToManyField(Group, related_name="+")
    due_within_days = models.PositiveSmallIntegerField(
        "within N days", null=True, blank=True, help_text=DUE_HELP
    )
    note = models.CharField(
        max_length=255, blank=True, help_text="Why, shown to the people who must read it."
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    panels = [
        FieldPanel("document"),
        FieldPanel("groups", widget=forms.CheckboxSelectMultiple),
        FieldPanel("due_within_days"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = "required reading"
        verbose_name_plural = "required reading"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Required reading: {self.document}"


class GroupMembership(models.Model):
    """When a person joined a group (kept up to date from `User.groups` by a signal), so a
    pathway's due dates run from the day someone joined the team, not from day one."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "group"], name="unique_group_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.group} since {self.joined_at:%Y-%m-%d}"


class AcknowledgementQuerySet(models.QuerySet):
    def acts(self) -> AcknowledgementQuerySet:
        """The rows that stand for an act: not those marked `duplicate_of` another."""
        return self.filter(duplicate_of__isnull=True)

    def acts_of(self, users: QuerySet | Iterable[int]) -> AcknowledgementQuerySet:
        """`acts()` of a few people (`users`, a queryset of users or their ids): one person,
        or a page of a report."""
        # NOT (duplicate_of IS NOT NULL) is `acts()` in another form. SQLite's planner, which
        # has no statistics, takes `IS NULL` for a selective test and walks the duplicate_of
        # index (every row) instead of looking the people up: 22 ms of CPU for a report
        # page's 50 people that way, 8 ms this way. For a count over everyone, the walk is
        # the better plan, so `acts()` keeps the plain form. PostgreSQL plans both alike.
        return self.exclude(duplicate_of__isnull=False).filter(user__in=users)

    def delete(self):
        raise ValidationError("Acknowledgements are evidence and cannot be deleted.")

    def update(self, **kwargs):
        raise ValidationError("Acknowledgements are evidence and cannot be changed.")


class Acknowledgement(models.Model):
    """ "I have read and understood version X": append-only evidence.

    The document's reference, title and version are copied at the time, so the record
    still says what was read if the page changes later.

    One act, one row: the database holds at most one acknowledgement per person, document and
    major version (an acknowledgement of M.n satisfies every later M.x, so nobody is asked to
    acknowledge the same major version twice). Two identical "I have read" posts arriving
    together therefore record one row; the second answers as the first did.

    Rows recorded twice before that rule existed (a double submit could record two within
    milliseconds) are not deleted, because evidence is never deleted: migration 0002 marks
    every later row of a (person, document, major version) as a `duplicate_of` the earliest,
    which is the one reports and evidence show. The rule holds for unmarked rows.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(
        "procedures.DocumentPage", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reference = models.CharField(max_length=16)
    title = models.CharField(max_length=255)
    version_major = models.PositiveIntegerField()
    version_minor = models.PositiveIntegerField()
    acknowledged_at = models.DateTimeField(default=timezone.now, db_index=True)
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text="Set only on rows recorded twice for one act before acknowledgements were "
        "unique: the earliest row, which stands for the act.",
    )

    objects = AcknowledgementQuerySet.as_manager()

    class Meta:
        ordering = ["-acknowledged_at", "-pk"]
        indexes = [models.Index(fields=["document", "user", "version_major"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "document", "version_major"],
                condition=models.Q(duplicate_of__isnull=True),
                name="one_acknowledgement_per_major_version",
            )
        ]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.user} read {self.reference} v{self.version_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError("Acknowledgements are evidence and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Acknowledgements are evidence and cannot be deleted.")

    @property
    def version_label(self) -> str:
        return f"{self.version_major}.{self.version_minor}"


class Submission(models.Model):
    """One "create" form, submitted once: the random key its form carried (`forms.OnceForm`) and
    what it created. A second post of the same form (a double click, or both at once) finds
    the key taken and answers as the first did, instead of creating a second pathway or rule
    (or failing on the pathway's unique title)."""

    key = models.CharField(max_length=64, unique=True)
    model = models.CharField(max_length=100)
    object_id = models.PositiveBigIntegerField(null=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self) -> str:
        return f"{self.model} {self.object_id} ({self.key})"
