"""The library's fixed vocabularies: markings, services, document types and statuses.

Plain choices with no model behind them, so every layer (models, the access rule, the
approval steps, importers) can name them without importing the page models."""

from __future__ import annotations

from django.db import models


class ProtectiveMarking(models.TextChoices):
    OFFICIAL = "official", "OFFICIAL"
    OFFICIAL_SENSITIVE = "official-sensitive", "OFFICIAL-SENSITIVE"


class Service(models.TextChoices):
    POLICE = "police", "Police"
    FIRE = "fire", "Fire and rescue"
    JOINT = "joint", "Joint (police and fire)"


class DocumentType(models.TextChoices):
    POLICY = "policy", "Policy"
    PROCEDURE = "procedure", "Procedure"
    GUIDANCE = "guidance", "Guidance note"
    ACTION_CARD = "action-card", "Action card"


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    CURRENT = "current", "Current"
    SUPERSEDED = "superseded", "Superseded"
    WITHDRAWN = "withdrawn", "Withdrawn"

    @classmethod
    def of(cls, *, withdrawn: bool, superseded: bool, live: bool) -> DocumentStatus:
        """A document's status from its facts, the one derivation: withdrawal outranks
        supersession, and a document neither withdrawn nor superseded is current while live.
        `DocumentPage.objects.in_force()` selects exactly the current ones."""
        if withdrawn:
            return cls.WITHDRAWN
        if superseded:
            return cls.SUPERSEDED
        return cls.CURRENT if live else cls.DRAFT


# How long an approved document stays in date before it must be reviewed.
DEFAULT_REVIEW_MONTHS = {
    DocumentType.POLICY: 24,
    DocumentType.PROCEDURE: 12,
    DocumentType.GUIDANCE: 24,
    DocumentType.ACTION_CARD: 12,
}


class ChangeKind(models.TextChoices):
    MINOR = "minor", "Minor (editorial)"
    MAJOR = "major", "Major (substantive)"
