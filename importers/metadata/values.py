"""Reading the values legacy documents write: dates, version numbers, references, protective
markings, document types, owning services, and telling a filled-in value from a blank template
field."""

from __future__ import annotations

import datetime
import functools
import re

from procedures.models import DocumentType, ProtectiveMarking, Service, reference_validator

from ..package import WordImportError

# -- blank template fields ----------------------------------------------------------------

PLACEHOLDER_RE = re.compile(
    r"^(?:"
    r"[-–—_.\s/]*"  # nothing but dashes, dots, underscores
    r"|n/?a|none|nil|tbc|tba|tbd|to be (?:confirmed|agreed|decided|added)|not (?:applicable|known)"
    r"|x+|\?+|various|pending|unknown|insert.*|enter .*|add .*|type .*"
    r"|click (?:or tap )?here.*|choose an item\.?|select .*"
    r"|[\[<{(].*[\]>})]"  # [Insert date], <owner>, {Company}, (name)
    r"|(?:dd|xx)[/.-](?:mm|xx)[/.-](?:yy|yyyy|xx|xxxx)|mm/yyyy|month yyyy|yyyy-mm-dd"
    r"|v?x\.x"
    r")$",
    re.IGNORECASE,
)


SPACES_RE = re.compile(r"\s+")
BLANKS_RE = re.compile(r"[ \t\u00a0]+")


@functools.lru_cache(maxsize=4096)
def is_blank(value: str) -> bool:
    """True for an empty or still-to-be-filled-in template field."""
    text = SPACES_RE.sub(" ", value or "").strip().strip(":").strip()
    return not text or bool(PLACEHOLDER_RE.match(text))


def clean(value: str) -> str:
    return BLANKS_RE.sub(" ", value or "").strip().strip(":").strip()


# -- dates ---------------------------------------------------------------------------------

DATE_FORMATS = (
    "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%d.%m.%y", "%d-%m-%Y", "%d-%m-%y", "%Y-%m-%d",
    "%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%B %d, %Y", "%b %d, %Y",
    "%d %B %y", "%d %b %y", "%B %Y", "%b %Y", "%d-%b-%Y", "%d-%b-%y", "%d-%B-%Y", "%d %B, %Y",
    "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%m/%Y", "%Y%m%d",
    "%m/%d/%Y",  # US order, only when the day-first reading is impossible (05/30/2019)
)  # fmt: skip
MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE_IN_TEXT_RE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?[\s-]+{MONTHS},?[\s-]+\d{{2,4}}\b"
    rf"|\b{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    r"|\b\d{4}-\d{1,2}-\d{1,2}\b"
    r"|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"
    rf"|\b{MONTHS}\s+\d{{4}}\b",
    re.IGNORECASE,
)
DIGIT_RE = re.compile(r"\d")
LONGEST_DATE = 32  # "30 September, 2019", "2019-05-30T10:00:00Z": a longer text is not one date
WEEKDAY_RE = re.compile(r"^(mon|tues|wednes|thurs|fri|satur|sun)day,?\s+", re.IGNORECASE)


