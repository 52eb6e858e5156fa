"""Tables through python-docx's `Table`, `_Row` and `_Cell`: merged cells (grid spans and
vertical merges), rows that start late, header rows, and cells holding several paragraphs,
line breaks, lists, images or nested tables.

Rows and cells wrapped in content controls or tracked insertions are not in python-docx's
`rows`/`cells`, so the rows and cells are enumerated here with those wrappers walked into; a
row whose insertion was rejected (tracked deletion) is left out, as Word shows it.
"""

from __future__ import annotations

from collections.abc import Iterator

from docx.exceptions import InvalidXmlError
from docx.table import Table as DocxTable
from docx.table import _Cell, _Row
from lxml import etree

from .base import ParserBase
from .items import Cell, Heading, Image, Item, ListItem, Notes, Table
from .ooxml import W, on, on_value

WRAPPERS = (f"{W}sdt", f"{W}customXml", f"{W}ins", f"{W}moveTo")
STRUCTURE_ERRORS = (
    ValueError,
    KeyError,
    TypeError,
    InvalidXmlError,
)  # a damaged span or merge value


def _unwrapped(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in WRAPPERS:
            inner = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
            if inner is not None:
                yield from _unwrapped(inner, tag)


def iter_rows(table: DocxTable) -> Iterator[_Row]:
    for tr in _unwrapped(table._tbl, f"{W}tr"):
        yield _Row(tr, table)


def iter_cells(row: _Row, table: DocxTable) -> Iterator[_Cell]:
    for tc in _unwrapped(row._tr, f"{W}tc"):
        yield _Cell(tc, table)


def header_row_flag(row: _Row) -> tuple[bool, bool]:
    """(deleted, repeated as header row): python-docx does not model either row property."""
    trpr = row._tr.trPr
    if trpr is None:
        return False, False
    return trpr.find(f"{W}del") is not None, on(trpr.find(f"{W}tblHeader"))


def look_first_row(table: DocxTable) -> bool:
    """Whether the table's style look marks its first row as a header row."""
    # tblPr is required by the schema but absent from some generated files; python-docx's
    # `tblPr` accessor would raise, so look it up without it.
    look = table._tbl.find(f"{W}tblPr/{W}tblLook")
    if look is None:
        return False
    if look.get(f"{W}firstRow") is not None:
        return on_value(look.get(f"{W}firstRow"))
    try:
        return bool(int(look.get(f"{W}val") or "0", 16) & 0x0020)
    except ValueError:
        return False


def _span_and_merge(cell: _Cell) -> tuple[int, str]:
    try:
        span = max(1, min(cell.grid_span, 64))
    except STRUCTURE_ERRORS:
        span = 1
    try:
        merge = cell._tc.vMerge
    except STRUCTURE_ERRORS:
        merge = None
    vmerge = "" if merge is None else "restart" if merge == "restart" else "continue"
    return span, vmerge


class TableMixin(ParserBase):
    """The tables of DocumentParser (see importers.word.document)."""

    def table(self, tbl: etree._Element) -> Iterator[Item]:
        table = DocxTable(tbl, self.story)
        where = self.where()
        rows: list[list[Cell]] = []
        header_rows = 0
        extra: list[Item] = []
        for docx_row in iter_rows(table):
            deleted, repeated = header_row_flag(docx_row)
            if deleted:
                continue
            if repeated and len(rows) == header_rows:
                header_rows += 1
            try:
                col = docx_row.grid_cols_before
            except STRUCTURE_ERRORS:
                col = 0
            row: list[Cell] = []
            for cell in iter_cells(docx_row, table):
                span, vmerge = _span_and_merge(cell)
                text, cell_extra = self.cell_text(cell._tc)
                extra.extend(cell_extra)
                row.append(Cell(text=text, col=col, colspan=span, vmerge=vmerge))
                col += span
            if row:
                rows.append(row)
        if not rows:
            return
        if not header_rows and len(rows) > 1 and look_first_row(table):
            header_rows = 1
        columns = max(cell.col + cell.colspan for row in rows for cell in row)
        yield Table(where=where, rows=rows, header_rows=header_rows, columns=columns)
        yield from extra

    def cell_text(self, tc: etree._Element) -> tuple[str, list[Item]]:
        """A cell's content as readable text; images inside cells come back as extra items
        placed after the table, nested tables are written out row by row."""
        lines: list[str] = []
        extra: list[Item] = []
        saved_heading = self.last_heading
        for item in self.blocks(tc):
            if isinstance(item, Image):
                extra.append(item)
            elif isinstance(item, Table):
                self.warn(item.where, "A nested table was flattened into its cell's text.")
                for row in item.rows:
                    lines.append(" | ".join(cell.text for cell in row if cell.vmerge != "continue"))
            elif isinstance(item, ListItem):
                bullet = item.label or ("☐" if item.checkbox else "•")
                lines.append(f"{'  ' * item.level}{bullet} {item.text.strip()}")
            elif isinstance(item, Heading):
                lines.append(f"{item.number} {item.text}".strip())
            elif isinstance(item, Notes):
                continue
            else:
                lines.append(getattr(item, "text", "").strip())
        self.last_heading = saved_heading
        return "\n".join(line for line in lines if line), extra
