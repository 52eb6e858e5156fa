"""Handing a checked package to python-docx: every member python-docx (or the importer) reads is
read once, size-checked and refused if it declares a DTD or entities, before any XML parser
sees it.

python-docx opens a package with `Package.open(file)`, whose reader unzips members itself. Here
its `PackageReader` is given a physical reader (`CheckedMembers`, the interface of python-docx's
`PhysPkgReader`) that serves members through these checks, so the checks cannot be bypassed by
a part the walk never looks at, and no member is decompressed twice. Strict OOXML is mapped to
the transitional namespaces as members are read. A package python-docx cannot load as it is
(relationships to parts the file lacks, no content types) is repaired as Word does silently.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.package import Unmarshaller
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI, PackURI
from docx.opc.part import PartFactory
from docx.opc.pkgreader import PackageReader, _ContentTypeMap
from docx.package import Package as DocxPackage
from docx.parts.document import DocumentPart
from lxml import etree

from .bounds import Limits, WordImportError

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Strict OOXML (ISO 29500 strict) uses other namespace URIs for the same vocabulary; mapping
# them back to the transitional ones converts a strict document without LibreOffice.
STRICT_TO_TRANSITIONAL: list[tuple[bytes, bytes]] = [
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main", W_NS.encode()),
    (
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    ),
    (b"http://purl.oclc.org/ooxml/drawingml/main", b"http://schemas.openxmlformats.org/drawingml/2006/main"),
    (
        b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing",
        b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    ),
    (b"http://purl.oclc.org/ooxml/drawingml/picture", b"http://schemas.openxmlformats.org/drawingml/2006/picture"),
    (
        b"http://purl.oclc.org/ooxml/officeDocument/math",
        b"http://schemas.openxmlformats.org/officeDocument/2006/math",
    ),
]  # fmt: skip

# python-docx reads a main part of these content types only if told which part class is theirs:
# macro-enabled documents and templates are the same WordprocessingML.
for _content_type in (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
):
    PartFactory.part_type_for.setdefault(_content_type, DocumentPart)

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)
_MARKUP_BEFORE_ROOT = re.compile(rb"<!--.*?-->|<\?.*?\?>", re.DOTALL)
_ROOT_START = re.compile(rb"<[A-Za-z_]")


def declares_dtd(data: bytes) -> bool:
    """Whether XML declares a DTD or entities before its root element (the only place a DTD
    can be). UTF-16 is decoded first so the markers cannot hide in it."""
    head = data[:4096]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:4]:
        codec = "utf-16-be" if head[:1] == b"\x00" or head[:2] == b"\xfe\xff" else "utf-16-le"
        data = data.decode(codec, "ignore").encode("utf-8", "ignore")
    end = 4096
    while True:
        prologue = _MARKUP_BEFORE_ROOT.sub(b"", data[:end])
        if b"<!DOCTYPE" in prologue or b"<!ENTITY" in prologue:
            return True
        if _ROOT_START.search(prologue) or end >= len(data):
            return False
        end *= 4  # a prologue padded past the first few kilobytes


def refuse_dtd(data: bytes, name: str) -> None:
    # Word never writes a DTD; one in a package is at best noise, at worst an entity bomb or
    # an external entity reading the server's files.
    if declares_dtd(data):
        raise WordImportError(
            f"Part {name} declares a DTD or XML entities, which Word never writes: the file "
            "may be crafted to exhaust memory (an 'XML entity bomb') or to read files from the "
            "server. It was not imported."
        )


def map_strict(data: bytes) -> bytes:
    for old, new in STRICT_TO_TRANSITIONAL:
        data = data.replace(old, new)
    return data


def parse_xml(data: bytes, name: str, strict: bool = False) -> etree._Element:
    """Parse one XML part python-docx does not parse (notes, relationships being repaired) with
    no DTD, no entities and no network access."""
    refuse_dtd(data, name)
    if strict or b"http://purl.oclc.org/ooxml/" in data[:4096]:
        data = map_strict(data)
    try:
        return etree.fromstring(data, parser=_PARSER)  # the hardened parser above
    except etree.XMLSyntaxError as exc:
        raise WordImportError(
            f"Part {name} is not well-formed XML ({exc}). The file is damaged: open it in Word, "
            "save it again and retry."
        ) from exc


class CheckedMembers:
    """python-docx's physical package reader interface, over a checked zip archive."""

    def __init__(self, archive: zipfile.ZipFile, lim: Limits, strict: bool) -> None:
        self.archive, self.limits, self.strict = archive, lim, strict

    def read(self, name: str) -> bytes:
        info = self.archive.getinfo(name)  # KeyError: a part the file does not have
        xml = not name.startswith("word/media/")
        cap = self.limits.max_xml_part_bytes if xml else self.limits.max_image_bytes
        if info.file_size > cap:
            raise WordImportError(
                f"Part {name} would unpack to {info.file_size:,} bytes (limit {cap:,}); the "
                "file may be a zip bomb. Split or re-save the document."
            )
        data = self.archive.read(info)  # never more than the declared size (zipfile checks)
        # Pictures (an SVG may well carry a DOCTYPE) are never parsed as XML: not checked.
        if xml and data[:1] in (
            b"<",
            b"\xef",
            b"\xff",
            b"\xfe",
            b"\x00",
            b" ",
            b"\n",
            b"\r",
            b"\t",
        ):
            refuse_dtd(data, name)
            if self.strict:
                data = map_strict(data)
        return data

    def blob_for(self, pack_uri: PackURI) -> bytes:
        return self.read(pack_uri.membername)

    @property
    def content_types_xml(self) -> bytes:
        return self.blob_for(CONTENT_TYPES_URI)

    def rels_xml_for(self, source_uri: PackURI) -> bytes | None:
        try:
            return self.blob_for(source_uri.rels_uri)
        except KeyError:
            return None

    def close(self) -> None:
        """The archive belongs to the caller."""


