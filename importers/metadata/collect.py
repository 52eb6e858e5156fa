"""Collecting stated values into a Metadata: the best source wins a field, blank template
fields never do, and each value is read as what its field holds (a date, a version, a marking)."""

from __future__ import annotations

import re

from procedures.models import ProtectiveMarking

from .labels import Pair, field_for_label, norm_label
from .model import HEADER, SOURCE_NAMES, Metadata
from .tables import COMBINED_SPLIT_RE, split_combined
from .values import (
    clean,
    detect_kind,
    detect_marking,
    detect_service,
    is_blank,
    letter_revision,
    marking_words,
    parse_date,
    parse_version,
    refuse_secret,
    version_letter_suffix,
)

DATE_ATTRIBUTES = {"effective": "effective_date", "review": "review_date",
                   "modified": "modified_date", "last_reviewed": "last_reviewed"}  # fmt: skip
LONG_VALUE = {"owner_role": 150, "author": 150, "approver": 250, "reference": 40,
              "document_type": 60, "service": 80, "title": 250, "marking": 80}  # fmt: skip


def split_version_and_date(pair: Pair) -> list[Pair]:
    """A label naming a version and a date ('Version / Date', 'Issue & date of issue'): the
    value split into both ('2.1 / 3 May 2023'); [] for any other label."""
    parts = [part for part in COMBINED_SPLIT_RE.split(norm_label(pair.label)) if part.strip()]
    if len(parts) != 2:
        return []
    fields = [field_for_label(part) for part in parts]
    date_fields = [f for f in fields if f in DATE_ATTRIBUTES]
    if "version" not in fields or len(date_fields) != 1:
        return []
    values = split_combined(pair.value, ("version", "date"))
    # Each part is offered under its own label (which names one field: no further split).
    date_label = parts[fields.index(date_fields[0])]
    return [
        Pair("version", parts[fields.index("version")], values.get("version", ""), pair.where),
        Pair(date_fields[0], date_label, values.get("date", ""), pair.where),
    ]


class Collector:
    """A Metadata being filled, with the rank of the source each field came from."""

    def __init__(self, warnings: list[tuple[str, str]]) -> None:
        self.meta = Metadata()
        self.rank: dict[str, int] = {}
        self.warnings = warnings

    # -- collecting ----------------------------------------------------------------------
    def offer(self, pair: Pair, rank: int) -> None:
        """Take `pair` unless a better source already gave the field (blank fields never)."""
        if split := split_version_and_date(pair):
            for part in split:
                self.offer(part, rank)
            return
        key, value = pair.field, clean(pair.value)
        if is_blank(value) or len(value) > LONG_VALUE.get(key, 2000):
            return
        if key == "approver" and parse_date(value) and len(value) < 25:
            key = "effective"  # "Approved: 3 June 2019"
        if key == "version" and parse_version(value) is None and parse_date(value):
            key = "effective"  # "Issue: June 2019"
        if key in self.rank and self.rank[key] <= rank:
            return
        if not self.accept(key, value, pair):
            return
        self.rank[key] = rank
        # Header pairs already say which page header or footer they are in.
        prefix = f"{SOURCE_NAMES[rank]}: " if rank != HEADER else ""
        self.meta.sources[key] = f"{prefix}{pair.where}"
        self.meta.raw[key] = value

    def accept(self, key: str, value: str, pair: Pair) -> bool:
        meta = self.meta
        if key == "reference":
            meta.raw_reference = value
        elif key == "title":
            meta.title = re.sub(r"\s+", " ", value)
        elif key == "version":
            return self.version(value)
        elif key in ("owner_role", "author", "approver"):
            if len(value.split()) > 25:
                return False
            setattr(meta, key, re.sub(r"\s*\n\s*", ", ", value))
        elif key in ("effective", "review", "modified", "last_reviewed"):
            day = parse_date(value)
            if day is None:
                if key == "review" and re.search(r"annual|year|month|\d", value, re.I):
                    meta.review_cycle = meta.review_cycle or value
                    return False
                self.warnings.append(
                    (pair.where, f"Unreadable date for {pair.label.strip()!r}: {value!r}; ignored.")
                )
                return False
            setattr(meta, DATE_ATTRIBUTES[key], day)
        elif key == "reviewer":
            return True  # shown in the preview; the library has no field for it
        elif key == "review_cycle":
            meta.review_cycle = value
        elif key == "marking":
            return self.marking(value, pair.where, strict=True)
        elif key == "service":
            meta.service = detect_service(value)
            return bool(meta.service)
        elif key == "document_type":
            kind, doc_type = detect_kind(value)
            if not doc_type:
                return False
            meta.document_kind, meta.document_type = kind, doc_type
        elif key == "summary":
            meta.summary = value
        return True

    def version(self, value: str) -> bool:
        """A version as major.minor; a letter revision ('Rev B') is kept as written, with no
        number invented for it; a letter suffix ('Issue 3a') keeps its number and its text
        (the warnings are given once the best source has won: `version_warning`)."""
        meta = self.meta
        version = parse_version(value)
        if version is None:
            if not letter_revision(value):
                return False
            meta.version, meta.version_text = None, value
            return True
        meta.version = version
        meta.version_text = value if version_letter_suffix(value) else ""
        return True

    def version_warning(self) -> None:
        meta = self.meta
        if not meta.version_text:
            return
        where = meta.sources.get("version", "version")
        if meta.version is None:
            message = (
                f"Version {meta.version_text!r} is a letter revision; the library numbers "
                "versions major.minor, so no version number was given: enter one before the "
                "draft is created."
            )
        else:
            message = (
                f"Version {meta.version_text!r}: the library numbers versions major.minor and "
                f"cannot hold the letter {version_letter_suffix(meta.version_text)!r}; read as "
                f"{meta.version[0]}.{meta.version[1]}, check it."
            )
        self.warnings.append((where, message))

    def marking(self, text: str, where: str, strict: bool) -> bool:
        """A marking from a labelled field (strict: anything written there counts, unknown
        words are flagged) or from free text (only known marking words count)."""
        refuse_secret(text)
        marking = detect_marking(text)
        meta = self.meta
        if not marking:
            if strict and not meta.marking_unknown:
                meta.marking_unknown = clean(text)[:80]
                self.warnings.append(
                    (
                        where,
                        f"Unknown protective marking {clean(text)[:80]!r}: imported as "
                        "OFFICIAL; check the marking before publishing.",
                    )
                )
            return False
        current = meta.marking if meta.marking_source else ""
        if current == ProtectiveMarking.OFFICIAL_SENSITIVE and marking != current:
            self.warnings.append(
                (
                    where,
                    f"This says {marking_words(text)!r} but {meta.marking_source} says "
                    f"{meta.marking_text!r}; the higher marking was kept.",
                )
            )
            return False
        meta.marking = marking
        meta.marking_source = where
        meta.marking_text = marking_words(text)
        meta.marking_needs_confirmation = marking == ProtectiveMarking.OFFICIAL_SENSITIVE
        return True
