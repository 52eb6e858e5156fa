"""Metadata from real and generated legacy documents: what each document states, extracted
exactly, wherever it sits and whatever its labels are called.

The Syltor expectations below were written by reading each file (python-docx dump of every
paragraph, table and header): each policy ends with a "Document Management" table stating
Author, Version and Date Modified (Approver, Last Reviewed, Reviewer(s) and Next Review Date are
blank template fields; Review Cycle says "Annual"), its title is its first Heading 1, and it
states no reference, owner, history or classification."""

from __future__ import annotations

import datetime
from collections import Counter
from pathlib import Path

import pytest

from importers.frontsheets import generate
from importers.importer import convert
from importers.metadata import field_for_label, is_blank, parse_date
from importers.package import WordImportError
from importers.samples import NAMESPACES, REL, Part, para, raw_docx, run, table

REPO_ROOT = Path(__file__).resolve().parents[2]
SYLTOR = next(
    (
        parent / "shared" / "corpus" / "dev" / "policies-syltor"
        for parent in REPO_ROOT.parents
        if (parent / "shared" / "corpus" / "dev" / "policies-syltor").is_dir()
    ),
    None,
)
MAY_30 = datetime.date(2019, 5, 30)
# file -> (title, version, date modified, what it calls itself, library type)
SYLTOR_STATES = {
    "Information_Security_and_Privacy_Policy.docx": (
        "Information Security & Privacy Policy", (1, 0), MAY_30, "Policy", "policy"),
    "Process_-_Reporting_Non-Compliance.docx": (
        "Information Security Process – Reporting Non-Compliance", (1, 0), MAY_30, "Procedure",
        "procedure"),
    "Process_-_System_Service_Acquisition.docx": (
        "Information Security Process - System, Service, and Software Procurement", (1, 0),
        MAY_30, "Procedure", "procedure"),
    "Risk_Management_Policy.docx": ("Risk Management Policy", (1, 0), MAY_30, "Policy", "policy"),
    "Standard_-_Definitions.docx": (
        "Information Security Standard – Definitions", (1, 0), MAY_30, "Standard", "policy"),
    "Standard_-_Identification_Authorization_Access_Control.docx": (
        "Information Security Standard – Identification, Authorization, and Access Control",
        (1, 0), datetime.date(2019, 5, 20), "Standard", "policy"),
    "Standard_-_Incident_Response_Plan.docx": (
        "Information Security Standard – Incident Response Plan", (1, 0), MAY_30, "Standard",
        "policy"),
    "Standard_-_Information_Classification.docx": (
        "Information Security Standard – Information Classification", (1, 0), MAY_30,
        "Standard", "policy"),
    "Standard_-_Rules_of_Behavior.docx": (
        "Information Security Standard – Rules of Behavior", (1, 1), MAY_30, "Standard",
        "policy"),
    "Standard_-_System_Integrity.docx": (
        "Information Security Standard – System Integrity", (1, 0), MAY_30, "Standard",
        "policy"),
}  # fmt: skip


@pytest.mark.skipif(SYLTOR is None, reason="The shared corpus is not beside the checkout")
@pytest.mark.parametrize("name", sorted(SYLTOR_STATES))
def test_syltor_policy_metadata_is_extracted_exactly(name):
    title, version, modified, kind, doc_type = SYLTOR_STATES[name]
    meta = convert((SYLTOR / name).read_bytes(), name).meta
    assert meta.title == title
    assert meta.sources["title"].startswith("first heading")
    assert meta.version == version
    assert meta.author == "Syltor Consulting"
    assert meta.modified_date == modified and meta.effective_date == modified
    assert meta.review_cycle == "Annual"
    assert (meta.document_kind, meta.document_type) == (kind, doc_type)
    # Stated nowhere: nothing invented (blank template fields stay blank).
    assert (meta.reference, meta.owner_role, meta.approver, meta.review_date) == ("", "", "", None)
    assert meta.history == []
    # "{Company} - Confidential" in a body table is content, not the document's marking.
    assert meta.marking == "official" and not meta.marking_source
    assert not meta.marking_needs_confirmation
    assert "Document Management" in meta.sources["version"]


