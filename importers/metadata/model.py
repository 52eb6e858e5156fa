"""What metadata extraction produces: the document's details, each with where it was found."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from procedures.models import ProtectiveMarking

from .tables import HistoryEntry

# Sources, best first.
FRONT_SHEET, COVER, HEADER, CONTROL, PROPERTIES, FILE_NAME = range(6)
SOURCE_NAMES = {FRONT_SHEET: "front sheet", COVER: "cover page", HEADER: "page header/footer",
                CONTROL: "document control table", PROPERTIES: "document properties",
                FILE_NAME: "file name"}  # fmt: skip


@dataclass
class Metadata:
    title: str = ""
    reference: str = ""
    raw_reference: str = ""
    version: tuple[int, int] | None = None
    # The version as written when the library's major.minor cannot hold it: a letter revision
    # ("Rev B": version stays None) or a letter suffix ("Issue 3a": version 3.0). Shown in the
    # preview and the report; no number is invented for it.
    version_text: str = ""
    owner_role: str = ""
    author: str = ""
    review_date: datetime.date | None = None
    effective_date: datetime.date | None = None
    modified_date: datetime.date | None = None
    last_reviewed: datetime.date | None = None
    review_cycle: str = ""
    marking: str = ProtectiveMarking.OFFICIAL
    marking_source: str = ""
    marking_text: str = ""  # the marking as written ('Confidential')
    marking_needs_confirmation: bool = False  # a proposal the coordinator must confirm
    marking_unknown: str = ""  # a marking the library does not know, flagged
    service: str = ""
    document_type: str = ""
    document_kind: str = ""  # what the document calls itself: Policy, SOP, Standard...
    summary: str = ""
    approver: str = ""
    history: list[HistoryEntry] = field(default_factory=list)
    consumed_text: list[str] = field(default_factory=list)  # text moved out of the body
    sources: dict[str, str] = field(default_factory=dict)  # field -> where it was found
    raw: dict[str, str] = field(default_factory=dict)  # field -> the value as written

    def stated(self) -> list[dict[str, str]]:
        """Each extracted value as written, with where it came from (for the preview)."""
        return [
            {"field": name, "value": self.raw.get(name, ""), "source": source}
            for name, source in self.sources.items()
        ]
