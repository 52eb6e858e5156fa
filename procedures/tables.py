"""Table blocks as people read them: Wagtail's table data turned into rows of cells with
their spans, so the page, old versions, print, the import preview and the admin's compare
view all show a real table.

Wagtail's TableBlock keeps merged cells under `mergeCells`; documents imported before the
importer was fixed hold them under `mergedCells`, so both are read. Cell text is plain text
(it is escaped when rendered); a line break inside a cell is kept."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from wagtail.admin.compare import BlockComparison, diff_text


@dataclass
class Cell:
    text: str
    header: bool = False
    scope: str = ""
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Table:
    caption: str = ""
    head: list[list[Cell]] = field(default_factory=list)
    body: list[list[Cell]] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return [cell.text for row in self.head + self.body for cell in row if cell.text]


def _as_int(value, default: int = 1) -> int:
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return default


def header_choice(value: dict) -> tuple[bool, bool]:
    """(first row is a header, first column is a header), from Wagtail 6+'s
    `table_header_choice` when present, else the older two flags."""
    choice = value.get("table_header_choice") or ""
    if choice:
        return choice in ("row", "both"), choice in ("col", "column", "both")
    return bool(value.get("first_row_is_table_header")), bool(value.get("first_col_is_header"))


def merges(value: dict) -> list[dict]:
    """The merged areas, from `mergeCells` (Wagtail) or the legacy `mergedCells`."""
    found = value.get("mergeCells") or value.get("mergedCells") or []
    return [m for m in found if isinstance(m, dict)]


def build_table(value) -> Table:
    """A `Table` from a TableBlock value (a dict); anything unusable gives an empty table."""
    if not isinstance(value, dict):
        return Table()
    rows = [
        ["" if cell is None else str(cell) for cell in row]
        for row in value.get("data") or []
        if isinstance(row, list | tuple)
    ]
    width = max((len(row) for row in rows), default=0)
    rows = [row + [""] * (width - len(row)) for row in rows]
    first_row_header, first_col_header = header_choice(value)

    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for merge in merges(value):
        row, col = _as_int(merge.get("row"), -1), _as_int(merge.get("col"), -1)
        if not (0 <= row < len(rows) and 0 <= col < width) or (row, col) in covered:
            continue
        rowspan = min(max(_as_int(merge.get("rowspan")), 1), len(rows) - row)
        colspan = min(max(_as_int(merge.get("colspan")), 1), width - col)
        if rowspan == 1 and colspan == 1:
            continue
        spans[(row, col)] = (rowspan, colspan)
        for r in range(row, row + rowspan):
            for c in range(col, col + colspan):
                if (r, c) != (row, col):
                    covered.add((r, c))

    # A header row goes in <thead> unless a merge runs from it into the body.
    head_rows = 1 if first_row_header and rows else 0
    if head_rows and any(spans.get((0, c), (1, 1))[0] > 1 for c in range(width)):
        head_rows = 0

    table = Table(caption=str(value.get("table_caption") or ""))
    for r, row_texts in enumerate(rows):
        cells = []
        for c, text in enumerate(row_texts):
            if (r, c) in covered:
                continue
            rowspan, colspan = spans.get((r, c), (1, 1))
            cell = Cell(text=text.strip(), rowspan=rowspan, colspan=colspan)
            if first_row_header and r == 0:
                cell.header, cell.scope = True, "colgroup" if colspan > 1 else "col"
            elif first_col_header and c == 0:
                cell.header, cell.scope = True, "rowgroup" if rowspan > 1 else "row"
            cells.append(cell)
        (table.head if r < head_rows else table.body).append(cells)
    return table


def render_table(value, label: str = "") -> SafeString:
    """The table's HTML, as every surface shows it."""
    table = build_table(value)
    return render_to_string(
        "procedures/includes/table.html",
        {"table": table, "label": label or table.caption or "Table"},
    )


def table_text(value) -> str:
    """The table as plain text, one row a line with cells separated by " | ", for diffs."""
    table = build_table(value)
    return "\n".join(" | ".join(cell.text for cell in row) for row in table.head + table.body)


def diff_table_html(old, new) -> SafeString:
    """A table showing, cell by cell, what changed between two table values (for Wagtail's
    compare view). Removed text is in <del>, added text in <ins>; the rest escaped."""
    old_rows = _grid(old)
    new_rows = _grid(new)
    height = max(len(old_rows), len(new_rows))
    width = max((len(r) for r in old_rows + new_rows), default=0)
    rows = []
    for r in range(height):
        cells = []
        for c in range(width):
            a = old_rows[r][c] if r < len(old_rows) and c < len(old_rows[r]) else ""
            b = new_rows[r][c] if r < len(new_rows) and c < len(new_rows[r]) else ""
            cells.append((diff_text(a, b).to_html() if a != b else linebreaks_html(b),))
        rows.append(format_html("<tr>{}</tr>", format_html_join("", "<td>{}</td>", cells)))
    caption_old = build_table(old).caption
    caption_new = build_table(new).caption
    caption = (
        diff_text(caption_old, caption_new).to_html() if caption_old != caption_new else caption_new
    )
    return format_html(
        '<table class="table-diff"><caption>{}</caption><tbody>{}</tbody></table>',
        caption,
        mark_safe("".join(rows)),  # noqa: S308 - each row built with format_html
    )


def linebreaks_html(text: str) -> SafeString:
    return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in text.split("\n")))


def _grid(value) -> list[list[str]]:
    if not isinstance(value, dict):
        return []
    return [
        ["" if cell is None else str(cell) for cell in row]
        for row in value.get("data") or []
        if isinstance(row, list | tuple)
    ]


class TableComparison(BlockComparison):
    """Wagtail's compare view for a table block: the table itself, and a cell-by-cell diff
    (Wagtail's fallback would diff the Python repr of the data)."""

    @staticmethod
    def _table(val):
        return val.get("table") if hasattr(val, "get") else None

    def htmlvalue(self, val):
        return render_table(self._table(val))

    def htmldiff(self):
        return diff_table_html(self._table(self.val_a), self._table(self.val_b))
