"""Password sign-in is throttled on every login form: per account from any address, per
client address across accounts (the address the proxy saw), recorded, and lifted only by
administrators."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.test import Client, RequestFactory

from accounts.throttle import client_address
from tests.conftest import DEMO_PASSWORD
from tests.support.signin import (
    ADDRESS_A,
    ADDRESS_B,
    ADDRESS_LIMIT,
    ADMIN_LOGIN,
    LIMIT,
    LOGIN_FORMS,
    SITE_LOGIN,
    sign_in,
    signed_in,
)

pytestmark = pytest.mark.django_db


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
