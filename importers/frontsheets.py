"""Varied legacy front sheets, generated: what real policy documents do with their
document-control information, for testing metadata extraction without tuning to one layout.

`generate(seed)` returns the bytes of a .docx and what it states (`Stated`). Each document
picks, at random: where the metadata sits (a front-sheet table at the top, a document-control
table at the end, a table in the page header, "Label: value" paragraphs on the cover or under a
"Document control" heading), which label each field goes by, two- or four-column or
label-row tables, date and version formats, a version-history or amendment table of three to six
columns with or without a row-number column, blank template fields, where the title is (Title
style, large bold cover text, first heading, a table row, document properties), and a
protective marking in the table, the page header or the footer. Distractors come too: a roles
table naming the "Policy owner", body text saying "confidential", a generic first heading.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from .samples import NAMESPACES, REL, Part, para, raw_docx, run, table

LABELS = {
    "reference": ["Reference", "Document reference", "Ref no.", "Policy number", "Document ID",
                  "Reference Number", "Ref", "Reference No."],
    "version": ["Version", "Version no.", "Version number", "Issue", "Current version",
                "Issue No"],
    "owner_role": ["Owner", "Document owner", "Policy owner", "Policy lead", "Responsible officer",
                   "Lead officer", "Owning department", "Accountable director",
                   "Responsible director", "Executive lead"],
    "author": ["Author", "Prepared by", "Written by", "Originator", "Policy author",
               "Name of author", "Author(s)"],
    "effective": ["Date of issue", "Approved on", "Effective from", "Effective date",
                  "Issue date", "Date approved", "Publication date", "Date ratified",
                  "Date of approval", "Ratification date"],
    "review": ["Review date", "Next review date", "Date of next review", "Review due",
               "Due for review", "Next review", "Next formal review", "Review by"],
    "marking": ["Classification", "Protective marking", "Security classification",
                "Government Security Classification", "GPMS marking"],
    "title": ["Title", "Document title", "Policy title", "Name of document"],
}  # fmt: skip
OWNERS = ["Head of Joint Operations", "Chief Fire Officer", "Director of Finance",
          "Head of ICT", "Information Security Manager", "Estates Manager",
          "Head of People and Culture", "Area Commander (Prevention)"]  # fmt: skip
AUTHORS = ["J. Smith", "Anita Patel", "Corporate Policy Team", "R. O'Neill", "Lee Chang"]
SUBJECTS = ["Lone Working", "Information Security", "Records Retention", "Driving at Work",
            "Safeguarding Adults", "Flexible Working", "Use of Body Worn Video",
            "Incident Command", "Business Continuity", "Clear Desk"]  # fmt: skip
KINDS = [("Policy", "policy"), ("Procedure", "procedure"), ("Standard Operating Procedure",
         "procedure"), ("Guidance", "guidance"), ("Standard", "policy"),
         ("Action Card", "action-card")]  # fmt: skip
MARKINGS = [  # (as written, expected marking, needs confirmation, unknown)
    ("", "official", False, False),
    ("OFFICIAL", "official", False, False),
    ("OFFICIAL-SENSITIVE", "official-sensitive", True, False),
    ("Restricted", "official-sensitive", True, False),
    ("CONFIDENTIAL", "official-sensitive", True, False),
    ("Not Protectively Marked", "official", False, False),
    ("Internal Use", "official", False, True),
]
# Rows real front sheets carry beside the fields, which must not become one: an impact
# assessment's owner and date, a review frequency, a first-issue date, a status, an FOI status.
DISTRACTORS = [("Equality impact assessment", "Completed"), ("Equality Impact Assessment owner",
               "Head of Diversity"), ("Date of EIA", "2 February 2011"),
               ("Review frequency", "Every 3 years"), ("Frequency of review", "Annual"),
               ("Date of first issue", "1 April 2010"), ("Status", "Approved"),
               ("Document status", "Final"), ("FOI status", "Disclosable"),
               ("DPIA", "Not required"), ("Previous version", "0.9"),
               ("Supersedes", "Version 0.8")]  # fmt: skip
BLANKS = ["", "[Insert date]", "TBC", "dd/mm/yyyy", "Click here to enter text.", "[Name]", "N/A"]


def ordinal(number: int) -> str:
    if 10 < number % 100 < 14:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def fmt_date(day: datetime.date, rng: random.Random) -> str:
    return rng.choice([
        day.strftime("%d/%m/%Y"), day.strftime("%d %B %Y"), day.strftime("%-d %b %Y"),
        day.strftime("%Y-%m-%d"), day.strftime("%d.%m.%Y"),
        f"{day.day}{ordinal(day.day)} {day.strftime('%B %Y')}",
    ])  # fmt: skip


def fmt_version(version: tuple[int, int], rng: random.Random) -> str:
    text = f"{version[0]}.{version[1]}"
    return rng.choice([text, text, f"V{text}", f"v{text}", f"{text} (final)", f"v{text} draft",
                       f"Version {text} (final)", f"Issue {text}"])  # fmt: skip


@dataclass
class Stated:
    """What a generated document states (None: it does not state it)."""

    title: str
    reference: str | None = None
    version: tuple[int, int] | None = None
    owner_role: str | None = None
    author: str | None = None
    effective_date: datetime.date | None = None
    review_date: datetime.date | None = None
    marking: str = "official"
    marking_needs_confirmation: bool = False
    marking_unknown: bool = False
    document_type: str = ""
    version_text: str = ""  # a letter revision as written ("Rev B"): the version is None
    history: list[tuple[int, int, datetime.date]] = field(default_factory=list)
    layout: str = ""


def _bold_cover(text: str) -> str:
    props = '<w:b/><w:sz w:val="40"/>'
    return f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr>{run(text, props)}</w:p>'


def history_table(rows: list[tuple[int, int, datetime.date, str, str]], rng: random.Random) -> str:
    columns = ["version", "date", "author", "summary", "approver"]
    count = rng.randint(3, 5)
    chosen = ["version", "date"] + rng.sample(columns[2:], count - 2)
    rng.shuffle(chosen)
    if chosen[0] != "version" and rng.random() < 0.5:
        chosen.remove("version")
        chosen.insert(0, "version")
    numbered = rng.random() < 0.4  # 4-6 columns with the row number
    headers = {
        "version": rng.choice(["Version", "Version No.", "Issue", "Ver", "Revision"]),
        "date": rng.choice(["Date", "Date of issue", "Issue date", "Approval date",
                            "Date approved"]),
        "author": rng.choice(["Author", "Amended by", "Changed by", "By"]),
        "summary": rng.choice(["Summary of changes", "Description", "Amendment",
                               "Reason for change", "Comments"]),
        "approver": rng.choice(["Approved by", "Approver", "Authorised by"]),
    }  # fmt: skip
    # Combined columns: one heading naming two fields, each cell holding both.
    combined = rng.random() < 0.35
    if combined:
        chosen.remove("date")
        heading, date_first = rng.choice(
            [
                ("Version / Date", False),
                ("Date & Version", True),
                ("Issue/Date", False),
                ("Version and date", False),
            ]
        )
        chosen[chosen.index("version")] = "version+date"
        headers["version+date"] = heading
        for kind, words in (
            ("author", ["Author/Owner", "Author / Editor"]),
            ("summary", ["Changes made / Reason", "Change & reason"]),
        ):
            if kind in chosen:
                headers[kind] = rng.choice([headers[kind], *words])
    grid = [(["No."] if numbered else []) + [headers[c] for c in chosen]]
    for n, (major, minor, day, author, summary) in enumerate(rows, start=1):
        values = {"version": fmt_version((major, minor), rng), "date": fmt_date(day, rng),
                  "author": author, "summary": summary, "approver": "Policy Board"}  # fmt: skip
        if combined:
            sep = rng.choice([" / ", " - ", ", ", " | "])
            version_text = f"{major}.{minor}" if date_first else fmt_version((major, minor), rng)
            pair = [values["date"], version_text] if date_first else [version_text, values["date"]]
            values["version+date"] = sep.join(pair)
        grid.append(([str(n)] if numbered else []) + [values[c] for c in chosen])
    if rng.random() < 0.3:
        grid.append([""] * len(grid[0]))  # an empty template row
    return table(grid, header=rng.random() < 0.5)


def kv_table(pairs: list[tuple[str, str]], rng: random.Random) -> str:
    shape = rng.choice(["two", "two", "four", "row"])
    if shape == "four":
        rows = []
        for i in range(0, len(pairs), 2):
            left = pairs[i]
            right = pairs[i + 1] if i + 1 < len(pairs) else ("", "")
            rows.append([left[0], left[1], right[0], right[1]])
        return table(rows)
    if shape == "row" and len(pairs) <= 6:
        return table([[label for label, _ in pairs], [value for _, value in pairs]])
    return table([[label, value] for label, value in pairs])


def generate(seed: int) -> tuple[bytes, Stated]:
    rng = random.Random(seed)
    subject = rng.choice(SUBJECTS)
    kind_words, doc_type = rng.choice(KINDS)
    title = rng.choice([f"{subject} {kind_words}", f"{kind_words} for {subject}",
                        f"{subject}: {kind_words}"])  # fmt: skip
    stated = Stated(title=title, document_type=doc_type)
    layout = rng.choice(["front", "end", "header", "cover-kv", "control-kv"])
    stated.layout = layout
    pairs: list[tuple[str, str]] = []

    def state(key: str, value: str, expected: object) -> None:
        pairs.append((rng.choice(LABELS[key]), value))
        setattr(stated, {"effective": "effective_date", "review": "review_date"}.get(key, key),
                expected)  # fmt: skip

    if rng.random() < 0.7:
        number = rng.randint(1, 999)
        letters = rng.choice(["POL", "JOP", "HR", "ICT", "FIN", "SOP"])
        written = rng.choice([f"{letters}-{number:03d}", f"{letters}/{number:03d}",
                              f"{letters} {number:03d}"])  # fmt: skip
        state("reference", written, f"{letters}-{number:03d}")
    version = (rng.randint(1, 6), rng.randint(0, 9))
    if rng.random() < 0.08:  # a letter revision: kept as written, no number invented
        letter = rng.choice("ABCDE")
        written = rng.choice([f"Rev {letter}", f"Revision {letter}", letter])
        pairs.append((rng.choice(LABELS["version"]), written))
        stated.version_text = written
    else:
        state("version", fmt_version(version, rng), version)
    if rng.random() < 0.85:
        owner = rng.choice(OWNERS)
        state("owner_role", owner, owner)
    if rng.random() < 0.6:
        author = rng.choice(AUTHORS)
        state("author", author, author)
    issued = datetime.date(rng.randint(2012, 2024), rng.randint(1, 12), rng.randint(1, 28))
    if rng.random() < 0.85:
        state("effective", fmt_date(issued, rng), issued)
        if stated.version and rng.random() < 0.15:  # one field naming both
            written_date = pairs.pop()[1]
            version_pair = next(p for p in pairs if p[0] in LABELS["version"])
            pairs.remove(version_pair)
            label = rng.choice(["Version / Date", "Version and date", "Issue & date of issue"])
            pairs.append(
                (label, f"{version_pair[1]}{rng.choice([' / ', ', ', ' - '])}{written_date}")
            )
    review = issued.replace(year=issued.year + rng.choice([1, 2, 3]))
    if rng.random() < 0.7:
        state("review", fmt_date(review, rng), review)
    marking_text, marking, confirm, unknown = rng.choice(MARKINGS)
    marking_place = rng.choice(["table", "header", "footer"]) if marking_text else ""
    if marking_place == "table":
        pairs.append((rng.choice(LABELS["marking"]), marking_text))
    stated.marking, stated.marking_needs_confirmation = marking, confirm
    stated.marking_unknown = unknown and marking_place == "table"
    if unknown and marking_place != "table":
        stated.marking_unknown = False  # free text that is no marking is not read as one
        marking_text = ""
        marking_place = ""
    # Blank template fields the document never filled in.
    for key in rng.sample(["author", "review", "owner_role", "effective"], rng.randint(0, 2)):
        target = {"effective": "effective_date", "review": "review_date"}.get(key, key)
        if getattr(stated, target) is None:
            pairs.append((rng.choice(LABELS[key]), rng.choice(BLANKS)))
    pairs.append(("Approved by" if rng.random() < 0.5 else "Reviewer(s)", rng.choice(BLANKS)))
    pairs += rng.sample(DISTRACTORS, rng.randint(0, 3))
    rng.shuffle(pairs)
    # Title
    title_place = rng.choice(["style", "cover", "heading", "table", "properties"])
    if title_place == "table":
        pairs.insert(0, (rng.choice(LABELS["title"]), title))
    body: list[str] = []
    if title_place == "style":
        body.append(para(title, "Title"))
    elif title_place == "cover":
        body.append(_bold_cover("Anytown Fire and Rescue Service"))
        body.append(_bold_cover(title))
    elif title_place == "heading":
        body.append(para(title, "Heading1"))
    # History
    history_rows = []
    if rng.random() < 0.7 and not stated.version_text:
        count = rng.randint(1, 4)
        majors = sorted({(max(0, version[0] - i), 0) for i in range(1, count + 1)})
        for n, (major, minor) in enumerate(majors + [version]):
            day = issued - datetime.timedelta(days=400 * (len(majors) - n))
            history_rows.append((major, minor, day, rng.choice(AUTHORS), f"Change {n + 1}."))
        history_rows = sorted({(r[0], r[1]): r for r in history_rows}.values())
        stated.history = [(major, minor, day) for major, minor, day, _, _ in history_rows]
    intro = [para("Introduction", "Heading1"),
             para(f"This document sets out the organisation's approach to {subject.lower()}. "
                  "Some information it refers to is confidential and handled accordingly."),
             para("Roles and responsibilities", "Heading1"),
             table([["Role", "Responsibility"],
                    ["Policy owner", "Reviews this document every year and after any incident "
                                     "that shows it is not working as intended."],
                    ["All staff", "Read and follow this document."]], header=True),
             para("Scope", "Heading1"),
             para("It applies to all staff, contractors and volunteers.")]  # fmt: skip
    history_xml = history_table(history_rows, rng) if history_rows else ""
    header_parts: list[Part] = []
    header_body = ""
    if layout == "front":
        body.append(kv_table(pairs, rng))
        if history_xml:
            body += [para("Version history", "Heading1"), history_xml]
        body += intro
    elif layout == "cover-kv":
        sep = rng.choice([": ", ":\t", "\t"])
        body += [para(f"{label}{sep}{value}") for label, value in pairs]
        if history_xml:
            body += [para("Document history", "Heading1"), history_xml]
        body += intro
    elif layout == "end":
        body += intro
        body += [para("Document control", "Heading1"), kv_table(pairs, rng)]
        if history_xml:
            body += [para("Amendment record", "Heading2"), history_xml]
    elif layout == "control-kv":
        body += intro
        body.append(para(rng.choice(["Document control", "Document information"]), "Heading1"))
        body += [para(f"{label}: {value}") for label, value in pairs]
        if history_xml:
            body += [para("Revision history", "Heading2"), history_xml]
    else:  # header
        header_body = kv_table(pairs[:6], rng) if len(pairs) > 0 else ""
        rest = pairs[6:]
        if rest:
            body.append(
                kv_table(rest, rng) if len(rest) > 1 else para(f"{rest[0][0]}: {rest[0][1]}")
            )
        body += intro
        if history_xml:
            body += [para("Version control", "Heading1"), history_xml]
    if marking_place == "header":
        header_body = para(marking_text) + header_body
    footer_body = para("Page 1 of 3") + (para(marking_text) if marking_place == "footer" else "")
    sect = ""
    if header_body:
        xml = f"<w:hdr {NAMESPACES}>{header_body}<w:p/></w:hdr>"
        header_parts.append(Part("word/header1.xml", "application/vnd.openxmlformats-"
                                 "officedocument.wordprocessingml.header+xml", f"{REL}/header",
                                 xml.encode(), rel_id="rIdHdr1"))  # fmt: skip
        sect += '<w:headerReference w:type="default" r:id="rIdHdr1"/>'
    xml = f"<w:ftr {NAMESPACES}>{footer_body}</w:ftr>"
    header_parts.append(Part("word/footer1.xml", "application/vnd.openxmlformats-"
                             "officedocument.wordprocessingml.footer+xml", f"{REL}/footer",
                             xml.encode(), rel_id="rIdFtr1"))  # fmt: skip
    sect += '<w:footerReference w:type="default" r:id="rIdFtr1"/>'
    core = {"creator": "Template Author"}
    if title_place == "properties":
        core["title"] = title
    else:
        core["title"] = rng.choice(["", "Policy template", "Document1"])
        if not core["title"]:
            del core["title"]
    data = raw_docx("".join(body) + f"<w:sectPr>{sect}</w:sectPr>", core=core,
                    extra_parts=header_parts)  # fmt: skip
    return data, stated


def escape_text(text: str) -> str:
    return escape(text)
