"""The items a Word document is read into: headings, paragraphs, list items, tables, images,
notes, each with where it came from; and their inline text rendered to escaped HTML."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

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


def item_text(item: Item) -> str:
    if isinstance(item, Table):
        return "\n".join(" | ".join(cell.text for cell in row) for row in item.rows)
    return str(getattr(item, "text", "") or "")


def has_content(item: Item) -> bool:
    if isinstance(item, Image):
        return True
    if isinstance(item, Notes):
        return False
    return bool(item_text(item).strip())


def strip_leading_checkbox(inline: Inline) -> None:
    """Drop an empty box before a checklist item; a ticked box stays (it is the value)."""
    for segment in inline.segments:
        if segment.text.strip():
            if segment.text.lstrip()[:1] in CHECKED_CHARS:
                return
            segment.text = segment.text.lstrip().lstrip(CHECKBOX_CHARS).lstrip()
            return


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
