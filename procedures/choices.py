"""The library's fixed vocabularies: markings, services, document types and statuses.

Plain choices with no model behind them, so every layer (models, the access rule, the
approval steps, importers) can name them without importing the page models."""

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
