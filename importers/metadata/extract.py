"""Document metadata from a legacy Word file, wherever the document states it.

Where it is looked for, best first: a front-sheet table near the top, key/value paragraphs on
the cover (before the first real heading), the page headers and footers (tables and
paragraphs), a document-control table or section anywhere else (often at the end), and last
the file's core properties. Each value remembers where it came from, so the preview can show it
beside its source. The front-sheet table and the version-history table are taken out of the
body (their content lives in fields and version rows instead).
"""

from __future__ import annotations

import re
from pathlib import PurePath

from ..word import Heading, Item, ListItem, Paragraph, ParsedDocument, Table, Title
from .collect import Collector
from .labels import Pair, pairs_in_text
from .model import CONTROL, COVER, FRONT_SHEET, HEADER, PROPERTIES, Metadata
from .tables import (
    APPROVAL_HEADINGS,
    HISTORY_HEADINGS,
    approval_names,
    history_columns,
    history_entries,
    is_metadata_table,
    row_pairs,
)
from .titles import GENERIC_HEADINGS, find_title
from .values import detect_kind, detect_marking, normalise_reference, refuse_secret

__all__ = ["Metadata", "extract_metadata"]

CONTROL_HEADINGS = re.compile(
    r"document (?:control|information|details|management|status)|version control|approval",
    re.IGNORECASE,
)


class Extractor(Collector):
    """Looks for the document's details where documents state them, best source first."""

    def __init__(self, doc: ParsedDocument, name: str = "") -> None:
        super().__init__(doc.warnings)
        self.doc = doc
        self.name = name
        self.front_table: Table | None = None
        self.history_table: Table | None = None

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
        in_control = False
        for index, item in enumerate(items):
            if isinstance(item, Heading):
                section = item.text
                in_control = bool(
                    HISTORY_HEADINGS.search(section) or CONTROL_HEADINGS.search(section)
                )
                continue
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
        find_title(self, self.doc, self.name, front_end)
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
        self.version_warning()
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
            if meta.version is None and not meta.version_text:
                # No version stated elsewhere: the version in force is the history's latest.
                latest = meta.history[-1]
                meta.version = (latest.major, latest.minor)
                meta.sources["version"] = latest.source
                meta.raw["version"] = f"{latest.major}.{latest.minor}"


def extract_metadata(doc: ParsedDocument, name: str = "") -> Metadata:
    """Fill a Metadata from the parsed document and remove the tables it came from."""
    return Extractor(doc, name).run()
