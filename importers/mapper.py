"""Parsed items -> StreamField data for `procedures.blocks.DocumentBodyBlock`.

Each converter is a small function from items to one block. Runs of paragraphs and lists
share one rich text block; a flat numbered list becomes steps, a list of check boxes a
checklist, a boxed message a callout. All rich text passes through `clean_html`.
"""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from procedures.blocks import unique_anchor
from procedures.sanitize import clean_html

from .word import (
    CALLOUT_PREFIX_RE,
    Caption,
    Heading,
    Image,
    Inline,
    Item,
    ListItem,
    Notes,
    Paragraph,
    Segment,
    Table,
    Title,
)

Block = dict[str, Any]
ImageStore = Callable[[Image], int | None]

STEP_FORMATS = ("b", "i")
CALLOUT_TITLES = {"safety": "Safety critical", "warning": "Warning", "note": "Note"}


@dataclass
class MappedBody:
    blocks: list[Block] = field(default_factory=list)
    text_chars: int = 0
    text_parts: list[str] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for block in self.blocks:
            counts[block["type"]] = counts.get(block["type"], 0) + 1
        return counts

    def add(self, block_type: str, value: Any, *texts: str) -> None:
        self.blocks.append({"type": block_type, "value": value, "id": str(uuid.uuid4())})
        for text in texts:
            if text:
                self.text_parts.append(text)
                self.text_chars += len(text.strip())


@dataclass
class HtmlListItem:
    html: str
    value: int = 1
    explicit: bool = False
    children: list[HtmlList] = field(default_factory=list)

    def render(self) -> str:
        value = f' value="{self.value}"' if self.explicit else ""
        return f"<li{value}>{self.html}{''.join(c.render() for c in self.children)}</li>"


@dataclass
class HtmlList:
    tag: str
    start: int = 1
    last: int = 0
    items: list[HtmlListItem] = field(default_factory=list)

    def render(self) -> str:
        start = f' start="{self.start}"' if self.tag == "ol" and self.start != 1 else ""
        return f"<{self.tag}{start}>{''.join(i.render() for i in self.items)}</{self.tag}>"


