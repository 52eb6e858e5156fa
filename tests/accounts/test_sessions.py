"""Sessions end with the browser and when idle, logout ends the session on the server only
when POSTed (site and admin), and staff cannot rename themselves."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from tests.conftest import DEMO_PASSWORD
from tests.support.signin import (
    ADMIN_LOGIN,
    SITE_LOGIN,
    sign_in,
)

pytestmark = pytest.mark.django_db


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
