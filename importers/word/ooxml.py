"""WordprocessingML below python-docx's document model: namespaces, on/off properties, and run
properties read in one pass.

python-docx models runs' formatting through tri-state properties, each a separate child lookup;
a run's properties are read here in one pass over rPr instead, because runs are the most
numerous element (100,000 in a large file) and the one-pass read is several times cheaper.
"""

from __future__ import annotations

from lxml import etree

from ..package import W_NS

W = f"{{{W_NS}}}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
V = "{urn:schemas-microsoft-com:vml}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
WPS = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}"

DGM = "{http://schemas.openxmlformats.org/drawingml/2006/diagram}"
CHART = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
RPR, PPR = f"{W}rPr", f"{W}pPr"


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


def first_child(element: etree._Element, tag: str) -> etree._Element | None:
    """`element.find(tag)` for properties Word writes first (much cheaper than find)."""
    for child in element:
        if child.tag == tag:
            return child
        if isinstance(child.tag, str):
            return None
    return None


def val(element: etree._Element | None) -> str | None:
    return element.get(f"{W}val") if element is not None else None


def to_int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def on_value(value: str | None) -> bool:
    return (value or "").lower() in ("1", "true", "on")


def on_w14(element: etree._Element | None) -> bool:
    return element is not None and element.get(f"{W14}val", "1") in ("1", "true")


def sym_char(code: str) -> str:
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if 0xF000 <= value <= 0xF0FF:  # Symbol/Wingdings private-use range: keep a visible mark
        value -= 0xF000
        return {0xB7: "•", 0xA7: "▪", 0xFC: "✓", 0xFB: "✗", 0x6F: "☐", 0xFE: "☑"}.get(value, "")
    return chr(value)
