"""The block walk: paragraphs (headings, titles, list items, captions, callouts) and what
holds them (the body, table cells, headers and footers, text boxes, content controls).

The walk visits what python-docx's `iter_inner_content()` yields - w:p and w:tbl, the tables
read as python-docx `Table`s - and also the containers python-docx skips there (block content
controls, custom XML, tracked insertions, mc:AlternateContent, pictures straight under the
body), walked into on oxml so that no text in them is lost. Paragraph properties are read in one
pass (see paragraph_properties); styles come from python-docx (importers.word.styles).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from .base import ParserBase
from .inline import ParaState
from .items import (
    CHECKBOX_CHARS,
    MAX_HEADING_CHARS,
    Caption,
    Heading,
    Inline,
    Item,
    ListItem,
    Paragraph,
    Title,
    callout_kind_for_text,
    strip_leading_checkbox,
)
from .ooxml import MC, PPR, Props, W, first_child, to_int, val

NUMBER_PREFIX_RE = re.compile(r"^\s*((?:\d+\.)*\d+)\.?\s+(?=\S)")


def paragraph_properties(p: etree._Element) -> tuple[str, tuple[str, int | None] | None,
                                                     int | None, bool | None]:  # fmt: skip
    """(style id, direct numbering, direct outline level, centred) of a w:p.

    python-docx's CT_PPr accessors (`pStyle`, `numPr`, `jc`) are one child search each; every
    paragraph asks four questions, so the properties are read in one pass over pPr instead
    (50,000 paragraphs: about a second saved)."""
    ppr = first_child(p, PPR)
    if ppr is None:
        return "", None, None, None
    props = Props(ppr)
    style_id = val(props.get("pStyle")) or ""
    direct_num = None
    num_pr = props.get("numPr")
    if num_pr is not None:
        num_id = num_pr.find(f"{W}numId")
        ilvl = num_pr.find(f"{W}ilvl")
        direct_num = (
            (num_id.get(f"{W}val") or "") if num_id is not None else "",
            to_int(ilvl.get(f"{W}val"), 0) if ilvl is not None else None,
        )
    outline_el = props.get("outlineLvl")
    outline = to_int(outline_el.get(f"{W}val"), 9) if outline_el is not None else None
    jc = props.get("jc")
    centered = None if jc is None else jc.get(f"{W}val") == "center"
    return style_id, direct_num, outline, centered


@dataclass(frozen=True)
class StyleRecord:
    """What a paragraph's style says about it (see BlockMixin.style_record)."""

    names: list[str] = field(default_factory=list)  # the style's name and its bases', lower case
    toc: bool = False
    outline: int | None = None
    num_id: str = ""
    ilvl: int | None = None
    callout: str = ""
    name: str = ""
    size: int = 0
    centered: bool = False


NO_STYLE = StyleRecord()


