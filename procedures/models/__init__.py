"""The library's models, one module per concern (as `wagtail.models` is laid out):

- `pages`: the home page, sections and documents;
- `related`: a document's guidance links and attachments;
- `media`: images and document files in private storage;
- `versions`: a document's published versions and its review reminders;
- `workflow`: the approval workflow's steps and sign-offs.

Import them from here: `from procedures.models import DocumentPage`."""

from ..choices import (
    DEFAULT_REVIEW_MONTHS,
    ChangeKind,
    DocumentStatus,
    DocumentType,
    ProtectiveMarking,
    Service,
)

# Migrations 0001 and 0004 name the storage callables here.
from ..storage import PrivateImageStorage, private_image_storage, private_storage
from .media import LibraryDocument, LibraryImage, LibraryRendition
from .pages import (
    DocumentPage,
    LibraryHomePage,
    Section,
    SectionPage,
    add_months,
    reference_validator,
)
from .related import DocumentAttachment, GuidanceLink
from .versions import DocumentVersion, ReviewReminder
from .workflow import OwnerReviewTask, ServiceSignOff, ServiceSignOffTask

__all__ = [
    "DEFAULT_REVIEW_MONTHS",
    "ChangeKind",
    "DocumentAttachment",
    "DocumentPage",
    "DocumentStatus",
    "DocumentType",
    "DocumentVersion",
    "GuidanceLink",
    "LibraryDocument",
    "LibraryHomePage",
    "LibraryImage",
    "LibraryRendition",
    "OwnerReviewTask",
    "PrivateImageStorage",
    "ProtectiveMarking",
    "ReviewReminder",
    "Section",
    "SectionPage",
    "Service",
    "ServiceSignOff",
    "ServiceSignOffTask",
    "add_months",
    "private_image_storage",
    "private_storage",
    "reference_validator",
]
