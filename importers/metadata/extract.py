"""Document metadata from a legacy Word file, wherever the document states it.

Where it is looked for, best first: a front-sheet table near the top, key/value paragraphs on
the cover (before the first real heading), the page headers and footers (tables and
paragraphs), a document-control table or section anywhere else (often at the end), and last
the file's core properties. Each value remembers where it came from, so the preview can show it
beside its source. The front-sheet table and the version-history table are taken out of the
body (their content lives in fields and version rows instead).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from procedures.models import ProtectiveMarking

from ..word import Heading, Item, ListItem, Paragraph, ParsedDocument, Table, Title
from .labels import Pair, pairs_in_text
from .tables import (
    APPROVAL_HEADINGS,
    HISTORY_HEADINGS,
    HistoryEntry,
    approval_names,
    history_columns,
    history_entries,
    is_metadata_table,
    row_pairs,
)
from .values import (
    clean,
    detect_kind,
    detect_marking,
    detect_service,
    is_blank,
    marking_words,
    normalise_reference,
    parse_date,
    parse_version,
    refuse_secret,
)

# Sources, best first.
FRONT_SHEET, COVER, HEADER, CONTROL, PROPERTIES, FILE_NAME = range(6)
SOURCE_NAMES = {FRONT_SHEET: "front sheet", COVER: "cover page", HEADER: "page header/footer",
                CONTROL: "document control table", PROPERTIES: "document properties",
                FILE_NAME: "file name"}  # fmt: skip

GENERIC_HEADINGS = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s*)?(?:introduction|purpose|scope|contents|table of contents|"
    r"background|overview|policy statement|statement|document (?:control|history|information|"
    r"details|management|status)|version (?:control|history)|revision history|amendments?|"
    r"approvals?|definitions?|summary|executive summary|aims?|objectives?|references?|"
    r"appendix.*|appendices|annex.*|glossary|foreword|preface|distribution|key points|"
    r"responsibilit(?:y|ies)|roles and responsibilities|applicability|policy|procedure|"
    r"part \w+|section \w+|chapter \w+|context|rationale|principles|legislation|"
    r"aim and objectives|purpose and scope|introduction and purpose|general|"
    r"equality impact assessment|monitoring|review|training|consultation|contacts?)"
    r"[\s:.]*$",
    re.IGNORECASE,
)
JUNK_TITLES = re.compile(
    r"^(?:microsoft word - .*|document\d*|title|untitled|template|.*\.docx?|normal|"
    r"policy template|procedure template|\W*)$",
    re.IGNORECASE,
)
ORGANISATION = re.compile(
    r"\b(?:trust|council|service|constabulary|police|limited|ltd|plc|inc|llc|university|nhs|"
    r"company|group|authority|board|department|ministry|agency|\{company\})\b",
    re.IGNORECASE,
)
FILE_NAME_NOISE = re.compile(r"\b(v(er(sion)?)?\s*\d+(\.\d+)*|final|draft|copy)\b", re.I)
DATE_ATTRIBUTES = {"effective": "effective_date", "review": "review_date",
                   "modified": "modified_date", "last_reviewed": "last_reviewed"}  # fmt: skip
LONG_VALUE = {"owner_role": 150, "author": 150, "approver": 250, "reference": 40,
              "document_type": 60, "service": 80, "title": 250, "marking": 80}  # fmt: skip


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


class Extractor:
    def __init__(self, doc: ParsedDocument, name: str = "") -> None:
        self.doc = doc
        self.name = name
        self.meta = Metadata()
        self.rank: dict[str, int] = {}
        self.warnings = doc.warnings
        self.front_table: Table | None = None
        self.history_table: Table | None = None

    # -- collecting ----------------------------------------------------------------------
    def offer(self, pair: Pair, rank: int) -> None:
        """Take `pair` unless a better source already gave the field (blank fields never)."""
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
            version = parse_version(value)
            if version is None:
                return False
            meta.version = version
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

    # -- where to look -------------------------------------------------------------------
    def front_region_end(self, items: list[Item]) -> int:
        """Index just past the cover and front sheet: the first heading after some body
        text, else the second heading, bounded to the first 40 items."""
        headings = 0
        for index, item in enumerate(items[:40]):
            if isinstance(item, Heading):
                headings += 1
                if headings >= 2 or GENERIC_HEADINGS.match(item.text):
                    return index
        return min(len(items), 40 if headings else 25)

    def run(self) -> Metadata:
        doc, meta = self.doc, self.meta
        items = doc.items
        front_end = self.front_region_end(items)
        front_table_index = None
        history_index = None
        # 1. front sheet and cover
        for index, item in enumerate(items[:front_end]):
            if isinstance(item, Table):
                pairs = row_pairs(item, f"table {self.table_number(item)}")
                if history_columns(item) is not None:
                    continue
                if is_metadata_table(pairs, item) or (
                    front_table_index is None
                    and len({p.field for p in pairs}) >= 1
                    and len(item.rows) <= 3
                ):
                    for pair in pairs:
                        self.offer(pair, FRONT_SHEET)
                    if front_table_index is None and is_metadata_table(pairs, item):
                        front_table_index = index
                        self.front_table = item
            elif isinstance(item, (Paragraph, Title)):
                for pair in pairs_in_text(item.text, f"paragraph {self.para_number(item)}"):
                    self.offer(pair, COVER)
                if (
                    isinstance(item, Paragraph)
                    and len(item.text.split()) <= 6
                    and detect_marking(item.text)
                ):
                    self.marking(item.text, f"cover page: {item.text.strip()[:60]!r}", False)
        # 2. page headers and footers
        for kind, hf_items in doc.header_footer:
            for item in hf_items:
                where = f"page {kind}"
                if isinstance(item, Table):
                    for pair in row_pairs(item, f"{where} table"):
                        self.offer(pair, HEADER)
                else:
                    for pair in pairs_in_text(getattr(item, "text", ""), where):
                        self.offer(pair, HEADER)
        if doc.header_footer_text:
            refuse_secret(doc.header_footer_text)
            if detect_marking(doc.header_footer_text):
                self.marking(doc.header_footer_text, "page header/footer", False)
        # 3. document control tables and sections elsewhere; version history
        section = ""
        for index, item in enumerate(items):
            if isinstance(item, Heading):
                section = item.text
                continue
            in_control = bool(HISTORY_HEADINGS.search(section) or re.search(
                r"document (?:control|information|details|management|status)|"
                r"version control|approval", section, re.IGNORECASE))  # fmt: skip
            if isinstance(item, Table):
                where = f"table {self.table_number(item)}"
                layout = history_columns(item)
                if layout is not None:
                    if history_index is None:
                        meta.history = history_entries(item, self.warnings, where)
                        history_index = index
                        self.history_table = item
                    continue
                if index < front_end and index == front_table_index:
                    continue
                pairs = row_pairs(item, where)
                if is_metadata_table(pairs, item) or (in_control and pairs):
                    for pair in pairs:
                        self.offer(pair, CONTROL)
                if APPROVAL_HEADINGS.search(section) and not meta.approver:
                    names = approval_names(item)
                    if names:
                        self.offer(Pair("approver", "Approved by", "; ".join(names), where),
                                   CONTROL)  # fmt: skip
            elif (
                index >= front_end
                and isinstance(item, (Paragraph, ListItem))
                and (in_control or index >= len(items) - 15)
            ):
                for pair in pairs_in_text(item.text, f"paragraph {self.para_number(item)}"):
                    self.offer(pair, CONTROL)
        # 4. core properties
        self.from_properties()
        self.find_title(front_end)
        self.finish(front_table_index, history_index)
        return meta

    def table_number(self, table: Table) -> str:
        if not hasattr(self, "_tables"):
            self._tables = {
                id(item): n
                for n, item in enumerate((i for i in self.doc.items if isinstance(i, Table)), 1)
            }
        after = table.where.split(" (", 1)[1].rstrip(")") if " (" in table.where else ""
        return f"{self._tables.get(id(table), '?')}" + (f" ({after})" if after else "")

    def para_number(self, item: Item) -> str:
        return item.where.replace("paragraph ", "") if item.where else "?"

    def from_properties(self) -> None:
        core = self.doc.core
        where = "core properties"
        if core.get("creator") and not self.rank.get("author"):
            self.offer(Pair("author", "Author", core["creator"], f"{where}: author"), PROPERTIES)
        for name in ("subject", "description"):
            if core.get(name) and "summary" not in self.rank:
                self.offer(Pair("summary", name, core[name], f"{where}: {name}"), PROPERTIES)
        for name in ("keywords", "category", "contentStatus"):
            value = core.get(name, "")
            if value and not self.meta.marking_source and detect_marking(value):
                self.marking(value, f"document properties: {name}", False)
        if core.get("category") and "document_type" not in self.rank:
            self.offer(
                Pair("document_type", "Category", core["category"], f"{where}: category"),
                PROPERTIES,
            )

    # -- title ---------------------------------------------------------------------------
    def find_title(self, front_end: int) -> None:
        meta = self.meta
        items = self.doc.items
        if meta.title and "title" in self.rank:
            for item in items:
                if isinstance(item, Title) and clean(item.text).lower() == meta.title.lower():
                    meta.consumed_text.append(item.text)
                    items.remove(item)
                    break
            return
        candidates: list[tuple[str, str]] = []
        titles = [item for item in items if isinstance(item, Title) and item.text.strip()]
        if titles:
            candidates.append((titles[0].text, f"Title style ({titles[0].where})"))
        cover = self.cover_title(items[:front_end])
        if cover:
            candidates.append(cover)
        heading = self.heading_title(items)
        if heading:
            candidates.append(heading)
        core_title = clean(self.doc.core.get("title", ""))
        if core_title and not JUNK_TITLES.match(core_title):
            candidates.append((core_title, "document properties: title"))
        header = self.header_title()
        if header:
            candidates.append(header)
        if self.name:
            stem = PurePath(self.name).stem
            stem = re.sub(r"[_]+|(?<=\w)-(?=\w)|\s+-\s+", " ", stem)
            stem = FILE_NAME_NOISE.sub("", stem)
            stem = re.sub(r"\s+", " ", stem).strip(" -_")
            candidates.append((stem or PurePath(self.name).stem, "file name"))
        candidates = [(title_lines(text), source) for text, source in candidates]
        candidates = [
            (text, source)
            for text, source in candidates
            if text
            and (
                source == "file name"
                or not (GENERIC_HEADINGS.match(text) or JUNK_TITLES.match(text))
            )
        ]
        if (
            len(candidates) > 1
            and ORGANISATION.search(candidates[0][0])
            and not detect_kind(candidates[0][0])[0]
        ):
            # The organisation's name in the Title style: a candidate naming a policy,
            # procedure... is the title.
            named = [c for c in candidates[1:] if c[1] != "file name" and detect_kind(c[0])[0]]
            if named:
                candidates.insert(0, named[0])
        for text, source in candidates:
            text = re.sub(r"\s+", " ", text).strip()
            if text:
                meta.title = text[:255]
                meta.sources["title"] = source
                meta.raw["title"] = text
                if source.startswith("Title style"):
                    meta.consumed_text.append(titles[0].text)
                    items.remove(titles[0])
                if len(text) > 255:
                    self.warnings.append(
                        ("title", "The title is longer than 255 characters; shortened.")
                    )
                return

    def cover_title(self, items: list[Item]) -> tuple[str, str] | None:
        """Large or bold, centred text on the cover that is not a label, date or marking."""
        best: list[tuple[int, int, Paragraph]] = []
        for item in items:
            if isinstance(item, Heading):
                break
            if not isinstance(item, Paragraph):
                continue
            text = item.text.strip()
            words = len(text.split())
            if not (3 <= len(text) <= 200 and 1 <= words <= 25):
                continue
            if pairs_in_text(text, "") or parse_date(text) or parse_version(text):
                continue
            if detect_marking(text) and words <= 6:
                continue
            if re.match(r"^(page \d|contents|table of contents|\W+$)", text, re.IGNORECASE):
                continue
            score = item.size or 22
            if ORGANISATION.search(text) and not detect_kind(text)[0]:
                score -= 6  # the organisation's name above the title
            if item.bold:
                score += 4
            if item.centered:
                score += 2
            if score >= 28:
                best.append((score, -len(best), item))
        if not best:
            return None
        top = max(score for score, _, _ in best)
        near = [b for b in best if b[0] >= top - 4]
        with_kind = sorted(
            (b for b in near if detect_kind(b[2].text)[0]),
            key=lambda b: (-b[0], -len(b[2].text.split())),
        )
        chosen = (with_kind or sorted(near, key=lambda b: (-b[0], -b[1])))[0][2]
        return chosen.text, f"cover page ({chosen.where})"

    def heading_title(self, items: list[Item]) -> tuple[str, str] | None:
        """The first heading, if it names the document rather than a section of it."""
        seen_text = 0
        for item in items[:40]:
            if isinstance(item, Heading):
                if GENERIC_HEADINGS.match(item.text) or len(item.text) > 200:
                    return None
                if seen_text > 400 and not detect_kind(item.text)[0]:
                    return None
                text = f"{item.text}"
                return text, f"first heading ({item.where})"
            if isinstance(item, (Paragraph, ListItem)):
                seen_text += len(item.text)
        return None

    def header_title(self) -> tuple[str, str] | None:
        for kind, hf_items in self.doc.header_footer:
            for item in hf_items:
                text = clean(getattr(item, "text", "") or "")
                if (
                    isinstance(item, Paragraph)
                    and 2 <= len(text.split()) <= 14
                    and detect_kind(text)[0]
                    and not pairs_in_text(text, "")
                    and not detect_marking(text)
                ):
                    return text, f"page {kind}"
        return None

    # -- finishing -----------------------------------------------------------------------
    def finish(self, front_table_index: int | None, history_index: int | None) -> None:
        meta, items = self.meta, self.doc.items
        removed: list[Item] = []
        front = self.front_table if front_table_index is not None else None
        if isinstance(front, Table):
            meta.consumed_text.append(" ".join(c.text for r in front.rows for c in r))
            removed.append(front)
        history = self.history_table if history_index is not None and meta.history else None
        if isinstance(history, Table) and history in items:
            position = items.index(history)
            meta.consumed_text.append(" ".join(c.text for r in history.rows for c in r))
            removed.append(history)
            previous = items[position - 1] if position > 0 else None
            following = items[position + 1] if position + 1 < len(items) else None
            if (
                isinstance(previous, Heading)
                and HISTORY_HEADINGS.search(previous.text.strip())
                and (following is None or isinstance(following, Heading))
            ):
                meta.consumed_text.append(f"{previous.number} {previous.text}")
                removed.append(previous)
        self.doc.items[:] = [item for item in items if not any(item is r for r in removed)]
        meta.reference = normalise_reference(meta.raw_reference) if meta.raw_reference else ""
        if meta.raw_reference and not meta.reference:
            self.warnings.append(
                (
                    "front sheet",
                    f"Reference {meta.raw_reference!r} is not in the form ABC-012; "
                    "a new reference was given.",
                )
            )
        if not meta.effective_date and meta.modified_date:
            meta.effective_date = meta.modified_date
            if "modified" in meta.sources:
                meta.sources.setdefault("effective", meta.sources["modified"])
                meta.raw.setdefault("effective", meta.raw.get("modified", ""))
        if not meta.document_type:
            for text in (meta.title, PurePath(self.name).stem.replace("_", " ")):
                kind, doc_type = detect_kind(text)
                if doc_type:
                    meta.document_kind, meta.document_type = kind, doc_type
                    meta.sources.setdefault("document_type", "title" if text == meta.title
                                            else "file name")  # fmt: skip
                    meta.raw.setdefault("document_type", kind)
                    break
        if not meta.service:
            meta.service = ""
        if meta.marking_needs_confirmation:
            self.warnings.append(
                (
                    meta.marking_source,
                    f"Marked {meta.marking_text!r}: proposed as "
                    "OFFICIAL-SENSITIVE. Confirm the marking and choose the groups that may see it "
                    "before the draft is created.",
                )
            )
            meta.sources["marking"] = meta.marking_source
            meta.raw["marking"] = meta.marking_text
        elif meta.marking_source:
            meta.sources["marking"] = meta.marking_source
            meta.raw["marking"] = meta.marking_text
        if meta.history:
            meta.sources["history"] = meta.history[0].source.rsplit(", row", 1)[0]
            meta.raw["history"] = f"{len(meta.history)} row(s)"


def title_lines(text: str) -> str:
    """A title written over several lines, without the lines that are a version, a date, a
    marking or a label ('Lone Working Policy / Version 2.0 / OFFICIAL')."""
    kept = []
    for line in (text or "").split("\n"):
        line = line.strip()
        if not line:
            continue
        short = len(line.split()) <= 4 and not detect_kind(line)[0]
        if short and (parse_version(line) or parse_date(line)):
            continue
        if any(pair.field != "title" for pair in pairs_in_text(line, "")):
            continue
        if detect_marking(line) and len(line.split()) <= 4:
            continue
        kept.append(line)
    return " ".join(kept)


def extract_metadata(doc: ParsedDocument, name: str = "") -> Metadata:
    """Fill a Metadata from the parsed document and remove the tables it came from."""
    return Extractor(doc, name).run()
