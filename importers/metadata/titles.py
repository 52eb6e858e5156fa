"""The document's title: stated in a labelled field, else taken from what the document shows
(Title style, cover-page text, the first heading of the right kind, core properties, the page
header), and the file name only as a last resort."""

from __future__ import annotations

import re
import string
from pathlib import PurePath

from ..word import Heading, Item, ListItem, Paragraph, ParsedDocument, Table, Title
from .collect import Collector
from .labels import KV_SPLIT_RE, pairs_in_text, version_suffix
from .values import clean, detect_kind, detect_marking, parse_date, parse_version

GENERIC_HEADINGS = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s*)?(?:introduction|purpose|scope|contents|table of contents|"
    r"background|overview|policy statement|statement|document (?:control|history|information|"
    r"details|management|status)|version (?:control|history)|revision history|amendments?|"
    r"approvals?|definitions?|summary|executive summary|aims?|objectives?|references?|"
    r"appendix.*|appendices|annex.*|glossary|foreword|preface|distribution|key points|"
    r"responsibilit(?:y|ies)|roles and responsibilities|applicability|policy|procedure|"
    r"part \w+|section \w+|chapter \w+|context|rationale|principles|legislation|"
    r"aim and objectives|purpose and scope|introduction and purpose|general|"
    r"equality impact assessment|monitoring|review|training|consultation|contacts?)"
    r"[\s:.]*$",
    re.IGNORECASE,
)
JUNK_TITLES = re.compile(
    r"^(?:microsoft word - .*|document\d*|title|untitled|template|.*\.docx?|normal|"
    r"policy template|procedure template|\W*)$",
    re.IGNORECASE,
)
ORGANISATION = re.compile(
    r"\b(?:trust|council|service|constabulary|police|limited|ltd|plc|inc|llc|university|nhs|"
    r"company|group|authority|board|department|ministry|agency|\{company\})\b",
    re.IGNORECASE,
)
# A reference or a year the file name starts or ends with: "POL-012 Lone Working Policy",
# "Lone Working Policy 2019".
REFERENCE_PREFIX = re.compile(
    r"^\s*[A-Za-z]{2,6}[-_ ]?\d{1,4}[A-Za-z]?\b\s*[-_]?\s*(?=\S)|[\s_-]+(?:19|20)\d\d\s*$"
)
FILE_NAME_NOISE = re.compile(r"\b(v(er(sion)?)?\s*\d+(\.\d+)*|final|draft|copy)\b", re.I)


def find_title(collector: Collector, doc: ParsedDocument, name: str, front_end: int) -> None:
    """The document's title, unless a labelled field stated it: the Title style, the cover,
    the first heading, the core properties, the page header; the file name last."""
    meta = collector.meta
    items = doc.items
    if meta.title and "title" in collector.rank:
        for item in items:
            if isinstance(item, Title) and clean(item.text).lower() == meta.title.lower():
                meta.consumed_text.append(item.text)
                items.remove(item)
                break
        return
    candidates: list[tuple[str, str]] = []
    titles = [item for item in items if isinstance(item, Title) and item.text.strip()]
    if titles:
        candidates.append((titles[0].text, f"Title style ({titles[0].where})"))
    subtitles = [item for item in items[:front_end]
                 if isinstance(item, Paragraph) and item.style.lower() == "subtitle"]  # fmt: skip
    if subtitles:
        candidates.append((subtitles[0].text, f"Subtitle style ({subtitles[0].where})"))
    cover = cover_title(items[:front_end])
    if cover:
        candidates.append(cover)
    heading = heading_title(items)
    if heading:
        candidates.append(heading)
    core_title = clean(doc.core.get("title", ""))
    if core_title and not JUNK_TITLES.match(core_title):
        candidates.append((core_title, "document properties: title"))
    header = header_title(doc)
    if header:
        candidates.append(header)
    if name:
        stem = PurePath(name).stem
        stem = re.sub(r"[_]+|(?<=\w)-(?=\w)|\s+-\s+", " ", stem)
        trimmed = REFERENCE_PREFIX.sub("", stem)
        # A code or year is dropped only from a name that says more than it: "HR12 Policy"
        # and "utf8-bom" keep theirs, or the title would be one word of it.
        stem = FILE_NAME_NOISE.sub("", trimmed if len(trimmed.split()) >= 2 else stem)
        stem = re.sub(r"\s+", " ", stem).strip(" -_")
        if stem.islower():
            stem = string.capwords(stem)  # "lone_working_policy.docx"
        candidates.append((stem or PurePath(name).stem, "file name"))
    candidates = [(title_lines(text), source) for text, source in candidates]
    candidates = [
        (text, source)
        for text, source in candidates
        if text
        and (source == "file name" or not (GENERIC_HEADINGS.match(text) or JUNK_TITLES.match(text)))
    ]
    if (
        len(candidates) > 1
        and ORGANISATION.search(candidates[0][0])
        and not detect_kind(candidates[0][0])[0]
    ):
        # The organisation's name in the Title style: a candidate naming a policy,
        # procedure... is the title.
        named = [c for c in candidates[1:] if c[1] != "file name" and detect_kind(c[0])[0]]
        if named:
            candidates.insert(0, named[0])
    for text, source in candidates:
        text = re.sub(r"\s+", " ", text).strip()
        if text:
            meta.title = text[:255]
            meta.sources["title"] = source
            meta.raw["title"] = text
            if source.startswith("Title style"):
                meta.consumed_text.append(titles[0].text)
                items.remove(titles[0])
            if len(text) > 255:
                collector.warnings.append(
                    ("title", "The title is longer than 255 characters; shortened.")
                )
            return


