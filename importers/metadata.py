"""Document metadata from a legacy Word file: the front-sheet table most policy documents start
with, the version-history table, core properties, and the protective marking in headers and
footers. Consumed tables are taken out of the body (their content lives in fields instead)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from procedures.models import DocumentType, ProtectiveMarking, Service, reference_validator

from .package import WordImportError
from .parser import Cell, Heading, ParsedDocument, Table, Title

FRONT_SHEET_LABELS: dict[str, tuple[str, ...]] = {
    "reference": ("reference", "document reference", "ref", "ref no", "reference number",
                  "document number", "document no", "policy reference", "procedure reference",
                  "document ref", "policy number", "procedure number"),
    "title": ("title", "document title", "policy title", "procedure title", "name of document"),
    "version": ("version", "version number", "current version", "version no", "issue"),
    "owner_role": ("owner", "policy owner", "document owner", "owning role", "owner role",
                   "responsible officer", "owning department", "lead officer"),
    "author": ("author", "written by", "prepared by", "authors"),
    "review": ("review date", "next review", "next review date", "date of next review",
               "review due"),
    "effective": ("effective date", "date of issue", "issue date", "date approved",
                  "approval date", "approved date", "publication date", "date effective"),
    "marking": ("protective marking", "classification", "security classification",
                "government security classification", "marking", "gsc"),
    "service": ("service", "owning service", "organisation", "organization"),
    "document_type": ("document type", "type", "type of document"),
    "summary": ("summary", "purpose", "description", "aim", "scope"),
    "approver": ("approved by", "approver", "approving body", "authorised by"),
}  # fmt: skip
LABEL_TO_FIELD = {label: key for key, labels in FRONT_SHEET_LABELS.items() for label in labels}

HISTORY_HEADINGS = re.compile(
    r"^(document |version |revision |amendment |change )?(control|history|record)( record| log)?$"
    r"|^(version|revision|amendment|change|document) (history|control|record|log)",
    re.IGNORECASE,
)


@dataclass
class HistoryEntry:
    major: int
    minor: int
    published_on: datetime.date
    author: str = ""
    summary: str = ""
    approvers: str = ""


@dataclass
class Metadata:
    title: str = ""
    reference: str = ""
    raw_reference: str = ""
    version: tuple[int, int] | None = None
    owner_role: str = ""
    author: str = ""
    review_date: datetime.date | None = None
    effective_date: datetime.date | None = None
    marking: str = ProtectiveMarking.OFFICIAL
    marking_source: str = ""
    service: str = ""
    document_type: str = ""
    summary: str = ""
    approver: str = ""
    history: list[HistoryEntry] = field(default_factory=list)
    consumed_text: list[str] = field(default_factory=list)  # text moved out of the body


def norm_label(text: str) -> str:
    return re.sub(r"[\s:.*]+$", "", re.sub(r"\s+", " ", text.strip().lower()))


def parse_date(text: str) -> datetime.date | None:
    """Dates as legacy documents write them (day first, UK style)."""
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip().rstrip("."))
    text = re.sub(r"\s+", " ", text)
    formats = (
        "%d/%m/%Y",
        "%d/%m/%y",
        "%d.%m.%Y",
        "%d-%m-%Y",
        "%Y-%m-%d",
        "%d %B %Y",
        "%d %b %Y",
        "%B %d, %Y",
        "%B %Y",
        "%b %Y",
        "%d-%b-%Y",
        "%d-%b-%y",
        "%Y-%m-%dT%H:%M:%SZ",
    )
    for fmt in formats:
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
    return None


def parse_version(text: str) -> tuple[int, int] | None:
    match = re.search(r"(\d{1,4})(?:\.(\d{1,4}))?", text)
    if not match or not re.match(r"^\s*(v(ersion)?\.?\s*|issue\s*)?\d", text.strip().lower()):
        return None
    return int(match.group(1)), int(match.group(2) or 0)


def normalise_reference(text: str) -> str:
    """`jop 14`, `JOP/014`, `JOP-014` -> `JOP-014` when it fits the library's form, else ''."""
    match = re.search(r"\b([A-Za-z]{2,6})\s*[-/_ ]?\s*(\d{1,4})([A-Za-z]?)\b", text)
    if not match:
        return ""
    letters, digits, suffix = match.groups()
    candidate = (
        f"{letters.upper()}-{digits.zfill(2) if len(digits) < 2 else digits}{suffix.upper()}"
    )
    try:
        reference_validator(candidate)
    except Exception:  # noqa: BLE001 - a ValidationError means 'no usable reference'
        return ""
    return candidate


