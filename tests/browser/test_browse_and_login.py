"""The browse page and the login page, in a real browser: accessible (axe-core, WCAG 2.2 AA),
no sideways scrolling on a 360px phone, and the browse filters usable by keyboard alone."""

import pytest

from procedures.demo import content

from .conftest import DESKTOP, PHONE, axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def sideways_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])
def test_browse_page_has_no_wcag_violations(page_for, viewport):
    page = page_for("police.officer", viewport=viewport)
    page.goto("/browse/?service=joint")
    page.get_by_role("heading", level=1, name="Browse documents").wait_for()
    assert axe_violations(page) == []


def test_login_page_has_no_wcag_violations_on_a_phone(page_for):
    page = page_for(viewport=PHONE)
    page.goto("/accounts/login/")
    assert axe_violations(page) == []


def test_login_page_with_an_error_has_no_wcag_violations(page_for):
    page = page_for(viewport=PHONE)
    sign_in_attempt = page.goto("/accounts/login/")
    assert sign_in_attempt.ok
    page.get_by_label("Username").fill("planner")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("alert").wait_for()
    assert axe_violations(page) == []


def test_browse_and_login_pages_fit_a_360px_phone(page_for):
    anonymous = page_for(viewport=PHONE)
    anonymous.goto("/accounts/login/")
    assert sideways_overflow(anonymous) <= 0, "the login page scrolls sideways at 360px"
    page = page_for("planner", viewport=PHONE)
    for path in ["/browse/", "/browse/?service=fire&type=procedure", "/browse/?page=2"]:
        page.goto(path)
        assert sideways_overflow(page) <= 0, f"{path} scrolls sideways at 360px"


def _tab_to(page, predicate_js: str, limit: int = 40) -> None:
    """Press Tab until `predicate_js` (about document.activeElement) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {predicate_js})(document.activeElement)"):
            return
    pytest.fail(f"never reached an element where {predicate_js} with the keyboard")


def test_browse_filters_are_usable_by_keyboard_alone(page_for):
    page = page_for("firefighter")
    page.goto("/browse/")
    # Every filter control is reached in order with Tab, and shows where the focus is.
    _tab_to(page, "el.id === 'id_q'")
    focus_ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focus_ring != "none", "the focused filter shows no focus indicator"
    _tab_to(page, "el.id === 'id_service'", limit=3)
    page.keyboard.type("Fire")  # a select's type-ahead picks "Fire and rescue"
    assert page.evaluate("document.activeElement.value") == "fire"
    _tab_to(page, "el.id === 'id_type'", limit=3)
    page.keyboard.type("Proc")
    assert page.evaluate("document.activeElement.value") == "procedure"
    _tab_to(page, "el.textContent.trim() === 'Apply filters'", limit=3)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "service=fire" in url and "type=procedure" in url)

    expected = sorted(
        spec["ref"]
        for spec in content.DOCUMENTS
        if spec["service"] == "fire" and spec["type"] == "procedure" and not spec.get("sensitive")
    )
    listed = page.locator(".document-list__title .reference").all_inner_texts()
    assert listed == expected

    # "Clear filters" is the next stop and takes the reader back to everything.
    _tab_to(page, "el.textContent.trim() === 'Clear filters'", limit=30)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url.endswith("/browse/"))
    open_documents = sum(1 for spec in content.DOCUMENTS if not spec.get("sensitive"))
    assert page.locator(".document-list__title").count() == min(open_documents, 50)


def test_browse_pages_through_results_by_keyboard(page_for):
    page = page_for("planner")
    page.goto("/browse/")
    _tab_to(page, "el.getAttribute('rel') === 'next'", limit=200)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "page=2" in url)
    total = len(content.DOCUMENTS)  # the planner is cleared for every sensitive document
    assert page.locator(".document-list__title").count() == total - 50
    assert page.get_by_text("Page 2 of 2").is_visible()


def test_sign_in_by_keyboard_alone(page_for):
    page = page_for()
    page.goto("/accounts/login/")
    _tab_to(page, "el.id === 'id_username'")
    page.keyboard.type("newjoiner")
    page.keyboard.press("Tab")
    page.keyboard.type(content.DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert page.get_by_role("heading", level=2, name="Sections").is_visible()