def test_generated_front_sheets_are_read_wherever_they_sit():
    """300 generated documents: every layout, label variant and history shape. Each field a
    document states must come out exactly; fields it leaves blank must stay empty."""
    right, stated, invented = Counter(), Counter(), Counter()
    layouts = Counter()
    for seed in range(300):
        data, states = generate(seed)
        layouts[states.layout] += 1
        meta = convert(data, f"generated-{seed}.docx").meta
        got = {
            "title": meta.title,
            "reference": meta.reference or None,
            "version": meta.version,
            "owner_role": meta.owner_role or None,
            "effective_date": meta.effective_date,
            "review_date": meta.review_date,
            "marking": (meta.marking, meta.marking_needs_confirmation, bool(meta.marking_unknown)),
            "document_type": meta.document_type,
            "history": [(h.major, h.minor, h.published_on) for h in meta.history],
        }
        expected = {
            "title": states.title,
            "reference": states.reference,
            "version": states.version,
            "owner_role": states.owner_role,
            "effective_date": states.effective_date,
            "review_date": states.review_date,
            "marking": (states.marking, states.marking_needs_confirmation, states.marking_unknown),
            "document_type": states.document_type,
            "history": states.history,
        }
        if states.author:
            got["author"], expected["author"] = meta.author, states.author
        if states.version_text:  # a letter revision, kept as written
            got["version_text"], expected["version_text"] = meta.version_text, states.version_text
        for key, value in expected.items():
            if value is None or value == []:
                invented[key] += got[key] not in (None, [])
                continue
            stated[key] += 1
            right[key] += got[key] == value
    assert min(layouts.values()) >= 40, layouts
    for key in stated:
        assert right[key] >= 0.97 * stated[key], (key, right[key], stated[key])
    assert sum(invented.values()) <= 3, invented


@pytest.mark.parametrize(
    ("label", "field"),
    [("Document owner", "owner_role"), ("Owner:", "owner_role"), ("Policy lead", "owner_role"),
     ("Date of issue", "effective"), ("Approved on", "effective"), ("Effective from", "effective"),
     ("Version no.", "version"), ("Issue", "version"), ("Classification", "marking"),
     ("Protective marking", "marking"), ("Next review date", "review"),
     ("Document Ref.", "reference"), ("Name of originator/author", "author"),
     ("Introduction", None), ("The owner must review this policy every year", None),
     ("Version history", None),
     # A word holding "table" or "log" is no table or log ("accountable", "catalogue").
     ("Accountable Director", "owner_role"), ("Accountable lead", "owner_role"),
     ("Change log", None), ("Roles table", None)],
)  # fmt: skip
def test_label_synonyms(label, field):
    assert field_for_label(label) == field


@pytest.mark.parametrize(
    "value",
    [
        "",
        "  ",
        "[Insert date]",
        "TBC",
        "dd/mm/yyyy",
        "N/A",
        "Click here to enter text.",
        "<Owner>",
        "{Company}",
        "___",
    ],
)
def test_blank_template_fields(value):
    assert is_blank(value)


def hf_part(kind: str, xml: str, rel_id: str) -> Part:
    tag = "hdr" if kind == "header" else "ftr"
    return Part(f"word/{kind}1.xml", "application/vnd.openxmlformats-officedocument."
                f"wordprocessingml.{kind}+xml", f"{REL}/{kind}",
                f"<w:{tag} {NAMESPACES}>{xml}</w:{tag}>".encode(), rel_id=rel_id)  # fmt: skip


