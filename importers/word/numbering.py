"""List numbering: definitions, instances with their overrides, and the running counters that
give each list item its label ("2.3", "b)", "iv.").

python-docx models the numbering part but not its levels (format, text, start, restart), so
the levels are read from its oxml elements here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .ooxml import W, to_int


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None
    is_legal: bool = False
    pstyle: str = ""


RPR, PPR = f"{W}rPr", f"{W}pPr"


def read_level(element: etree._Element) -> tuple[int, Level]:
    def val(tag: str) -> str | None:
        child = element.find(f"{W}{tag}")
        return child.get(f"{W}val") if child is not None else None

    restart = val("lvlRestart")
    return to_int(element.get(f"{W}ilvl"), 0), Level(
        fmt=val("numFmt") or "decimal",
        text=val("lvlText") or "",
        start=to_int(val("start"), 1),
        restart=to_int(restart, 0) if restart is not None else None,
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
            levels = dict(read_level(lvl) for lvl in abstract.iter(f"{W}lvl"))
            self.abstract[abstract.get(f"{W}abstractNumId") or ""] = levels
        for num in root.iter(f"{W}num"):
            num_id = num.get(f"{W}numId") or ""
            ref = num.find(f"{W}abstractNumId")
            self.nums[num_id] = ref.get(f"{W}val") or "" if ref is not None else ""
            for override in num.iter(f"{W}lvlOverride"):
                ilvl = to_int(override.get(f"{W}ilvl"), 0)
                start = override.find(f"{W}startOverride")
                if start is not None:
                    self.start_overrides.setdefault(num_id, {})[ilvl] = to_int(
                        start.get(f"{W}val"), 1
                    )
                lvl = override.find(f"{W}lvl")
                if lvl is not None:
                    self.overrides.setdefault(num_id, {})[ilvl] = read_level(lvl)[1]
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
