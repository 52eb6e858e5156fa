"""Independent measures of how much of a Word file's text an import kept.

`reference_text` is a deliberately naive walk over every w:t in the main document and its
notes (skipping tracked deletions, moved-from text and the duplicate fallback of alternate
content); it shares no code with the parser, so it can check it. `retention` compares words
as multisets, so text that moved (notes to the end, text boxes after their paragraph) counts.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from io import BytesIO

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
SKIP = {f"{W}del", f"{W}moveFrom", MC_FALLBACK, f"{W}instrText"}
PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")


def reference_text(data: bytes) -> str:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    texts: list[str] = []
    with zipfile.ZipFile(BytesIO(data)) as archive:
        for name in PARTS:
            if name not in archive.namelist():
                continue
            raw = archive.read(name).replace(
                b"http://purl.oclc.org/ooxml/wordprocessingml/main",
                b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
            )
            root = etree.fromstring(raw, parser=parser)  # a hardened parser
            paragraph = None
            for element in root.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
                ancestors = list(element.iterancestors())
                if any(a.tag in SKIP for a in ancestors) or ancestors[0].tag != f"{W}r":
                    continue
                owner = next((a for a in ancestors if a.tag == f"{W}p"), None)
                if owner is not paragraph:
                    texts.append(" ")
                    paragraph = owner
                texts.append(element.text or "" if element.tag == f"{W}t" else " ")
            texts.append(" ")
    return "".join(texts)


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def retention(reference: str, imported: str) -> float:
    """Share of the reference's word characters found in the imported text (1.0 = all)."""
    wanted = words(reference)
    got = words(imported)
    total = sum(len(word) * count for word, count in wanted.items())
    if not total:
        return 1.0
    kept = sum(len(word) * min(count, got[word]) for word, count in wanted.items())
    return kept / total