def _normalise_date_text(text: str) -> str:
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip().rstrip("."), flags=re.IGNORECASE)
    text = re.sub(r"\bof\b", " ", text, flags=re.IGNORECASE)
    text = WEEKDAY_RE.sub("", text)
    text = re.sub(r"\b(sept)\b", "sep", text, flags=re.IGNORECASE)
    text = re.sub(r"\b([A-Za-z]{3})\.", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


@functools.lru_cache(maxsize=4096)
def parse_date(text: str) -> datetime.date | None:
    """A date as legacy documents write it (day first, UK style), alone or inside other text
    ("30 May 2019 (approved by the board)")."""
    if not text or not DIGIT_RE.search(text):
        return None  # every date format has a year: no digit, no date (and no strptime calls)
    candidate = _normalise_date_text(text)
    attempts = [candidate] if len(candidate) <= LONGEST_DATE else []
    attempts += [m.group(0) for m in DATE_IN_TEXT_RE.finditer(text)]
    for attempt in attempts:
        attempt = _normalise_date_text(attempt)
        for fmt in DATE_FORMATS:
            try:
                day = datetime.datetime.strptime(attempt, fmt).date()  # a date, no zone
            except ValueError:
                continue
            if 1950 <= day.year <= 2100:
                return day
    return None


# -- versions ------------------------------------------------------------------------------

VERSION_RE = re.compile(
    r"^\s*(?:(?:version|ver|vers|v|issue|iss|revision|rev|release|draft|final|amendment|no)"
    r"\.?\s*(?:no\.?|number)?\s*[:#]?\s*)*(\d{1,4})(?:\s*\.\s*(\d{1,4}))?(?:\.\d{1,4})*"
    r"(?=\s|$|[-–(,;a-z])",
    re.IGNORECASE,
)


def parse_version(text: str) -> tuple[int, int] | None:
    """'2.1', 'V1.2', 'Version 3', 'Issue 4', '1.0 (final)' -> (major, minor); dates, phone
    numbers and prose -> None."""
    text = (text or "").strip()
    if not text or len(text) > 40:
        return None
    simple = re.match(r"^\s*v?\d{1,3}(\.\d{1,3})?\s*$", text, re.IGNORECASE)
    if not simple and parse_date(text) and re.search(r"\d[/-]\d|[a-z]{3}", text, re.I):
        return None
    match = VERSION_RE.match(text)
    if not match:
        return None
    major, minor = int(match.group(1)), int(match.group(2) or 0)
    if major > 999:
        return None
    return major, minor


# A revision written as a letter ("Rev A", "Revision B", "Issue C", a bare "B" in a version
# field), perhaps with a status word. The library numbers versions major.minor and cannot hold
# a letter: such a version is kept as written for the preview and report, never turned into
# an invented number.
LETTER_REVISION_RE = re.compile(
    r"^\s*(?:(?:rev|revision|issue|iss|version|ver)\.?\s*(?:no\.?|number)?\s*[:#]?\s*)?"
    r"([A-Z])\s*(?:\(?\s*(?:draft|final|approved|issued|current|live)\s*\)?)?\s*$",
    re.IGNORECASE,
)
# A number with a letter after it: "Issue 3a", "1.0a", "2.1b".
LETTER_SUFFIX_RE = re.compile(r"\d\s*([a-z])(?![a-z])", re.IGNORECASE)


def letter_revision(text: str) -> str:
    """'Rev A', 'Revision b', 'Issue C (draft)', 'B' -> 'A', 'B', 'C', 'B'; anything else ''."""
    match = LETTER_REVISION_RE.match(text or "")
    return match.group(1).upper() if match else ""


def version_letter_suffix(text: str) -> str:
    """The letter after a version's number ('Issue 3a' -> 'a'), which the library's major.minor
    cannot hold; '' when there is none."""
    match = LETTER_SUFFIX_RE.search(text or "")
    return match.group(1) if match and parse_version(text) else ""


# -- references ----------------------------------------------------------------------------


# Letters and digits that are the whole of a code, never part of a longer one: "POL-HR-012"
# and "SOP-HR-012" are two documents, and taking "HR-012" from both would match one to the
# other.
REFERENCE_RE = re.compile(
    r"(?<![\w][-/_.])(?<![\w][-/_.] )\b([A-Za-z]{2,6})\s*[-/_ .]?\s*(\d{1,4})([A-Za-z]?)\b"
    r"(?!\s?[-/_.]\s?\w)"
)


def normalise_reference(text: str) -> str:
    """`jop 14`, `JOP/014`, `JOP-014` -> `JOP-014` when it fits the library's form, else ''
    (also for a longer code such as `POL-HR-012`, which the library's form cannot hold)."""
    match = REFERENCE_RE.search(text or "")
    if not match:
        return ""
    letters, digits, suffix = match.groups()
    candidate = f"{letters.upper()}-{digits.zfill(2)}{suffix.upper()}"
    try:
        reference_validator(candidate)
    except Exception:  # noqa: BLE001 - a ValidationError means 'no usable reference'
        return ""
    return candidate


# -- protective markings -------------------------------------------------------------------

SENSITIVE_WORDS = re.compile(
    r"\bOFFICIAL SENSITIVE\b|\bRESTRICTED\b|\bCONFIDENTIAL\b|\bPROTECT\b|\bIN CONFIDENCE\b"
)
OFFICIAL_WORDS = re.compile(
    r"\bOFFICIAL\b|\bNOT PROTECTIVELY MARKED\b|\bNPM\b|\bUNCLASSIFIED\b|\bPUBLIC\b"
    r"|\bUNRESTRICTED\b|\bNOT CLASSIFIED\b"
)


def _upper(text: str) -> str:
    # "Official: Sensitive", "OFFICIAL_SENSITIVE", "OFFICIAL – SENSITIVE": one spelling.
    return re.sub(r"[\s\u2010-\u2015_:-]+", " ", (text or "").upper())


def refuse_secret(text: str) -> None:
    upper = _upper(text)
    if re.search(r"\bTOP SECRET\b|(?<!OFFICIAL )(?<!NOT )\bSECRET\b", upper):
        raise WordImportError(
            "The document is marked SECRET or TOP SECRET; the library holds only OFFICIAL and "
            "OFFICIAL-SENSITIVE material. It was not imported."
        )


def detect_marking(text: str) -> str:
    """The marking named in `text` (headers, footers, a front sheet), or ''. SECRET and TOP
    SECRET stop the import."""
    refuse_secret(text)
    upper = _upper(text)
    if SENSITIVE_WORDS.search(upper):
        return ProtectiveMarking.OFFICIAL_SENSITIVE
    if OFFICIAL_WORDS.search(upper):
        return ProtectiveMarking.OFFICIAL
    return ""


def marking_words(text: str) -> str:
    """The marking as the document writes it ('Confidential', 'RESTRICTED'), for messages."""
    upper = _upper(text)
    for pattern in (SENSITIVE_WORDS, OFFICIAL_WORDS):
        match = pattern.search(upper)
        if match:
            return match.group(0)
    return clean(text)[:60]


# -- services and document types ---------------------------------------------------------


def detect_service(text: str) -> str:
    lower = (text or "").lower()
    police = "police" in lower or "constabulary" in lower
    fire = "fire" in lower
    if "joint" in lower or (police and fire):
        return Service.JOINT
    if police:
        return Service.POLICE
    if fire:
        return Service.FIRE
    return ""


# (pattern, what the document calls itself, the library's type). The library has no
# "standard" or "SOP" type: a standard is held as a policy, an SOP as a procedure.
KIND_PATTERNS: tuple[tuple[str, str, str], ...] = (
    (r"\baction cards?\b", "Action card", DocumentType.ACTION_CARD),
    (r"\bstandard operating procedures?\b|\bSOPs?\b", "SOP", DocumentType.PROCEDURE),
    (r"\bguidance(?: notes?)?\b|\bguidelines?\b|\bguide\b", "Guidance", DocumentType.GUIDANCE),
    (r"\bprocedures?\b|\bprocess(?:es)?\b|\bwork instructions?\b", "Procedure",
     DocumentType.PROCEDURE),
    (r"\bstandards?\b", "Standard", DocumentType.POLICY),
    (r"\bpolic(?:y|ies)\b|\bstrategy\b|\bframework\b", "Policy", DocumentType.POLICY),
)  # fmt: skip


def detect_kind(text: str) -> tuple[str, str]:
    """(what the text calls the document, the library's document type), or ('', ''). The
    last kind word wins: 'Information Security Standard' is a standard, 'Procedure for the
    lone-working policy' a policy... but 'Policy and Procedure' a procedure."""
    best: tuple[int, str, str] = (-1, "", "")
    for pattern, kind, doc_type in KIND_PATTERNS:
        for match in re.finditer(pattern, text or "", re.IGNORECASE):
            if match.start() > best[0]:
                best = (match.start(), kind, doc_type)
    return best[1], best[2]


def detect_type(text: str) -> str:
    return detect_kind(text)[1]
