"""One Word document, opened by python-docx (see importers.package), walked into items.

What python-docx models is read through it: the main story and its parts and relationships,
styles, sections with their headers and footers, core properties and comments. What it does
not model (fields, tracked changes, content controls, text boxes, notes, numbering levels) is
read from its oxml elements by the mixins this class is made of.
"""

from __future__ import annotations

import re
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, XmlPart
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml as parse_oxml
from lxml import etree

from ..opc_reader import refuse_dtd
from ..package import WordImportError, WordPackage
from .blocks import BlockMixin, StyleRecord
from .drawings import DrawingMixin
from .fields import Field, FieldMixin
from .inline import InlineMixin
from .items import Inline, Item, Notes, ParsedDocument, has_content, item_text
from .numbering import Numbering
from .ooxml import W
from .styles import Styles
from .tables import TableMixin

HEADER_FOOTER_KINDS = (
    ("header", "header"),
    ("first_page_header", "header"),
    ("even_page_header", "header"),
    ("footer", "footer"),
    ("first_page_footer", "footer"),
    ("even_page_footer", "footer"),
)
HEADER_REFERENCE, FOOTER_REFERENCE = qn("w:headerReference"), qn("w:footerReference")
REFERENCE_TYPES = {"header": "default", "footer": "default", "first_page_header": "first",
                   "first_page_footer": "first", "even_page_header": "even",
                   "even_page_footer": "even"}  # fmt: skip
# Core properties under the names the metadata extraction uses (Dublin Core's local names).
CORE_NAMES = {
    "title": "title",
    "author": "creator",
    "subject": "subject",
    "comments": "description",
    "keywords": "keywords",
    "category": "category",
    "content_status": "contentStatus",
    "identifier": "identifier",
    "version": "version",
    "language": "language",
    "last_modified_by": "lastModifiedBy",
    "created": "created",
    "modified": "modified",
}
DATE_PROPERTIES = ("created", "modified")


def related_part(part: Part, reltype: str) -> Part | None:
    """`part`'s internal related part of `reltype`, without python-docx's habit of creating a
    default part (default styles, core properties titled "Word Document") when there is none."""
    for rel in part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return rel.target_part
    return None


