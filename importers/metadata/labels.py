"""The labels document-control information goes by, and finding (label, value) pairs in table
rows, table columns and "Label: value" paragraphs."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .values import detect_kind, parse_date

LABELS: dict[str, tuple[str, ...]] = {
    "reference": ("reference", "document reference", "ref", "ref no", "reference no",
                  "reference number", "document number", "document no", "policy reference",
                  "procedure reference", "sop reference", "document ref", "doc ref", "doc no",
                  "policy number", "policy no", "procedure number", "procedure no",
                  "document id", "document identifier", "policy ref", "procedure ref",
                  "unique reference", "unique reference number", "urn", "sop number", "sop no",
                  "sop ref", "document code", "policy code", "id", "ref number", "code",
                  "policy id", "procedure id", "reference code"),
    "title": ("title", "document title", "policy title", "procedure title", "sop title",
              "name of document", "document name", "policy name", "name of policy",
              "procedure name", "name of procedure", "standard title", "title of document",
              "title of policy", "guidance title"),
    "version": ("version", "version number", "current version", "version no", "issue",
                "issue no", "issue number", "revision", "revision no", "revision number", "rev",
                "rev no", "ver", "document version", "version control", "version/issue",
                "issue/version", "policy version", "version issue", "release", "edition"),
    "owner_role": ("owner", "sro", "senior responsible owner", "policy owner", "document owner",
                   "procedure owner", "sop owner",
                   "owning role", "owner role", "responsible officer", "owning department",
                   "lead officer", "policy lead", "lead", "document lead", "procedure lead",
                   "responsible owner", "responsible person", "accountable officer",
                   "accountable owner", "business owner", "process owner", "service owner",
                   "owning team", "responsible department", "department", "policy holder",
                   "responsible manager", "lead director", "lead department", "owned by",
                   "policy sponsor", "document sponsor", "sponsor", "custodian",
                   "document custodian", "responsible lead", "lead author", "information owner",
                   "standard owner", "guidance owner", "owner/author", "owner and author"),
    "author": ("author", "authors", "written by", "prepared by", "drafted by", "originator",
               "created by", "compiled by", "document author", "policy author", "produced by",
               "author name", "reviewed and updated by", "updated by", "author's name",
               "author's name and job title", "name and job title of author",
               "author name and title", "author's job title"),
    "approver": ("approved by", "approver", "approvers", "approving body", "approval body",
                 "authorised by", "authorized by", "approving committee", "ratified by",
                 "signed off by", "approving officer", "approval authority", "approving authority",
                 "approved", "ratifying committee", "ratifying body", "approving manager",
                 "sign off", "signed off", "approval by", "responsible committee",
                 "name of responsible committee", "name of approving committee",
                 "name of approving body", "approving group", "ratifying group"),
    "effective": ("effective date", "effective from", "date effective", "date of issue",
                  "issue date", "date issued", "issued", "issued on", "date approved",
                  "approval date", "approved date", "approved on", "date of approval",
                  "publication date", "date published", "published", "published on",
                  "implementation date", "date implemented", "date ratified", "ratified on",
                  "ratification date", "date of ratification", "in force from", "valid from",
                  "start date", "commencement date", "go live date", "live date",
                  "date of this version", "version date", "release date", "date of publication",
                  "date of implementation", "approved date/effective date", "applies from",
                  "date of version", "date of current version", "operative date",
                  "date approved by committee", "date of board approval", "date of sign off",
                  "date comes into effect", "comes into effect", "date of effect",
                  "in effect from", "date into effect"),
    "modified": ("date modified", "last modified", "last updated", "date updated", "updated",
                 "date of last revision", "date revised", "revision date", "last revised",
                 "date last amended", "last amended", "amended", "date amended", "modified",
                 "date", "document date", "created", "date created", "creation date",
                 "date written", "date drafted", "draft date"),
    "review": ("review date", "next review", "next review date", "date of next review",
               "review due", "review due date", "due for review", "scheduled review date",
               "review by", "to be reviewed by", "next review due", "date for review",
               "date of review", "planned review date", "expiry date", "expires",
               "valid until", "review before", "reviewed by date", "next formal review",
               "next formal review date", "date of next formal review", "review due by",
               "next scheduled review", "next review by"),
    "last_reviewed": ("last reviewed", "date last reviewed", "date of last review",
                      "last review date", "last review", "reviewed on", "date reviewed",
                      "reviewed", "reviewed date", "date of last formal review",
                      "last formal review"),
    "reviewer": ("reviewer", "reviewers", "reviewed by", "reviewing officer", "checked by",
                 "verified by", "quality checked by"),
    "status": ("status", "document status", "policy status", "approval status",
               "status of document", "version status", "current status", "procedure status"),
    # When the document was first issued: a fact about its history, never its current date.
    "first_issued": ("date of first issue", "date first issued", "first issued",
                     "first issue date", "original issue date", "date of original issue",
                     "original date of issue", "first published", "date first published",
                     "date originally issued", "originally issued", "first approved",
                     "date first approved"),
    # Impact assessments name their own owner, date and outcome: none is the document's.
    "impact_assessment": ("equality impact assessment", "eia", "eqia", "equality analysis",
                          "equality impact assessment completed", "date of eia",
                          "data protection impact assessment", "dpia",
                          "equality and diversity impact assessment", "impact assessment",
                          "equality impact assessment owner", "date of eqia",
                          "privacy impact assessment", "pia"),
    # Freedom of Information status or exemption: not the document's status or marking.
    "foi": ("freedom of information", "foi", "foi status", "foia exemption", "foi exemption",
            "publication scheme", "freedom of information status", "foi classification"),
    # The version this one replaces: never the version in force.
    "supersedes": ("supersedes", "replaces", "superseded version", "previous version",
                   "version superseded", "prior version", "previous versions",
                   "documents superseded", "this document replaces", "superseded documents",
                   "replaces version", "supersedes version"),
    "review_cycle": ("review cycle", "review frequency", "review period", "review interval",
                     "frequency of review"),
    "marking": ("protective marking", "classification", "security classification",
                "government security classification", "marking", "gsc", "security marking",
                "information classification", "sensitivity", "data classification",
                "classification level", "security level", "document classification",
                "gscp marking", "gpms marking", "gpms", "handling",
                "protective marking/classification",
                "security classification/marking", "security", "confidentiality level",
                "confidentiality", "confidentiality classification", "information security level",
                "handling caveat", "distribution classification", "marking classification"),
    "service": ("service", "owning service", "organisation", "organization",
                "applies to service"),
    "document_type": ("document type", "type", "type of document", "document category",
                      "category", "type of policy", "policy type", "kind"),
    "summary": ("summary", "purpose", "description", "aim", "synopsis", "abstract",
                "brief description", "purpose of document", "summary of document"),
}  # fmt: skip
LABEL_TO_FIELD = {label: key for key, labels in LABELS.items() for label in labels}

# Labels a short label may also be written as (e.g. "Version No:" or "Owner (role)").
LABEL_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"impact assessment|\beq?ia\b|\bdpia\b|equality analysis", "impact_assessment"),
    (r"\bfoia?\b|freedom of information|publication scheme", "foi"),
    (r"\bstatus\b", "status"),
    (r"\bsupersed|\bpreviou?s\b|\breplaces\b|\bprior\b", "supersedes"),
    (r"\bfirst (?:issued?|published|approved)\b|\boriginal(?:ly)? (?:date of )?issue",
     "first_issued"),
    (r"\b(?:review|reviewing) (?:frequency|cycle|period|interval)\b|frequency of review",
     "review_cycle"),
    (r"\b(?:responsible|approving|ratifying) (?:committee|group|body|board)\b", "approver"),
    (r"^(?:next |date of next |planned )?review(?: due)?(?: date)?$|review date", "review"),
    (r"\bversion\b|\bissue (?:no|number)\b", "version"),
    (r"\bowner\b|\bpolicy lead\b|\blead officer\b|\bresponsible (?:officer|person|manager)\b",
     "owner_role"),
    (r"classification|protective marking|security marking", "marking"),
    (r"^(?:approved|authori[sz]ed|ratified|signed off) by\b|\bapprov(?:er|ing)\b", "approver"),
    (r"effective|date of issue|issue date|date issued|approved on|approval date|date approved"
     r"|date of approval|publication date|published|ratified on|date ratified", "effective"),
    (r"\bauthor|written by|prepared by|drafted by", "author"),
    (r"\b(?:reference|ref)\b", "reference"),
    (r"\bresponsible\b|\bsponsor\b|\blead\b|\baccountable\b", "owner_role"),
    (r"last (?:modified|updated|amended|revised)|date (?:modified|updated|amended|revised)",
     "modified"),
    (r"\btitle\b", "title"),
)  # fmt: skip
LABEL_PATTERN_RES = tuple((re.compile(pattern), key) for pattern, key in LABEL_PATTERNS)
# Whole words only: "accountable" holds "table", "catalogue" "log".
# A version word and its number are a value, not a label: "Version 2 (final)", "Issue 3a",
# "Rev 1.1" (but "Approver 1", "Reviewer 2" are labels).
VALUE_NUMBER_RE = re.compile(r"^(?:version|ver|issue|rev|revision|release|edition|v)\s*\.?\s*\d")
# One label or heading naming two fields: "Version / Date", "Date & Version", "Author/Owner".
COMBINED_SPLIT_RE = re.compile(r"\s*(?:/|\\|&|\+|\band\b|,)\s*")
PLACEHOLDER_RE = re.compile(r"^\s*[\[<{].*[\]>}][\s:]*$", re.DOTALL)
NOT_A_LABEL_RE = re.compile(r"\b(?:history|control|records?|recorded|log|sheet|table)\b")
BRACKETED_RE = re.compile(r"\([^)]*\)")
LEADING_NUMBER_RE = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]?|[a-z][.)])\s+")
SPACES_RE = re.compile(r"[\s\u00a0]+")
EDGE_PUNCTUATION_RE = re.compile(r"^[\s:.*#•\-–]+|[\s:.*#?\-–]+$")
# Every cell and paragraph that might hold a label is asked about, and documents repeat their
# labels and values (a front sheet on every page, a history table's repeated authors): the
# answers are cached (pure functions of the text).
CACHE_SIZE = 8192


@functools.lru_cache(maxsize=CACHE_SIZE)
def norm_label(text: str) -> str:
    """'Version No.:', 'Document Owner (role)*' -> 'version no', 'document owner'."""
    text = BRACKETED_RE.sub(" ", (text or "").lower())
    text = text.replace("&", " and ").replace("’", "'")
    text = LEADING_NUMBER_RE.sub("", text)
    text = SPACES_RE.sub(" ", text)
    text = EDGE_PUNCTUATION_RE.sub("", text)
    return text.strip()


@functools.lru_cache(maxsize=CACHE_SIZE)
def field_for_label(text: str) -> str | None:
    """The metadata field a label names, or None for anything else (including prose and a
    template's placeholder such as "[Insert title]", which names a field but is no label)."""
    if PLACEHOLDER_RE.match(text):
        return None
    label = norm_label(text)
    if not label or len(label) > 48 or len(label.split()) > 6 or VALUE_NUMBER_RE.search(label):
        return None
    if label in LABEL_TO_FIELD:
        return LABEL_TO_FIELD[label]
    if combined := _combined_field(label):
        return combined
    numbered = re.sub(r"\s+\d{1,2}$", "", label)  # "Reviewer 2", "Approver 1"
    if numbered != label and numbered in LABEL_TO_FIELD:
        return LABEL_TO_FIELD[numbered]
    # "Date policy approved", "Date of next procedure review": the kind word is no part of it.
    without_kind = KIND_WORD_RE.sub(" ", label).split()
    if 0 < len(without_kind) < len(label.split()) and " ".join(without_kind) in LABEL_TO_FIELD:
        return LABEL_TO_FIELD[" ".join(without_kind)]
    if label.endswith("s") and label[:-1] in LABEL_TO_FIELD:
        return LABEL_TO_FIELD[label[:-1]]
    if len(label.split()) > 4 or NOT_A_LABEL_RE.search(label):
        return None
    for pattern, key in LABEL_PATTERN_RES:
        if pattern.search(label):
            return key
    return None


KIND_WORD_RE = re.compile(r"\b(?:policy|procedure|document|sop|guidance|standard)\b")


def _combined_field(label: str) -> str | None:
    """'Version / Date', 'Issue and date of issue': 'version' (its value is split into the
    version and the date when collected); None for anything else."""
    parts = [part for part in COMBINED_SPLIT_RE.split(label) if part.strip()]
    if len(parts) != 2:
        return None
    fields = {field_for_label(part) for part in parts}
    if fields == {"version"}:
        return "version"  # "Issue/Revision"
    dates = {"effective", "modified", "review", "last_reviewed"}
    return "version" if "version" in fields and len(fields & dates) == 1 else None


@dataclass
class Pair:
    field: str
    label: str  # as written
    value: str  # as written
    where: str


KV_SPLIT_RE = re.compile(
    r"\t+|\s{3,}|\s+\|\s+|\s{2}(?=[A-Za-z][A-Za-z /.]{1,30}:)|;\s*(?=[A-Za-z][A-Za-z /.]{1,30}:)"
)
KV_RE = re.compile(r"^\s*([^:\n]{2,48}?)\s*[:=]\s*(.*)$", re.DOTALL)
# "Version 2.1" alone, or with the date it was issued: "Issue 2 - May 2023".
BARE_VERSION_RE = re.compile(
    r"^\s*(version|issue|v)\s*\.?\s*(\d{1,3}(?:\.\d{1,3})?[a-z]?)\s*"
    r"(?:[-\u2013\u2014,|(]\s*(.+?)\)?)?\s*$",
    re.I,
)
# ... with what it is: "v1.0 draft", "Version 2 (final)", "Issue 3 - approved".
STATUS_WORDS = r"draft|final|approved|issued|current|live|superseded|for consultation"
STATUS_RE = re.compile(rf"^\(?\s*(?:{STATUS_WORDS})\s*\)?$", re.I)
# A letter revision alone on its line: "Rev A", "Revision B (draft)".
BARE_LETTER_RE = re.compile(
    rf"^\s*(rev|revision|issue)\s*\.?\s*([A-Z])\s*(?:\(?\s*(?:{STATUS_WORDS})\s*\)?)?\s*$",
    re.I,
)
# A document's name followed by its version: "Lone Working Policy v2.1", "... - Version 3".
VERSION_SUFFIX_RE = re.compile(
    r"\s*[-\u2013\u2014|,(]?\s*\b(v|ver|version|issue|rev|revision)\s*\.?\s*"
    r"(\d{1,3}(?:\.\d{1,3})?)\)?\s*$",
    re.I,
)

LETTER_SUFFIX_RE = re.compile(
    r"\s*[-\u2013\u2014|,(]?\s*\b((?i:rev|revision|issue))\s*\.?\s*[A-Z]\)?\s*$"
)


def bare_version(chunk: str, where: str) -> list[Pair]:
    """'Version 2.1' -> the version; 'Issue 2 - May 2023' -> the version and its date."""
    match = BARE_VERSION_RE.match(chunk)
    if match is None:
        status = re.match(rf"^(.+?)[\s,(-]+(?:{STATUS_WORDS})\)?\s*$", chunk, re.I)
        match = BARE_VERSION_RE.match(status.group(1)) if status else None
        if match is None:
            letter = BARE_LETTER_RE.match(chunk)
            return [Pair("version", letter.group(1), chunk.strip(), where)] if letter else []
        return [Pair("version", match.group(1), chunk.strip(), where)]
    label, number, rest = match.groups()
    if rest is None or STATUS_RE.match(rest.strip()):
        return [Pair("version", label, chunk.strip(), where)]
    if parse_date(rest) is None:
        return []
    return [Pair("version", label, number, where), Pair("effective", label, rest, where)]


def version_suffix(line: str) -> tuple[str, str, str]:
    """(name, label, number) for a document's name followed by its version ('Lone Working
    Policy v2.1'), else (line, '', '')."""
    match = VERSION_SUFFIX_RE.search(line)
    if match is None:
        # A letter revision after the name: "Lone Working Policy Rev B" (kept as written).
        letter = LETTER_SUFFIX_RE.search(line)
        if letter is None or not line[: letter.start()].strip():
            return line, "", ""
        return line[: letter.start()].strip(), letter.group(1), letter.group(0).strip(" -,|()")
    if not line[: match.start()].strip():
        return line, "", ""
    return line[: match.start()].strip(), match.group(1), match.group(2)


def _is_label(chunk: str) -> bool:
    """A chunk that is a label itself ('Owner') or starts one ('Owner: X')."""
    match = KV_RE.match(chunk)
    return field_for_label(chunk) is not None or bool(match and field_for_label(match.group(1)))


def pairs_in_text(text: str, where: str) -> list[Pair]:
    """'Version: 2.1', 'Owner: Head of X    Review date: 1/1/2026', 'Version\t2.1' and
    'Version 2.1' (alone on its line) in one paragraph or cell."""
    found: list[Pair] = []
    lines = [line for line in (text or "").split("\n") if line.strip()]
    if len(lines) == 2 and field_for_label(lines[0]) and not _is_label(lines[1]):
        return [Pair(field_for_label(lines[0]) or "", lines[0].strip(), lines[1].strip(), where)]
    for line in lines:
        chunks = [c for c in KV_SPLIT_RE.split(line) if c.strip()]
        index = 0
        while index < len(chunks):
            chunk = chunks[index]
            match = KV_RE.match(chunk)
            key = field_for_label(match.group(1)) if match else None
            if match and key:
                value = match.group(2).strip()
                if not value and index + 1 < len(chunks) and not _is_label(chunks[index + 1]):
                    index += 1  # "Version:<tab>2.1"
                    value = chunks[index].strip()
                found.append(Pair(key, match.group(1).strip(), value, where))
            elif bare := bare_version(chunk, where):
                found.extend(bare)
            elif (
                (key := field_for_label(chunk)) is not None
                and index + 1 < len(chunks)
                and not _is_label(chunks[index + 1])
            ):
                found.append(Pair(key, chunk.strip(), chunks[index + 1].strip(), where))
                index += 1
            elif len(chunk.split()) <= 14:
                name, label, number = version_suffix(chunk)
                if number and detect_kind(name)[0]:  # "Lone Working Policy v2.1"
                    found.append(Pair("version", label, number, where))
            index += 1
    return found