class BlockMixin(ParserBase):
    """The block walk of DocumentParser (see importers.word.document)."""

    def blocks(self, container: etree._Element) -> Iterator[Item]:
        """Items of a block container (body, cell, header, footer, text box, sdtContent)."""
        for child in container:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == f"{W}p":
                yield from self.paragraph(child)
            elif tag == f"{W}tbl":
                yield from self.table(child)
            elif tag == f"{W}sdt":
                if self._is_toc_sdt(child):
                    self._toc_dropped()
                    continue
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    yield from self.blocks(content)
            elif tag in (f"{W}customXml", f"{W}ins", f"{W}moveTo", f"{W}smartTag"):
                yield from self.blocks(child)
            elif tag == f"{MC}AlternateContent":
                chosen = self._choose(child)
                if chosen is not None:
                    yield from self.blocks(chosen)
            elif tag in (f"{W}pict", f"{W}object", f"{W}drawing"):
                # A picture or text box straight under the body (not inside a paragraph).
                state = ParaState()
                if tag == f"{W}drawing":
                    self.drawing(child, state)
                else:
                    self.vml(child, state)
                yield from state.images
                for box in state.boxes:
                    yield from self.blocks(box)
            elif tag == f"{W}altChunk":
                self.warn(self.where(), "Embedded alternative-format content (altChunk) dropped.")

    def _is_toc_sdt(self, sdt: etree._Element) -> bool:
        gallery = sdt.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
        return gallery is not None and "contents" in (gallery.get(f"{W}val") or "").lower()

    def _choose(self, alternate: etree._Element) -> etree._Element | None:
        """mc:AlternateContent: the first Choice (which we understand) else the Fallback, so
        the same text box is never read twice."""
        choice = alternate.find(f"{MC}Choice")
        if choice is not None and len(choice):
            return choice
        return alternate.find(f"{MC}Fallback")

    # -- paragraphs ----------------------------------------------------------------------
    def style_record(self, style_id: str) -> StyleRecord:
        """Everything a paragraph asks of its style, worked out once per style."""
        record = self._style_records.get(style_id)
        if record is not None:
            return record
        styles = self.styles
        num_id, ilvl = styles.numbering(style_id)
        if not num_id and style_id in self.numbering.style_links:
            num_id, ilvl = self.numbering.style_links[style_id]
        if ilvl is None and num_id:
            for index, level in self.numbering.levels(num_id).items():
                if level.pstyle == style_id:
                    ilvl = index
        record = self._style_records[style_id] = StyleRecord(
            names=styles.names(style_id),
            toc=self._is_toc_style(style_id),
            outline=styles.outline_level(style_id),
            num_id=num_id,
            ilvl=ilvl,
            callout=self._callout_for_style_id(style_id),
            name=styles.name(style_id),
            size=styles.size(style_id),
            centered=styles.centered(style_id),
        )
        return record

    def paragraph(self, p: etree._Element) -> Iterator[Item]:
        self.paragraph_index += 1
        if self.fields:
            self.prune_stuck_fields()
        style_id, direct_num, outline, direct_centered = paragraph_properties(p)
        style_id = style_id or self.styles.default_paragraph
        style = self.style_record(style_id) if style_id else NO_STYLE
        style_names = style.names
        in_toc_before = any(f.drop for f in self.fields)
        state = ParaState()
        self.inline(p, state, frozenset(), "")
        in_toc_after = any(f.drop for f in self.fields)
        if style.toc:
            if state.segments and "".join(s.text for s in state.segments).strip():
                self._toc_dropped()
            return
        if (in_toc_before or in_toc_after) and not "".join(s.text for s in state.segments).strip():
            return
        inline = Inline(state.segments)
        text = inline.text.strip()
        where = self.where()

        if outline is None:
            outline = style.outline
        num_id, ilvl = direct_num if direct_num else ("", None)
        if not num_id:
            num_id, ilvl = style.num_id, style.ilvl
        ilvl = ilvl or 0
        numbered = self.numbering.exists(num_id)

        too_long = len(text) > MAX_HEADING_CHARS
        if too_long and (outline is not None and outline < 9 or style_names[:1] == ["title"]):
            self.warn(
                where,
                f"A heading of {len(text):,} characters is too long to be a heading; it was "
                "kept as a paragraph.",
            )
            outline = None
            style_names = [name for name in style_names if name != "title"]
        if any(name == "title" for name in style_names[:1]) and text:
            yield Title(where=where, text=text)
        elif outline is not None and outline < 9 and text:
            number = ""
            if numbered:
                _, number, _ = self.numbering.next(num_id, ilvl)
                number = number.rstrip(".")
            heading_text = re.sub(r"\s+", " ", text)
            if len(number) > 20:
                heading_text, number = f"{number} {heading_text}", ""
            if not number:
                match = NUMBER_PREFIX_RE.match(heading_text)
                if match:
                    number = match.group(1)
                    heading_text = heading_text[match.end() :]
            self.last_heading = f"{number} {heading_text}".strip()
            yield Heading(
                where=where,
                text=heading_text,
                level=outline + 1,
                number=number,
                bookmarks=state.bookmarks,
            )
        elif numbered and text:
            value, label, level = self.numbering.next(num_id, ilvl)
            ordered = level.fmt not in ("bullet", "none")
            checkbox = state.checkbox or (
                not ordered and (level.text[:1] in CHECKBOX_CHARS or text[:1] in CHECKBOX_CHARS)
            )
            if text[:1] in CHECKBOX_CHARS:
                strip_leading_checkbox(inline)
            yield ListItem(
                where=where,
                inline=inline,
                level=ilvl,
                list_id=num_id,
                ordered=ordered,
                value=value,
                label=label,
                checkbox=checkbox,
            )
        elif text:
            if any(name == "caption" for name in style_names):
                yield Caption(where=where, text=text)
            else:
                callout = style.callout or callout_kind_for_text(text)
                if state.checkbox or text[:1] in CHECKBOX_CHARS:
                    strip_leading_checkbox(inline)
                    yield ListItem(where=where, inline=inline, list_id=f"checkbox-{where}",
                                   checkbox=True)  # fmt: skip
                else:
                    yield Paragraph(
                        where=where,
                        inline=inline,
                        style=style.name,
                        callout=callout,
                        bookmarks=state.bookmarks,
                        size=state.size or style.size,
                        bold=state.all_bold,
                        centered=direct_centered if direct_centered is not None else style.centered,
                    )
        yield from state.images
        for box in state.boxes:
            yield from self.blocks(box)

    def _is_toc_style(self, style_id: str) -> bool:
        names = self.styles.names(style_id)
        return any(re.fullmatch(r"toc\s*\d|toc heading|table of figures", n) for n in names)

    def _toc_dropped(self) -> None:
        if not self.toc_reported:  # once per document, however many entries it had
            self.toc_reported = True
            self.warn(self.where(), "Table of contents dropped (the site builds its own).")

    def _callout_for_style_id(self, style_id: str) -> str:
        return self._callout_for_style(self.styles.names(style_id))

    def _callout_for_style(self, names: list[str]) -> str:
        for name in names:
            for word, kind in (("safety", "safety"), ("warning", "warning"),
                               ("caution", "warning"), ("callout", "note"),
                               ("note", "note")):  # fmt: skip
                if word in name and "footnote" not in name and "endnote" not in name:
                    return kind
        return ""