def with_header_footer(body: str, header: str = "", footer: str = "") -> bytes:
    parts, refs = [], ""
    if header:
        parts.append(hf_part("header", header, "rIdH"))
        refs += '<w:headerReference w:type="default" r:id="rIdH"/>'
    if footer:
        parts.append(hf_part("footer", footer, "rIdF"))
        refs += '<w:footerReference w:type="default" r:id="rIdF"/>'
    return raw_docx(body + f"<w:sectPr>{refs}</w:sectPr>", extra_parts=parts)


@pytest.mark.parametrize(
    "marking",
    ["Confidential", "RESTRICTED", "OFFICIAL-SENSITIVE", "OFFICIAL SENSITIVE - PERSONAL",
     "Official: Sensitive"],
)  # fmt: skip
def test_footer_markings_become_a_sensitive_proposal_to_confirm(marking):
    data = with_header_footer(para("Lone working", "Heading1") + para("Some text."),
                              footer=para(marking) + para("Page 1"))  # fmt: skip
    conversion = convert(data, "x.docx")
    meta = conversion.meta
    assert meta.marking == "official-sensitive"
    assert meta.marking_needs_confirmation and meta.marking_source == "page header/footer"
    assert any("Confirm the marking" in message for _, message in conversion.warnings)
    assert meta.stated() and any(s["field"] == "marking" for s in meta.stated())


def test_unknown_marking_is_flagged_and_secret_refused():
    data = raw_docx(table([["Title", "Clear desk policy"], ["Classification", "Amber"],
                           ["Version", "2"]]) + para("Text."))  # fmt: skip
    conversion = convert(data, "x.docx")
    assert conversion.meta.marking_unknown == "Amber"
    assert any("Unknown protective marking" in m for _, m in conversion.warnings)
    secret = with_header_footer(para("Plan") + para("Text."), header=para("SECRET"))
    with pytest.raises(WordImportError, match="SECRET"):
        convert(secret, "x.docx")


def test_metadata_in_a_page_header_table_and_key_value_paragraphs():
    header = table([["Ref: FIN-204", "Version: 3.2", "Owner: Head of Finance"]])
    body = (
        para("Expenses Policy", "Title")
        + para("Date of issue:\t4th March 2021")
        + para("Next review date: March 2023")
        + para("1. Introduction", "Heading1")
        + para("Text about expenses.")
    )
    meta = convert(with_header_footer(body, header=header), "x.docx").meta
    assert (meta.reference, meta.version, meta.owner_role) == ("FIN-204", (3, 2), "Head of Finance")
    assert meta.effective_date == datetime.date(2021, 3, 4)
    assert meta.review_date == datetime.date(2023, 3, 1)
    assert meta.sources["reference"].startswith("page header table")
    assert meta.sources["effective"].startswith("cover page")
    assert meta.title == "Expenses Policy"


@pytest.mark.parametrize("numbered", [False, True])
@pytest.mark.parametrize("columns", [3, 4, 5, 6])
def test_history_tables_of_three_to_six_columns(columns, numbered):
    names = ["Version", "Date", "Author", "Description of change", "Approved by", "Status"]
    head = (["No."] if numbered else []) + names[: columns - (1 if numbered else 0)]
    rows = [head]
    for n, (version, day) in enumerate([("0.1", "01/02/2019"), ("1.0", "3 March 2019"),
                                        ("1.1", "2020-04-05")], start=1):  # fmt: skip
        values = [version, day, "J. Smith", "Changes", "Board", "Final"]
        rows.append(([str(n)] if numbered else []) + values[: len(head) - (1 if numbered else 0)])
    data = raw_docx(para("Policy", "Title") + para("Version history", "Heading1") + table(rows)
                    + para("Scope", "Heading1") + para("All staff."))  # fmt: skip
    meta = convert(data, "x.docx").meta
    assert [(h.major, h.minor, str(h.published_on)) for h in meta.history] == [
        (0, 1, "2019-02-01"), (1, 0, "2019-03-03"), (1, 1, "2020-04-05")]  # fmt: skip
    assert meta.history[0].author == ("J. Smith" if "Author" in head else "")


