"""Pictures, text boxes, charts and embedded objects (DrawingML and VML).

python-docx models inline pictures only as shapes to add; reading them (alt text, the
decorative flag, text boxes, VML) needs the oxml elements. The picture's bytes come from the
story part's related image part, through python-docx's relationships.
"""

from __future__ import annotations

import posixpath

from lxml import etree

from ..package import WordImportError
from .base import ParserBase
from .inline import ParaState
from .items import Image
from .ooxml import CHART, DGM, WP, WPS, A, R, V, W


class DrawingMixin(ParserBase):
    """The drawings of DocumentParser (see importers.word.document)."""

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
        rels = self.story.part.rels
        rel = rels.get(embed) if embed else None
        if rel is None or rel.is_external:
            linked = rel if rel is not None else rels.get(link) if link else None
            if embed and rel is None and not link:
                # package.open_package dropped the relationship: its part is not in the file.
                self.warn(where, f"Image {embed} is missing from the file; dropped.")
                return
            target = linked.target_ref if linked is not None else ""
            self.warn(where, f"Linked image not fetched (external reference): {target[:120]}")
            return
        part = rel.target_part
        data = part.blob
        if len(data) > self.limits.max_image_bytes:
            raise WordImportError(
                f"Image {part.partname} is {len(data):,} bytes (limit "
                f"{self.limits.max_image_bytes:,}); the file may be a zip bomb. Compress the "
                "images in Word and retry."
            )
        self._images_seen += 1
        if not alt and not decorative:
            self.warn(where, "Image without alt text: add a description before publishing.")
        state.images.append(
            Image(
                where=where,
                data=data,
                filename=posixpath.basename(part.partname),
                alt=alt[:255],
                decorative=decorative,
            )
        )
