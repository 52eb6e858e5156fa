"""Printed documents, checked on the PDF Chromium makes.

Each document is printed to PDF (Playwright's `page.pdf`, Chromium's own print path); each
page's words are read with their positions (pdfplumber) and every page must carry, in its
margins, the protective marking (top and bottom), the reference and version, "Page N of M"
and the uncontrolled-copy note with today's date, none of it overlapping the body text."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from django.utils import timezone
from django.utils.dateformat import format as date_format

from procedures.models import DocumentPage

from .conftest import PHONE

# What the browser shows and checks here does not depend on the database engine.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.engine_independent]

MM = 72 / 25.4
# The page margins of site/static/css/print.css (22 mm top, 24 mm bottom).
TOP_MARGIN, BOTTOM_MARGIN = 22 * MM, 24 * MM


def squash(words) -> str:
    return " ".join(word["text"] for word in words)


def overlaps(a: dict, b: dict) -> bool:
    return (
        a["x0"] < b["x1"]
        and b["x0"] < a["x1"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


def print_to_pdf(page, url: str) -> bytes:
    page.goto(url)
    page.emulate_media(media="print")
    return page.pdf(prefer_css_page_size=True)


def check_every_page(pdf_bytes: bytes, marking: str, heading: str, body_word: str) -> int:
    printed = f"Printed {date_format(timezone.localdate(), 'j F Y')}."
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        pages = pdf.pages
        assert len(pages) >= 2, "expected a document of more than one page"
        body_text = []
        for number, pdf_page in enumerate(pages, start=1):
            words = pdf_page.extract_words(keep_blank_chars=False, use_text_flow=True)
            height = pdf_page.height
            head = [w for w in words if w["bottom"] <= TOP_MARGIN]
            foot = [w for w in words if w["top"] >= height - BOTTOM_MARGIN]
            body = [w for w in words if w not in head and w not in foot]
            where = f"page {number} of {len(pages)}"
            head_text, foot_text = squash(head), squash(foot)
            assert marking in head_text, f"{where}: no marking at the top ({head_text!r})"
            assert heading in head_text, f"{where}: no reference and version ({head_text!r})"
            assert marking in foot_text, f"{where}: no marking at the bottom ({foot_text!r})"
            assert f"Page {number} of {len(pages)}" in foot_text, f"{where}: {foot_text!r}"
            assert printed in foot_text, f"{where}: no print date ({foot_text!r})"
            assert "Printed copies are uncontrolled" in foot_text, f"{where}: {foot_text!r}"
            # Nothing straddles a margin, and no running text sits on body text.
            for word in body:
                assert word["top"] >= TOP_MARGIN - 0.5, f"{where}: {word['text']!r} in the head"
                assert word["bottom"] <= height - BOTTOM_MARGIN + 0.5, (
                    f"{where}: {word['text']!r} runs into the foot"
                )
                for running in head + foot:
                    assert not overlaps(word, running), (
                        f"{where}: {running['text']!r} overlaps {word['text']!r}"
                    )
            assert body, f"{where}: no body text"
            body_text.append(squash(body))
        assert body_word in " ".join(body_text)
        return len(pages)


@pytest.mark.parametrize(
    "reference,body_word",
    [
        ("JOP-001", "METHANE"),  # a procedure, OFFICIAL, with a table
        ("JOP-003", "Operational zones at an MTA"),  # OFFICIAL-SENSITIVE, with a table
        ("JOP-015", "control room"),  # an action card, as people carry it to an incident
    ],
)
def test_printed_pages_carry_marking_reference_page_number_and_control_note(
    page_for, reference, body_word
):
    document = DocumentPage.objects.get(reference=reference)
    page = page_for("planner")
    pdf = print_to_pdf(page, document.url)
    check_every_page(
        pdf,
        document.get_protective_marking_display(),
        f"{reference} version {document.version_label}",
        body_word,
    )


def test_an_earlier_version_prints_as_that_version(page_for):
    document = DocumentPage.objects.get(reference="JOP-001")
    page = page_for("planner")
    pdf = print_to_pdf(page, document.url + "versions/3/0/")
    check_every_page(pdf, "OFFICIAL", "JOP-001 version 3.0", "METHANE")


def test_a_print_from_a_phone_still_carries_the_metadata(page_for):
    """On a phone the metadata is folded away; paper must still carry it."""
    document = DocumentPage.objects.get(reference="JOP-015")
    page = page_for("planner", viewport=PHONE)
    pdf = print_to_pdf(page, document.url)
    with pdfplumber.open(io.BytesIO(pdf)) as printed:
        text = " ".join(p.extract_text() or "" for p in printed.pages)
    assert "About this document" in text and "Next review" in text
    assert "Opening the event control room" in text
