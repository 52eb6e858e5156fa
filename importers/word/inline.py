"""A paragraph's inline content: runs, hyperlinks, fields, tracked changes, content controls,
symbols, note references and pictures.

Hyperlinks are read through python-docx's `Hyperlink`. Runs are read on oxml (see
importers.word.ooxml for why), and so is what python-docx does not model: tracked insertions
and deletions, fields, inline content controls, smart tags, math and notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from docx.text.hyperlink import Hyperlink
from lxml import etree

from .base import ParserBase
from .fields import safe_href
from .items import Inline, Item, Segment
from .ooxml import (
    MC,
    RPR,
    W14,
    M,
    Props,
    W,
    first_child,
    on,
    on_w14,
    run_formats,
    sym_char,
    to_int,
    val,
)


@dataclass
class ParaState:
    """What one paragraph's inline walk collects."""

    segments: list[Segment] = field(default_factory=list)
    images: list[Item] = field(default_factory=list)
    boxes: list[etree._Element] = field(default_factory=list)
    bookmarks: list[str] = field(default_factory=list)
    checkbox: bool = False
    size: int = 0  # largest direct font size seen (half-points)
    all_bold: bool = True  # every text segment is bold


def hyperlink_target(element: etree._Element, story: Any) -> str:
    """Where a w:hyperlink points (python-docx's address and fragment), if it is safe."""
    link = Hyperlink(element, story)
    try:
        address = link.address
    except KeyError:  # a relationship id the part does not have: no address
        address = ""
    fragment = link.fragment
    return safe_href(f"{address}#{fragment}" if fragment else address)


