"""Sign-in and the browser: password sign-in is throttled on every login form, every response
carries a Content-Security-Policy and `Cache-Control: private, no-store` (static files
excepted), sessions end when idle and on a POSTed logout (site and admin) and never on a GET,
and approvers cannot rename themselves."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone
from wagtail.documents import get_document_model

from accounts.middleware import NoStoreMiddleware
from accounts.throttle import client_address
from procedures.models import DocumentAttachment
from tests.conftest import DEMO_PASSWORD
from tests.procedures.test_images import make_image, use_image

pytestmark = pytest.mark.django_db

LIMIT = settings.AXES_FAILURE_LIMIT
ADDRESS_LIMIT = settings.LOGIN_ADDRESS_FAILURE_LIMIT
SITE_LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
LOGIN_FORMS = [SITE_LOGIN, ADMIN_LOGIN]
ADDRESS_A, ADDRESS_B = "192.0.2.10", "192.0.2.20"


def sign_in(client: Client, url: str, username: str, password: str, address: str = ADDRESS_A):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# --- Throttling ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", LOGIN_FORMS)
def test_wrong_passwords_up_to_the_limit_lock_the_account_even_against_the_right_one(url):
    client = Client()
    for _ in range(LIMIT - 1):
        assert sign_in(client, url, "planner", "wrong").status_code == 200
    assert sign_in(client, url, "planner", DEMO_PASSWORD).status_code == 302  # not yet locked
    client.logout()
    for _ in range(LIMIT):
        sign_in(client, url, "planner", "wrong")
    response = sign_in(client, url, "planner", DEMO_PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)
    text = response.content.decode()
    assert "Too many failed sign-in attempts" in text
    assert "ask an administrator" in text
    assert f"for {round(settings.AXES_COOLOFF_TIME * 60)} minutes" in text


def test_forty_wrong_passwords_then_the_right_one_does_not_sign_in():
    client = Client()
    for _ in range(40):
        sign_in(client, SITE_LOGIN, "owner", f"guess-{_}")
    assert sign_in(client, SITE_LOGIN, "owner", DEMO_PASSWORD).status_code == 429
    assert not signed_in(client)


def test_an_account_lock_holds_from_any_address_and_spares_other_accounts():
    for _ in range(LIMIT):
        sign_in(Client(), SITE_LOGIN, "planner", "wrong", address=ADDRESS_A)
    # Per account: the same account from another address is locked too ...
    assert sign_in(Client(), SITE_LOGIN, "planner", DEMO_PASSWORD, ADDRESS_B).status_code == 429
    # ... but another account from that other address is not.
    assert sign_in(Client(), SITE_LOGIN, "firefighter", DEMO_PASSWORD, ADDRESS_B).status_code == 302


def spray(address: str, failures: int, url: str = SITE_LOGIN) -> None:
    """Wrong passwords from one address, each for a different account (password spraying):
    no account comes near its own limit."""
    for number in range(failures):
        sign_in(Client(), url, f"someone.{number}", "wrong", address=address)


@pytest.mark.parametrize("url", LOGIN_FORMS)
def test_an_address_is_locked_after_failures_across_many_accounts(url):
    assert ADDRESS_LIMIT > LIMIT  # an address is shared (a control room), so it gets more
    spray(ADDRESS_A, ADDRESS_LIMIT - 1, url)
    assert sign_in(Client(), url, "planner", DEMO_PASSWORD, ADDRESS_A).status_code == 302
    spray(ADDRESS_A, 1, url)
    # Per address: now even an untouched account cannot sign in from that address ...
    untouched = "police.approver"
    assert sign_in(Client(), SITE_LOGIN, untouched, DEMO_PASSWORD, ADDRESS_A).status_code == 429
    assert sign_in(Client(), ADMIN_LOGIN, untouched, DEMO_PASSWORD, ADDRESS_A).status_code == 429
    # ... while each account still signs in from elsewhere.
    assert sign_in(Client(), SITE_LOGIN, untouched, DEMO_PASSWORD, ADDRESS_B).status_code == 302


def test_an_address_with_a_few_typos_from_several_people_is_not_locked():
    people = ["planner", "owner", "firefighter", "newjoiner", "coordinator", "police.officer"]
    for username in people[: (ADDRESS_LIMIT - 1) // (LIMIT - 1)]:
        for _ in range(LIMIT - 1):
            sign_in(Client(), SITE_LOGIN, username, "typo", address=ADDRESS_A)
    assert sign_in(Client(), SITE_LOGIN, "admin", DEMO_PASSWORD, ADDRESS_A).status_code == 302


def test_lockouts_are_recorded():
    for _ in range(LIMIT):
        sign_in(Client(), ADMIN_LOGIN, "coordinator", "wrong", address=ADDRESS_A)
    attempt = AccessAttempt.objects.get(username="coordinator", ip_address=ADDRESS_A)
    assert attempt.failures_since_start == LIMIT
    assert attempt.path_info == ADMIN_LOGIN
    assert "wrong" not in attempt.post_data  # the password is masked
    log = AccessFailureLog.objects.filter(username="coordinator").order_by("attempt_time")
    assert [entry.locked_out for entry in log] == [False] * (LIMIT - 1) + [True]


def lockouts_page(client: Client) -> str:
    response = client.get("/admin/sign-in-lockouts/")
    assert response.status_code == 200
    return response.content.decode()


def test_an_administrator_sees_and_lifts_an_account_lockout(client_for):
    for _ in range(LIMIT):
        sign_in(Client(), SITE_LOGIN, "planner", "wrong", address=ADDRESS_A)
    admin = client_for("admin")
    page = lockouts_page(admin)
    assert "Unlock account planner" in page
    assert f"Unlock address {ADDRESS_A}" not in page  # five failures do not lock an address
    unlock = {"kind": "account", "value": "planner"}
    response = admin.post("/admin/sign-in-lockouts/unlock/", unlock)
    assert response.status_code == 302
    assert "Unlock account planner" not in lockouts_page(admin)
    assert sign_in(Client(), SITE_LOGIN, "planner", DEMO_PASSWORD, ADDRESS_B).status_code == 302


def test_an_administrator_lifts_an_address_lockout(client_for):
    spray(ADDRESS_A, ADDRESS_LIMIT)
    assert sign_in(Client(), SITE_LOGIN, "admin", DEMO_PASSWORD, ADDRESS_A).status_code == 429
    admin = client_for("admin")
    admin.post("/admin/sign-in-lockouts/unlock/", {"kind": "address", "value": ADDRESS_A})
    assert f"Unlock address {ADDRESS_A}" not in lockouts_page(admin)
    assert sign_in(Client(), SITE_LOGIN, "owner", DEMO_PASSWORD, ADDRESS_A).status_code == 302


@pytest.mark.parametrize("username", ["coordinator", "police.approver", "planner"])
def test_only_administrators_see_or_lift_lockouts(client_for, username):
    for _ in range(LIMIT):
        sign_in(Client(), SITE_LOGIN, "owner", "wrong", address=ADDRESS_A)
    client = client_for(username)
    # A refusal looks like a page that does not exist (for someone without admin access,
    # Wagtail sends every admin address to its login page).
    missing = client.get("/admin/no-such-page/")
    listing = client.get("/admin/sign-in-lockouts/")
    assert listing.status_code == missing.status_code in (404, 302)
    assert b"Unlock account" not in listing.content
    assert b"Sign-in lockouts" not in client.get("/admin/").content  # not in the menu
    unlock = client.post("/admin/sign-in-lockouts/unlock/", {"kind": "account", "value": "owner"})
    assert unlock.status_code == client.post("/admin/no-such-page/").status_code
    assert AccessAttempt.objects.filter(username="owner").exists()


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "127.0.0.1"),  # no proxy: a client's header is ignored
        (1, "198.51.100.4", "198.51.100.4"),  # nginx appended the client
        (1, "203.0.113.9, 198.51.100.4", "198.51.100.4"),  # the client's own claim ignored
        (2, "203.0.113.9, 198.51.100.4, 10.0.0.2", "198.51.100.4"),
        (1, None, "127.0.0.1"),
    ],
)
def test_the_address_counted_is_the_one_the_proxy_saw(settings, proxies, forwarded, expected):
    settings.LOGIN_THROTTLE_PROXY_COUNT = proxies
    meta = {"REMOTE_ADDR": "127.0.0.1"}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_address(RequestFactory().get("/", **meta)) == expected


def test_behind_the_proxy_each_client_address_is_counted_on_its_own(settings):
    settings.LOGIN_THROTTLE_PROXY_COUNT = 1
    for number in range(ADDRESS_LIMIT):
        Client(HTTP_X_FORWARDED_FOR="198.51.100.4").post(
            SITE_LOGIN, {"username": f"someone.{number}", "password": "wrong"}
        )
    locked = Client(HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert (
        locked.post(SITE_LOGIN, {"username": "owner", "password": DEMO_PASSWORD}).status_code == 429
    )
    other = Client(HTTP_X_FORWARDED_FOR="198.51.100.5")
    assert (
        other.post(SITE_LOGIN, {"username": "owner", "password": DEMO_PASSWORD}).status_code == 302
    )


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


# --- Sessions ---------------------------------------------------------------------------


def test_the_session_cookie_ends_with_the_browser():
    client = Client()
    response = sign_in(client, SITE_LOGIN, "planner", DEMO_PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert not cookie["expires"] and not cookie["max-age"]
    assert cookie["httponly"]


class Clock:
    """Moves both clocks the session machinery reads (time.time, timezone.now)."""

    def __init__(self, monkeypatch):
        self.offset = 0.0
        real_time, real_now = time.time, timezone.now
        monkeypatch.setattr(time, "time", lambda: real_time() + self.offset)
        monkeypatch.setattr(
            timezone, "now", lambda: real_now() + timezone.timedelta(seconds=self.offset)
        )

    def advance(self, minutes: float) -> None:
        self.offset += minutes * 60


def test_a_session_ends_after_the_idle_time_but_not_while_in_use(monkeypatch):
    idle_minutes = settings.SESSION_IDLE_TIMEOUT / 60
    clock = Clock(monkeypatch)
    client = Client()
    sign_in(client, SITE_LOGIN, "planner", DEMO_PASSWORD)
    for _ in range(3):  # in use: each request well inside the idle time keeps it alive
        clock.advance(idle_minutes - 2)
        assert client.get("/browse/").status_code == 200
    clock.advance(idle_minutes + 1)
    response = client.get("/browse/")
    assert response.status_code == 302
    assert response["Location"].startswith(SITE_LOGIN)


def test_the_server_forgets_an_idle_session_even_if_the_cookie_is_replayed(monkeypatch):
    clock = Clock(monkeypatch)
    client = Client()
    sign_in(client, SITE_LOGIN, "planner", DEMO_PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    session = Session.objects.get(session_key=key)
    assert session.expire_date <= timezone.now() + timezone.timedelta(
        seconds=settings.SESSION_IDLE_TIMEOUT + 5
    )
    clock.advance(settings.SESSION_IDLE_TIMEOUT / 60 + 1)
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key
    assert replay.get("/browse/").status_code == 302


def test_session_lifetime_comes_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SESSION_COOKIE_AGE, settings.SESSION_EXPIRE_AT_BROWSER_CLOSE)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jpl_site.settings.test"}
    default = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert default.stdout.split() == ["1800", "True"], default.stderr
    env.update(SESSION_IDLE_MINUTES="5", SESSION_EXPIRE_AT_BROWSER_CLOSE="false")
    custom = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert custom.stdout.split() == ["300", "False"], custom.stderr


# --- Logout -------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/accounts/logout/", "/admin/logout/"])
def test_logout_by_get_does_nothing(url):
    client = Client()
    sign_in(client, SITE_LOGIN, "coordinator", DEMO_PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    response = client.get(url)
    assert response.status_code == 405
    cookie = response.cookies.get(settings.SESSION_COOKIE_NAME)
    if cookie is not None:  # refreshed (idle timer) maybe, but neither deleted nor replaced
        assert cookie.value == key
        assert cookie["max-age"] in ("", None) and "1970" not in cookie["expires"]
    assert Session.objects.filter(session_key=key).exists()
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("url", "lands_on"), [("/accounts/logout/", SITE_LOGIN), ("/admin/logout/", ADMIN_LOGIN)]
)
def test_logout_by_post_ends_the_session_on_the_server(url, lands_on):
    client = Client()
    sign_in(client, SITE_LOGIN, "coordinator", DEMO_PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(lands_on)
    assert not Session.objects.filter(session_key=key).exists()
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key
    assert replay.get("/browse/").status_code == 302


# --- Names --------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["police.approver", "fire.approver", "owner", "coordinator"])
def test_staff_cannot_rename_themselves_in_the_admin(client_for, users, username):
    client = client_for(username)
    page = client.get("/admin/account/").content.decode()
    assert "name_email-first_name" not in page
    before = (users[username].first_name, users[username].last_name)
    client.post(
        "/admin/account/",
        {"name_email-first_name": "Someone", "name_email-last_name": "Else",
         "name_email-email": "else@example.org"},
    )  # fmt: skip
    users[username].refresh_from_db()
    assert (users[username].first_name, users[username].last_name) == before


def test_a_local_administrator_can_still_edit_their_name(client_for):
    page = client_for("admin").get("/admin/account/").content.decode()
    assert "name_email-first_name" in page


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
