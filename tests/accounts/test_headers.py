"""Every response carries a Content-Security-Policy and `Cache-Control: private, no-store`
(static files keep their own caching), the staff site has no inline script or style, and
nothing is fetched from outside services."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.test import Client, RequestFactory
from wagtail.documents import get_document_model

from accounts.middleware import NoStoreMiddleware
from procedures.models import DocumentAttachment
from tests.conftest import DEMO_PASSWORD
from tests.procedures.test_images import make_image, use_image
from tests.support.signin import (
    ADMIN_LOGIN,
    LIMIT,
    SITE_LOGIN,
    sign_in,
)

pytestmark = pytest.mark.django_db


# --- Content-Security-Policy and Cache-Control ----------------------------------------------


def _document_url(library):
    return next(page for page in library.values() if page.live).url


def _attachment_url(library):
    page = next(page for page in library.values() if page.live)
    document = get_document_model()(title="Briefing")
    document.file.save("briefing.txt", ContentFile(b"briefing"), save=True)
    DocumentAttachment.objects.create(page=page, document=document)
    return document.url


def _image_url(library):
    page = next(page for page in library.values() if page.live)
    image = make_image()
    use_image(page, image)
    return image.file.url


STAFF_PATHS = {
    "home page": lambda library: "/",
    "browse": lambda library: "/browse/",
    "document page": _document_url,
    "search page": lambda library: "/search/?q=cordon",
    "search API (JSON)": lambda library: "/search/api/?q=cordon",
    "suggestions (JSON)": lambda library: "/search/suggest/?q=cor",
    "glossary": lambda library: "/search/glossary/",
    "my induction": lambda library: "/induction/",
    "not found": lambda library: "/no-such-page/",
    "attachment (file)": _attachment_url,
    "image (file)": _image_url,
    "health check": lambda library: "/healthz",
}
ADMIN_PATHS = {
    "admin dashboard": lambda library: "/admin/",
    "admin page editor": lambda library: f"/admin/pages/{next(iter(library.values())).pk}/edit/",
    "admin explorer": lambda library: "/admin/pages/",
    "admin account": lambda library: "/admin/account/",
    "admin lockouts": lambda library: "/admin/sign-in-lockouts/",
}


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_strict(policy: str) -> None:
    rules = directives(policy)
    assert rules["default-src"] == ["'self'"]
    assert rules["script-src"] == ["'self'"]
    assert rules["style-src"] == ["'self'"]
    assert rules["object-src"] == ["'none'"]
    assert rules["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy


@pytest.mark.parametrize("kind", list(STAFF_PATHS))
def test_every_staff_response_is_private_no_store_with_a_csp(client_for, library, kind):
    url = STAFF_PATHS[kind](library)
    response = client_for("admin").get(url)
    assert response.status_code in (200, 404), (url, response.status_code)
    assert response["Cache-Control"] == "private, no-store"
    assert "Expires" not in response
    assert "Content-Security-Policy" in response
    if response["Content-Type"].startswith("text/html"):
        assert_strict(response["Content-Security-Policy"])


@pytest.mark.parametrize("kind", list(ADMIN_PATHS))
def test_every_admin_response_is_private_no_store_and_reports_the_strict_policy(
    client_for, library, kind
):
    response = client_for("admin").get(ADMIN_PATHS[kind](library))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    enforced = directives(response["Content-Security-Policy"])
    # The strictest policy Wagtail works under is enforced: its editors write inline
    # scripts, but nothing comes from another host, no plugins, no <base>, forms post only to
    # the site, framing only by the admin itself (the live preview).
    assert enforced["default-src"] == ["'self'"]
    assert enforced["script-src"] == ["'self'", "'unsafe-inline'"]
    assert enforced["connect-src"] == ["'self'"]
    assert enforced["object-src"] == ["'none'"]
    assert enforced["base-uri"] == ["'self'"]
    assert enforced["form-action"] == ["'self'"]
    assert enforced["frame-ancestors"] == ["'self'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert not any("://" in value for values in enforced.values() for value in values)
    assert_strict(response["Content-Security-Policy-Report-Only"])


@pytest.mark.parametrize("url", [SITE_LOGIN, ADMIN_LOGIN, "/", "/admin/"])
def test_signed_out_responses_are_no_store_with_a_csp(client, url):
    response = client.get(url)
    assert response["Cache-Control"] == "private, no-store"
    assert "Content-Security-Policy" in response


def test_the_lockout_page_is_no_store_with_the_strict_policy():
    client = Client()
    for _ in range(LIMIT):
        sign_in(client, SITE_LOGIN, "planner", "wrong")
    response = sign_in(client, SITE_LOGIN, "planner", DEMO_PASSWORD)
    assert response.status_code == 429
    assert response["Cache-Control"] == "private, no-store"
    assert_strict(response["Content-Security-Policy"])


def test_static_files_keep_their_own_long_caching():
    long_cache = "public, max-age=31536000, immutable"

    def static_file(request):
        response = HttpResponse("body {}", content_type="text/css")
        response["Cache-Control"] = long_cache
        return response

    middleware = NoStoreMiddleware(static_file)
    response = middleware(RequestFactory().get(f"{settings.STATIC_URL}css/site.css"))
    assert response["Cache-Control"] == long_cache
    page = NoStoreMiddleware(static_file)(RequestFactory().get("/css/site.css"))
    assert page["Cache-Control"] == "private, no-store"


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=")


@pytest.mark.parametrize("username", ["admin", "police.officer", "newjoiner"])
def test_staff_site_pages_have_no_inline_script_or_style(client_for, library, username):
    client = client_for(username)
    for kind in ["home page", "browse", "document page", "search page", "glossary", "my induction"]:
        html = client.get(STAFF_PATHS[kind](library)).content.decode()
        assert not INLINE_SCRIPT.search(html), (kind, INLINE_SCRIPT.search(html))
        assert not INLINE_STYLE.search(html), (kind, INLINE_STYLE.search(html))
    html = Client().get(SITE_LOGIN).content.decode()
    assert not INLINE_SCRIPT.search(html) and not INLINE_STYLE.search(html)


# --- No outside requests ------------------------------------------------------------------


def test_no_avatar_service(client_for):
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    for url in ["/admin/", "/admin/account/", "/admin/users/"]:
        assert "gravatar" not in client_for("admin").get(url).content.decode()


def test_remember_me_on_the_admin_login_does_not_outlive_the_browser():
    client = Client()
    assert b'name="remember"' not in client.get(ADMIN_LOGIN).content
    response = client.post(
        ADMIN_LOGIN, {"username": "owner", "password": DEMO_PASSWORD, "remember": "on"}
    )
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]


def test_the_admin_login_page_loads_its_icons_and_translations_before_sign_in(client):
    sprite = client.get("/admin/sprite/")
    assert sprite.status_code == 200 and sprite["Content-Type"].startswith("image/svg+xml")
    catalog = client.get("/admin/jsi18n/")
    assert catalog.status_code == 200 and "javascript" in catalog["Content-Type"]
