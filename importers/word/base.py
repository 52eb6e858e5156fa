"""What the parts of DocumentParser share: the walk's state, warnings, and the steps each part
calls on another.

DocumentParser is made of one mixin per concern of the walk (blocks, tables, inline content,
drawings, fields). The state they share is declared here, once, and so are the steps one
mixin calls on another: for the type checker only, each implemented by the mixin that owns it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from docx.opc.part import Part
from lxml import etree

from ..bounds import Limits
from .items import Inline, Item
from .numbering import Numbering
from .styles import Styles

if TYPE_CHECKING:  # for annotations only: these modules build on this one
    from .blocks import StyleRecord
    from .fields import Field
    from .inline import ParaState


class ParserBase:
    """The state of one document's walk (set by DocumentParser.__init__)."""

    story: Any  # the python-docx story (document body, header, footer, notes) being walked
    styles: Styles
    numbering: Numbering
    limits: Limits
    warnings: list[tuple[str, str]]
    fields: list[Field]  # the complex fields open at this point of the walk, innermost last
    field_overflow: int
    stuck_fields: int
    paragraph_index: int
    last_heading: str
    comments: int
    toc_reported: bool
    notes: dict[str, list[tuple[str, Inline]]]
    _note_parts: dict[str, dict[str, etree._Element]]
    _note_stories: dict[str, Any]
    _images_seen: int
    _style_records: dict[str, StyleRecord]

    def warn(self, where: str, message: str) -> None:
        self.warnings.append((where, message))

    def where(self) -> str:
        heading = f" (after heading '{self.last_heading[:60]}')" if self.last_heading else ""
        return f"paragraph {self.paragraph_index}{heading}"

    if TYPE_CHECKING:
        # blocks
        def blocks(self, container: etree._Element) -> Iterator[Item]: ...
        def _choose(self, alternate: etree._Element) -> etree._Element | None: ...
        def _toc_dropped(self) -> None: ...

        # tables
        def table(self, tbl: etree._Element) -> Iterator[Item]: ...

        # inline content
        def inline(
            self, element: etree._Element, state: ParaState, fmt: frozenset[str], href: str
        ) -> None: ...

        # drawings
        def drawing(self, drawing: etree._Element, state: ParaState) -> None: ...
        def vml(self, pict: etree._Element, state: ParaState) -> None: ...

        # fields
        def field_char(self, fld_char: etree._Element) -> str: ...
        def prune_stuck_fields(self) -> None: ...
        def _field_for(self, instr: str) -> Field: ...
        def _dropping(self) -> bool: ...
        def _active_field_href(self) -> str: ...

        # the document (notes parts)
        def notes_part(self, kind: str) -> tuple[etree._Element | None, Part | None]: ...