def detect_marking(text: str) -> str:
    """The marking named in `text` (headers, footers, a front sheet), or ''."""
    upper = re.sub(r"[\s\u2010-\u2015_-]+", " ", text.upper())
    if re.search(r"\bTOP SECRET\b|(?<!OFFICIAL )\bSECRET\b", upper):
        raise WordImportError(
            "The document is marked SECRET or TOP SECRET; the library holds only OFFICIAL and "
            "OFFICIAL-SENSITIVE material. It was not imported."
        )
    if re.search(r"\bOFFICIAL SENSITIVE\b|\bRESTRICTED\b|\bPROTECT\b", upper):
        return ProtectiveMarking.OFFICIAL_SENSITIVE
    if re.search(r"\bOFFICIAL\b|\bNOT PROTECTIVELY MARKED\b|\bUNCLASSIFIED\b", upper):
        return ProtectiveMarking.OFFICIAL
    return ""


def detect_service(text: str) -> str:
    lower = text.lower()
    police = "police" in lower or "constabulary" in lower
    fire = "fire" in lower
    if "joint" in lower or (police and fire):
        return Service.JOINT
    if police:
        return Service.POLICE
    if fire:
        return Service.FIRE
    return ""


def detect_type(text: str) -> str:
    lower = text.lower()
    for word, kind in (
        ("action card", DocumentType.ACTION_CARD),
        ("guidance", DocumentType.GUIDANCE),
        ("policy", DocumentType.POLICY),
        ("procedure", DocumentType.PROCEDURE),
        ("sop", DocumentType.PROCEDURE),
    ):
        if word in lower:
            return kind
    return ""


def label_pairs(table: Table) -> list[tuple[str, str]]:
    """(label, value) pairs from a two- or four-column key/value table."""
    pairs: list[tuple[str, str]] = []
    for row in table.rows:
        cells = [cell for cell in row if cell.vmerge != "continue"]
        for index in range(0, len(cells) - 1, 2):
            pairs.append((cells[index].text, cells[index + 1].text))
    return pairs


def is_front_sheet(table: Table) -> bool:
    known = {LABEL_TO_FIELD.get(norm_label(label)) for label, _ in label_pairs(table)}
    known.discard(None)
    return len(known) >= 2


def header_index(row: list[Cell], *words: str) -> int | None:
    for index, cell in enumerate(row):
        label = norm_label(cell.text)
        if any(label == word or label.startswith(word) for word in words):
            return index
    return None


def is_history_table(table: Table) -> bool:
    if len(table.rows) < 2:
        return False
    header = table.rows[0]
    return header_index(header, "version", "issue", "revision no", "v") is not None and (
        header_index(header, "date", "issued", "published") is not None
    )


def history_entries(table: Table, warnings: list[tuple[str, str]]) -> list[HistoryEntry]:
    header = table.rows[0]
    version_col = header_index(header, "version", "issue", "revision no", "v")
    date_col = header_index(header, "date", "issued", "published")
    author_col = header_index(header, "author", "by", "amended by", "updated by", "owner")
    summary_col = header_index(header, "change", "summary", "description", "details",
                               "amendment", "reason", "comments", "notes")  # fmt: skip
    approver_col = header_index(header, "approved", "approver", "authorised")
    entries: dict[tuple[int, int], HistoryEntry] = {}
    for number, row in enumerate(table.rows[1:], start=2):

        def cell(index: int | None, row: list[Cell] = row) -> str:
            return row[index].text.strip() if index is not None and index < len(row) else ""

        version = parse_version(cell(version_col))
        published = parse_date(cell(date_col))
        if not version:
            if any(c.text.strip() for c in row):
                warnings.append((f"version history row {number}", "No version number; skipped."))
            continue
        if not published:
            warnings.append(
                (
                    f"version history row {number}",
                    f"No readable date ({cell(date_col)!r}); skipped.",
                )
            )
            continue
        if version in entries:
            warnings.append((f"version history row {number}", "Repeated version; skipped."))
            continue
        entries[version] = HistoryEntry(
            major=version[0],
            minor=version[1],
            published_on=published,
            author=cell(author_col)[:255],
            summary=cell(summary_col),
            approvers=cell(approver_col)[:255],
        )
    return list(entries.values())