def _load(members: CheckedMembers) -> DocxPackage:
    # PackageReader.from_file() with our physical reader in place of python-docx's zip reader.
    content_types = _ContentTypeMap.from_xml(members.content_types_xml)
    package_rels = PackageReader._srels_for(members, PACKAGE_URI)
    parts = PackageReader._load_serialized_parts(members, package_rels, content_types)
    package = DocxPackage()
    Unmarshaller.unmarshal(PackageReader(content_types, package_rels, parts), package, PartFactory)
    return package


def open_docx(archive: zipfile.ZipFile, main_part: str, lim: Limits, strict: bool) -> DocxPackage:
    """The checked package opened by python-docx, its main part a python-docx DocumentPart."""
    try:
        try:
            package = _load(CheckedMembers(archive, lim, strict))
        except KeyError:
            repaired = zipfile.ZipFile(io.BytesIO(repair(archive, main_part, lim)))
            package = _load(CheckedMembers(repaired, lim, strict))
        main = package.main_document_part
    except KeyError as exc:
        raise WordImportError(
            f"The file is damaged (a part it names is missing: {exc}). Open it in Word, save it "
            "again and retry."
        ) from exc
    except etree.XMLSyntaxError as exc:
        raise WordImportError(
            f"A part of the file is not well-formed XML ({exc}). The file is damaged: open it "
            "in Word, save it again and retry."
        ) from exc
    if not isinstance(main, DocumentPart):
        raise WordImportError(
            f"The main part is of type {main.content_type!r}, not a Word document. Save the "
            "file from Word as .docx and retry."
        )
    return package


# -- repair ------------------------------------------------------------------------------


def resolve_target(folder: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))


