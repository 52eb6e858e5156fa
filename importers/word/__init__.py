"""Word documents read with python-docx into a flat list of typed items (headings, paragraphs,
list items, tables, images, notes) so that nothing a reader needs is dropped.

The walk follows what Word shows a reader with all changes accepted: insertions and moved-to
text are kept, deletions and moved-from text are dropped; content controls, smart tags, custom
XML and text boxes are walked into; a table-of-contents field is dropped (the site builds its
own) while every other field keeps its displayed result. What is dropped or approximated is
reported as a warning with where it happened.

Modules: items (what comes out), document (the entry point and the parts python-docx models),
blocks, tables, inline, fields, drawings, styles, numbering, ooxml (below python-docx's model).
"""

from .document import DocumentParser, parse_package
from .items import (
    CALLOUT_PREFIX_RE,
    FORMATS,
    Caption,
    Cell,
    Heading,
    Image,
    Inline,
    Item,
    ListItem,
    Notes,
    Paragraph,
    ParsedDocument,
    Segment,
    Table,
    Title,
    merge_segments,
    render_segments,
)

__all__ = [
    "CALLOUT_PREFIX_RE",
    "FORMATS",
    "Caption",
    "Cell",
    "DocumentParser",
    "Heading",
    "Image",
    "Inline",
    "Item",
    "ListItem",
    "Notes",
    "Paragraph",
    "ParsedDocument",
    "Segment",
    "Table",
    "Title",
    "merge_segments",
    "parse_package",
    "render_segments",
]
