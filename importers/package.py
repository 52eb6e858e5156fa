"""Opening a Word file safely: recognise it by content, refuse what is dangerous, then open it
with python-docx.

Everything here works on bytes that are already in memory (files are size-checked first), never
on a network resource: relationships that point outside the package are reported, not followed.
Limits (sizes, ratios, member counts) are checked *before* anything is decompressed, so a zip
bomb costs a directory listing. python-docx then reads every member through
importers.opc_reader, which checks its size and refuses a DTD or entity declaration *before*
python-docx's own lxml parser sees it: Word never writes one, so no entity bomb or external
entity ever reaches a parser.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess  # runs LibreOffice on a copy of the file, with a timeout
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from django.conf import settings
from docx.document import Document as DocxDocument
from docx.package import Package as DocxPackage

from .bounds import Limits, WordImportError, limits
from .opc_reader import open_docx, parse_xml, resolve_target

__all__ = ["Limits", "WordImportError", "limits", "parse_xml"]  # imported from here too


ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CP_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"


class SourceFile(Protocol):
    """A seekable binary file: an open file, an upload (in memory or streamed to disk), a file
    from storage. Read in pieces, never whole."""

    def read(self, size: int = -1, /) -> bytes: ...
    def seek(self, offset: int, whence: int = 0, /) -> int: ...
    def tell(self) -> int: ...


@dataclass
class WordPackage:
    """A .docx opened by python-docx, with the safety checks already done."""

    opc: DocxPackage
    document: DocxDocument
    converted_from: str = ""  # "doc" or "strict" when the file was converted
    strict: bool = False
    has_macros: bool = False
    warnings: list[tuple[str, str]] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)


def sniff(data: bytes) -> str:
    """'zip', 'ole2' or 'unknown', from the first bytes (never from the file name)."""
    if data.startswith(ZIP_MAGIC) or data.startswith(EMPTY_ZIP_MAGIC):
        return "zip"
    if data.startswith(OLE2_MAGIC):
        return "ole2"
    return "unknown"


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def describe_ole2(data: bytes) -> str:
    """'encrypted' (an encrypted OOXML package), 'doc' (legacy Word) or 'other'."""
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        return "encrypted"
    if _utf16("WordDocument") in data:
        return "doc"
    return "other"


def doc_is_encrypted(data: bytes) -> bool:
    """True if a legacy .doc says it is password-protected (FIB flag fEncrypted)."""
    # The WordDocument stream starts with the FIB: wIdent 0xA5EC, then at offset 10 the flags
    # word whose bit 8 is fEncrypted. Streams start on 512-byte sector boundaries.
    for offset in range(512, min(len(data), 8 * 1024 * 1024), 512):
        if data[offset : offset + 2] == b"\xec\xa5":
            flags = int.from_bytes(data[offset + 10 : offset + 12], "little")
            return bool(flags & 0x0100)
    return False


def check_zip(archive: zipfile.ZipFile, lim: Limits) -> None:
    """Refuse zip bombs from the central directory alone, before unpacking anything."""
    infos = archive.infolist()
    if len(infos) > lim.max_members:
        raise WordImportError(
            f"The file holds {len(infos):,} parts (limit {lim.max_members:,}); a Word document "
            "never needs that many. It was not imported."
        )
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.compress_size:
            ratio = info.file_size / info.compress_size
            if ratio > lim.max_member_ratio:
                raise WordImportError(
                    f"Part {info.filename} compresses {ratio:,.0f} to 1 (limit "
                    f"{lim.max_member_ratio}): the file looks like a zip bomb. It was not imported."
                )
    if total > lim.max_total_uncompressed:
        raise WordImportError(
            f"The file would unpack to {total:,} bytes (limit {lim.max_total_uncompressed:,}): "
            "the file looks like a zip bomb, or is too large to import in one piece."
        )


def main_document_part(archive: zipfile.ZipFile, strict_hint: bool) -> tuple[str, bool]:
    """The main document part's name and whether the package is strict OOXML."""
    names = set(archive.namelist())
    strict = strict_hint
    if "_rels/.rels" in names:
        info = archive.getinfo("_rels/.rels")
        if info.file_size < 1024 * 1024:
            raw = archive.read(info)
            strict = strict or b"http://purl.oclc.org/ooxml/officeDocument" in raw
            root = parse_xml(raw, "_rels/.rels", strict)
            for rel in root:
                rel_type = rel.get("Type") or ""
                if rel_type.endswith("/officeDocument") and rel.get("TargetMode") != "External":
                    target = resolve_target("", rel.get("Target") or "")
                    if target in names:
                        return target, strict
    if "word/document.xml" in names:
        return "word/document.xml", strict
    raise WordImportError(
        "This is a zip file but not a Word document (it has no word/document.xml). Only .docx, "
        ".docm, .dotx and .doc files can be imported."
    )


