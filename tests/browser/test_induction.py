"""A new joiner works through required reading; the coordinator sees it in the report."""

import re

import pytest

from .conftest import PHONE, axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def acknowledge_from_my_induction(page, pathway: str, link: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My induction").click()
    section = page.get_by_role("region", name=pathway)
    section.get_by_role("link", name=link).click()
    page.get_by_role("heading", level=1).wait_for()
    page.get_by_role(
        "button", name=re.compile(r"^I have read and understood version \d+\.\d+$")
    ).click()
    page.get_by_text(re.compile(r"^Recorded: you have read and understood")).wait_for()
    assert page.get_by_role("button", name=re.compile("I have read and understood")).count() == 0


def test_new_joiner_acknowledges_two_documents_and_coordinator_sees_it(page_for):
    page = page_for()
    page.goto("/")
    sign_in(page, "newjoiner")
    page.get_by_role("link", name="My induction").click()
    page.get_by_role("heading", level=1, name="My induction and required reading").wait_for()
    joiners = page.get_by_role("region", name="All new joiners")
    assert joiners.get_by_text("0 of 2 done").is_visible()
    assert page.get_by_text("You have acknowledged 0 of 3 documents").is_visible()
    assert axe_violations(page) == []

    acknowledge_from_my_induction(
        page, "All new joiners", "JOP-001 Declaring and managing a major incident"
    )
    acknowledge_from_my_induction(page, "Fire control", "FRS-010 Breathing apparatus entry control")

    page.get_by_role("link", name="My induction").click()
    assert (
        page.get_by_role("region", name="All new joiners").get_by_text("1 of 2 done").is_visible()
    )
    assert page.get_by_role("region", name="Fire control").get_by_text("1 of 2 done").is_visible()
    assert page.get_by_text("You have acknowledged 2 of 3 documents").is_visible()
    assert page.locator("#overall-progress-bar").get_attribute("value") == "2"
    assert axe_violations(page) == []

    coordinator = page_for("coordinator")
    coordinator.goto("/induction/reports/")
    assert axe_violations(coordinator) == []
    coordinator.get_by_role("link", name="All new joiners").click()
    row = coordinator.get_by_role("row", name=re.compile("Nia Newman"))
    assert "1 of 2" in row.inner_text()
    assert "JOP-002" in row.inner_text()  # still to acknowledge
    assert axe_violations(coordinator) == []
    coordinator.get_by_role("link", name="Induction and reading reports").click()
    coordinator.get_by_role("link", name="FRS-010 Breathing apparatus entry control").click()
    row = coordinator.get_by_role("row", name=re.compile("Nia Newman"))
    assert "Acknowledged" in row.inner_text()
    assert axe_violations(coordinator) == []


def test_my_induction_and_report_are_accessible_on_a_phone(page_for):
    page = page_for("newjoiner", viewport=PHONE)
    page.goto("/induction/")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page = page_for("coordinator", viewport=PHONE)
    page.goto("/induction/reports/")
    page.get_by_role("link", name="Fire control").click()
    assert axe_violations(page) == []
