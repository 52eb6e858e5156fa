"""Bad input gets a clear per-file error, quickly and without following anything outside the
file: damaged and truncated zips, files that are not Word, encrypted files, zip bombs, XML
entity bombs, enormous images, linked images and remote templates, legacy .doc files."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import time
import types
import zipfile
import zlib

import docx.opc.oxml
import docx.oxml.parser
import pytest
from django.test import override_settings
from lxml import etree

from importers.importer import convert
from importers.package import OLE2_MAGIC, WordImportError, open_package
from importers.samples import REL, Part, para, raw_docx, run

pytestmark = pytest.mark.django_db

GOOD = raw_docx(para("A procedure."))


def fails_with(data: bytes, pattern: str) -> None:
    started = time.perf_counter()
    with pytest.raises(WordImportError, match=pattern):
        convert(data, "bad.docx")
    assert time.perf_counter() - started < 5


def test_truncated_zip():
    fails_with(GOOD[: len(GOOD) // 2], "damaged or truncated")


def test_corrupt_member_data():
    data = bytearray(GOOD)
    position = data.find(b"word/document.xml") + 40
    data[position : position + 60] = b"\x00" * 60
    with pytest.raises(WordImportError, match="damaged|not well-formed"):
        convert(bytes(data), "bad.docx")


@pytest.mark.parametrize(
    "data",
    [b"Just some text, not a document.", b"%PDF-1.7\n...", b"\x89PNG\r\n\x1a\n" + b"0" * 40],
)
def test_files_that_are_not_word(data):
    fails_with(data, "not a Word document")


def test_empty_file():
    fails_with(b"", "empty")


def test_zip_that_is_not_word():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    fails_with(buffer.getvalue(), "not a Word document")


def ole2(*stream_names: str) -> bytes:
    """Enough of a compound file for content sniffing: the magic and directory entry names."""
    names = b"".join(name.encode("utf-16-le") + b"\x00" * 8 for name in stream_names)
    return OLE2_MAGIC + b"\x00" * 504 + names + b"\x00" * 1024


def test_encrypted_office_file():
    fails_with(ole2("EncryptionInfo", "EncryptedPackage"), "password-protected")


def test_office_binary_that_is_not_word():
    fails_with(ole2("Workbook"), "not a Word document")


def test_password_protected_legacy_doc():
    fib = b"\xec\xa5" + b"\x00" * 8 + struct.pack("<H", 0x0100)
    data = OLE2_MAGIC + b"\x00" * 504 + fib + b"\x00" * 500 + "WordDocument".encode("utf-16-le")
    fails_with(data, "password-protected")


@override_settings(IMPORTER_SOFFICE="")
def test_legacy_doc_without_libreoffice_says_how_to_install_it():
    fails_with(ole2("WordDocument", "1Table"), "apt-get install libreoffice-writer-nogui")


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<" + b"a" * (50 * 1024 * 1024) + b"/>")
    return buffer.getvalue()


def test_zip_bomb_is_refused_before_unpacking():
    data = zip_bomb()
    assert len(data) < 200_000
    fails_with(data, "zip bomb")


def test_zip_bomb_with_lying_sizes_is_stopped_while_reading():
    # A central directory that understates the size: reading stops at the declared size.
    body = b"<w:document xmlns:w='x'>" + b" " * (2 * 1024 * 1024) + b"</w:document>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", body)
    data = buffer.getvalue()
    with override_settings(IMPORTER_LIMITS={"max_xml_part_bytes": 1024 * 1024}):
        fails_with(data, "zip bomb|more than it declares|limit")


def test_xml_entity_bomb():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{"&lol" + str(i - 1) + ";" if i > 1 else "&lol;"}' * 10
                  + '">' for i in range(1, 10))
        + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", bomb)
    fails_with(buffer.getvalue(), "entity bomb")


def test_external_entity_is_never_fetched():
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xxe)
    fails_with(buffer.getvalue(), "entity")


def with_member(name: str, content: bytes) -> bytes:
    """GOOD with one member replaced or added."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(GOOD)) as source, zipfile.ZipFile(buffer, "w") as out:
        for info in source.infolist():
            if info.filename != name:
                out.writestr(info, source.read(info))
        out.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("member", ["[Content_Types].xml", "_rels/.rels", "word/styles.xml"])
