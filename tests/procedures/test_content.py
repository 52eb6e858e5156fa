"""The content model: anchors, sections, derived status, review dates and safe rendering."""

import datetime
from html.parser import HTMLParser

import pytest
from django.utils import timezone
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from procedures.blocks import RICH_TEXT_FEATURES, DocumentBodyBlock, assign_heading_anchors
from procedures.demo import content
from procedures.models import DocumentStatus, LibraryHomePage, add_months
from procedures.printing import css_string
from procedures.sanitize import clean_html

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p>Read <a href="javascript:alert(1)">this</a>'
    '<img src="x" onerror="alert(2)"><script>alert(3)</script>'
    '<b onclick="alert(4)">now</b></p>'
)


class ActiveContentFinder(HTMLParser):
    """Collects anything in parsed HTML that a browser would run."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "iframe", "object", "embed"}:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            scheme = (value or "").strip().lower().replace("\t", "")
            if name in {"href", "src", "action", "formaction"} and scheme.startswith(
                ("javascript:", "data:")
            ):
                self.found.append(f"{tag} {name}={value}")


def assert_harmless(html: str) -> None:
    finder = ActiveContentFinder()
    finder.feed(html)
    assert finder.found == [], f"active content survived: {finder.found}"


def test_clean_html_strips_scripts_event_handlers_and_javascript_links():
    cleaned = clean_html(HOSTILE)
    assert_harmless(cleaned)
    assert "<b>now</b>" in cleaned
    assert "Read" in cleaned


def test_every_block_escapes_or_strips_script(client_for, library):
    page = library["JOP-001"]
    page.body = [
        ("heading", {"text": '<script>alert("h")</script>Hazards', "level": "2", "number": "9"}),
        ("text", HOSTILE),
        ("steps", {"start": 1, "steps": [HOSTILE]}),
        ("checklist", {"title": "<script>x</script>", "items": ['<img src=x onerror="alert(5)">']}),
        ("callout", {"kind": "safety", "title": "<script>y</script>", "body": HOSTILE}),
        (
            "table",
            {
                "table": {
                    "data": [["<script>alert(6)</script>", "ok"], ["a", "b"]],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "<script>alert(7)</script>",
                }
            },
        ),
    ]
    page.save_revision().publish()
    body = client_for("police.officer").get(page.url).content.decode()
    main = body.split('id="main-content"')[1].split("</main>")[0]
    assert_harmless(main)
    assert "&lt;script&gt;" in main  # plain-text fields are escaped, not executed


def test_home_intro_rich_text_is_sanitised(client_for):
    home = LibraryHomePage.objects.get()
    home.intro = HOSTILE
    home.save_revision().publish()
    assert_harmless(client_for("police.officer").get("/").content.decode().split("<main")[1])


def test_headings_get_unique_anchors_that_survive_edits():
    block = DocumentBodyBlock()
    stream = block.to_python(
        [
            {"type": "heading", "value": {"text": "Cordons", "number": "2", "level": "2"}},
            {"type": "heading", "value": {"text": "Cordons", "number": "2", "level": "2"}},
            {
                "type": "heading",
                "value": {"text": "Scope", "number": "", "level": "3", "anchor": "keep-me"},
            },
        ]
    )
    assign_heading_anchors(stream)
    anchors = [child.value["anchor"] for child in stream]
    assert anchors == ["section-2-cordons", "section-2-cordons-2", "keep-me"]
    stream[0].value["text"] = "Inner and outer cordons"
    assign_heading_anchors(stream)
    assert stream[0].value["anchor"] == "section-2-cordons"


def test_sections_split_the_body_at_headings(library):
    sections = library["JOP-001"].sections
    assert [s.label for s in sections][:3] == [
        "1 Purpose",
        "2 Declaring a major incident",
        "3 The METHANE message",
    ]
    methane = next(s for s in sections if s.anchor == "section-3-the-methane-message")
    assert "Exact location" in methane.text
    subsection = library["JOP-001"].contents[4]
    assert (subsection.number, subsection.level) == ("4.1", 3)


def test_document_page_shows_metadata_contents_and_deep_links(client_for, library):
    body = client_for("firefighter").get(library["JOP-001"].url).content.decode()
    for text in [
        "JOP-001",
        "Version",
        "3.1",
        "Next review",
        "Head of Joint Operations",
        "Contents",
        'href="#section-3-the-methane-message"',
        'id="section-3-the-methane-message"',
        "OFFICIAL",
    ]:
        assert text in body, text


def test_status_is_derived_from_fields(library):
    page = library["JOP-001"]
    assert page.status == DocumentStatus.CURRENT
    page.superseded_by = library["JOP-002"]
    assert page.status == DocumentStatus.SUPERSEDED
    page.withdrawn_at = timezone.now()
    assert page.status == DocumentStatus.WITHDRAWN


def test_overdue_banner_shows_only_when_past_review_date(client_for, library):
    overdue = client_for("police.officer").get(library["JOP-002"].url).content.decode()
    assert "Overdue for review" in overdue
    current = client_for("police.officer").get(library["JOP-001"].url).content.decode()
    assert "Overdue for review" not in current


def test_print_stylesheet_repeats_marking_reference_and_version(client_for, library):
    page = library["JOP-001"]
    client = client_for("police.officer")
    body = client.get(page.url).content.decode()
    assert f'href="{page.url}print-style/" media="print"' in body
    css = client.get(page.url + "print-style/").content.decode()
    assert '@top-right { content: "JOP-001 version 3.1"; }' in css
    assert '@top-left { content: "OFFICIAL"; }' in css
    assert "check the Joint Procedures Library for the current version" in css
    assert 'counter(page) " of " counter(pages)' in css
    # An earlier version prints as that version.
    css = client.get(page.url + "print-style/?v=3.0").content.decode()
    assert '"JOP-001 version 3.0"' in css
    assert client.get(page.url + "print-style/?v=9.9").status_code == 404


def test_print_stylesheet_is_refused_like_the_document(client_for, library):
    page = library["FBI-004"]
    assert client_for("firefighter").get(page.url + "print-style/").status_code == 404
    css = client_for("planner").get(page.url + "print-style/").content.decode()
    assert '"OFFICIAL-SENSITIVE"' in css.replace("\\00002d", "-")


def test_print_stylesheet_strings_cannot_break_out():
    assert css_string('a"; } body { x') == '"a\\000022\\00003b \\00007d body \\00007b x"'


@pytest.mark.parametrize(
    "start,months,expected",
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
        (datetime.date(2026, 11, 15), 3, datetime.date(2027, 2, 15)),
    ],
)
def test_add_months_clamps_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


def _open_demo_refs(**wanted) -> list[str]:
    """References of the OFFICIAL demo documents whose spec matches `wanted`, in order."""
    return sorted(
        spec["ref"]
        for spec in content.DOCUMENTS
        if not spec.get("sensitive") and all(spec[key] == value for key, value in wanted.items())
    )


def test_section_filters_by_service_and_type(client_for):
    client = client_for("police.officer")
    fire = client.get("/operational-policy/?service=fire").context["documents"]
    expected_fire = _open_demo_refs(section="operational-policy", service="fire")
    assert "FRS-010" in expected_fire and "POL-021" not in expected_fire
    assert [d.reference for d in fire] == expected_fire
    cards = client.get("/browse/?type=action-card").context["documents"]
    expected_cards = _open_demo_refs(type="action-card")
    assert "JOP-002" in expected_cards
    assert [d.reference for d in cards] == expected_cards


def test_reviews_due_are_shown_to_their_owner_on_home(client_for):
    reviews = client_for("owner").get("/").context["my_reviews"]
    assert "JOP-002" in [d.reference for d in reviews]
    assert client_for("police.officer").get("/").context["my_reviews"] == []


def test_underline_from_word_survives_the_editor(db):
    """The importer keeps Word's underline as <u>; a round trip through the editor's format
    (what saving in the page editor does) must keep it."""
    converter = ContentstateConverter(features=RICH_TEXT_FEATURES)
    html = '<p data-block-key="a1b2c">Wear <u>full</u> kit.</p>'
    saved = converter.to_database_format(converter.from_database_format(html))
    assert "Wear <u>full</u> kit." in saved
