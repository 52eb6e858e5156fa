"""Tables that hold document-control information: key/value front sheets (two, four or more
columns; or labels in the first row and values in the second) and version-history, amendment
and approval tables of three to six columns, with or without a row-number column."""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass

from ..word import Cell, Table
from .labels import (
    COMBINED_SPLIT_RE,
    Pair,
    bare_version,
    field_for_label,
    norm_label,
    pairs_in_text,
)
from .values import DATE_IN_TEXT_RE, is_blank, letter_revision, parse_date, parse_version


@dataclass
class HistoryEntry:
    major: int
    minor: int
    published_on: datetime.date
    author: str = ""
    summary: str = ""
    approvers: str = ""
    source: str = ""


STATUS_VALUES = {"approved", "issued", "published", "ratified", "draft", "final", "current",
                 "live", "superseded", "withdrawn", "archived", "under review", "in review",
                 "for consultation", "for approval", "awaiting approval"}  # fmt: skip


def cells(row: list[Cell]) -> list[Cell]:
    return [cell for cell in row if cell.vmerge != "continue"]


def row_pairs(table: Table, where: str) -> list[Pair]:
    """Label/value pairs read across rows ('Owner | Head of X | Version | 2.1') and, for a
    table of a label row over one value row, down columns."""
    found: list[Pair] = []
    if len(table.rows) == 2:
        labels, values = cells(table.rows[0]), cells(table.rows[1])
        # A status word ("Approved") is a label's value, and so is a date: a row holding
        # either is a row of label/value pairs, not labels over a row of values.
        keys = [
            None if norm_label(cell.text) in STATUS_VALUES else field_for_label(cell.text)
            for cell in labels
        ]
        filled = [cell for cell in labels if cell.text.strip()]
        if (
            sum(1 for key in keys if key) * 2 > len(filled) >= 2
            and len(labels) == len(values)
            and not any(parse_date(cell.text) for cell in labels)
        ):
            for key, label, value in zip(keys, labels, values, strict=True):
                if key:
                    where_cell = f"{where}, column {label.text.strip()}"
                    found.append(Pair(key, label.text, value.text, where_cell))
            return found
    for number, row in enumerate(table.rows, start=1):
        row_cells = cells(row)
        index = 0
        while index < len(row_cells):
            text = row_cells[index].text.strip()
            if versions := bare_version(text, f"{where}, row {number}: {text}"):
                found.extend(versions)  # "Version 2.1" in one cell: a value, not a label
                index += 1
                continue
            bare = text.rstrip(" :")
            key = field_for_label(bare) if "\n" not in bare and ":" not in bare else None
            if key and index + 1 < len(row_cells):
                # Empty spacer cells (or a cell holding only ":") may stand before the value.
                value_index = index + 1
                while value_index + 1 < len(row_cells) and row_cells[value_index].text.strip() in (
                    "",
                    ":",
                ):
                    value_index += 1
                value_text = row_cells[value_index].text
                # A status is written in words that are labels too ("Approved", "Issued").
                if field_for_label(value_text) is None or (
                    key == "status" and norm_label(value_text) in STATUS_VALUES
                ):
                    found.append(Pair(key, text, value_text, f"{where}, row {number}: {text}"))
                    index = value_index + 1
                    continue
                found.append(Pair(key, text, "", f"{where}, row {number}: {text}"))
            elif text:
                found.extend(pairs_in_text(row_cells[index].text, f"{where}, row {number}"))
            index += 1
    return found


def is_metadata_table(pairs: list[Pair], table: Table) -> bool:
    """Two or more different fields, on at least half the rows that hold anything."""
    fields = {pair.field for pair in pairs}
    if len(fields) < 2:
        return False
    filled = [row for row in table.rows if any(cell.text.strip() for cell in row)]
    rows_with_labels = {pair.where.split(", row ")[-1].split(":")[0] for pair in pairs}
    return len(rows_with_labels) * 2 >= min(len(filled), 12) or len(table.rows) == 2


# -- history tables ------------------------------------------------------------------------

FRONT_SHEET_ONLY = {"reference", "title", "review", "marking", "owner_role", "review_cycle"}

HISTORY_HEADINGS = re.compile(
    r"(document|version|revision|amendment|change|review|issue)s?\s+(control|history|record|log)"
    r"|^(version|revision|amendment|change)s?$|^document (control|history|management)"
    r"|amendments?|revision history|version history",
    re.IGNORECASE,
)
APPROVAL_HEADINGS = re.compile(r"approv|sign[- ]?off|ratif|authoris|authoriz", re.IGNORECASE)

COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "version": ("version", "version no", "version number", "ver", "v", "issue", "issue no",
                "revision", "rev", "revision no", "new version", "version/issue",
                "issue number", "version #", "doc version", "release"),
    "date": ("date", "issue date", "date of issue", "date issued", "issued", "published",
             "date published", "approval date", "date approved", "approved on", "effective date",
             "revision date", "date of change", "change date", "amendment date", "date amended",
             "release date", "version date", "date of revision", "date of amendment",
             "date reviewed", "review date", "date of review", "implementation date"),
    "author": ("author", "by", "amended by", "updated by", "changed by", "revised by",
               "reviewed by", "owner", "editor", "name", "author/editor", "made by", "authors",
               "prepared by", "originator", "reviewer"),
    "summary": ("change", "changes", "summary", "description", "details", "amendment",
                "amendments", "reason", "comments", "comment", "notes", "summary of changes",
                "description of change", "details of change", "nature of amendment",
                "change description", "reason for change", "changes made", "remarks",
                "description of amendment", "details of amendment", "section", "purpose",
                "summary of change", "change details", "reason for amendment", "status"),
    "approver": ("approved by", "approver", "approvers", "authorised by", "authorized by",
                 "approving body", "ratified by", "approval", "signed off by", "committee"),
    "number": ("#", "no", "number", "item", "ref", "amendment no", "change no", "row", "s/n",
               "seq", "line"),
}  # fmt: skip


COLUMN_PATTERNS = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("approver", r"approved by|approver|authori[sz]ed by|ratified"),
        ("version", r"\bversion\b|\bissue no|\brevision no"),
        ("date", r"\bdate\b"),
        ("summary", r"change|amend|description|summary|comment|reason"),
        ("author", r"author|\bby\b"),
    )
)


@functools.lru_cache(maxsize=4096)
def column_kind(text: str) -> str | None:
    """The kind of a history table's column from its heading (cached: every cell of a table's
    first rows is asked, and tables repeat their headings)."""
    label = norm_label(text)
    if not label:
        return None
    for kind in ("approver", "version", "date", "author", "summary", "number"):
        if label in COLUMN_WORDS[kind]:
            return kind
    for kind, pattern in COLUMN_PATTERNS:
        if pattern.search(label):
            return kind
    return None


@functools.lru_cache(maxsize=4096)
def column_kinds(text: str) -> tuple[str, ...]:
    """The kinds a history column's heading names, in order: one for most headings, two or
    more for a combined one ('Version / Date' -> version, date; 'Author/Owner' -> author;
    'Changes made / Reason' -> summary)."""
    kind = column_kind(text)
    label = norm_label(text)
    parts = [part for part in COMBINED_SPLIT_RE.split(label) if part.strip()]
    if len(parts) < 2 or label in {w for words in COLUMN_WORDS.values() for w in words}:
        return (kind,) if kind else ()
    kinds: list[str] = []
    for part in parts:
        part_kind = column_kind(part)
        if part_kind is None:
            return (kind,) if kind else ()  # "Date of change and reason": not a combination
        if part_kind not in kinds:
            kinds.append(part_kind)
    return tuple(kinds)


DATE_SPLIT_RE = re.compile(r"^[\s/|,;:\-\u2013\u2014()]+|[\s/|,;:\-\u2013\u2014()]+$")
PART_SPLIT_RE = re.compile(r"\s*\n\s*|\s+[/|;\u2013\u2014-]\s+|\s*[|;]\s*|\s*/\s*")


def split_combined(text: str, kinds: tuple[str, ...]) -> dict[str, str]:
    """A combined cell's value per kind: '1.0 / 01/02/2019' -> version '1.0', date
    '01/02/2019'; 'J. Smith (3 May 2020)' -> author, date. The date is found first (it holds
    slashes), then the rest is split on line breaks and separators, in the heading's order."""
    found: dict[str, str] = {}
    rest = text
    if "date" in kinds:
        for match in DATE_IN_TEXT_RE.finditer(text):
            if parse_date(match.group(0)):
                found["date"] = match.group(0)
                rest = text[: match.start()] + "\n" + text[match.end() :]
                break
    others = [kind for kind in kinds if kind not in found]
    parts = [DATE_SPLIT_RE.sub("", part) for part in PART_SPLIT_RE.split(rest)]
    parts = [part for part in parts if part]
    if "version" in others:
        for part in parts:
            if parse_version(part):
                found["version"] = part
                parts.remove(part)
                break
        others.remove("version")
    if len(others) == 1:
        found[others[0]] = " ".join(parts)
    else:
        for kind, part in zip(others, parts, strict=False):
            found[kind] = part
    return found