def test_title_is_never_a_generic_heading_and_the_file_name_comes_last():
    data = raw_docx(para("Introduction", "Heading1") + para("This procedure covers driving."))
    meta = convert(data, "HR_Driving_at_Work_Procedure_v2.1.docx").meta
    assert meta.title == "HR Driving at Work Procedure"
    assert meta.sources["title"] == "file name"
    assert meta.document_type == "procedure"
    cover = (
        '<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/><w:sz w:val="48"/>'
        "</w:rPr><w:t>Driving at Work Procedure</w:t></w:r></w:p>"
    )
    meta = convert(
        raw_docx(cover + para("Introduction", "Heading1") + para("Text.")), "a.docx"
    ).meta
    assert meta.title == "Driving at Work Procedure"
    assert meta.sources["title"].startswith("cover page")


def test_organisation_name_in_title_style_and_titles_over_several_lines():
    data = raw_docx(
        para("Anytown NHS Foundation Trust", "Title")
        + para("Infection Control Policy", "Heading1")
        + para("Introduction", "Heading1")
        + para("Text.")
    )
    assert convert(data, "a.docx").meta.title == "Infection Control Policy"
    lines = '<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Lone Working Policy</w:t>'
    lines += "<w:br/><w:t>Version 2.0</w:t><w:br/><w:t>OFFICIAL</w:t></w:r></w:p>"
    meta = convert(raw_docx(lines + para("Text.")), "b.docx").meta
    assert meta.title == "Lone Working Policy"


def test_us_dates_only_when_day_first_is_impossible():
    assert str(parse_date("05/30/2019")) == "2019-05-30"
    assert str(parse_date("05/03/2019")) == "2019-03-05"


BODY = (
    para("1. Introduction", "Heading1")
    + para("This policy sets out how staff who work alone stay safe. " * 4)
    + para("2. Scope", "Heading1")
    + para("All staff.")
)


@pytest.mark.parametrize(
    "header",
    [para("Lone Working Policy v2.1"), para("Lone Working Policy - Version 2.1"),
     table([["Lone Working Policy", "Version 2.1", "OFFICIAL"]])],
)  # fmt: skip
def test_a_header_naming_the_document_and_its_version_gives_both(header):
    """The title comes without its version, and the version is read, whether the header is a
    line or a table of cells."""
    meta = convert(with_header_footer(BODY, header=header), "Doc1.docx").meta
    assert meta.title == "Lone Working Policy"
    assert meta.sources["title"] == "page header"
    assert meta.version == (2, 1)


def test_a_version_with_its_issue_date_on_the_cover():
    cover = para(run("Clear Desk Policy", '<w:b/><w:sz w:val="48"/>')) + para("Issue 2 – May 2023")
    meta = convert(raw_docx(cover + BODY), "x.docx").meta
    assert meta.title == "Clear Desk Policy"
    assert meta.version == (2, 0)
    assert str(meta.effective_date) == "2023-05-01"


def test_front_sheet_values_behind_an_empty_spacer_column():
    rows = [["Owner", "", "Head of ICT"], ["Version", ":", "3.0"],
            ["Review date", "", "1 May 2026"], ["Author", "", ""]]  # fmt: skip
    meta = convert(raw_docx(table(rows) + BODY), "x.docx").meta
    assert meta.owner_role == "Head of ICT"
    assert meta.version == (3, 0)
    assert str(meta.review_date) == "2026-05-01"
    assert meta.author == ""  # a blank value stays blank, whatever the spacing


TAB = "<w:r><w:tab/></w:r>"


@pytest.mark.parametrize(
    ("header", "footer"),
    [(para(run("Northshire Police") + TAB + run("Lone Working Policy") + TAB + run("Page 1")), ""),
     (para("Northshire Police | Lone Working Policy | OFFICIAL"), ""),
     ("", para(run("Lone Working Policy v3.0") + TAB + run("OFFICIAL") + TAB + run("Page 1")))],
)  # fmt: skip
def test_a_header_line_holding_several_things_gives_the_document_name(header, footer):
    """Headers and footers place the force, the document and the page apart (tabs, pipes):
    the title is the part naming the document, never the whole line."""
    meta = convert(with_header_footer(BODY, header=header, footer=footer), "Doc1.docx").meta
    assert meta.title == "Lone Working Policy"
    assert meta.version == ((3, 0) if footer else None)


