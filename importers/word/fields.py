"""Fields (w:fldChar begin/separate/end, w:fldSimple): python-docx does not model them, so
their stack is followed here on oxml elements.

A field shows its result; a table of contents' result is dropped (the site builds its own); a
hyperlink field's result becomes a link; a legacy form field (FORMCHECKBOX, FORMDROPDOWN) shows
its value. Damaged files can leave fields open forever: depth is capped and a field still in
its instruction a few paragraphs later is forgotten, so the walk stays linear in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .base import ParserBase
from .ooxml import W, on, to_int, val


@dataclass
class Field:
    instr: str = ""
    phase: str = "instr"  # instr -> result
    drop: bool = False
    href: str = ""
    form_value: str | None = None  # FORMCHECKBOX / FORMDROPDOWN: what the form shows
    emitted: bool = False  # some result text was shown
    paragraph: int = 0  # the paragraph the field began in


MAX_FIELD_DEPTH = 32  # deeper nesting is malformed; extra fields are ignored (bounded cost)
STUCK_FIELD_PARAGRAPHS = 3  # a field still in its instruction this much later never closed


def form_field_value(fld_char: etree._Element) -> str | None:
    """The value a legacy form field (FORMCHECKBOX, FORMDROPDOWN) shows, from w:ffData."""
    data = fld_char.find(f"{W}ffData")
    if data is None:
        return None
    box = data.find(f"{W}checkBox")
    if box is not None:
        checked = box.find(f"{W}checked")
        if checked is None:
            checked = box.find(f"{W}default")
        return "☒" if on(checked) else "☐"
    dropdown = data.find(f"{W}ddList")
    if dropdown is not None:
        entries = [val(entry) or "" for entry in dropdown.findall(f"{W}listEntry")]
        chosen = to_int(val(dropdown.find(f"{W}result")), 0)
        if entries:
            return entries[min(max(chosen, 0), len(entries) - 1)]
        return ""
    return None


HYPERLINK_RE = re.compile(r'HYPERLINK\s+(?:"([^"]*)"|(\S+))(.*)', re.IGNORECASE | re.DOTALL)


def safe_href(url: str) -> str:
    """Keep web, mail and phone links and in-document anchors; drop everything else."""
    url = url.strip()
    if url.startswith("#"):
        return url
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    return url if scheme in ("http", "https", "mailto", "tel") else ""


class FieldMixin(ParserBase):
    """The field stack of DocumentParser (see importers.word.document)."""

    def _active_field_href(self) -> str:
        for fld in reversed(self.fields):
            if fld.phase == "result" and fld.href:
                return fld.href
        return ""

    def _dropping(self) -> bool:
        """Inside a dropped field's result (a table of contents) or inside a field's
        instruction (a nested field's result there is part of the instruction). Text while
        the innermost field is still in its instruction is malformed and shown."""
        fields = self.fields
        if not fields:
            return False
        return any(f.drop and f.phase == "result" for f in fields) or any(
            f.phase == "instr" for f in fields[:-1]
        )

    def _field_for(self, instr: str) -> Field:
        keyword = instr.split(None, 1)[0].upper() if instr.split() else ""
        fld = Field(instr=instr)
        if keyword == "TOC":
            fld.drop = True
            self._toc_dropped()
        elif keyword == "HYPERLINK":
            match = HYPERLINK_RE.match(instr)
            if match:
                url = match.group(1) or match.group(2) or ""
                rest = match.group(3) or ""
                anchor = re.search(r'\\l\s+"([^"]*)"', rest)
                if anchor:
                    url = f"{url}#{anchor.group(1)}" if url else f"#{anchor.group(1)}"
                fld.href = safe_href(url)
        elif keyword == "INCLUDEPICTURE" or keyword == "INCLUDETEXT":
            self.warn(self.where(), f"External reference not followed ({keyword} field).")
        return fld

    def field_char(self, fld_char: etree._Element) -> str:
        """Follow a complex field's begin/separate/end; returns text to show (the value of a
        legacy form field), else ''."""
        kind = fld_char.get(f"{W}fldCharType")
        if kind == "begin":
            if len(self.fields) >= MAX_FIELD_DEPTH:
                self.field_overflow += 1
                return ""
            self.fields.append(
                Field(form_value=form_field_value(fld_char), paragraph=self.paragraph_index)
            )
        elif self.field_overflow:
            if kind == "end":
                self.field_overflow -= 1
        elif kind == "separate" and self.fields:
            current = self.fields[-1]
            if current.phase == "result":
                return ""
            resolved = self._field_for(current.instr.strip())
            current.drop, current.href = resolved.drop, resolved.href
            current.phase = "result"
        elif kind == "end" and self.fields:
            current = self.fields.pop()
            if current.phase == "instr":
                self._field_for(current.instr.strip())  # warnings about what it referred to
            keyword = current.instr.split(None, 1)[0].upper() if current.instr.split() else ""
            if (
                current.form_value
                and keyword in ("FORMCHECKBOX", "FORMDROPDOWN")
                and not current.emitted
                and not self._dropping()
            ):
                return current.form_value + (" " if keyword == "FORMCHECKBOX" else "")
        return ""

    def prune_stuck_fields(self) -> None:
        """Fields still reading their instruction several paragraphs after they began were
        never closed (a damaged or generated file): forget them so text shows again."""
        if not self.fields:
            return
        if any(
            f.phase == "instr" and self.paragraph_index - f.paragraph > STUCK_FIELD_PARAGRAPHS
            for f in self.fields
        ):
            kept = [
                f
                for f in self.fields
                if not (
                    f.phase == "instr"
                    and self.paragraph_index - f.paragraph > STUCK_FIELD_PARAGRAPHS
                )
            ]
            self.stuck_fields += len(self.fields) - len(kept)
            self.fields = kept
