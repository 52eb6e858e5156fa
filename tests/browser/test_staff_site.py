"""What a member of staff does on the site, in a real browser."""

import pytest

from .conftest import DESKTOP, PHONE, axe_violations, sign_in

# What the browser shows and checks here does not depend on the database engine.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.engine_independent]


def test_sign_in_open_section_open_document_and_follow_contents_link(page_for):
    page = page_for()
    page.goto("/")
    assert "/accounts/login/" in page.url, "anonymous visitors must be sent to sign in"
    sign_in(page, "police.officer")

    page.get_by_role("link", name="Major incidents and emergency response").click()
    page.get_by_role("heading", level=1, name="Major incidents and emergency response").wait_for()

    page.get_by_role("link", name="JOP-001 Declaring and managing a major incident").click()
    page.get_by_role("heading", level=1, name="Declaring and managing a major incident").wait_for()

    contents = page.get_by_role("navigation", name="Contents")
    contents.get_by_role("link", name="3 The METHANE message").click()
    assert page.url.endswith("#section-3-the-methane-message")
    heading = page.locator("#section-3-the-methane-message")
    assert heading.is_visible()
    assert heading.evaluate("el => el.getBoundingClientRect().top") < 200


def test_contents_and_document_are_usable_by_keyboard_alone(page_for):
    page = page_for("firefighter")
    page.goto("/major-incidents/declaring-and-managing-a-major-incident/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    # Tab through until the first contents link has focus, then follow it with Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "1 Purpose":
            break
    else:
        pytest.fail("the contents list cannot be reached with the keyboard")
    page.keyboard.press("Enter")
    assert page.url.endswith("#section-1-purpose")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])
@pytest.mark.parametrize(
    "path",
    ["/", "/major-incidents/", "/major-incidents/declaring-and-managing-a-major-incident/"],
    ids=["home", "section", "document"],
)
def test_axe_finds_no_wcag_violations(page_for, path, viewport):
    page = page_for("police.officer", viewport=viewport)
    page.goto(path)
    assert axe_violations(page) == []


def test_pages_fit_a_360px_phone_without_sideways_scrolling(page_for):
    page = page_for("police.officer", viewport=PHONE)
    for path in [
        "/",
        "/major-incidents/",
        "/major-incidents/declaring-and-managing-a-major-incident/",
    ]:
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 360px"


def test_login_page_has_no_wcag_violations(page_for):
    page = page_for()
    page.goto("/accounts/login/")
    assert axe_violations(page) == []