def cover_title(items: list[Item]) -> tuple[str, str] | None:
    """Large or bold, centred text on the cover that is not a label, date or marking."""
    best: list[tuple[int, int, Paragraph]] = []
    position: dict[int, int] = {}  # id(item) -> its place among the cover's items
    for place, item in enumerate(items):
        if isinstance(item, Heading):
            break
        if not isinstance(item, Paragraph):
            continue
        text = version_suffix(item.text.strip())[0]
        words = len(text.split())
        if not (3 <= len(text) <= 200 and 1 <= words <= 25):
            continue
        if pairs_in_text(text, "") or parse_date(text) or parse_version(text):
            continue
        if detect_marking(text) and words <= 6:
            continue
        if re.match(r"^(page \d|contents|table of contents|\W+$)", text, re.IGNORECASE):
            continue
        score = item.size or 22
        if ORGANISATION.search(text) and not detect_kind(text)[0]:
            score -= 6  # the organisation's name above the title
        if item.bold:
            score += 4
        if item.centered:
            score += 2
        if score >= 28:
            best.append((score, -len(best), item))
            position[id(item)] = place
    if not best:
        return None
    top = max(score for score, _, _ in best)
    near = [b for b in best if b[0] >= top - 4]
    with_kind = sorted(
        (b for b in near if detect_kind(b[2].text)[0]),
        key=lambda b: (-b[0], -len(b[2].text.split())),
    )
    score, _, chosen = (with_kind or sorted(near, key=lambda b: (-b[0], -b[1])))[0]
    # A title set over consecutive lines in the same type ("Lone Working" / "Policy").
    same = {position[id(item)]: item for s, _, item in best if s == score}
    first = last = position[id(chosen)]
    while first - 1 in same:
        first -= 1
    while last + 1 in same:
        last += 1
    text = "\n".join(same[place].text.strip() for place in range(first, last + 1))
    return text, f"cover page ({chosen.where})"


def heading_title(items: list[Item]) -> tuple[str, str] | None:
    """The first heading, if it names the document rather than a section of it."""
    seen_text = 0
    for item in items[:40]:
        if isinstance(item, Heading):
            if GENERIC_HEADINGS.match(item.text) or len(item.text) > 200:
                return None
            if seen_text > 400 and not detect_kind(item.text)[0]:
                return None
            text = f"{item.text}"
            return text, f"first heading ({item.where})"
        if isinstance(item, (Paragraph, ListItem)):
            seen_text += len(item.text)
    return None


def header_title(doc: ParsedDocument) -> tuple[str, str] | None:
    """A line of a page header or footer (a paragraph or a table cell) naming the document."""
    for kind, hf_items in doc.header_footer:
        for item in hf_items:
            if isinstance(item, Table):
                texts = [cell.text for row in item.rows for cell in row]
            elif isinstance(item, Paragraph):
                texts = [item.text]
            else:
                continue
            # A header line often holds several things apart: "Force<tab>Policy<tab>Page 1",
            # "Force | Policy | OFFICIAL".
            lines = (line for text in texts for line in text.split("\n"))
            for chunk in (chunk for line in lines for chunk in KV_SPLIT_RE.split(line)):
                name = version_suffix(clean(chunk))[0]
                if (
                    2 <= len(name.split()) <= 14
                    and detect_kind(name)[0]
                    and not pairs_in_text(name, "")
                    and not detect_marking(name)
                ):
                    return name, f"page {kind}"
    return None


def title_lines(text: str) -> str:
    """A title written over several lines, without the lines that are a version, a date, a
    marking or a label ('Lone Working Policy / Version 2.0 / OFFICIAL')."""
    kept = []
    for line in (text or "").split("\n"):
        line = version_suffix(line.strip())[0]
        if not line:
            continue
        short = len(line.split()) <= 4 and not detect_kind(line)[0]
        if short and (parse_version(line) or parse_date(line)):
            continue
        if any(pair.field != "title" for pair in pairs_in_text(line, "")):
            continue
        if detect_marking(line) and len(line.split()) <= 4:
            continue
        kept.append(line)
    return " ".join(kept)
