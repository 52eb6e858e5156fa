"""The coordinator's overview (and an owner's, for their own documents): SVG charts drawn on
the server, each with a link to the list behind it and a table of the same figures."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from procedures.models import DocumentPage
from tests.support.approval import submit

pytestmark = pytest.mark.django_db

URL = "/admin/library/overview/"


def charts(html: str) -> dict[str, BeautifulSoup]:
    soup = BeautifulSoup(html, "lxml")
    return {s.h2.get_text(strip=True): s for s in soup.select("section.overview-chart")}


def figures(section) -> dict[str, str]:
    return {
        row.th.get_text(strip=True): row.td.get_text(strip=True)
        for row in section.select("table tbody tr")
        if row.th
    }


def test_coordinator_sees_four_charts_with_text_equivalents_and_links(client_for):
    response = client_for("coordinator").get(URL)
    assert response.status_code == 200
    found = charts(response.content.decode())
    assert set(found) == {
        "Reviews due by month",
        "Documents waiting for each sign-off",
        "Reading completion by pathway",
        "Reading completion by service",
    }
    for title, section in found.items():
        svg = section.find("svg")
        assert svg["role"] == "img" and svg.title.get_text() == title
        assert svg.desc.get_text(), "the chart's figures in words"
        assert section.find("script") is None
        assert section.find("a", href=True), f"{title}: no link to the list behind it"
        assert section.find("table"), f"{title}: no table of figures"
    today = timezone.localdate()
    overdue = DocumentPage.objects.in_force().filter(next_review_date__lt=today).count()
    assert figures(found["Reviews due by month"])["Overdue"] == (
        f"{overdue} document{'s' if overdue != 1 else ''}"
    )
    assert found["Reviews due by month"].find("a", href=reverse("procedures_admin:reviews_due"))
    pathways = figures(found["Reading completion by pathway"])
    assert "All new joiners" in pathways


def test_waiting_for_sign_off_counts_documents_in_the_workflow(client_for, library, users):
    before = figures(
        charts(client_for("coordinator").get(URL).content.decode())[
            "Documents waiting for each sign-off"
        ]
    )["Owner review"]
    submit(library["JOP-001"], users["coordinator"])
    after = figures(
        charts(client_for("coordinator").get(URL).content.decode())[
            "Documents waiting for each sign-off"
        ]
    )["Owner review"]
    assert int(after.split()[0]) == int(before.split()[0]) + 1


def test_an_owner_sees_only_their_own_documents(client_for, users):
    owner = users["owner"]
    mine = DocumentPage.objects.filter(policy_owner=owner)
    assert mine.exists()
    today = timezone.localdate()
    overdue = (
        DocumentPage.objects.in_force()
        .filter(policy_owner=owner, next_review_date__lt=today)
        .count()
    )
    html = client_for("owner").get(URL).content.decode()
    assert "The documents you own" in html
    shown = figures(charts(html)["Reviews due by month"])["Overdue"]
    assert shown.startswith(f"{overdue} document")


@pytest.mark.parametrize("username", ["firefighter", "police.approver"])
def test_staff_who_look_after_no_documents_have_no_overview(client_for, username):
    response = client_for(username).get(URL)
    assert response.status_code in (302, 403)
