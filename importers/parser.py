"""Word document -> a flat list of typed items (headings, paragraphs, list items, tables,
images, notes), read straight from the OOXML so that nothing a reader needs is dropped.

The walk follows what Word shows a reader with all changes accepted: insertions and moved-to
text are kept, deletions and moved-from text are dropped; content controls, smart tags, custom
XML and text boxes are walked into; a table-of-contents field is dropped (the site builds its
own) while every other field keeps its displayed result. What is dropped or approximated is
reported as a warning with where it happened.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from .package import W_NS, WordImportError, WordPackage

W = f"{{{W_NS}}}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
V = "{urn:schemas-microsoft-com:vml}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
WPS = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
DGM = "{http://schemas.openxmlformats.org/drawingml/2006/diagram}"
CHART = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"

FORMATS = ("b", "i", "u", "s", "sup", "sub")
MAX_HEADING_CHARS = 250  # the heading block holds 255; a longer "heading" is a paragraph
CHECKBOX_CHARS = "☐☑☒□■❑❒✓✔✗✘"
CHECKED_CHARS = "☑☒■✓✔✗✘"


# -- items -------------------------------------------------------------------------------


@dataclass
class Segment:
    text: str
    fmt: frozenset[str] = frozenset()
    href: str = ""
    marker: bool = False  # a footnote/endnote number: shown, but not part of the text


@dataclass
class Inline:
    """Formatted text: a list of segments, rendered to HTML with everything escaped."""

    segments: list[Segment] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in self.segments if not segment.marker)

    def html(self, allowed: Iterable[str] = FORMATS, links: bool = True) -> str:
        return render_segments(self.segments, set(allowed), links)


@dataclass
class Item:
    """Base of every parsed item; `where` says where it came from, for warnings."""

    where: str = ""

    @property
    def type(self) -> str:
        return type(self).__name__.lower()


@dataclass
class Heading(Item):
    text: str = ""
    level: int = 1  # 1 = top-level heading (Heading 1)
    number: str = ""
    bookmarks: list[str] = field(default_factory=list)


@dataclass
class Title(Item):
    text: str = ""


@dataclass
class Paragraph(Item):
    inline: Inline = field(default_factory=Inline)
    style: str = ""
    callout: str = ""  # safety / warning / note, when the paragraph is a boxed message
    bookmarks: list[str] = field(default_factory=list)
    size: int = 0  # the largest font size in the paragraph, in half-points (0: not known)
    bold: bool = False  # every letter is bold
    centered: bool = False

    @property
    def text(self) -> str:
        return self.inline.text


@dataclass
class ListItem(Item):
    inline: Inline = field(default_factory=Inline)
    level: int = 0
    list_id: str = ""
    ordered: bool = False
    value: int = 1  # the item's number within its level
    label: str = ""
    checkbox: bool = False

    @property
    def text(self) -> str:
        return self.inline.text


@dataclass
class Cell:
    text: str
    col: int
    colspan: int = 1
    vmerge: str = ""  # "restart", "continue" or ""


@dataclass
class Table(Item):
    rows: list[list[Cell]] = field(default_factory=list)
    header_rows: int = 0
    caption: str = ""
    columns: int = 0

    def grid(self) -> list[list[str]]:
        return [[cell.text for cell in row] for row in self.rows]


@dataclass
class Image(Item):
    data: bytes = b""
    filename: str = ""
    alt: str = ""
    decorative: bool = False
    caption: str = ""
    # Filled by importers.images.check_image: the bytes to store (web format) or why not.
    web_data: bytes | None = None
    extension: str = ""
    size: tuple[int, int] = (0, 0)
    problem: str = ""


@dataclass
class Caption(Item):
    text: str = ""


@dataclass
class Notes(Item):
    kind: str = "footnotes"
    notes: list[Inline] = field(default_factory=list)


@dataclass
class ParsedDocument:
    items: list[Item]
    warnings: list[tuple[str, str]]
    core: dict[str, str]
    header_footer_text: str
    comments: int = 0
    header_footer: list[tuple[str, list[Item]]] = field(default_factory=list)


# -- rendering ---------------------------------------------------------------------------

_TAG_ORDER = ("b", "i", "u", "s", "sup", "sub")


def render_segments(segments: list[Segment], allowed: set[str], links: bool) -> str:
    """Escape every text segment and wrap it in its formatting tags; adjacent segments with the
    same link share one anchor."""
    out: list[str] = []
    open_href = ""
    for segment in merge_segments(segments):
        href = segment.href if links else ""
        if href != open_href:
            if open_href:
                out.append("</a>")
            if href:
                out.append(f'<a href="{html.escape(href, quote=True)}">')
            open_href = href
        text = html.escape(segment.text, quote=False).replace("\n", "<br/>")
        tags = [tag for tag in _TAG_ORDER if tag in segment.fmt and tag in allowed]
        for tag in tags:
            text = f"<{tag}>{text}</{tag}>"
        out.append(text)
    if open_href:
        out.append("</a>")
    return "".join(out).strip()


def merge_segments(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if (
            merged
            and merged[-1].fmt == segment.fmt
            and merged[-1].href == segment.href
            and not (merged[-1].marker or segment.marker)
        ):
            merged[-1] = Segment(merged[-1].text + segment.text, segment.fmt, segment.href)
        else:
            merged.append(segment)
    return merged


# -- styles and numbering ----------------------------------------------------------------


def on(element: etree._Element | None) -> bool:
    """A WordprocessingML on/off property: present and not switched off."""
    if element is None:
        return False
    return element.get(f"{W}val", "true").lower() not in ("0", "false", "off", "none")


class Props(dict):
    """A properties element's children by local name, read in one pass (find() per property
    costs more than the whole walk of a run)."""

    def __init__(self, element: etree._Element | None) -> None:
        super().__init__()
        if element is not None:
            for child in element:
                tag = child.tag
                if isinstance(tag, str) and tag.startswith(W):
                    self[tag[len(W) :]] = child


def run_formats(rpr: etree._Element | Props | None) -> set[str]:
    if rpr is None:
        return set()
    props = rpr if isinstance(rpr, Props) else Props(rpr)
    fmt: set[str] = set()
    if not props:
        return fmt
    if on(props.get("b")):
        fmt.add("b")
    if on(props.get("i")):
        fmt.add("i")
    underline = props.get("u")
    if underline is not None and underline.get(f"{W}val", "single") != "none":
        fmt.add("u")
    if on(props.get("strike")) or on(props.get("dstrike")):
        fmt.add("s")
    vert = props.get("vertAlign")
    if vert is not None:
        value = vert.get(f"{W}val")
        if value == "superscript":
            fmt.add("sup")
        elif value == "subscript":
            fmt.add("sub")
    return fmt


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
    size: int = 0  # w:sz of the style's run properties, in half-points
    centered: bool = False


class Styles:
    """styles.xml with basedOn chains resolved on demand."""

    def __init__(self, root: etree._Element | None) -> None:
        self.styles: dict[str, Style] = {}
        self.default_paragraph = ""
        self._cache: dict[tuple[str, str], Any] = {}
        if root is None:
            return
        for element in root.iter(f"{W}style"):
            style_id = element.get(f"{W}styleId") or ""
            name_el = element.find(f"{W}name")
            based = element.find(f"{W}basedOn")
            ppr = element.find(f"{W}pPr")
            outline = num_id = None
            ilvl = None
            if ppr is not None:
                outline_el = ppr.find(f"{W}outlineLvl")
                if outline_el is not None:
                    outline = _int(outline_el.get(f"{W}val"), 9)
                num_pr = ppr.find(f"{W}numPr")
                if num_pr is not None:
                    num_el = num_pr.find(f"{W}numId")
                    ilvl_el = num_pr.find(f"{W}ilvl")
                    num_id = num_el.get(f"{W}val") if num_el is not None else None
                    ilvl = _int(ilvl_el.get(f"{W}val"), 0) if ilvl_el is not None else None
            style = Style(
                style_id=style_id,
                name=(name_el.get(f"{W}val") if name_el is not None else style_id) or style_id,
                kind=element.get(f"{W}type") or "paragraph",
                based_on=based.get(f"{W}val") or "" if based is not None else "",
                outline_level=outline,
                num_id=num_id or "",
                ilvl=ilvl,
                fmt=frozenset(run_formats(element.find(f"{W}rPr"))),
                size=_int(_val(element.find(f"{W}rPr/{W}sz")), 0),
                centered=_val(element.find(f"{W}pPr/{W}jc")) == "center",
            )
            self.styles[style_id] = style
            if style.kind == "paragraph" and on(element.find(f"{W}default")) is False:
                pass
            if style.kind == "paragraph" and element.get(f"{W}default") in ("1", "true"):
                self.default_paragraph = style_id

    def cached(self, kind: str, style_id: str, compute: Callable[[str], Any]) -> Any:
        """Per-style answers are asked once per paragraph: work each out once."""
        key = (kind, style_id)
        try:
            return self._cache[key]
        except KeyError:
            value = self._cache[key] = compute(style_id)
            return value

    def chain(self, style_id: str) -> Iterator[Style]:
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            style_id = style.based_on

    def name(self, style_id: str) -> str:
        style = self.styles.get(style_id)
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

    def run_fmt(self, style_id: str) -> set[str]:
        fmt: set[str] = set()
        for style in self.chain(style_id):
            fmt |= style.fmt
        return fmt


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None
    is_legal: bool = False
    pstyle: str = ""


RPR, PPR = f"{W}rPr", f"{W}pPr"


def first_child(element: etree._Element, tag: str) -> etree._Element | None:
    """`element.find(tag)` for properties Word writes first (much cheaper than find)."""
    for child in element:
        if child.tag == tag:
            return child
        if isinstance(child.tag, str):
            return None
    return None


def _val(element: etree._Element | None) -> str | None:
    return element.get(f"{W}val") if element is not None else None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _read_level(element: etree._Element) -> tuple[int, Level]:
    def val(tag: str) -> str | None:
        child = element.find(f"{W}{tag}")
        return child.get(f"{W}val") if child is not None else None

    restart = val("lvlRestart")
    return _int(element.get(f"{W}ilvl"), 0), Level(
        fmt=val("numFmt") or "decimal",
        text=val("lvlText") if val("lvlText") is not None else "",
        start=_int(val("start"), 1),
        restart=_int(restart, 0) if restart is not None else None,
        is_legal=element.find(f"{W}isLgl") is not None,
        pstyle=val("pStyle") or "",
    )


def to_roman(number: int) -> str:
    pairs = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ]
    out = ""
    for value, letters in pairs:
        while number >= value:
            out, number = out + letters, number - value
    return out


def to_letters(number: int) -> str:
    if number <= 0:
        return ""
    letter = chr(ord("a") + (number - 1) % 26)
    return letter * ((number - 1) // 26 + 1)


def format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter",):
        return to_letters(value)
    if fmt == "upperLetter":
        return to_letters(value).upper()
    if fmt == "lowerRoman":
        return to_roman(value)
    if fmt == "upperRoman":
        return to_roman(value).upper()
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("bullet", "none"):
        return ""
    return str(value)


class Numbering:
    """numbering.xml: list definitions, instances with overrides, and running counters."""

    def __init__(self, root: etree._Element | None) -> None:
        self.abstract: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, str] = {}
        self.overrides: dict[str, dict[int, Level]] = {}
        self.start_overrides: dict[str, dict[int, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.style_links: dict[str, tuple[str, int]] = {}
        if root is None:
            return
        for abstract in root.iter(f"{W}abstractNum"):
            levels = dict(_read_level(lvl) for lvl in abstract.iter(f"{W}lvl"))
            self.abstract[abstract.get(f"{W}abstractNumId") or ""] = levels
        for num in root.iter(f"{W}num"):
            num_id = num.get(f"{W}numId") or ""
            ref = num.find(f"{W}abstractNumId")
            self.nums[num_id] = ref.get(f"{W}val") or "" if ref is not None else ""
            for override in num.iter(f"{W}lvlOverride"):
                ilvl = _int(override.get(f"{W}ilvl"), 0)
                start = override.find(f"{W}startOverride")
                if start is not None:
                    self.start_overrides.setdefault(num_id, {})[ilvl] = _int(
                        start.get(f"{W}val"), 1
                    )
                lvl = override.find(f"{W}lvl")
                if lvl is not None:
                    self.overrides.setdefault(num_id, {})[ilvl] = _read_level(lvl)[1]
        for num_id in self.nums:
            for ilvl, level in self.levels(num_id).items():
                if level.pstyle:
                    self.style_links.setdefault(level.pstyle, (num_id, ilvl))

    def levels(self, num_id: str) -> dict[int, Level]:
        levels = dict(self.abstract.get(self.nums.get(num_id, ""), {}))
        levels.update(self.overrides.get(num_id, {}))
        return levels

    def level(self, num_id: str, ilvl: int) -> Level | None:
        return self.levels(num_id).get(ilvl)

    def exists(self, num_id: str) -> bool:
        return bool(num_id) and num_id != "0" and num_id in self.nums

    def next(self, num_id: str, ilvl: int) -> tuple[int, str, Level]:
        """Advance the counter of `num_id` at `ilvl`; return (value, label, level)."""
        levels = self.levels(num_id)
        level = levels.get(ilvl, Level())
        counters = self.counters.get(num_id)
        if counters is None:
            counters = self.counters[num_id] = {}
            for index, overridden in self.start_overrides.get(num_id, {}).items():
                counters[index] = overridden - 1
        start = self.start_overrides.get(num_id, {}).get(ilvl, level.start)
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [index for index in counters if index > ilvl]:
            deeper_level = levels.get(deeper, Level())
            if (
                deeper_level.restart is None
                or deeper_level.restart == 0
                or deeper_level.restart > ilvl
            ):
                del counters[deeper]
        value = counters[ilvl]

        def substitute(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            ref = levels.get(index, Level())
            current = counters.get(index, ref.start)
            fmt = "decimal" if level.is_legal and ref.fmt != "none" else ref.fmt
            return format_number(current, fmt)

        label = "" if level.fmt in ("bullet", "none") else re.sub(r"%(\d)", substitute, level.text)
        return value, label.strip(), level


# -- the walk ----------------------------------------------------------------------------


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
        entries = [_val(entry) or "" for entry in dropdown.findall(f"{W}listEntry")]
        chosen = _int(_val(dropdown.find(f"{W}result")), 0)
        if entries:
            return entries[min(max(chosen, 0), len(entries) - 1)]
        return ""
    return None


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


HYPERLINK_RE = re.compile(r'HYPERLINK\s+(?:"([^"]*)"|(\S+))(.*)', re.IGNORECASE | re.DOTALL)
NUMBER_PREFIX_RE = re.compile(r"^\s*((?:\d+\.)*\d+)\.?\s+(?=\S)")
CALLOUT_PREFIX_RE = re.compile(
    r"^\s*(safety[ -]critical|safety|warning|caution|danger|important|note)\b\s*[:\-–—]",
    re.IGNORECASE,
)
CALLOUT_KINDS = {"safety": "safety", "warning": "warning", "caution": "warning",
                 "danger": "warning", "important": "note", "note": "note"}  # fmt: skip


def callout_kind_for_text(text: str) -> str:
    match = CALLOUT_PREFIX_RE.match(text)
    if not match:
        return ""
    word = match.group(1).lower().split()[0].split("-")[0]
    return CALLOUT_KINDS.get(word, "note")


def safe_href(url: str) -> str:
    """Keep web, mail and phone links and in-document anchors; drop everything else."""
    url = url.strip()
    if url.startswith("#"):
        return url
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    return url if scheme in ("http", "https", "mailto", "tel") else ""


class DocumentParser:
    """Walks one package's main document (and its notes) into items."""

    def __init__(self, package: WordPackage) -> None:
        self.package = package
        self.part = package.main_part
        self.rels = package.relationships(self.part)
        self.styles = Styles(self._related_xml("/styles"))
        self.numbering = Numbering(self._related_xml("/numbering"))
        self.warnings: list[tuple[str, str]] = list(package.warnings)
        self.fields: list[Field] = []
        self.items: list[Item] = []
        self.paragraph_index = 0
        self.last_heading = ""
        self.comments = 0
        self.notes: dict[str, list[tuple[str, Inline]]] = {"footnotes": [], "endnotes": []}
        self._note_parts: dict[str, dict[str, etree._Element]] = {}
        self._images_seen = 0
        self.field_overflow = 0
        self.stuck_fields = 0

    # -- entry point ---------------------------------------------------------------------
    def parse(self) -> ParsedDocument:
        root = self.package.xml(self.part)
        if root is None or root.find(f"{W}body") is None:
            raise WordImportError(
                "The document has no body (word/document.xml is empty or not a Word document)."
            )
        self._check_external_template()
        self.items = list(self.blocks(root.find(f"{W}body")))
        if self.fields or self.stuck_fields or self.field_overflow:
            self.warn(
                "document",
                "Some fields were never closed or nested too deeply (a damaged file); their "
                "instructions were ignored and their text kept.",
            )
        self.fields = []
        header_footer = self.header_footer_items()
        if not any(_has_content(item) for item in self.items):
            moved = [item for _, items in header_footer for item in items]
            if any(_has_content(item) for item in moved):
                self.warn(
                    "header/footer",
                    "The body is empty: the content of the page headers and footers was "
                    "imported as the body. Check it before publishing.",
                )
                self.items = moved
        else:
            text = " ".join(
                _item_text(item) for _, items in header_footer for item in items
            ).strip()
            text = re.sub(r"\s+", " ", text)
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
        if self.comments:
            self.warn("document", f"{self.comments} comment(s) dropped.")
        return ParsedDocument(
            items=self.items,
            warnings=self.warnings,
            core=self.core_properties(),
            header_footer_text="\n".join(
                _item_text(item) for _, items in header_footer for item in items
            ),
            comments=self.comments,
            header_footer=header_footer,
        )

    def warn(self, where: str, message: str) -> None:
        self.warnings.append((where, message))

    def where(self) -> str:
        heading = f" (after heading '{self.last_heading[:60]}')" if self.last_heading else ""
        return f"paragraph {self.paragraph_index}{heading}"

    def _related_xml(self, type_suffix: str) -> etree._Element | None:
        name = self.package.part_for(self.part, type_suffix)
        return self.package.xml(name) if name else None

    def _check_external_template(self) -> None:
        settings_part = self.package.part_for(self.part, "/settings")
        if not settings_part:
            return
        for rel in self.package.relationships(settings_part).values():
            if rel.external:
                self.warn("settings", f"External reference not followed: {rel.target[:120]}")

    # -- block level ---------------------------------------------------------------------
    def blocks(self, container: etree._Element) -> Iterator[Item]:
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
                    self.warn(self.where(), "Table of contents dropped (the site builds its own).")
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
    def paragraph(self, p: etree._Element) -> Iterator[Item]:
        self.paragraph_index += 1
        if self.fields:
            self.prune_stuck_fields()
        ppr = first_child(p, PPR)
        style_id = ""
        direct_num: tuple[str, int | None] | None = None
        outline: int | None = None
        pprops = Props(ppr)
        if ppr is not None:
            pstyle = pprops.get("pStyle")
            style_id = pstyle.get(f"{W}val") or "" if pstyle is not None else ""
            num_pr = pprops.get("numPr")
            if num_pr is not None:
                num_el = num_pr.find(f"{W}numId")
                ilvl_el = num_pr.find(f"{W}ilvl")
                direct_num = (
                    (num_el.get(f"{W}val") or "") if num_el is not None else "",
                    _int(ilvl_el.get(f"{W}val"), 0) if ilvl_el is not None else None,
                )
            outline_el = pprops.get("outlineLvl")
            if outline_el is not None:
                outline = _int(outline_el.get(f"{W}val"), 9)
        style_id = style_id or self.styles.default_paragraph
        style_names = self.styles.cached("names", style_id, self.styles.names) if style_id else []
        in_toc_before = any(f.drop for f in self.fields)
        state = ParaState()
        self.inline(p, state, frozenset(), "")
        in_toc_after = any(f.drop for f in self.fields)
        if style_id and self.styles.cached("toc", style_id, self._is_toc_style):
            if state.segments and "".join(s.text for s in state.segments).strip():
                self._toc_dropped()
            return
        if (in_toc_before or in_toc_after) and not "".join(s.text for s in state.segments).strip():
            return
        inline = Inline(state.segments)
        text = inline.text.strip()
        where = self.where()

        if outline is None and style_id:
            outline = self.styles.cached("outline", style_id, self.styles.outline_level)
        num_id, ilvl = direct_num if direct_num else ("", None)
        if not num_id and style_id:
            num_id, ilvl = self.styles.cached("numbering", style_id, self.styles.numbering)
            if not num_id and style_id in self.numbering.style_links:
                num_id, ilvl = self.numbering.style_links[style_id]
            if ilvl is None and num_id:
                for index, level in self.numbering.levels(num_id).items():
                    if level.pstyle == style_id:
                        ilvl = index
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
                _strip_leading_checkbox(inline)
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
                callout = self._callout_for_style(style_names) or callout_kind_for_text(text)
                if state.checkbox or text[:1] in CHECKBOX_CHARS:
                    _strip_leading_checkbox(inline)
                    yield ListItem(where=where, inline=inline, list_id=f"checkbox-{where}",
                                   checkbox=True)  # fmt: skip
                else:
                    yield Paragraph(
                        where=where,
                        inline=inline,
                        style=self.styles.name(style_id) if style_id else "",
                        callout=callout,
                        bookmarks=state.bookmarks,
                        size=state.size or self.styles.cached("size", style_id, self.styles.size),
                        bold=state.all_bold,
                        centered=_val(pprops.get("jc")) == "center"
                        if "jc" in pprops
                        else self.styles.cached("centered", style_id, self.styles.centered),
                    )
        yield from state.images
        for box in state.boxes:
            yield from self.blocks(box)

    def _is_toc_style(self, style_id: str) -> bool:
        names = self.styles.names(style_id)
        return any(re.fullmatch(r"toc\s*\d|toc heading|table of figures", n) for n in names)

    def _toc_dropped(self) -> None:
        if not any("Table of contents" in message for _, message in self.warnings):
            self.warn(self.where(), "Table of contents dropped (the site builds its own).")

    def _callout_for_style(self, names: list[str]) -> str:
        for name in names:
            for word, kind in (("safety", "safety"), ("warning", "warning"),
                               ("caution", "warning"), ("callout", "note"),
                               ("note", "note")):  # fmt: skip
                if word in name and "footnote" not in name and "endnote" not in name:
                    return kind
        return ""

    # -- inline level --------------------------------------------------------------------
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

    def inline(self, element: etree._Element, state: ParaState, fmt: frozenset[str],
               href: str) -> None:  # fmt: skip
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == f"{W}r":
                self.run(child, state, fmt, href)
            elif tag == f"{W}hyperlink":
                target = ""
                rel_id = child.get(f"{R}id")
                if rel_id and rel_id in self.rels:
                    target = self.rels[rel_id].target
                    anchor = child.get(f"{W}anchor")
                    if anchor:
                        target = f"{target}#{anchor}"
                elif child.get(f"{W}anchor"):
                    target = "#" + (child.get(f"{W}anchor") or "")
                self.inline(child, state, fmt, safe_href(target) or href)
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
            size = _int(_val(props.get("sz")), 0)
        else:
            frozen = fmt
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
                char = _sym_char(child.get(f"{W}char") or "")
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
                    wrapper = etree.Element(f"{W}r")
                    wrapper.extend(list(chosen))
                    self.run(wrapper, state, fmt, href)
            elif tag == f"{W}ruby":
                base = child.find(f"{W}rubyBase")
                if base is not None:
                    self.inline(base, state, fmt, href)

    # -- notes ---------------------------------------------------------------------------
    def note(self, kind: str, note_id: str) -> int:
        parts = self._note_parts.get(kind)
        if parts is None:
            parts = self._note_parts[kind] = {}
            root = self._related_xml("/" + kind)
            tag = f"{W}footnote" if kind == "footnotes" else f"{W}endnote"
            if root is not None:
                for note in root.iter(tag):
                    if note.get(f"{W}type") in (None, "normal"):
                        parts[note.get(f"{W}id") or ""] = note
        element = parts.get(note_id)
        if element is None:
            return 0
        saved_fields, self.fields = self.fields, []
        state = ParaState()
        for paragraph in element.iter(f"{W}p"):
            if state.segments:
                state.segments.append(Segment("\n"))
            self.inline(paragraph, state, frozenset(), "")
        self.fields = saved_fields
        self.notes[kind].append((note_id, Inline(state.segments)))
        return len(self.notes[kind])

    # -- drawings and images -------------------------------------------------------------
    def drawing(self, drawing: etree._Element, state: ParaState) -> None:
        for container in drawing:
            if not isinstance(container.tag, str):
                continue
            doc_pr = container.find(f"{WP}docPr")
            alt = ""
            decorative = False
            if doc_pr is not None:
                alt = (doc_pr.get("descr") or doc_pr.get("title") or "").strip()
                decorative = any(
                    (el.get("val") or "") in ("1", "true")
                    for el in doc_pr.iter()
                    if isinstance(el.tag, str) and el.tag.endswith("}decorative")
                )
            found = False
            for blip in container.iter(f"{A}blip"):
                found = True
                self.image_from_rel(blip.get(f"{R}embed"), blip.get(f"{R}link"), alt,
                                    decorative, state)  # fmt: skip
            for box in container.iter(f"{WPS}txbx", f"{V}textbox"):
                content = box.find(f"{W}txbxContent")
                if content is not None:
                    found = True
                    state.boxes.append(content)
            if not found:
                if any(True for _ in container.iter(f"{DGM}relIds", f"{CHART}chart")):
                    self.warn(self.where(), "A chart or SmartArt diagram was dropped.")
                else:
                    self.warn(self.where(), "A drawing (shape) was dropped.")

    def vml(self, pict: etree._Element, state: ParaState) -> None:
        for box in pict.iter(f"{W}txbxContent"):
            state.boxes.append(box)
        for image in pict.iter(f"{V}imagedata"):
            alt = image.get("{urn:schemas-microsoft-com:office:office}title") or ""
            shape = image.getparent()
            if shape is not None and shape.get("alt"):
                alt = shape.get("alt") or alt
            self.image_from_rel(image.get(f"{R}id"), image.get(f"{R}href"), alt, False, state)
        if pict.tag == f"{W}object" and not any(True for _ in pict.iter(f"{V}imagedata")):
            self.warn(self.where(), "An embedded object was dropped.")

    def image_from_rel(self, embed: str | None, link: str | None, alt: str, decorative: bool,
                       state: ParaState) -> None:  # fmt: skip
        where = self.where()
        rel = self.rels.get(embed or "") if embed else None
        if rel is None or rel.external:
            target = (rel.target if rel else "") or (
                self.rels[link].target if link and link in self.rels else ""
            )
            self.warn(where, f"Linked image not fetched (external reference): {target[:120]}")
            return
        if not self.package.has(rel.target):
            self.warn(where, f"Image {rel.target} is missing from the file; dropped.")
            return
        self._images_seen += 1
        data = self.package.read(rel.target, max_bytes=self.package._limits.max_image_bytes)
        if not alt and not decorative:
            self.warn(where, "Image without alt text: add a description before publishing.")
        state.images.append(
            Image(
                where=where,
                data=data,
                filename=posixpath.basename(rel.target),
                alt=alt[:255],
                decorative=decorative,
            )
        )

    # -- tables --------------------------------------------------------------------------
    def table(self, tbl: etree._Element) -> Iterator[Item]:
        where = self.where()
        rows: list[list[Cell]] = []
        header_rows = 0
        extra: list[Item] = []
        for tr in self._rows(tbl):
            trpr = tr.find(f"{W}trPr")
            if trpr is not None and trpr.find(f"{W}del") is not None:
                continue
            if trpr is not None and on(trpr.find(f"{W}tblHeader")) and len(rows) == header_rows:
                header_rows += 1
            col = 0
            row: list[Cell] = []
            if trpr is not None and trpr.find(f"{W}gridBefore") is not None:
                col += _int(trpr.find(f"{W}gridBefore").get(f"{W}val"), 0)
            for tc in self._cells(tr):
                tcpr = tc.find(f"{W}tcPr")
                span, vmerge = 1, ""
                if tcpr is not None:
                    grid_span = tcpr.find(f"{W}gridSpan")
                    if grid_span is not None:
                        span = max(1, min(_int(grid_span.get(f"{W}val"), 1), 64))
                    merge = tcpr.find(f"{W}vMerge")
                    if merge is not None:
                        vmerge = "restart" if merge.get(f"{W}val") == "restart" else "continue"
                    if tcpr.find(f"{W}hMerge") is not None and (
                        tcpr.find(f"{W}hMerge").get(f"{W}val") != "restart"
                    ):
                        vmerge = vmerge or ""
                text, cell_extra = self.cell_text(tc)
                extra.extend(cell_extra)
                row.append(Cell(text=text, col=col, colspan=span, vmerge=vmerge))
                col += span
            if row:
                rows.append(row)
        if not rows:
            return
        if not header_rows and len(rows) > 1 and self._look_first_row(tbl):
            header_rows = 1
        columns = max(cell.col + cell.colspan for row in rows for cell in row)
        yield Table(where=where, rows=rows, header_rows=header_rows, columns=columns)
        yield from extra

    def _look_first_row(self, tbl: etree._Element) -> bool:
        """Whether the table's style look marks its first row as a header row."""
        look = tbl.find(f"{W}tblPr/{W}tblLook")
        if look is None:
            return False
        if look.get(f"{W}firstRow") is not None:
            return on_value(look.get(f"{W}firstRow"))
        try:
            return bool(int(look.get(f"{W}val") or "0", 16) & 0x0020)
        except ValueError:
            return False

    def _rows(self, tbl: etree._Element) -> Iterator[etree._Element]:
        for child in tbl:
            if child.tag == f"{W}tr":
                yield child
            elif child.tag in (f"{W}sdt", f"{W}customXml", f"{W}ins", f"{W}moveTo"):
                inner = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
                if inner is not None:
                    yield from self._rows(inner)

    def _cells(self, tr: etree._Element) -> Iterator[etree._Element]:
        for child in tr:
            if child.tag == f"{W}tc":
                yield child
            elif child.tag in (f"{W}sdt", f"{W}customXml", f"{W}ins", f"{W}moveTo"):
                inner = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
                if inner is not None:
                    yield from self._cells(inner)

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

    # -- metadata parts ------------------------------------------------------------------
    def core_properties(self) -> dict[str, str]:
        name = self.package.part_for("", "/core-properties") or (
            "docProps/core.xml" if self.package.has("docProps/core.xml") else None
        )
        if not name:
            return {}
        root = self.package.xml(name)
        if root is None:
            return {}
        core: dict[str, str] = {}
        for child in root:
            if isinstance(child.tag, str) and child.text and child.text.strip():
                core[etree.QName(child).localname] = child.text.strip()
        return core

    def header_footer_items(self) -> list[tuple[str, list[Item]]]:
        """Each page header and footer part walked into items, like the body (with the part's
        own relationships for its images)."""
        found: list[tuple[str, list[Item]]] = []
        seen: set[str] = set()
        saved = (self.part, self.rels, self.paragraph_index, self.last_heading, len(self.warnings))
        for rel in list(saved[1].values()):
            kind = rel.rel_type.rsplit("/", 1)[-1]
            if rel.external or kind not in ("header", "footer") or rel.target in seen:
                continue
            seen.add(rel.target)
            root = self.package.xml(rel.target) if self.package.has(rel.target) else None
            if root is None:
                continue
            self.part, self.rels = rel.target, self.package.relationships(rel.target)
            self.paragraph_index, self.last_heading = 0, ""
            items = list(self.blocks(root))
            self.fields = []
            for item in items:
                item.where = f"page {kind} ({posixpath.basename(rel.target)})"
            found.append((kind, items))
        self.part, self.rels, self.paragraph_index, self.last_heading = saved[:4]
        del self.warnings[saved[4] :]  # what a header holds is reported where it is used
        return found


