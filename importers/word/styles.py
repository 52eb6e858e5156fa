"""The document's styles, read through python-docx's `document.styles`, with basedOn chains
resolved once per style (every paragraph asks the same questions of its style)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.exceptions import InvalidXmlError
from docx.oxml.styles import CT_Style
from docx.styles.style import StyleFactory
from docx.styles.styles import Styles as DocxStyles

from .ooxml import W, on_value, to_int

# python-docx reads a damaged attribute value (w:sz="big") by raising; such a style then simply
# contributes nothing, as Word itself ignores the bad value.
BAD_VALUE = (ValueError, KeyError, TypeError, InvalidXmlError)


@dataclass
class Style:
    style_id: str
    name: str
    kind: str
    based_on: str = ""
    outline_level: int | None = None
    num_id: str = ""
    ilvl: int | None = None
    fmt: frozenset[str] = frozenset()
    size: int = 0  # the style's font size, in half-points
    centered: bool = False


def _style_formats(font: Any) -> frozenset[str]:
    fmt: set[str] = set()
    for name, tag in (("bold", "b"), ("italic", "i"), ("superscript", "sup"),
                      ("subscript", "sub")):  # fmt: skip
        try:
            if getattr(font, name):
                fmt.add(tag)
        except BAD_VALUE:
            continue
    try:
        if font.strike or font.double_strike:
            fmt.add("s")
    except BAD_VALUE:
        pass
    try:
        underline = font.underline
        if underline not in (None, False) and getattr(underline, "name", "") != "NONE":
            fmt.add("u")
    except BAD_VALUE:
        pass
    return frozenset(fmt)


def _read_style(style: Any) -> Style:
    element = style.element
    ppr = element.pPr
    outline = num_id = ilvl = None
    if ppr is not None:
        # python-docx does not model outline levels or style-linked numbering: read pPr.
        outline_el = ppr.find(f"{W}outlineLvl")
        if outline_el is not None:
            outline = to_int(outline_el.get(f"{W}val"), 9)
        num_pr = ppr.find(f"{W}numPr")
        if num_pr is not None:
            num_el = num_pr.find(f"{W}numId")
            ilvl_el = num_pr.find(f"{W}ilvl")
            num_id = num_el.get(f"{W}val") if num_el is not None else None
            ilvl = to_int(ilvl_el.get(f"{W}val"), 0) if ilvl_el is not None else None
    style_id = style.style_id or ""
    font = getattr(style, "font", None)  # numbering styles have none
    try:
        size = font.size if font is not None else None
        half_points = round(size.pt * 2) if size is not None else 0
    except BAD_VALUE:
        half_points = 0
    centered = False
    if style.type == WD_STYLE_TYPE.PARAGRAPH:
        try:
            centered = style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
        except BAD_VALUE:
            centered = False
    kind = {WD_STYLE_TYPE.CHARACTER: "character", WD_STYLE_TYPE.TABLE: "table",
            WD_STYLE_TYPE.LIST: "numbering"}.get(style.type, "paragraph")  # fmt: skip
    return Style(
        style_id=style_id,
        name=style.name or style_id,
        kind=kind,
        based_on=element.basedOn_val or "",
        outline_level=outline,
        num_id=num_id or "",
        ilvl=ilvl,
        fmt=_style_formats(font) if font is not None else frozenset(),
        size=half_points,
        centered=centered,
    )


class Styles:
    """Every style of the document by id; a style is read (through python-docx) only when a
    paragraph or run first uses it."""

    def __init__(self, styles: DocxStyles | None) -> None:
        self._docx: dict[str, CT_Style] = {}
        self._read: dict[str, Style | None] = {}
        self._run_fmt: dict[str, frozenset[str]] = {}
        self.default_paragraph = ""
        if styles is None:
            return
        # The w:style elements are indexed here and wrapped in python-docx's style objects
        # only when first used: a template defines hundreds of styles, a document uses a
        # few. The default paragraph style is found in the same pass, by python-docx's rule
        # (`Styles.default`: the last paragraph style marked default), without its XPath
        # query per call.
        default = ""
        for element in styles.element.iterchildren(f"{W}style"):
            style_id = element.get(f"{W}styleId") or ""
            self._docx.setdefault(style_id, element)
            if element.get(f"{W}type") == "paragraph" and on_value(element.get(f"{W}default")):
                default = style_id
        self.default_paragraph = default

    def get(self, style_id: str) -> Style | None:
        try:
            return self._read[style_id]
        except KeyError:
            pass
        element = self._docx.get(style_id)
        try:
            read = _read_style(StyleFactory(element)) if element is not None else None
        except BAD_VALUE:
            read = None
        self._read[style_id] = read
        return read

    def chain(self, style_id: str) -> Iterator[Style]:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self.get(style_id)
            if style is None:
                return
            yield style
            style_id = style.based_on

    def name(self, style_id: str) -> str:
        style = self.get(style_id)
        return style.name if style else style_id

    def names(self, style_id: str) -> list[str]:
        return [style.name.lower() for style in self.chain(style_id)] or [style_id.lower()]

    def outline_level(self, style_id: str) -> int | None:
        for style in self.chain(style_id):
            if style.outline_level is not None:
                return style.outline_level
            match = re.fullmatch(r"heading\s*([1-9])", style.name.strip().lower())
            if match:
                return int(match.group(1)) - 1
        return None

    def numbering(self, style_id: str) -> tuple[str, int | None]:
        for style in self.chain(style_id):
            if style.num_id:
                return style.num_id, style.ilvl
        return "", None

    def size(self, style_id: str) -> int:
        for style in self.chain(style_id):
            if style.size:
                return style.size
        return 0

    def centered(self, style_id: str) -> bool:
        return any(style.centered for style in self.chain(style_id))

    def run_fmt(self, style_id: str) -> frozenset[str]:
        """The formats a character style gives its runs (asked once per styled run)."""
        try:
            return self._run_fmt[style_id]
        except KeyError:
            pass
        fmt: set[str] = set()
        for style in self.chain(style_id):
            fmt |= style.fmt
        frozen = self._run_fmt[style_id] = frozenset(fmt)
        return frozen
