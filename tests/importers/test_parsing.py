"""The Word importer's conversion: each feature of a Word file arrives as the right blocks.

Files are built with python-docx where it can write the feature, and as raw WordprocessingML
(`importers.samples.raw_docx`) where it cannot (tracked changes, notes, content controls...)."""

from __future__ import annotations

import io
import json

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.oxml.shared import OxmlElement
from PIL import Image as PILImage

from importers.importer import convert
from importers.metadata import parse_date, parse_version
from importers.package import WordImportError
from importers.samples import (
    LEGACY_DEMO,
    REL,
    Part,
    deleted,
    inserted,
    legacy_procedure,
    list_para,
    para,
    raw_docx,
    run,
    table,
)

pytestmark = pytest.mark.django_db


def save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def blocks(data: bytes, name: str = "test.docx") -> list[dict]:
    return convert(data, name).body.blocks


def of_type(data_blocks: list[dict], kind: str) -> list:
    return [block["value"] for block in data_blocks if block["type"] == kind]


def body_html(data_blocks: list[dict]) -> str:
    return json.dumps([block["value"] for block in data_blocks])


# -- python-docx built files ---------------------------------------------------------------


def test_headings_by_style_custom_style_and_outline_level():
    document = Document()
    document.add_heading("Purpose", level=1)
    document.add_heading("Scope", level=2)
    custom = document.styles.add_style("Policy Heading", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = document.styles["Heading 1"]
    document.add_paragraph("Custom based on heading 1", style="Policy Heading")
    outlined = document.add_paragraph("Outline level three")
    ppr = outlined._p.get_or_add_pPr()
    level = OxmlElement("w:outlineLvl")
    level.set(qn("w:val"), "2")
    ppr.append(level)
    document.add_paragraph("3.4 Manually numbered", style="Heading 2")
    headings = of_type(blocks(save(document)), "heading")
    assert [(h["text"], h["level"]) for h in headings] == [
        ("Purpose", "2"),
        ("Scope", "3"),
        ("Custom based on heading 1", "2"),
        ("Outline level three", "4"),
        ("Manually numbered", "3"),
    ]
    assert headings[-1]["number"] == "3.4"


def test_inline_formatting_is_kept():
    document = Document()
    paragraph = document.add_paragraph("plain ")
    paragraph.add_run("bold").bold = True
    paragraph.add_run("italic").italic = True
    paragraph.add_run("under").underline = True
    paragraph.add_run("struck").font.strike = True
    paragraph.add_run("up").font.superscript = True
    paragraph.add_run("down").font.subscript = True
    html = of_type(blocks(save(document)), "text")[0]
    for fragment in ("<b>bold</b>", "<i>italic</i>", "<u>under</u>", "<s>struck</s>",
                     "<sup>up</sup>", "<sub>down</sub>"):  # fmt: skip
        assert fragment in html


def test_hyperlinks_external_and_to_a_bookmarked_heading():
    body = (
        para(
            run("Cordons")
            + '<w:bookmarkStart w:id="1" w:name="cordons"/><w:bookmarkEnd w:id="1"/>',
            "Heading1",
        )
        + para('<w:hyperlink w:anchor="cordons"><w:r><w:t>see cordons</w:t></w:r></w:hyperlink>')
        + para('<w:hyperlink r:id="rIdLink"><w:r><w:t>JESIP</w:t></w:r></w:hyperlink>')
        + para('<w:hyperlink r:id="rIdBad"><w:r><w:t>evil</w:t></w:r></w:hyperlink>')
    )
    links = [
        Part("x", "", f"{REL}/hyperlink", b"", rel_id="rIdLink",
             external_target="https://www.jesip.org.uk/"),
        Part("y", "", f"{REL}/hyperlink", b"", rel_id="rIdBad",
             external_target="javascript:alert(1)"),
    ]  # fmt: skip
    result = blocks(raw_docx(body, extra_parts=links))
    html = body_html(result)
    anchor = of_type(result, "heading")[0]["anchor"]
    assert f'href=\\"#{anchor}\\"' in html
    assert 'href=\\"https://www.jesip.org.uk/\\"' in html
    assert "javascript" not in html and "evil" in html


def test_nested_lists_with_restart_and_start_numbers():
    body = (
        list_para("bullet one", 3)
        + list_para("nested", 3, 1)
        + list_para("bullet two", 3)
        + para("between")
        + list_para("fifth", 4)
        + list_para("sub a", 4, 1)
        + list_para("sixth", 4)
    )
    result = blocks(raw_docx(body))
    html = " ".join(of_type(result, "text"))
    assert "<ul><li>bullet one<ul><li>nested</li></ul></li><li>bullet two</li></ul>" in html
    assert '<ol start="5"><li>fifth<ol><li>sub a</li></ol></li><li>sixth</li></ol>' in html


def test_flat_numbered_list_becomes_steps_keeping_its_start():
    body = list_para("Declare", 4) + list_para("Inform", 4) + list_para("Record", 4)
    steps = of_type(blocks(raw_docx(body)), "steps")
    assert steps == [{"start": 5, "steps": ["<p>Declare</p>", "<p>Inform</p>", "<p>Record</p>"]}]


def test_tables_with_header_row_and_merged_cells():
    body = table(
        [["Role", "Service", "Notes"], ["Commander", "Police", ""], ["", "Fire", "x"],
         ["Wide cell", "y"]],
        header=True,
        spans={(1, 0): "restart", (2, 0): "continue", (3, 0): "gridSpan=2"},
    )  # fmt: skip
    value = of_type(blocks(raw_docx(body)), "table")[0]["table"]
    assert value["first_row_is_table_header"] is True
    assert value["data"][0] == ["Role", "Service", "Notes"]
    assert {"row": 1, "col": 0, "rowspan": 2, "colspan": 1} in value["mergeCells"]
    assert {"row": 3, "col": 0, "rowspan": 1, "colspan": 2} in value["mergeCells"]
    assert value["data"][3][0] == "Wide cell"


def test_nested_tables_are_made_readable():
    inner = table([["a", "b"], ["c", "d"]])
    body = f"<w:tbl><w:tblPr/><w:tr><w:tc>{para('outer')}{inner}<w:p/></w:tc></w:tr></w:tbl>"
    converted = convert(raw_docx(body), "t.docx")
    cell = of_type(converted.body.blocks, "table")[0]["table"]["data"][0][0]
    assert cell == "outer\na | b\nc | d"
    assert any("nested table" in message for _, message in converted.warnings)


def png(width: int = 4, height: int = 3) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_images_with_alt_text_and_caption(tmp_path):
    path = tmp_path / "pic.png"
    path.write_bytes(png())
    document = Document()
    document.add_paragraph("Before")
    document.add_picture(str(path))
    doc_pr = document.inline_shapes[0]._inline.docPr
    doc_pr.set("descr", "Cordon layout diagram")
    document.add_paragraph("Figure 1: cordons", style="Caption")
    converted = convert(save(document), "img.docx")
    images = of_type(converted.body.blocks, "image")
    assert images == [{"image": None, "alt_text": "Cordon layout diagram",
                       "caption": "Figure 1: cordons"}]  # fmt: skip
    assert "Figure 1" not in " ".join(of_type(converted.body.blocks, "text"))


def test_core_properties_give_title_author_and_summary():
    document = Document()
    document.core_properties.title = "Water rescue"
    document.core_properties.author = "Fire Ops"
    document.core_properties.subject = "How water rescue teams are called."
    document.add_paragraph("Body text.")
    meta = convert(save(document), "c.docx").meta
    assert (meta.title, meta.author, meta.summary) == (
        "Water rescue", "Fire Ops", "How water rescue teams are called.")  # fmt: skip


# -- raw WordprocessingML ----------------------------------------------------------------


def test_tracked_changes_accepted_and_moves_kept_once():
    body = para(
        run("Keep ") + inserted("inserted ") + deleted("deleted ")
        + '<w:moveFrom w:id="5" w:author="x"><w:r><w:t>moved</w:t></w:r></w:moveFrom>'
    ) + para('<w:moveTo w:id="6" w:author="x"><w:r><w:t>moved</w:t></w:r></w:moveTo>')  # fmt: skip
    text = " ".join(of_type(blocks(raw_docx(body)), "text"))
    assert "Keep inserted" in text
    assert "deleted" not in text
    assert text.count("moved") == 1


def test_footnotes_and_endnotes_arrive_at_the_end():
    notes = (
        '<w:footnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:t>Section 2 of the Act.</w:t></w:r></w:p></w:footnote>'
    )
    endnotes = '<w:endnote w:id="1"><w:p><w:r><w:t>See JESIP.</w:t></w:r></w:p></w:endnote>'
    body = para(run("Powers") + '<w:r><w:footnoteReference w:id="1"/></w:r>'
                + '<w:r><w:endnoteReference w:id="1"/></w:r>')  # fmt: skip
    result = blocks(raw_docx(body, footnotes=notes, endnotes=endnotes))
    assert [h["text"] for h in of_type(result, "heading")] == ["Footnotes", "Endnotes"]
    texts = of_type(result, "text")
    assert texts[0] == "<p>Powers<sup>1</sup><sup>1</sup></p>"
    assert "<li>Section 2 of the Act.</li>" in texts[1]
    assert "<li>See JESIP.</li>" in texts[2]


def test_content_controls_smart_tags_and_custom_xml_are_walked_into():
    body = (
        "<w:sdt><w:sdtPr/><w:sdtContent>" + para("Block control") + "</w:sdtContent></w:sdt>"
        + para(run("Run ") + "<w:sdt><w:sdtPr/><w:sdtContent>" + run("control")
               + "</w:sdtContent></w:sdt>"
               + '<w:smartTag w:uri="u" w:element="place">' + run(" Leeds") + "</w:smartTag>"
               + '<w:customXml w:element="x">' + run(" custom") + "</w:customXml>")
    )  # fmt: skip
    text = " ".join(of_type(blocks(raw_docx(body)), "text"))
    assert "Block control" in text
    assert "Run control Leeds custom" in text


def test_text_boxes_are_read_once():
    box = "<w:txbxContent>" + para("Boxed advice") + "</w:txbxContent>"
    drawing = (
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor>"
        '<wp:docPr id="1" name="Box"/><a:graphic><a:graphicData><wps:wsp><wps:txbx>' + box
        + "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:shape><v:textbox>" + box
        + "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )  # fmt: skip
    text = " ".join(of_type(blocks(raw_docx(para(run("Anchor") + drawing))), "text"))
    assert text.count("Boxed advice") == 1


def field(instr: str, shown: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instr}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(shown)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def test_table_of_contents_dropped_other_fields_keep_their_text():
    toc = (
        para('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
             '<w:r><w:instrText> TOC \\o "1-3" </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run("1 Purpose\t3"), "TOC1")
        + para(run("2 Scope\t4"), "TOC1")
        + para('<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    )  # fmt: skip
    body = (
        toc
        + para("Purpose", "Heading1")
        + para(run("Printed ") + field(" DATE ", "1 April 2024") + run(" by ")
               + field(' HYPERLINK "https://example.org/" ', "the portal"))
        + '<w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>7</w:t></w:r></w:fldSimple></w:p>'
    )  # fmt: skip
    converted = convert(raw_docx(body), "toc.docx")
    html = body_html(converted.body.blocks)
    assert "Scope" not in html and "\\t3" not in html
    assert "Printed 1 April 2024 by" in html
    assert 'href=\\"https://example.org/\\"' in html and "the portal</a>" in html
    assert "<p>7</p>" in html
    assert any("Table of contents dropped" in m for _, m in converted.warnings)


def test_comments_are_dropped_and_reported():
    body = para('<w:commentRangeStart w:id="0"/>' + run("Text") + '<w:commentRangeEnd w:id="0"/>'
                '<w:r><w:commentReference w:id="0"/></w:r>')  # fmt: skip
    converted = convert(raw_docx(body), "c.docx")
    assert of_type(converted.body.blocks, "text") == ["<p>Text</p>"]
    assert ("document", "1 comment(s) dropped.") in converted.warnings


def test_checkbox_lists_become_a_checklist_and_boxed_messages_callouts():
    body = (
        para("☐ BA set tested") + para("☐ Radio check")
        + para(run("WARNING: ") + run("Do not enter the cordon."))
        + para("Check gas supply is isolated.", "SafetyBox")
    )  # fmt: skip
    result = blocks(raw_docx(body))
    assert of_type(result, "checklist") == [{"title": "", "items": ["BA set tested",
                                                                    "Radio check"]}]  # fmt: skip
    callouts = of_type(result, "callout")
    assert [c["kind"] for c in callouts] == ["warning", "safety"]


def test_numbered_headings_keep_their_numbers():
    body = (
        para("Purpose", "Heading1") + para("Scope", "Heading2") + para("Detail", "Heading3")
        + para("Roles", "Heading1") + para("Police", "Heading2")
    )  # fmt: skip
    headings = of_type(blocks(raw_docx(body)), "heading")
    assert [(h["number"], h["level"]) for h in headings] == [
        ("1", "2"), ("1.1", "3"), ("1.1.1", "4"), ("2", "2"), ("2.1", "3")]  # fmt: skip


def test_script_in_content_never_reaches_the_markup():
    body = para(run("<script>alert(1)</script> & <img src=x onerror=alert(1)>"))
    html = of_type(blocks(raw_docx(body)), "text")[0]
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


# -- metadata ------------------------------------------------------------------------------


def test_front_sheet_version_history_and_header_marking():
    spec = LEGACY_DEMO[0][1]
    spec = type(spec)(**{**spec.__dict__, "marking": "OFFICIAL-SENSITIVE"})
    converted = convert(legacy_procedure(spec), "leg.docx")
    meta = converted.meta
    assert meta.reference == "LEG-101"
    assert meta.title == "Joint response to flooding incidents"
    assert meta.version == (2, 1)
    assert meta.owner_role == "Head of Joint Operations"
    assert meta.marking == "official-sensitive"
    assert str(meta.review_date) == "2025-04-01"
    assert [(h.major, h.minor) for h in meta.history] == [(1, 0), (2, 0), (2, 1)]
    texts = body_html(converted.body.blocks)
    assert "Document reference" not in texts and "Summary of changes" not in texts
    assert "Version history" not in texts


def test_secret_documents_are_refused():
    with pytest.raises(WordImportError, match="SECRET"):
        convert(raw_docx(para("text"), header="SECRET"), "s.docx")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12/06/2019", "2019-06-12"), ("3 March 2022", "2022-03-03"), ("2024-04-01", "2024-04-01"),
     ("1st April 2024", "2024-04-01"), ("April 2024", "2024-04-01"), ("soon", "None"),
     ("1 Apr 24", "2024-04-01"), ("Reviewed 14 March 23 by the board", "2023-03-14")],
)  # fmt: skip
def test_dates_as_legacy_documents_write_them(text, expected):
    assert str(parse_date(text)) == expected


def test_versions_as_legacy_documents_write_them():
    assert parse_version("v2.1") == (2, 1)
    assert parse_version("Version 3") == (3, 0)
    assert parse_version("draft") is None


def test_floating_images_keep_their_alt_text():
    drawing = (
        '<w:r><w:drawing><wp:anchor><wp:docPr id="2" name="Float" descr="Rendezvous point"/>'
        '<a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="rIdImg"/>'
        "</pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    )
    part = Part("word/media/image1.png", "", f"{REL}/image", png(), rel_id="rIdImg")
    result = blocks(raw_docx(para(run("Map") + drawing), extra_parts=[part]))
    assert of_type(result, "image")[0]["alt_text"] == "Rendezvous point"


def test_templates_and_macro_enabled_documents_are_read_as_content():
    for content_type in (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
    ):
        data = raw_docx(para("Template text."), main_content_type=content_type)
        assert of_type(blocks(data, "t.dotx"), "text") == ["<p>Template text.</p>"]


def test_headings_numbered_through_a_list_level_linked_to_their_style():
    styles = (
        '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="H2"><w:name w:val="heading 2"/></w:style>'
        "</w:styles>"
    )
    numbering = (
        '<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:abstractNum w:abstractNumId="7">'
        '<w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimal"/><w:pStyle w:val="H1"/>'
        '<w:lvlText w:val="%1"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="H2"/>'
        '<w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="9"><w:abstractNumId w:val="7"/></w:num></w:numbering>'
    )
    body = para("Cordons", "H1") + para("Inner", "H2") + para("Outer", "H2")
    headings = of_type(blocks(raw_docx(body, styles=styles, numbering=numbering)), "heading")
    assert [(h["number"], h["text"]) for h in headings] == [
        ("3", "Cordons"), ("3.1", "Inner"), ("3.2", "Outer")]  # fmt: skip