class InlineMixin(ParserBase):
    """The inline walk of DocumentParser (see importers.word.document)."""

    def inline(self, element: etree._Element, state: ParaState, fmt: frozenset[str],
               href: str) -> None:  # fmt: skip
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == f"{W}r":
                self.run(child, state, fmt, href)
            elif tag == f"{W}hyperlink":
                self.inline(child, state, fmt, hyperlink_target(child, self.story) or href)
            elif tag in (f"{W}ins", f"{W}moveTo", f"{W}smartTag", f"{W}customXml",
                         f"{W}dir", f"{W}bdo"):  # fmt: skip
                self.inline(child, state, fmt, href)
            elif tag == f"{W}sdt":
                if child.find(f"{W}sdtPr/{W14}checkbox") is not None:
                    state.checkbox = True
                    checked = child.find(f"{W}sdtPr/{W14}checkbox/{W14}checked")
                    if not state.segments:
                        state.segments.append(Segment("☒ " if on_w14(checked) else "", fmt))
                    continue
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self.inline(content, state, fmt, href)
            elif tag == f"{W}fldSimple":
                instr = (child.get(f"{W}instr") or "").strip()
                fld = self._field_for(instr)
                fld.phase = "result"
                self.fields.append(fld)
                self.inline(child, state, fmt, href)
                self.fields.pop()
            elif tag in (f"{W}del", f"{W}moveFrom"):
                # Tracked deletions and moved-from text: dropped, but field characters inside
                # must still be honoured so the field stack stays balanced.
                for fld_char in child.iter(f"{W}fldChar"):
                    self.field_char(fld_char)
            elif tag == f"{W}bookmarkStart":
                name = child.get(f"{W}name") or ""
                if name and not name.startswith("_GoBack"):
                    state.bookmarks.append(name)
            elif tag in (f"{M}oMath", f"{M}oMathPara"):
                text = "".join(t.text or "" for t in child.iter(f"{M}t"))
                if text and not self._dropping():
                    state.segments.append(Segment(text, fmt, href))
            elif tag == f"{MC}AlternateContent":
                chosen = self._choose(child)
                if chosen is not None:
                    self.inline(chosen, state, fmt, href)
            elif tag in (f"{W}commentRangeStart",):
                continue
            elif tag == f"{W}ruby":
                base = child.find(f"{W}rubyBase")
                if base is not None:
                    self.inline(base, state, fmt, href)

    def run(self, run: etree._Element, state: ParaState, fmt: frozenset[str], href: str) -> None:
        rpr = first_child(run, RPR)
        size = 0
        if rpr is not None:
            props = Props(rpr)
            run_fmt = set(fmt)
            rstyle = props.get("rStyle")
            if rstyle is not None:
                run_fmt |= self.styles.run_fmt(rstyle.get(f"{W}val") or "")
            direct = run_formats(props)
            # Direct formatting can also switch a style's bold/italic off.
            for tag in ("b", "i"):
                element = props.get(tag)
                if element is not None and not on(element):
                    run_fmt.discard(tag)
            run_fmt |= direct
            if on(props.get("vanish")) and not on(props.get("specVanish")):
                return
            frozen = frozenset(run_fmt)
            size = to_int(val(props.get("sz")), 0)
        else:
            frozen = fmt
        self.run_content(run, state, frozen, size, href)

    def run_content(self, run: etree._Element, state: ParaState, frozen: frozenset[str],
                    size: int, href: str) -> None:  # fmt: skip
        link = self._active_field_href() or href
        for child in run:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == f"{W}t" and self.fields and self.fields[-1].phase == "instr":
                # Text where a field's instruction should be: the field never closed (Word
                # writes instructions as w:instrText). Forget it so the text shows.
                while self.fields and self.fields[-1].phase == "instr":
                    self.fields.pop()
                    self.stuck_fields += 1
                link = self._active_field_href() or href
            if tag == f"{W}fldChar":
                shown = self.field_char(child)
                if shown:
                    state.segments.append(Segment(shown, frozen, link))
                link = self._active_field_href() or href
            elif tag == f"{W}instrText":
                if self.fields and self.fields[-1].phase == "instr":
                    self.fields[-1].instr += child.text or ""
            elif self._dropping():
                continue
            elif tag == f"{W}t":
                text = child.text or ""
                state.segments.append(Segment(text, frozen, link))
                if text.strip():
                    if self.fields:
                        self.fields[-1].emitted = True
                    if "b" not in frozen:
                        state.all_bold = False
                    if size:
                        state.size = max(state.size, size)
            elif tag in (f"{W}tab", f"{W}ptab"):
                state.segments.append(Segment("\t", frozen, link))
            elif tag in (f"{W}br", f"{W}cr"):
                if child.get(f"{W}type") not in ("page", "column"):
                    state.segments.append(Segment("\n", frozen, link))
            elif tag == f"{W}noBreakHyphen":
                state.segments.append(Segment("-", frozen, link))
            elif tag == f"{W}sym":
                char = sym_char(child.get(f"{W}char") or "")
                if char:
                    state.segments.append(Segment(char, frozen, link))
            elif tag in (f"{W}footnoteReference", f"{W}endnoteReference"):
                kind = "footnotes" if tag == f"{W}footnoteReference" else "endnotes"
                number = self.note(kind, child.get(f"{W}id") or "")
                if number:
                    state.segments.append(Segment(str(number), frozenset({"sup"}), "", marker=True))
            elif tag == f"{W}commentReference":
                self.comments += 1
            elif tag == f"{W}drawing":
                self.drawing(child, state)
            elif tag in (f"{W}pict", f"{W}object"):
                self.vml(child, state)
            elif tag == f"{MC}AlternateContent":
                chosen = self._choose(child)
                if chosen is not None:
                    self.run_content(chosen, state, frozen, size, href)
            elif tag == f"{W}ruby":
                base = child.find(f"{W}rubyBase")
                if base is not None:
                    self.inline(base, state, frozen, href)

    # -- notes ---------------------------------------------------------------------------
    def note(self, kind: str, note_id: str) -> int:
        parts = self._note_parts.get(kind)
        if parts is None:
            parts = self._note_parts[kind] = {}
            root, part = self.notes_part(kind)
            self._note_stories[kind] = SimpleNamespace(part=part)  # a story for its links
            tag = f"{W}footnote" if kind == "footnotes" else f"{W}endnote"
            if root is not None:
                for note in root.iter(tag):
                    if note.get(f"{W}type") in (None, "normal"):
                        parts[note.get(f"{W}id") or ""] = note
        element = parts.get(note_id)
        if element is None:
            return 0
        saved_fields, self.fields = self.fields, []
        saved_story, self.story = self.story, self._note_stories[kind]
        state = ParaState()
        for paragraph in element.iter(f"{W}p"):
            if state.segments:
                state.segments.append(Segment("\n"))
            self.inline(paragraph, state, frozenset(), "")
        self.fields, self.story = saved_fields, saved_story
        self.notes[kind].append((note_id, Inline(state.segments)))
        return len(self.notes[kind])
