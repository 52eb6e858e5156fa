"""The sample generator: legacy-looking Word files, made in code. What the demo library
imports, and what the tests and the benchmark feed the importer.

`raw_docx()` assembles a package from WordprocessingML fragments, so a file can hold what
python-docx cannot write (tracked changes, footnotes, content controls, fields, text boxes).
`legacy_procedure()` writes a procedure the way the services' old Word templates did: a
front-sheet table, a version-history table, numbered headings, steps, a table, a safety box,
a header with the protective marking, and tracked changes left in.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NAMESPACES = (
    f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

HEADING_STYLES = "".join(
    f'<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/>'
    f'<w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:ilvl w:val="{n - 1}"/>'
    f'<w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="{n - 1}"/></w:pPr>'
    f"<w:rPr><w:b/></w:rPr></w:style>"
    for n in (1, 2, 3)
)
STYLES = (
    f"<w:styles {NAMESPACES}>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
    '<w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>'
    f"{HEADING_STYLES}"
    '<w:style w:type="paragraph" w:styleId="ListNumber"><w:name w:val="List Number"/>'
    '<w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/>'
    '<w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="SafetyBox"><w:name w:val="Safety Critical Box"/>'
    "</w:style>"
    '<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>'
    '<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/>'
    "<w:rPr><w:b/></w:rPr></w:style>"
    "</w:styles>"
)


def _level(ilvl: int, fmt: str, text: str, start: int = 1) -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{escape(text)}"/></w:lvl>'
    )


NUMBERING = (
    f"<w:numbering {NAMESPACES}>"
    '<w:abstractNum w:abstractNumId="0">'
    + _level(0, "decimal", "%1.")
    + _level(1, "decimal", "%1.%2")
    + _level(2, "decimal", "%1.%2.%3")
    + "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="1">'
    + _level(0, "decimal", "%1.")
    + _level(1, "lowerLetter", "%2)")
    + "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="2">'
    + _level(0, "bullet", "•")
    + _level(1, "bullet", "o")
    + "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>'
    '<w:num w:numId="4"><w:abstractNumId w:val="1"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
    "</w:numbering>"
)


def run(text: str, props: str = "") -> str:
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(content: str, style: str = "", ppr: str = "") -> str:
    """A paragraph; `content` is run XML, or plain text (wrapped in one run)."""
    if not content.lstrip().startswith("<"):
        content = run(content)
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    props = f"<w:pPr>{style_xml}{ppr}</w:pPr>" if (style_xml or ppr) else ""
    return f"<w:p>{props}{content}</w:p>"


def list_para(text: str, num_id: int, ilvl: int = 0) -> str:
    return para(text, ppr=f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')


def table(rows: list[list[str]], header: bool = False, spans: dict | None = None) -> str:
    """A table; `spans` maps (row, col) to 'gridSpan=N', 'restart' or 'continue'."""
    spans = spans or {}
    out = ["<w:tbl><w:tblPr/>"]
    for r, row in enumerate(rows):
        trpr = "<w:trPr><w:tblHeader/></w:trPr>" if header and r == 0 else ""
        out.append(f"<w:tr>{trpr}")
        for c, text in enumerate(row):
            span = spans.get((r, c), "")
            tcpr = ""
            if span.startswith("gridSpan="):
                tcpr = f'<w:tcPr><w:gridSpan w:val="{span.split("=")[1]}"/></w:tcPr>'
            elif span == "restart":
                tcpr = '<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>'
            elif span == "continue":
                tcpr = "<w:tcPr><w:vMerge/></w:tcPr>"
            out.append(f"<w:tc>{tcpr}{para(text) if text else '<w:p/>'}</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def inserted(text: str) -> str:
    return f'<w:ins w:id="90" w:author="Editor" w:date="2019-05-01T10:00:00Z">{run(text)}</w:ins>'


def deleted(text: str) -> str:
    return (
        '<w:del w:id="91" w:author="Editor" w:date="2019-05-01T10:00:00Z"><w:r>'
        f'<w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>'
    )


@dataclass
class Part:
    name: str
    content_type: str
    rel_type: str
    data: bytes
    rel_id: str = ""
    external_target: str = ""


def raw_docx(
    body: str,
    *,
    styles: str = STYLES,
    numbering: str = NUMBERING,
    footnotes: str = "",
    endnotes: str = "",
    header: str = "",
    core: dict[str, str] | None = None,
    extra_parts: list[Part] = (),  # type: ignore[assignment]
    main_content_type: str = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    ),
) -> bytes:
    """A complete .docx package around `body` (the children of w:body)."""
    parts: list[Part] = []
    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    sect = ""
    if styles:
        parts.append(Part("word/styles.xml", f"{ct}.styles+xml", f"{REL}/styles",
                          styles.encode()))  # fmt: skip
    if numbering:
        parts.append(Part("word/numbering.xml", f"{ct}.numbering+xml", f"{REL}/numbering",
                          numbering.encode()))  # fmt: skip
    if footnotes:
        xml = f"<w:footnotes {NAMESPACES}>{footnotes}</w:footnotes>"
        parts.append(Part("word/footnotes.xml", f"{ct}.footnotes+xml", f"{REL}/footnotes",
                          xml.encode()))  # fmt: skip
    if endnotes:
        xml = f"<w:endnotes {NAMESPACES}>{endnotes}</w:endnotes>"
        parts.append(Part("word/endnotes.xml", f"{ct}.endnotes+xml", f"{REL}/endnotes",
                          xml.encode()))  # fmt: skip
    if header:
        xml = f"<w:hdr {NAMESPACES}>{para(header)}</w:hdr>"
        parts.append(Part("word/header1.xml", f"{ct}.header+xml", f"{REL}/header",
                          xml.encode(), rel_id="rIdHeader1"))  # fmt: skip
        sect = '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader1"/></w:sectPr>'
    parts.extend(extra_parts)
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' \
               f"<w:document {NAMESPACES}><w:body>{body}{sect}</w:body></w:document>"  # fmt: skip
    rels = []
    overrides = [f'<Override PartName="/word/document.xml" ContentType="{main_content_type}"/>']
    for n, part in enumerate(parts, start=1):
        rel_id = part.rel_id or f"rId{n}"
        if part.external_target:
            rels.append(
                f'<Relationship Id="{rel_id}" Type="{part.rel_type}" '
                f'Target="{escape(part.external_target)}" TargetMode="External"/>'
            )
            continue
        target = part.name.removeprefix("word/")
        rels.append(f'<Relationship Id="{rel_id}" Type="{part.rel_type}" Target="{target}"/>')
        if part.content_type:
            overrides.append(
                f'<Override PartName="/{part.name}" ContentType="{part.content_type}"/>'
            )
    core = core or {}
    core_xml = (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        + "".join(f"<dc:{k}>{escape(v)}</dc:{k}>" for k, v in core.items())
        + "</cp:coreProperties>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="png" ContentType="image/png"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            + "".join(overrides)
            + "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
            'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            "</Relationships>",
        )
        archive.writestr("docProps/core.xml", core_xml)
        archive.writestr("word/document.xml", document)
        archive.writestr(
            "word/_rels/document.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(rels)
            + "</Relationships>",
        )
        for part in parts:
            if not part.external_target:
                archive.writestr(part.name, part.data)
    return buffer.getvalue()


# -- legacy procedures -------------------------------------------------------------------


@dataclass
class LegacySpec:
    reference: str
    title: str
    service: str
    owner: str
    marking: str = "OFFICIAL"
    version: str = "2.1"
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)
    safety: str = ""


def legacy_procedure(spec: LegacySpec) -> bytes:
    """A procedure as the old Word templates wrote it, tracked changes and all."""
    front = table(
        [
            ["Document reference", spec.reference],
            ["Title", spec.title],
            ["Version", spec.version],
            ["Policy owner", spec.owner],
            ["Author", "Joint Operations Planning Team"],
            ["Owning service", spec.service],
            ["Document type", "Procedure"],
            ["Protective marking", spec.marking],
            ["Effective date", "01/04/2024"],
            ["Next review date", "01/04/2025"],
            ["Purpose", f"How staff carry out {spec.title.lower()} safely and consistently."],
        ]
    )
    history = table(
        [
            ["Version", "Date", "Author", "Summary of changes"],
            ["1.0", "12/06/2019", "J. Smith", "First issue."],
            ["2.0", "03/03/2022", "A. Patel", "Rewritten after the joint review."],
            [spec.version, "01/04/2024", "A. Patel", "Contacts and cordon distances updated."],
        ],
        header=True,
    )
    body = [
        para(spec.title, "Title"),
        front,
        para("Version history", "Heading1", '<w:numPr><w:numId w:val="0"/></w:numPr>'),
        history,
    ]
    for number, (heading, paragraphs) in enumerate(spec.sections, start=1):
        body.append(para(heading, "Heading1"))
        for index, text in enumerate(paragraphs):
            if index == 0:
                # Tracked changes left in: the reviewer's insertion stays, the deletion goes.
                body.append(
                    para(
                        run(text + " ")
                        + inserted("This applies to both services. ")
                        + deleted("This applies to police staff only. ")
                    )
                )
            else:
                body.append(para(text))
        if number == 1 and spec.steps:
            body.append(para("Actions", "Heading2"))
            body.extend(list_para(step, 2) for step in spec.steps)
        if number == 1 and spec.safety:
            body.append(para(run("SAFETY CRITICAL: ", "<w:b/>") + run(spec.safety), "SafetyBox"))
        if number == 2 and spec.table:
            body.append(para("Roles and responsibilities", "Heading2"))
            body.append(table(spec.table, header=True))
            body.append(para("Table 1: who does what", "Caption"))
    return raw_docx(
        "".join(body),
        header=spec.marking,
        core={"title": spec.title, "creator": "Joint Operations Planning Team"},
    )


LEGACY_DEMO: list[tuple[str, LegacySpec]] = [
    (
        "major-incidents",
        LegacySpec(
            reference="LEG-101",
            title="Joint response to flooding incidents",
            service="Joint",
            owner="Head of Joint Operations",
            sections=[
                ("Purpose", ["This procedure sets out how both services respond to flooding.",
                             "It replaces the separate police and fire flood plans."]),
                ("Roles", ["The first officer on scene assesses the risk to life.",
                           "Water rescue is led by the fire and rescue service."]),
                ("Closing down", ["The incident is closed when the risk to life has passed."]),
            ],
            steps=["Declare a flooding incident to both control rooms.",
                   "Set an inner cordon at the water's edge.",
                   "Request water rescue teams through fire control.",
                   "Record decisions in the joint decision log."],
            table=[["Role", "Service", "Responsibility"],
                   ["Tactical commander", "Police", "Cordons and evacuation"],
                   ["Water rescue lead", "Fire", "Rescues from water"]],
            safety="Nobody enters flood water without water rescue training and equipment.",
        ),
    ),
    (
        "operational-policy",
        LegacySpec(
            reference="LEG-102",
            title="Shared radio channel allocation",
            service="Joint",
            owner="Head of Control Rooms",
            version="1.3",
            sections=[
                ("Purpose", ["This procedure allocates shared radio talk groups at incidents."]),
                ("Allocation", ["Control rooms agree a shared talk group within ten minutes.",
                                "The talk group is recorded on the incident log."]),
            ],
            steps=["Request a shared talk group.", "Confirm it with the other control room.",
                   "Broadcast it to all responding units."],
            table=[["Talk group", "Use"], ["JOINT-1", "Command"], ["JOINT-2", "Operations"]],
        ),
    ),
]  # fmt: skip


def build_legacy_files() -> list[tuple[str, str, bytes]]:
    """(section slug, file name, bytes) for each generated legacy document."""
    return [
        (section, f"{spec.reference}-{spec.title.lower().replace(' ', '-')}.docx",
         legacy_procedure(spec))
        for section, spec in LEGACY_DEMO
    ]  # fmt: skip