def test_a_dtd_in_any_part_python_docx_parses_is_refused_before_it_parses(member, monkeypatch):
    # python-docx parses content types, relationships and styles itself, with its own parser:
    # a part declaring a DTD must be refused before that parser is handed it.
    def checked(xml: bytes | str, *args: object) -> object:
        text = xml.encode() if isinstance(xml, str) else xml
        assert b"<!DOCTYPE" not in text, "python-docx was handed a part declaring a DTD"
        return etree.fromstring(xml, *args)  # python-docx's own hardened parser

    for module in (docx.oxml.parser, docx.opc.oxml):  # python-docx's two XML entry points
        monkeypatch.setattr(module, "etree", types.SimpleNamespace(fromstring=checked))
    xxe = (
        '<?xml version="1.0"?><!-- padding --><!DOCTYPE d [<!ENTITY x SYSTEM '
        '"file:///etc/passwd">]><Types xmlns="x">&x;</Types>'
    )
    fails_with(with_member(member, xxe.encode()), "DTD or XML entities")


def test_a_utf16_dtd_is_refused_too():
    xxe = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY x "y">]><a>&x;</a>'
    fails_with(with_member("word/styles.xml", xxe.encode("utf-16")), "DTD or XML entities")


def huge_png(width: int, height: int) -> bytes:
    """A valid PNG header claiming enormous dimensions, with almost no data."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return (struct.pack(">I", len(payload)) + kind + payload
                + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))  # fmt: skip

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00"))


def image_docx(image: bytes, link: bool = False) -> bytes:
    attribute = 'r:link="rIdImg"' if link else 'r:embed="rIdImg"'
    drawing = (
        '<w:r><w:drawing><wp:inline><wp:docPr id="1" name="Picture" descr="Map"/><a:graphic>'
        "<a:graphicData><pic:pic><pic:blipFill>"
        f"<a:blip {attribute}/></pic:blipFill></pic:pic></a:graphicData></a:graphic>"
        "</wp:inline></w:drawing></w:r>"
    )
    part = (
        Part("word/media/image1.png", "", f"{REL}/image", b"", rel_id="rIdImg",
             external_target="http://198.51.100.7/tracker.png")
        if link
        else Part("word/media/image1.png", "", f"{REL}/image", image, rel_id="rIdImg")
    )  # fmt: skip
    return raw_docx(para(run("Map:") + drawing), extra_parts=[part])


def test_linked_images_are_never_fetched():
    converted = convert(image_docx(b"", link=True), "linked.docx")
    assert any("Linked image not fetched" in message for _, message in converted.warnings)
    assert not [b for b in converted.body.blocks if b["type"] == "image"]


def test_remote_template_is_reported_not_followed():
    settings_xml = (
        '<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<w:attachedTemplate r:id="rIdT"/></w:settings>'
    )
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdT" Type="{REL}/attachedTemplate" '
        'Target="http://198.51.100.7/evil.dotm" TargetMode="External"/></Relationships>'
    )
    data = raw_docx(
        para("Body"),
        extra_parts=[
            Part("word/settings.xml", "", f"{REL}/settings", settings_xml.encode()),
            Part("word/_rels/settings.xml.rels", "", "", rels.encode(), rel_id="rIdUnused"),
        ],
    )
    converted = convert(data, "template.docx")
    assert any("External reference not followed" in m for _, m in converted.warnings)


def test_macros_are_ignored():
    data = raw_docx(
        para("Body"),
        extra_parts=[Part("word/vbaProject.bin", "", f"{REL}/vbaProject", b"\x00macro")],
        main_content_type="application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    converted = convert(data, "macro.docm")
    assert ("package", "Macros in the file were ignored (never run).") in converted.warnings


def test_strict_ooxml_is_mapped_to_transitional():
    data = GOOD.replace(b"", b"")
    strict = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(strict, "w") as target:
        for info in source.infolist():
            content = source.read(info).replace(
                b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                b"http://purl.oclc.org/ooxml/wordprocessingml/main",
            )
            target.writestr(info, content)
    converted = convert(strict.getvalue(), "strict.docx")
    assert converted.body.blocks[0]["value"] == "<p>A procedure.</p>"
    assert open_package(strict.getvalue()).strict


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_legacy_doc_is_converted_with_libreoffice(tmp_path):
    source = tmp_path / "legacy.docx"
    source.write_bytes(raw_docx(para("Converted from a legacy binary file.")))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "doc", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    doc = (tmp_path / "legacy.doc").read_bytes()
    assert doc.startswith(OLE2_MAGIC)
    converted = convert(doc, "renamed.bin")
    assert "Converted from a legacy binary file." in converted.body.text_parts[0]
    assert converted.converted_from == "doc"