def open_package(source: bytes | SourceFile, name: str = "document") -> WordPackage:
    """Recognise `source` (the file's bytes, or a seekable binary file such as an upload
    streamed to disk) by its content and open it as a Word package, converting legacy .doc
    files through LibreOffice. A .docx file is read member by member through the zip
    directory, never as one piece. Raises WordImportError with a message for the user."""
    lim = limits()
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    size = source.seek(0, io.SEEK_END)
    source.seek(0)
    if size > lim.max_file_bytes:
        raise WordImportError(
            f"The file is {size:,} bytes (limit {lim.max_file_bytes:,}). Split it or "
            "compress its images in Word, then retry."
        )
    if not size:
        raise WordImportError("The file is empty.")
    kind = sniff(source.read(8))
    source.seek(0)
    converted_from = ""
    if kind == "ole2":
        # Legacy .doc: LibreOffice converts a copy, so it is read whole (within the limit).
        data = source.read()
        ole_kind = describe_ole2(data)
        if ole_kind == "encrypted":
            raise WordImportError(
                "The file is password-protected (encrypted). Open it in Word, remove the "
                "password (File > Info > Protect Document) and import the saved copy."
            )
        if ole_kind != "doc":
            raise WordImportError(
                "This is an Office binary file but not a Word document (no WordDocument "
                "stream); it may be an Excel or PowerPoint file."
            )
        if doc_is_encrypted(data):
            raise WordImportError(
                "The .doc file is password-protected. Open it in Word, remove the password and "
                "import the saved copy."
            )
        source = io.BytesIO(convert_with_libreoffice(data, "doc", lim))
        converted_from = "doc"
    elif kind != "zip":
        raise WordImportError(
            "This is not a Word document (it is neither a .docx-style zip package nor a legacy "
            ".doc file). Save it from Word as .docx and retry."
        )
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise WordImportError(
            f"The file is damaged or truncated (the zip package cannot be read: {exc}). Open it "
            "in Word, save it again and retry."
        ) from exc
    check_zip(archive, lim)
    try:
        return _open_checked(archive, converted_from, lim)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error) as exc:
        raise WordImportError(
            f"The file is damaged ({exc}). Open it in Word, save it again and retry."
        ) from exc


def _open_checked(archive: zipfile.ZipFile, converted_from: str, lim: Limits) -> WordPackage:
    main_part, strict = main_document_part(archive, strict_hint=False)
    if not strict and main_part in archive.NameToInfo:
        with archive.open(main_part) as handle:
            strict = b"http://purl.oclc.org/ooxml/" in handle.read(4096)
    warnings: list[tuple[str, str]] = []
    if converted_from == "doc":
        warnings.append(("package", "Converted from a legacy .doc file with LibreOffice."))
    has_macros = any(n.lower().endswith("vbaproject.bin") for n in archive.namelist())
    if has_macros:
        warnings.append(("package", "Macros in the file were ignored (never run)."))
    if strict:
        warnings.append(("package", "Strict OOXML: namespaces were mapped to transitional OOXML."))
    opc = open_docx(archive, main_part, lim, strict)
    return WordPackage(
        opc=opc,
        document=opc.main_document_part.document,
        converted_from=converted_from,
        strict=strict,
        has_macros=has_macros,
        warnings=warnings,
        limits=lim,
    )


# Set by importers.batchdoc: the folder where a batch's .doc files were converted by one
# LibreOffice run, each under the SHA-256 of the original.
PRECONVERTED_ENV = "JPL_IMPORT_PRECONVERTED"


def preconverted_copy(data: bytes) -> bytes | None:
    """The batch's conversion of `data`, when there is one."""
    folder = os.environ.get(PRECONVERTED_ENV)
    if not folder:
        return None
    converted = Path(folder) / f"{hashlib.sha256(data).hexdigest()}.docx"
    try:
        return converted.read_bytes() if converted.is_file() else None
    except OSError:
        return None


def soffice_path() -> str | None:
    configured = getattr(settings, "IMPORTER_SOFFICE", None)
    if configured is not None:
        return configured or None
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_libreoffice(data: bytes, suffix: str, lim: Limits) -> bytes:
    """Convert a legacy file to .docx with LibreOffice, in a private temporary folder (or take
    the conversion the batch already made with one shared LibreOffice run, see batchdoc)."""
    converted = preconverted_copy(data)
    if converted is not None:
        return converted
    binary = soffice_path()
    if not binary:
        raise WordImportError(
            "This is a legacy binary Word (.doc) file and LibreOffice is not installed to convert "
            "it. Install it (apt-get install libreoffice-writer-nogui) or save the file as .docx "
            "in Word, then retry."
        )
    with tempfile.TemporaryDirectory(prefix="jpl-import-") as tmp:
        source = Path(tmp) / f"source.{suffix}"
        source.write_bytes(data)
        profile = Path(tmp) / "profile"
        command = [
            binary,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(Path(tmp) / "out"),
            str(source),
        ]
        try:
            subprocess.run(  # noqa: S603 - fixed argument list, no shell
                command,
                capture_output=True,
                timeout=lim.convert_timeout_seconds,
                check=False,
                env={**os.environ, "HOME": tmp},
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired as exc:
            raise WordImportError(
                f"LibreOffice took longer than {lim.convert_timeout_seconds}s to convert the .doc "
                "file; save it as .docx in Word and retry."
            ) from exc
        output = Path(tmp) / "out" / "source.docx"
        if not output.exists():
            raise WordImportError(
                "LibreOffice could not convert this .doc file (it may be damaged or "
                "password-protected). Save it as .docx in Word and retry."
            )
        return output.read_bytes()