def history_columns(table: Table) -> tuple[int, dict[str, int]] | None:
    """(header row index, {kind: column}) for a history table, else None."""
    for header_index, row in enumerate(table.rows[:2]):
        if (
            len(table.rows) - header_index == 2
            and "summary" not in {column_kind(cell.text) for cell in cells(row)}
            and any(field_for_label(cell.text) in FRONT_SHEET_ONLY for cell in cells(row))
        ):
            continue  # labels over one row of values: a front sheet, not a history
        columns: dict[str, int] = {}
        filled = [cell for cell in cells(row) if not is_blank(cell.text)]
        known = 0
        for cell in filled:
            kinds = column_kinds(cell.text)
            if kinds and not (parse_date(cell.text) or parse_version(cell.text)):
                known += 1
                for kind in kinds:
                    columns.setdefault(kind, cell.col)
        if known * 4 < len(filled) * 3:
            continue  # values among the headings: a key/value table, not a history
        if "version" in columns and "date" in columns:
            return header_index, columns
        if "date" in columns and "summary" in columns:
            # An amendment log numbered by row: versions may be in the number column.
            if "number" in columns:
                columns["version"] = columns["number"]
            if "version" in columns:
                return header_index, columns
    return None


def cell_at(row: list[Cell], col: int | None) -> str:
    if col is None:
        return ""
    for cell in row:
        if cell.col <= col < cell.col + cell.colspan:
            return "" if cell.vmerge == "continue" else cell.text.strip()
    return ""


def history_entries(
    table: Table, warnings: list[tuple[str, str]], where: str = "version history"
) -> list[HistoryEntry]:
    layout = history_columns(table)
    if layout is None:
        return []
    header_index, columns = layout
    entries: dict[tuple[int, int], HistoryEntry] = {}
    for number, row in enumerate(table.rows[header_index + 1 :], start=header_index + 2):
        text = {kind: cell_at(row, col) for kind, col in columns.items()}
        for col in set(columns.values()):
            # (An amendment log's row number may also be its version: not a combination.)
            shared = tuple(k for k, k_col in columns.items() if k_col == col and k != "number")
            if len(shared) > 1:
                parts = split_combined(cell_at(row, col), shared)
                text.update({kind: parts.get(kind, "") for kind in shared})
        if all(is_blank(value) for value in text.values()):
            continue
        version = parse_version(text.get("version", ""))
        published = parse_date(text.get("date", ""))
        if not version:
            written = text.get("version", "")
            if letter_revision(written):
                message = (
                    f"Revision {written!r} is a letter; the library numbers versions "
                    "major.minor, so this row was not imported (no number is invented)."
                )
            else:
                message = "No version number; skipped."
            warnings.append((f"{where} row {number}", message))
            continue
        if not published:
            warnings.append(
                (f"{where} row {number}", f"No readable date ({text.get('date', '')!r}); skipped.")
            )
            continue
        if version in entries:
            warnings.append((f"{where} row {number}", "Repeated version; skipped."))
            continue
        entries[version] = HistoryEntry(
            major=version[0],
            minor=version[1],
            published_on=published,
            author="" if is_blank(text.get("author", "")) else text.get("author", "")[:255],
            summary="" if is_blank(text.get("summary", "")) else text.get("summary", ""),
            approvers="" if is_blank(text.get("approver", "")) else text.get("approver", "")[:255],
            source=f"{where}, row {number}",
        )
    return sorted(entries.values(), key=lambda e: (e.major, e.minor))


def approval_names(table: Table) -> list[str]:
    """Names from an approvals table ('Name | Role | Date', 'Approved by | Date')."""
    header = cells(table.rows[0]) if table.rows else []
    name_col = None
    for cell in header:
        label = norm_label(cell.text)
        if label in ("approved by", "approver", "approvers", "name", "approving body",
                     "committee", "group", "board", "authorised by", "ratified by"):  # fmt: skip
            name_col = cell.col
            break
    if name_col is None:
        return []
    names = [cell_at(row, name_col) for row in table.rows[1:]]
    return [name for name in names if not is_blank(name)]