class DocumentParser(BlockMixin, TableMixin, InlineMixin, DrawingMixin, FieldMixin):
    """Walks one package's main document (and its notes, headers and footers) into items."""

    def __init__(self, package: WordPackage) -> None:
        self.package = package
        self.document = package.document
        self.limits = package.limits
        self.story: Any = self.document
        self.styles = Styles(
            self.document.styles if related_part(self.document.part, RT.STYLES) else None
        )
        numbering = related_part(self.document.part, RT.NUMBERING)
        self.numbering = Numbering(numbering.element if isinstance(numbering, XmlPart) else None)
        self.warnings: list[tuple[str, str]] = list(package.warnings)
        self.fields: list[Field] = []
        self.items: list[Item] = []
        self.paragraph_index = 0
        self.last_heading = ""
        self.comments = 0
        self.toc_reported = False
        self._style_records: dict[str, StyleRecord] = {}
        self.notes: dict[str, list[tuple[str, Inline]]] = {"footnotes": [], "endnotes": []}
        self._note_parts: dict[str, dict[str, etree._Element]] = {}
        self._note_stories: dict[str, Any] = {}
        self._images_seen = 0
        self.field_overflow = 0
        self.stuck_fields = 0

    # -- entry point ---------------------------------------------------------------------
    def parse(self) -> ParsedDocument:
        body = self.document.element.body
        if body is None:
            raise WordImportError(
                "The document has no body (word/document.xml is empty or not a Word document)."
            )
        self._check_external_template()
        self.items = list(self.blocks(body))
        if self.fields or self.stuck_fields or self.field_overflow:
            self.warn(
                "document",
                "Some fields were never closed or nested too deeply (a damaged file); their "
                "instructions were ignored and their text kept.",
            )
        self.fields = []
        header_footer = self.header_footer_items()
        if not any(has_content(item) for item in self.items):
            moved = [item for _, items in header_footer for item in items]
            if any(has_content(item) for item in moved):
                self.warn(
                    "header/footer",
                    "The body is empty: the content of the page headers and footers was "
                    "imported as the body. Check it before publishing.",
                )
                self.items = moved
        else:
            text = " ".join(item_text(item) for _, items in header_footer for item in items)
            text = re.sub(r"\s+", " ", text).strip()
            if text:
                self.warn(
                    "header/footer",
                    "Page header and footer text is not shown on the page (it was read for the "
                    f"document's details only): {text[:160]!r}",
                )
        for kind in ("footnotes", "endnotes"):
            if self.notes[kind]:
                self.items.append(
                    Notes(where="end", kind=kind, notes=[inline for _, inline in self.notes[kind]])
                )
        self.comments = max(self.comments, self.comment_count())
        if self.comments:
            self.warn("document", f"{self.comments} comment(s) dropped.")
        return ParsedDocument(
            items=self.items,
            warnings=self.warnings,
            core=self.core_properties(),
            header_footer_text="\n".join(
                item_text(item) for _, items in header_footer for item in items
            ),
            comments=self.comments,
            header_footer=header_footer,
        )

    def notes_part(self, kind: str) -> tuple[etree._Element | None, Part | None]:
        """The footnotes or endnotes part and its XML. python-docx keeps these parts as bytes
        only; they are parsed here into python-docx's own oxml element classes, after the
        same DTD check as every other part."""
        part = related_part(self.document.part, RT.FOOTNOTES if kind == "footnotes"
                            else RT.ENDNOTES)  # fmt: skip
        if part is None:
            return None, None
        refuse_dtd(part.blob, str(part.partname))
        try:
            return parse_oxml(part.blob), part
        except etree.XMLSyntaxError as exc:
            raise WordImportError(
                f"Part {part.partname} is not well-formed XML ({exc}). The file is damaged: "
                "open it in Word, save it again and retry."
            ) from exc

    def _check_external_template(self) -> None:
        settings = related_part(self.document.part, RT.SETTINGS)
        if settings is None:
            return
        for rel in settings.rels.values():
            if rel.is_external:
                self.warn("settings", f"External reference not followed: {rel.target_ref[:120]}")

    # -- parts python-docx models --------------------------------------------------------
    def comment_count(self) -> int:
        if related_part(self.document.part, RT.COMMENTS) is None:
            return 0
        return len(self.document.comments)

    def core_properties(self) -> dict[str, str]:
        if not any(rel.reltype == RT.CORE_PROPERTIES for rel in self.package.opc.rels.values()):
            return {}
        properties = self.document.core_properties
        core: dict[str, str] = {}
        for attribute, name in CORE_NAMES.items():
            if name in DATE_PROPERTIES:
                # As written (W3CDTF): python-docx's datetime reading tries four strptime
                # formats per date, a quarter of a small file's property reading.
                element = properties._element.find(qn(f"dcterms:{name}"))
                value = element.text if element is not None else None
            else:
                value = getattr(properties, attribute)
            if value and str(value).strip():
                core[name] = str(value).strip()
        return core

    def header_footer_items(self) -> list[tuple[str, list[Item]]]:
        """Each page header and footer of every section, walked into items like the body (with
        its own part's relationships for its images). A header linked to the previous
        section's is that one, read once."""
        found: list[tuple[str, list[Item]]] = []
        seen: set[str] = set()
        saved = (self.story, self.paragraph_index, self.last_heading, len(self.warnings))
        for section in self.document.sections:
            # Only the kinds the section defines are asked for (python-docx answers each
            # question with an XPath query; most sections define one header and one footer).
            defined = {
                (child.tag, child.get(qn("w:type")))
                for child in section._sectPr
                if child.tag in (HEADER_REFERENCE, FOOTER_REFERENCE)
            }
            for attribute, kind in HEADER_FOOTER_KINDS:
                reference = HEADER_REFERENCE if kind == "header" else FOOTER_REFERENCE
                if (reference, REFERENCE_TYPES[attribute]) not in defined:
                    continue  # linked to the previous section's
                story = getattr(section, attribute)
                if story.is_linked_to_previous:
                    continue
                try:
                    part = story.part
                except KeyError:  # the section names a header part the file does not have
                    continue
                if str(part.partname) in seen:
                    continue
                seen.add(str(part.partname))
                self.story, self.paragraph_index, self.last_heading = story, 0, ""
                items = list(self.blocks(part.element))
                self.fields = []
                for item in items:
                    item.where = f"page {kind} ({str(part.partname).rsplit('/', 1)[-1]})"
                found.append((kind, items))
        self.story, self.paragraph_index, self.last_heading = saved[:3]
        del self.warnings[saved[3] :]  # what a header holds is reported where it is used
        return found


def parse_package(package: WordPackage) -> ParsedDocument:
    return DocumentParser(package).parse()


__all__ = ["W", "DocumentParser", "parse_package"]