def apply_front_sheet(meta: Metadata, table: Table, warnings: list[tuple[str, str]]) -> None:
    for label, value in label_pairs(table):
        key = LABEL_TO_FIELD.get(norm_label(label))
        value = value.strip()
        if not key or not value:
            continue
        if key == "reference":
            meta.raw_reference = value
        elif key == "title":
            meta.title = value
        elif key == "version":
            meta.version = parse_version(value)
        elif key == "owner_role":
            meta.owner_role = value[:120]
        elif key == "author":
            meta.author = value[:120]
        elif key in ("review", "effective"):
            day = parse_date(value)
            if day is None:
                warnings.append(("front sheet", f"Unreadable {label.strip()} {value!r}; ignored."))
            elif key == "review":
                meta.review_date = day
            else:
                meta.effective_date = day
        elif key == "marking":
            marking = detect_marking(value)
            if marking:
                meta.marking, meta.marking_source = marking, "front sheet"
        elif key == "service":
            meta.service = detect_service(value)
        elif key == "document_type":
            meta.document_type = detect_type(value)
        elif key == "summary":
            meta.summary = value
        elif key == "approver":
            meta.approver = value[:255]


def extract_metadata(doc: ParsedDocument) -> Metadata:
    """Fill a Metadata from the parsed document and remove the tables it came from."""
    meta = Metadata()
    items = doc.items
    first_heading = next((i for i, item in enumerate(items) if isinstance(item, Heading)), None)
    for index, item in enumerate(items):
        if first_heading is not None and index > first_heading + 1:
            break
        if isinstance(item, Table) and is_front_sheet(item):
            apply_front_sheet(meta, item, doc.warnings)
            meta.consumed_text.append(" ".join(c.text for row in item.rows for c in row))
            items.pop(index)
            break
    for item in list(items):
        if isinstance(item, Table) and is_history_table(item):
            meta.history = history_entries(item, doc.warnings)
            meta.consumed_text.append(" ".join(c.text for row in item.rows for c in row))
            position = items.index(item)
            items.pop(position)
            previous = items[position - 1] if position > 0 else None
            if isinstance(previous, Heading) and HISTORY_HEADINGS.search(previous.text.strip()):
                following = items[position] if position < len(items) else None
                if following is None or isinstance(following, Heading):
                    meta.consumed_text.append(f"{previous.number} {previous.text}")
                    items.pop(position - 1)
            break
    titles = [item for item in items if isinstance(item, Title)]
    core = doc.core
    meta.title = meta.title or (titles[0].text if titles else "") or core.get("title", "")
    if titles:
        meta.consumed_text.append(titles[0].text)
        items.remove(titles[0])
    meta.reference = normalise_reference(meta.raw_reference) if meta.raw_reference else ""
    if meta.raw_reference and not meta.reference:
        doc.warnings.append(
            (
                "front sheet",
                f"Reference {meta.raw_reference!r} is not in the form ABC-012; "
                "a new reference was given.",
            )  # fmt: skip
        )
    meta.author = meta.author or core.get("creator", "")[:120]
    meta.summary = meta.summary or core.get("subject", "") or core.get("description", "")
    if not meta.marking_source:
        marking = detect_marking(doc.header_footer_text) if doc.header_footer_text else ""
        if marking:
            meta.marking, meta.marking_source = marking, "header/footer"
    else:
        # A header saying SECRET must stop the import even when the front sheet says otherwise.
        detect_marking(doc.header_footer_text)
    if not meta.marking_source and core.get("keywords"):
        marking = detect_marking(core["keywords"])
        if marking:
            meta.marking, meta.marking_source = marking, "document properties"
    if not meta.document_type:
        meta.document_type = detect_type(meta.title)
    return meta
