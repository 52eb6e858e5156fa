"""Error pages look like the rest of the site: header, a main landmark, a way on."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.views import defaults

pytestmark = pytest.mark.django_db


def landmarks(html: str) -> BeautifulSoup:
    soup = BeautifulSoup(html, "lxml")
    assert soup.find("header"), "no header"
    assert soup.find("main"), "no main landmark"
    assert len(soup.find_all("h1")) == 1
    assert soup.find("a", href="/"), "no way back to the home page"
    return soup


def test_403_is_a_site_page(users):
    request = RequestFactory().get("/admin/import/")
    request.user = users["firefighter"]
    response = defaults.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    soup = landmarks(response.content.decode())
    assert "You cannot use this page" in soup.h1.get_text()
    assert soup.find("form", role="search"), "the header search is there"


def test_404_is_a_site_page_and_a_refused_document_looks_the_same(client_for, library):
    client = client_for("firefighter")
    missing = client.get("/no-such-page/")
    refused = client.get(library["FBI-004"].url)
    assert missing.status_code == refused.status_code == 404
    landmarks(missing.content.decode())

    def visible(response) -> str:
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return html.replace(response.wsgi_request.path, "")

    assert visible(missing) == visible(refused)


def test_500_needs_no_context_and_still_has_landmarks(rf):
    response = defaults.server_error(rf.get("/"))
    assert response.status_code == 500
    soup = landmarks(response.content.decode())
    assert "printed action cards" in soup.get_text()