@pytest.mark.parametrize(
    ("written", "reference"),
    [("JOP-014", "JOP-014"), ("jop 14", "JOP-14"), ("JOP/014", "JOP-014"),
     ("JOP-014 (v2)", "JOP-014"), ("POL-HR-012", ""), ("SOP-HR-012", ""), ("HR/POL/012", "")],
)  # fmt: skip
def test_a_reference_is_never_a_piece_of_a_longer_code(written, reference):
    """'POL-HR-012' and 'SOP-HR-012' are two documents: taking 'HR-012' from both would
    make the second a revision of the first. A code the library's form cannot hold gets a
    new reference, with a warning naming the code as written."""
    conversion = convert(
        raw_docx(table([["Reference", written], ["Version", "1.0"]]) + BODY), "x.docx"
    )
    assert conversion.meta.reference == reference
    assert conversion.meta.raw_reference == written
    if not reference:
        assert any(written in message for _, message in conversion.warnings)


BIG = '<w:b/><w:sz w:val="44"/>'


@pytest.mark.parametrize(
    ("front", "name", "source"),
    [(para("Northshire Fire and Rescue Service", "Title") + para("Lone Working Policy", "Subtitle"),
      "Doc1.docx", "Subtitle style"),
     (para(run("Lone Working", BIG)) + para(run("Policy", BIG)), "Doc1.docx", "cover page"),
     (table([["Title", "[Insert title]"], ["Version", "1.0"]])
      + para("Lone Working Policy", "Heading1"), "Doc1.docx", "first heading"),
     ("", "POL-012 Lone Working Policy v3 FINAL.docx", "file name"),
     ("", "lone_working_policy_2019.docx", "file name")],
)  # fmt: skip
def test_titles_as_real_documents_set_them(front, name, source):
    """An organisation in the Title style above the real title in Subtitle; a title set over
    two lines; a template's "[Insert title]" (no label, so the value beside it is no title);
    a file name starting with a reference or ending with a year."""
    meta = convert(raw_docx(front + BODY), name).meta
    assert meta.title == "Lone Working Policy"
    assert meta.sources["title"].startswith(source)


@pytest.mark.parametrize(
    ("name", "title"),
    [("HR12 Policy.docx", "HR12 Policy"), ("utf8-bom.docx", "Utf8 Bom"),
     ("Fire Safety 2019.docx", "Fire Safety"), ("Policy 2019.docx", "Policy 2019")],
)  # fmt: skip
def test_a_file_name_keeps_its_code_or_year_when_the_rest_is_one_word(name, title):
    meta = convert(raw_docx(BODY), name).meta
    assert meta.sources["title"] == "file name"
    assert meta.title == title


def test_the_version_in_force_is_the_history_s_latest_when_stated_nowhere_else():
    history = table([["Issue", "Date", "Changes", "Author"], ["Issue 1", "Jan 2020", "New", "AB"],
                     ["Issue 2", "March 2022", "Review", "CD"]])  # fmt: skip
    data = raw_docx(para("Clear Desk Policy", "Title") + BODY + para("Version history", "Heading1")
                    + history)  # fmt: skip
    meta = convert(data, "x.docx").meta
    assert [(h.major, h.minor) for h in meta.history] == [(1, 0), (2, 0)]
    assert meta.version == (2, 0)
    assert meta.sources["version"].endswith("row 3")
    stated = convert(raw_docx(para("Version: 3.1") + BODY + para("Version history", "Heading1")
                              + history), "x.docx").meta  # fmt: skip
    assert stated.version == (3, 1)  # a version stated elsewhere wins


