"""Document metadata from legacy Word files: see `extract` for where it is looked for.

Modules: extract (where to look), collect (which source wins a field and how each value is
read), titles (the document's title), tables (front sheets and history tables), labels (the
labels fields go by), values (dates, versions, markings, blank template fields), model (what
comes out)."""

from .extract import Metadata, extract_metadata
from .labels import field_for_label, norm_label
from .tables import HistoryEntry
from .values import (
    detect_kind,
    detect_marking,
    detect_service,
    detect_type,
    is_blank,
    normalise_reference,
    parse_date,
    parse_version,
)

__all__ = [
    "HistoryEntry",
    "Metadata",
    "detect_kind",
    "detect_marking",
    "detect_service",
    "detect_type",
    "extract_metadata",
    "field_for_label",
    "is_blank",
    "norm_label",
    "normalise_reference",
    "parse_date",
    "parse_version",
]
