"""Searching in a real browser: search, filter by a facet, open a hit at its section, choose
a suggestion by keyboard; the search page passes axe-core."""

import pytest

from .conftest import PHONE, axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_search_filter_by_facet_and_open_a_hit_at_its_section(page_for):
    page = page_for("firefighter")
    page.goto("/search/?q=cordons")
    page.get_by_role("status").filter(has_text="found").wait_for()
    hits = page.locator(".search-hit")
    assert hits.count() >= 1
    facets = page.get_by_role("complementary", name="Filter results")
    facets.get_by_role("link", name="Action card").first.click()
    page.wait_for_url("**type=action-card**")
    assert page.locator(".search-hit").count() >= 1
    assert page.get_by_role("link", name="Remove filter: Action card").count() == 1
    section_link = page.locator(".search-hit__sections a[href*='#']").first
    href = section_link.get_attribute("href")
    assert "#" in href
    section_link.click()
    anchor = href.split("#", 1)[1]
    page.wait_for_url(f"**#{anchor}")
    heading = page.locator(f"#{anchor}")
    assert heading.is_visible()


def test_suggestions_work_by_keyboard(page_for):
    page = page_for("firefighter")
    page.goto("/search/")
    box = page.get_by_role("combobox", name="Search procedures")
    box.click()
    box.press_sequentially("Breathing", delay=30)
    listbox = page.get_by_role("listbox", name="Suggestions")
    listbox.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    active_id = box.get_attribute("aria-activedescendant")
    assert active_id
    option = page.locator(f"#{active_id}")
    assert option.get_attribute("aria-selected") == "true"
    assert "FRS-010" in option.inner_text()
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert listbox.is_hidden()
    box.press("ArrowDown")
    listbox.wait_for()
    box.press("ArrowDown")
    box.press("Enter")
    page.get_by_role("heading", level=1, name="Breathing apparatus entry control").wait_for()


@pytest.mark.parametrize("viewport", [None, PHONE])
def test_search_page_has_no_axe_violations(page_for, viewport):
    page = page_for("planner", viewport=viewport)
    page.goto("/search/?q=RTC&include=all")
    page.get_by_role("status").filter(has_text="found").wait_for()
    assert axe_violations(page) == []
    page.goto("/search/glossary/")
    assert axe_violations(page) == []