REVISIONS = [("Rev A", None, "letter revision"), ("Revision B", None, "letter revision"),
             ("Issue C (draft)", None, "letter revision"),
             ("Issue 3a", (3, 0), "cannot hold the letter"), ("v1.0 draft", (1, 0), ""),
             ("Version 2 (final)", (2, 0), ""), ("1.2b", (1, 2), "letter")]  # fmt: skip


@pytest.mark.parametrize(
    ("place", "written", "version", "warned"),
    # A bare number alone on a line ("1.2b") names nothing: only labelled there.
    [(place, *case) for place in ("table", "paragraph", "alone") for case in REVISIONS
     if place != "alone" or case[0] != "1.2b"],
)  # fmt: skip
def test_letter_and_alphanumeric_revisions_are_read_as_written(place, written, version, warned):
    """The library numbers versions major.minor. A letter revision is kept as written (for the
    preview and the report) with no number invented; a letter after a number keeps the number;
    a status word beside the number is no part of it. Either way the coordinator is told."""
    front = {
        "table": table([["Title", "Lone Working Policy"], ["Version", written],
                        ["Owner", "Head of ICT"]]),
        "paragraph": para("Lone Working Policy", "Title") + para(f"Version: {written}"),
        "alone": para("Lone Working Policy", "Title") + para(written),
    }[place]  # fmt: skip
    conversion = convert(raw_docx(front + BODY), "x.docx")
    meta = conversion.meta
    assert meta.version == version
    assert meta.raw["version"] == written and meta.sources["version"]
    assert meta.version_text == (written if warned else "")
    version_warnings = [m for _, m in conversion.warnings if m.startswith("Version ")]
    assert bool(version_warnings) == bool(warned)
    if warned:
        assert warned in version_warnings[0] and written in version_warnings[0]


def test_a_letter_revision_is_not_replaced_by_the_history_s_latest_number():
    history = table([["Version", "Date", "Changes"], ["1.0", "Jan 2020", "New"]])
    data = raw_docx(para("Clear Desk Policy", "Title") + para("Revision: C") + BODY
                    + para("Version history", "Heading1") + history)  # fmt: skip
    meta = convert(data, "x.docx").meta
    assert meta.version is None and meta.version_text == "C"
    assert [(h.major, h.minor) for h in meta.history] == [(1, 0)]


TWO_PARAGRAPHS = "<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p><w:p><w:r><w:t>{}</w:t></w:r></w:p>"
TWO_PARAGRAPHS += "</w:tc>"


@pytest.mark.parametrize(
    ("head", "rows"),
    [(["Version / Date", "Author", "Changes"],
      [["0.1 / 01/02/2019", "J. Smith", "Draft"], ["1.0 / 3 March 2019", "A. Patel", "Approved"]]),
     (["No.", "Date & Version", "Author/Owner", "Changes made / Reason"],
      [["1", "01.02.2019 - v0.1", "J. Smith", "Draft / new policy"],
       ["2", "3 March 2019 (V1.0)", "A. Patel", "Approved / annual review"]]),
     (["Issue/Date", "Changes made / Reason", "Author/Owner"],
      [["Issue 0.1, 1st February 2019", "Draft", "J. Smith"],
       ["Issue 1.0, 2019-03-03", "Approved", "A. Patel"]]),
     (["Version", "Date", "Author / Approver", "Summary"],
      [["0.1", "01/02/2019", "J. Smith / Policy Board", "Draft"],
       ["1.0", "03/03/2019", "A. Patel / Policy Board", "Approved"]])],
)  # fmt: skip
def test_history_tables_with_combined_columns_are_split_into_their_fields(head, rows):
    data = raw_docx(para("Clear Desk Policy", "Title") + BODY + para("Version history", "Heading1")
                    + table([head, *rows]))  # fmt: skip
    meta = convert(data, "x.docx").meta
    assert [(h.major, h.minor, str(h.published_on)) for h in meta.history] == [
        (0, 1, "2019-02-01"), (1, 0, "2019-03-03")]  # fmt: skip
    assert [h.author for h in meta.history] == ["J. Smith", "A. Patel"]
    if any("/ Reason" in h or "Summary" in h or h == "Changes" for h in head):
        assert meta.history[0].summary.startswith("Draft")
    if "Author / Approver" in head:
        assert meta.history[1].approvers == "Policy Board"