class Mapper:
    def __init__(self, items: list[Item], store_image: ImageStore | None = None) -> None:
        self.items = items
        self.store_image = store_image or (lambda image: None)
        self.out = MappedBody()
        self.anchors: dict[int, str] = {}
        self.bookmarks: dict[str, str] = {}
        self.pending_html: list[str] = []
        self.pending_text: list[str] = []
        self.used_captions: set[int] = set()
        self.top_level = min((item.level for item in items if isinstance(item, Heading)), default=1)

    # -- links ---------------------------------------------------------------------------
    def plan_anchors(self) -> None:
        taken: set[str] = set()
        current = ""
        for index, item in enumerate(self.items):
            if isinstance(item, Heading):
                current = unique_anchor(item.number, item.text, taken)
                self.anchors[index] = current
                for name in item.bookmarks:
                    self.bookmarks.setdefault(name, current)
            elif isinstance(item, Paragraph):
                for name in item.bookmarks:
                    self.bookmarks.setdefault(name, current)

    def resolve(self, inline: Inline, where: str) -> Inline:
        """A copy of `inline` whose links to bookmarks point at the anchor of the heading
        that holds them (the parsed items are left as they were)."""
        inline = Inline([Segment(s.text, s.fmt, s.href, s.marker) for s in inline.segments])
        for segment in inline.segments:
            if segment.href.startswith("#"):
                target = self.bookmarks.get(segment.href[1:])
                if target:
                    segment.href = f"#{target}"
                else:
                    self.out.warnings.append(
                        (where, f"Link to bookmark {segment.href[1:]!r} has no target; unlinked.")
                    )
                    segment.href = ""
        return inline

    # -- main loop -----------------------------------------------------------------------
    def map(self) -> MappedBody:
        self.plan_anchors()
        items = self.items
        index = 0
        while index < len(items):
            item = items[index]
            if isinstance(item, ListItem):
                end = index
                while end < len(items) and isinstance(items[end], ListItem):
                    end += 1
                self.list_run([it for it in items[index:end] if isinstance(it, ListItem)])
                index = end
                continue
            if isinstance(item, Paragraph) and not item.callout:
                inline = self.resolve(item.inline, item.where)
                self.pending_html.append(f"<p>{inline.html()}</p>")
                self.pending_text.append(inline.text)
            elif isinstance(item, Paragraph):
                end = index
                group: list[Paragraph] = []
                while end < len(items):
                    following = items[end]
                    if not (isinstance(following, Paragraph) and following.callout == item.callout):
                        break
                    group.append(following)
                    end += 1
                self.callout(group)
                index = end
                continue
            elif isinstance(item, Heading):
                self.heading(item, self.anchors[index])
            elif isinstance(item, Table):
                caption = self.adjacent_caption(index)
                self.table(item, caption)
            elif isinstance(item, Image):
                caption = self.adjacent_caption(index)
                self.image(item, caption)
            elif isinstance(item, Caption):
                if not item.text.strip() or index in self.used_captions:
                    pass
                else:
                    self.pending_html.append(f"<p><i>{html.escape(item.text)}</i></p>")
                    self.pending_text.append(item.text)
            elif isinstance(item, Notes):
                self.notes(item)
            elif isinstance(item, Title):
                self.pending_html.append(f"<p><b>{html.escape(item.text)}</b></p>")
                self.pending_text.append(item.text)
            index += 1
        self.flush()
        return self.out

    def adjacent_caption(self, index: int) -> str:
        for neighbour in (index + 1, index - 1):
            if 0 <= neighbour < len(self.items):
                candidate = self.items[neighbour]
                if isinstance(candidate, Caption) and neighbour not in self.used_captions:
                    self.used_captions.add(neighbour)
                    if neighbour < index:
                        # It was already emitted as text; take it back out.
                        escaped = f"<p><i>{html.escape(candidate.text)}</i></p>"
                        if self.pending_html and self.pending_html[-1] == escaped:
                            self.pending_html.pop()
                            self.pending_text.pop()
                    return candidate.text[:255]
        return ""

    def flush(self) -> None:
        if self.pending_html:
            value = clean_html("".join(self.pending_html))
            self.out.add("text", value, *self.pending_text)
            self.pending_html, self.pending_text = [], []

    # -- converters ----------------------------------------------------------------------
    def heading(self, item: Heading, anchor: str) -> None:
        self.flush()
        level = str(min(4, 2 + max(0, item.level - self.top_level)))
        value = {"text": item.text, "level": level, "number": item.number, "anchor": anchor}
        self.out.add("heading", value, item.number, item.text)

    def callout(self, group: list[Paragraph]) -> None:
        self.flush()
        kind = group[0].callout
        inlines = [self.resolve(p.inline, p.where) for p in group]
        strip_prefix(inlines[0])  # "WARNING:" becomes the callout's title, not its first word
        body = "".join(f"<p>{inline.html()}</p>" for inline in inlines)
        value = {"kind": kind, "title": CALLOUT_TITLES[kind], "body": clean_html(body)}
        self.out.add("callout", value, *(p.text for p in group))

    def list_run(self, run: list[ListItem]) -> None:
        if all(item.checkbox for item in run) and all(len(i.text.strip()) <= 500 for i in run):
            self.flush()
            items = [item.text.strip() for item in run if item.text.strip()]
            self.out.add("checklist", {"title": "", "items": items}, *items)
            return
        flat_steps = (
            len(run) >= 2
            and all(item.level == 0 and item.ordered for item in run)
            and len({item.list_id for item in run}) == 1
            and all(re.fullmatch(r"\d+[.)]?", item.label or "1") for item in run)
            and all(b.value == a.value + 1 for a, b in zip(run, run[1:], strict=False))
        )
        if flat_steps:
            self.flush()
            steps = [
                clean_html(f"<p>{self.resolve(item.inline, item.where).html(STEP_FORMATS)}</p>")
                for item in run
            ]
            self.out.add("steps", {"start": run[0].value, "steps": steps},
                         *(item.text for item in run))  # fmt: skip
            return
        self.pending_html.append(self.list_html(run))
        self.pending_text.extend(item.text for item in run)

    def list_html(self, run: list[ListItem]) -> str:
        """Nested <ul>/<ol> with start numbers and restarts (`<li value>`) kept."""
        roots: list[HtmlList] = []
        stack: list[HtmlList] = []
        base = min(item.level for item in run)
        for item in run:
            depth = item.level - base + 1
            tag = "ol" if item.ordered else "ul"
            while len(stack) > depth:
                stack.pop()
            if len(stack) == depth and stack[-1].tag != tag:
                stack.pop()
            while len(stack) < depth:
                new = HtmlList(tag if len(stack) == depth - 1 else "ul")
                if not stack:
                    roots.append(new)
                else:
                    if not stack[-1].items:
                        stack[-1].items.append(HtmlListItem(""))
                    stack[-1].items[-1].children.append(new)
                stack.append(new)
            current = stack[-1]
            inline = self.resolve(item.inline, item.where)
            entry = HtmlListItem(inline.html(), value=item.value)
            if current.tag == "ol":
                if not current.items:
                    current.start = item.value
                elif item.value != current.last + 1:
                    entry.explicit = True
            current.last = item.value
            current.items.append(entry)
        return "".join(lst.render() for lst in roots)

    def table(self, item: Table, caption: str) -> None:
        self.flush()
        columns = max(item.columns, 1)
        data: list[list[str]] = []
        merged: list[dict[str, int]] = []
        # vertical merges: (col) -> index into `merged` of the open restart
        open_vmerge: dict[int, dict[str, int]] = {}
        texts: list[str] = []
        for row_index, row in enumerate(item.rows):
            cells = [""] * columns
            for cell in row:
                if cell.col >= columns:
                    continue
                if cell.vmerge == "continue" and cell.col in open_vmerge:
                    open_vmerge[cell.col]["rowspan"] += 1
                    continue
                cells[cell.col] = cell.text
                texts.append(cell.text)
                entry = {"row": row_index, "col": cell.col, "rowspan": 1,
                         "colspan": min(cell.colspan, columns - cell.col)}  # fmt: skip
                if cell.vmerge == "restart":
                    open_vmerge[cell.col] = entry
                else:
                    open_vmerge.pop(cell.col, None)
                if cell.colspan > 1 or cell.vmerge == "restart":
                    merged.append(entry)
            data.append(cells)
        merged = [m for m in merged if m["rowspan"] > 1 or m["colspan"] > 1]
        value = {
            "table": {
                "data": data,
                "first_row_is_table_header": bool(item.header_rows),
                "first_col_is_header": False,
                "table_caption": caption,
                "mergeCells": merged,
            }
        }
        self.out.add("table", value, *texts, caption)

    def image(self, item: Image, caption: str) -> None:
        item.caption = caption
        if item.problem:
            # A placeholder where the image was, never a broken image in the page.
            self.out.warnings.append(
                (
                    item.where,
                    f"Image {item.filename} was not imported: {item.problem}. A "
                    "placeholder marks where it was; add the image again by hand.",
                )
            )
            words = f"[Image not imported: {item.alt or item.filename}]"
            self.pending_html.append(f"<p><i>{html.escape(words)}</i></p>")
            if caption:
                self.pending_html.append(f"<p><i>{html.escape(caption)}</i></p>")
                self.pending_text.append(caption)
            return
        self.flush()
        image_id = self.store_image(item)
        value = {"image": image_id, "alt_text": item.alt, "caption": caption}
        self.out.add("image", value, caption)

    def notes(self, item: Notes) -> None:
        self.flush()
        title = "Footnotes" if item.kind == "footnotes" else "Endnotes"
        taken = set(self.anchors.values())
        anchor = unique_anchor("", title, taken)
        self.out.add("heading", {"text": title, "level": "2", "number": "", "anchor": anchor})
        entries = "".join(f"<li>{self.resolve(note, 'notes').html()}</li>" for note in item.notes)
        self.out.add("text", clean_html(f"<ol>{entries}</ol>"), *(n.text for n in item.notes))


def strip_prefix(inline: Inline) -> None:
    """Remove a leading 'WARNING:'/'NOTE -' label from `inline`, across segments."""
    match = CALLOUT_PREFIX_RE.match(inline.text)
    if not match:
        return
    remaining = match.end()
    for segment in inline.segments:
        if remaining <= 0:
            break
        if segment.marker:
            continue
        cut = min(remaining, len(segment.text))
        segment.text = segment.text[cut:]
        remaining -= cut
    for segment in inline.segments:
        if segment.text:
            segment.text = segment.text.lstrip()
            if segment.text:
                break


def map_items(items: list[Item], store_image: ImageStore | None = None) -> MappedBody:
    return Mapper(items, store_image).map()