def rewrite_members(archive: zipfile.ZipFile, change: Callable[[str, bytes], bytes],
                    extra: dict[str, bytes] | None = None) -> bytes:  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in archive.infolist():
            if not info.is_dir():
                out.writestr(info.filename, change(info.filename, archive.read(info)))
        for name, content in (extra or {}).items():
            out.writestr(name, content)
    return buffer.getvalue()


CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="png" ContentType="image/png"/>'
    '<Default Extension="jpeg" ContentType="image/jpeg"/>'
    '<Default Extension="jpg" ContentType="image/jpeg"/>'
    '<Default Extension="gif" ContentType="image/gif"/>'
    '<Default Extension="emf" ContentType="image/x-emf"/>'
    '<Default Extension="wmf" ContentType="image/x-wmf"/>'
    "{overrides}</Types>"
)
PART_TYPES = {
    "/styles": CT.WML_STYLES,
    "/numbering": CT.WML_NUMBERING,
    "/header": CT.WML_HEADER,
    "/footer": CT.WML_FOOTER,
    "/settings": CT.WML_SETTINGS,
    "/comments": CT.WML_COMMENTS,
    "/footnotes": CT.WML_FOOTNOTES,
    "/endnotes": CT.WML_ENDNOTES,
    "/core-properties": CT.OPC_CORE_PROPERTIES,
}


def repair(archive: zipfile.ZipFile, main_part: str, lim: Limits) -> bytes:
    """Drop relationships to parts the file does not have (the walk warns where one was used),
    and write content types and package relationships when the file has none."""
    names = set(archive.namelist())
    members = CheckedMembers(archive, lim, strict=False)
    overrides = {main_part: CT.WML_DOCUMENT_MAIN}

    def repaired_rels(name: str) -> bytes:
        folder = posixpath.dirname(posixpath.dirname(name))
        root = parse_xml(members.read(name), name)
        for rel in list(root):
            target = resolve_target(folder, rel.get("Target") or "")
            if rel.get("TargetMode") == "External":
                continue
            if target not in names:
                root.remove(rel)
                continue
            for suffix, content_type in PART_TYPES.items():
                if (rel.get("Type") or "").endswith(suffix):
                    overrides.setdefault(target, content_type)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    rels = {name: repaired_rels(name) for name in names if name.endswith(".rels")}
    extra = {}
    if "_rels/.rels" not in names:
        extra["_rels/.rels"] = (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RT.OFFICE_DOCUMENT}" Target="/{main_part}"/>'
            "</Relationships>"
        ).encode()
    types = content_types(archive, members, names, overrides)
    if "[Content_Types].xml" in names:
        rels["[Content_Types].xml"] = types
    else:
        extra["[Content_Types].xml"] = types
    return rewrite_members(archive, lambda name, content: rels.get(name, content), extra)


CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def content_types(archive: zipfile.ZipFile, members: CheckedMembers, names: set[str],
                  overrides: dict[str, str]) -> bytes:  # fmt: skip
    """[Content_Types].xml naming a type for every member (python-docx refuses a package with
    a part of no content type): the file's own, else the defaults above, plus what the
    relationships say each part is, plus "application/octet-stream" for anything else."""
    if "[Content_Types].xml" in names:
        root = parse_xml(members.read("[Content_Types].xml"), "[Content_Types].xml")
    else:
        root = etree.fromstring(CONTENT_TYPES.format(overrides="").encode(), parser=_PARSER)
    defaults = {(el.get("Extension") or "").lower() for el in root.iter(f"{CT_NS}Default")}
    named = {(el.get("PartName") or "").lstrip("/") for el in root.iter(f"{CT_NS}Override")}
    for name in sorted(names):
        if name == "[Content_Types].xml" or name.endswith("/") or name in named:
            continue
        if name in overrides or name.rsplit(".", 1)[-1].lower() not in defaults:
            override = etree.SubElement(root, f"{CT_NS}Override")
            override.set("PartName", "/" + name)
            override.set("ContentType", overrides.get(name, "application/octet-stream"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