def test_a_combined_version_and_date_cell_over_two_paragraphs():
    cells = "".join(f"<w:tc>{para(text)}</w:tc>" for text in ("Version / Date", "Author"))
    rows = f"<w:tr>{cells}</w:tr>"
    for version, day, author in (("1.0", "01/02/2019", "J. Smith"), ("1.1", "5 May 2020", "AB")):
        rows += f"<w:tr>{TWO_PARAGRAPHS.format(version, day)}<w:tc>{para(author)}</w:tc></w:tr>"
    data = raw_docx(para("Clear Desk Policy", "Title") + BODY + para("Version history", "Heading1")
                    + f"<w:tbl><w:tblPr/>{rows}</w:tbl>")  # fmt: skip
    meta = convert(data, "x.docx").meta
    assert [(h.major, h.minor, str(h.published_on), h.author) for h in meta.history] == [
        (1, 0, "2019-02-01", "J. Smith"), (1, 1, "2020-05-05", "AB")]  # fmt: skip


@pytest.mark.parametrize(
    ("label", "field"),
    [("Policy author", "author"), ("Responsible officer", "owner_role"),
     ("Document reference", "reference"), ("Ref no.", "reference"), ("Date ratified", "effective"),
     ("Next review", "review"), ("Next formal review", "review"),
     ("Review frequency", "review_cycle"), ("Frequency of review", "review_cycle"),
     ("Review interval", "review_cycle"), ("Reviewed date", "last_reviewed"),
     ("Status", "status"), ("Document status", "status"), ("Version status", "status"),
     ("Equality impact assessment", "impact_assessment"), ("EqIA", "impact_assessment"),
     ("Equality Impact Assessment owner", "impact_assessment"), ("DPIA", "impact_assessment"),
     ("Date of EIA", "impact_assessment"), ("Date of first issue", "first_issued"),
     ("Original issue date", "first_issued"), ("Name of responsible committee", "approver"),
     ("Ratifying group", "approver"), ("FOI status", "foi"), ("Freedom of Information", "foi"),
     ("GPMS marking", "marking"), ("Previous version", "supersedes"), ("Replaces", "supersedes"),
     ("Superseded version", "supersedes"), ("Issue/Revision", "version"), ("SRO", "owner_role"),
     ("Date Policy Approved", "effective"), ("Date policy comes into effect", "effective"),
     ("Date of next policy review", "review"), ("Author's name and job title", "author"),
     # A version word with its number is a value; a numbered label is still a label.
     ("Version 2 (final)", None), ("Issue 3a", None), ("Approver 1", "approver"),
     ("Reviewer 2", "reviewer")],
)  # fmt: skip
def test_uk_public_sector_label_variants(label, field):
    assert field_for_label(label) == field