def _item_text(item: Item) -> str:
    if isinstance(item, Table):
        return "\n".join(" | ".join(cell.text for cell in row) for row in item.rows)
    return str(getattr(item, "text", "") or "")


def _has_content(item: Item) -> bool:
    if isinstance(item, Image):
        return True
    if isinstance(item, Notes):
        return False
    return bool(_item_text(item).strip())


def on_value(value: str | None) -> bool:
    return (value or "").lower() in ("1", "true", "on")


def on_w14(element: etree._Element | None) -> bool:
    return element is not None and element.get(f"{W14}val", "1") in ("1", "true")


def _sym_char(code: str) -> str:
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if 0xF000 <= value <= 0xF0FF:  # Symbol/Wingdings private-use range: keep a visible mark
        value -= 0xF000
        return {0xB7: "•", 0xA7: "▪", 0xFC: "✓", 0xFB: "✗", 0x6F: "☐", 0xFE: "☑"}.get(value, "")
    return chr(value)


def _strip_leading_checkbox(inline: Inline) -> None:
    """Drop an empty box before a checklist item; a ticked box stays (it is the value)."""
    for segment in inline.segments:
        if segment.text.strip():
            if segment.text.lstrip()[:1] in CHECKED_CHARS:
                return
            segment.text = segment.text.lstrip().lstrip(CHECKBOX_CHARS).lstrip()
            return


def parse_package(package: WordPackage) -> ParsedDocument:
    return DocumentParser(package).parse()


def image_bytes_io(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)
