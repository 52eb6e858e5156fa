"""Phone first: at 360 px the content comes first and nothing scrolls sideways; on a desktop
the metadata and contents sit beside the text and the contents are never cut off."""

from __future__ import annotations

import pytest

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

JOP_001 = "/major-incidents/declaring-and-managing-a-major-incident/"


def sideways_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def top_of(page, selector: str) -> float:
    return page.locator(selector).first.evaluate("el => el.getBoundingClientRect().top")


def test_a_document_on_a_phone_starts_with_its_text(page_for):
    page = page_for("police.officer", viewport=PHONE)
    page.goto(JOP_001)
    first_heading = ".body-content .section-heading"
    assert top_of(page, first_heading) < PHONE["height"], "the first section is below the fold"
    # The metadata and contents are folded away, one line each, above the text.
    about = page.locator("details.metadata")
    assert not about.evaluate("el => el.open")
    assert not page.locator("details.contents").evaluate("el => el.open")
    assert not page.get_by_text("Equality impact assessment").is_visible()
    assert top_of(page, "details.contents") < top_of(page, first_heading)
    # ...and open on request.
    about.locator("summary").click()
    assert page.get_by_text("Equality impact assessment").is_visible()
    page.locator("details.contents summary").click()
    page.get_by_role("navigation", name="Contents").get_by_role(
        "link", name="3 The METHANE message"
    ).click()
    assert page.url.endswith("#section-3-the-methane-message")
    assert sideways_overflow(page) <= 0


def test_search_results_come_before_the_filters_on_a_phone(page_for):
    page = page_for("police.officer", viewport=PHONE)
    page.goto("/search/?q=cordon")
    first_result = ".search-hit"
    assert top_of(page, first_result) < top_of(page, ".search-facets")
    assert top_of(page, first_result) < PHONE["height"]
    assert sideways_overflow(page) <= 0
    # On a desktop the filters sit on the left, beside the results.
    page.set_viewport_size(DESKTOP)
    assert page.locator(".search-facets").evaluate(
        "el => el.getBoundingClientRect().right"
    ) <= page.locator(first_result).first.evaluate("el => el.getBoundingClientRect().left")


def test_nothing_scrolls_sideways_at_360px(page_for):
    page = page_for("planner", viewport=PHONE)
    for path in [
        JOP_001,
        JOP_001 + "versions/3/0/",
        JOP_001 + "changes/?from=3.0&to=3.1",
        JOP_001 + "as-at/?date=2025-09-01",
        "/search/?q=cordon",
        "/search/glossary/",
        "/browse/",
        "/induction/",
    ]:
        page.goto(path)
        overflow = sideways_overflow(page)
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 360px"


def test_version_history_reads_as_labelled_lines_on_a_phone(page_for):
    page = page_for("police.officer", viewport=PHONE)
    page.goto(JOP_001 + "versions/")
    assert sideways_overflow(page) <= 0
    table = page.locator("table.version-history")
    assert table.evaluate("el => el.getBoundingClientRect().right") <= PHONE["width"]
    label = page.locator("td[data-label='Approved by']").first.evaluate(
        "el => getComputedStyle(el, '::before').content"
    )
    assert "Approved by" in label


def test_desktop_contents_are_never_cut_off(page_for):
    page = page_for("police.officer", viewport={"width": 1280, "height": 600})
    page.goto(JOP_001)
    contents = page.locator("details.contents")
    assert contents.evaluate("el => el.open") and page.locator("details.metadata").evaluate(
        "el => el.open"
    )
    # Scrolled down to the last section, the contents stay in view, whole.
    page.locator("#section-5-standing-down-and-recovery").scroll_into_view_if_needed()
    box = contents.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 600, box
    assert contents.evaluate("el => el.scrollHeight <= el.clientHeight + 1")
    assert (
        page.get_by_role("navigation", name="Contents")
        .get_by_role("link", name="5 Standing down and recovery")
        .is_visible()
    )


def test_focus_goes_to_what_happened_after_a_round_trip(page_for):
    """After a failed sign-in the error summary has focus; after an acknowledgement, the
    message that confirms it."""
    page = page_for()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("planner")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    page.locator("#error-summary").wait_for()
    assert page.evaluate("document.activeElement.id") == "error-summary"

    page = page_for("planner")
    page.goto(JOP_001)
    page.get_by_role("button", name="I have read and understood").click()
    page.locator(".messages").wait_for()
    assert page.evaluate("document.activeElement.classList.contains('messages')")
    assert "JOP-001" in page.evaluate("document.activeElement.textContent")


def test_the_header_search_suggests_on_every_page(page_for):
    page = page_for("police.officer", viewport=PHONE)
    page.goto(JOP_001)
    box = page.get_by_role("combobox", name="Search procedures")
    box.fill("cordo")
    listbox = page.get_by_role("listbox", name="Suggestions")
    listbox.wait_for()
    assert listbox.get_by_role("option").count() >= 1
    assert box.get_attribute("aria-expanded") == "true"