def test_rows_that_look_like_fields_but_are_not_the_document_s():
    """An impact assessment's owner and date, a review frequency, a first-issue date, an FOI
    status and a document status sit in the same front sheets as the real fields: none of them
    may become the owner, the review date, the effective date or the marking."""
    rows = [["Title", "Lone Working Policy"], ["Version", "3.0"], ["Status", "Approved"],
            ["Equality impact assessment owner", "Head of Diversity"],
            ["Date of EIA", "2 February 2021"], ["Policy owner", "Head of ICT"],
            ["Review frequency", "Every 3 years"], ["Date of first issue", "1 April 2015"],
            ["Date of issue", "4 March 2021"], ["Next review", "March 2024"],
            ["FOI status", "Disclosable (public)"], ["Previous version", "2.4"]]  # fmt: skip
    conversion = convert(raw_docx(table(rows) + BODY), "x.docx")
    meta = conversion.meta
    assert meta.owner_role == "Head of ICT" and meta.version == (3, 0)
    assert meta.review_cycle == "Every 3 years"
    assert meta.review_date == datetime.date(2024, 3, 1)
    assert meta.effective_date == datetime.date(2021, 3, 4)
    assert meta.marking == "official" and not meta.marking_unknown
    assert meta.raw["status"] == "Approved" and meta.raw["first_issued"] == "1 April 2015"
    assert meta.raw["impact_assessment"] == "Head of Diversity"  # shown, for reference only
    assert not any("Unreadable date" in message for _, message in conversion.warnings)


@pytest.mark.parametrize("place", ["table", "paragraph"])
@pytest.mark.parametrize(
    ("label", "written", "version", "day"),
    [("Version / Date", "2.1 / 3 May 2023", (2, 1), "2023-05-03"),
     ("Date & Version", "12/05/2021 v3.0", (3, 0), "2021-05-12"),
     ("Issue and date of issue", "Issue 4, March 2022", (4, 0), "2022-03-01")],
)  # fmt: skip
def test_a_front_sheet_field_naming_the_version_and_its_date_gives_both(place, label, written,
                                                                        version, day):  # fmt: skip
    front = (
        table([["Title", "Lone Working Policy"], [label, written], ["Owner", "Head of ICT"]])
        if place == "table"
        else para("Lone Working Policy", "Title") + para(f"{label}: {written}")
    )
    meta = convert(raw_docx(front + BODY), "x.docx").meta
    assert meta.version == version
    assert str(meta.effective_date) == day


def test_a_history_row_with_a_letter_revision_says_why_it_was_not_imported():
    history = table([["Revision", "Date", "Changes"], ["A", "01/02/2019", "Draft"],
                     ["B", "3 March 2019", "Issued"],
                     ["1.0", "3 May 2019", "Approved"]])  # fmt: skip
    data = raw_docx(para("Clear Desk Policy", "Title") + BODY
                    + para("Revision history", "Heading1") + history)  # fmt: skip
    conversion = convert(data, "x.docx")
    assert [(h.major, h.minor) for h in conversion.meta.history] == [(1, 0)]
    letters = [m for _, m in conversion.warnings if "is a letter" in m]
    assert len(letters) == 2 and "'A'" in letters[0] and "'B'" in letters[1]


def test_a_two_row_four_column_front_sheet_with_a_status_is_read_as_pairs():
    """'Date of issue | 20.04.2015 | Status | Approved' over 'Version | 5.5 | Owner | X': the
    status word and the date are values, so this is no row of labels over a row of values."""
    rows = [["Date of issue", "20.04.2015", "Status", "Approved"],
            ["Current version", "Issue 5.5", "Owner", "Head of ICT"]]  # fmt: skip
    conversion = convert(raw_docx(para("Clear Desk Policy", "Title") + table(rows) + BODY), "x")
    meta = conversion.meta
    assert (meta.version, meta.owner_role) == ((5, 5), "Head of ICT")
    assert meta.effective_date == datetime.date(2015, 4, 20)
    assert meta.raw["status"] == "Approved" and not meta.approver


@pytest.mark.parametrize(
    "header",
    [para("Lone Working Policy Rev B"), para("Lone Working Policy - Revision B"),
     table([["Lone Working Policy", "Rev B", "OFFICIAL"]])],
)  # fmt: skip
def test_a_header_naming_the_document_and_its_letter_revision(header):
    """The title comes without its revision letter; the letter is kept as written, with no
    number invented for it."""
    meta = convert(with_header_footer(BODY, header=header), "Doc1.docx").meta
    assert meta.title == "Lone Working Policy"
    assert meta.version is None
    assert meta.version_text in ("Rev B", "Revision B")
