"""Single sign-on through OpenID Connect, end to end against a real provider run locally
(django-oauth-toolkit, tests/oidc_provider, in its own process): the library is configured
from the provider's discovery document, a person signs in at the provider, comes back
signed in, with names from the provider and groups from the administrator's mapping; a
later sign-in follows the provider's group changes; local accounts keep working."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.test import override_settings

from accounts.models import ExternalIdentity
from procedures.models import DocumentPage, ProtectiveMarking
from procedures.roles import FIRE_STAFF, JOINT_OPERATIONS_PLANNING, POLICE_STAFF

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID, CLIENT_SECRET = "library-test-client", "library-test-secret-0123456789"
ALICE = {
    "username": "alice.jones",
    "password": "provider-password",
    "first_name": "Alice",
    "last_name": "Jones",
    "email": "alice.jones@fire.example",
    "groups": ["JPL-Fire", "JPL-JOPT", "Canteen committee"],
}
GROUP_MAP = {
    "JPL-Fire": FIRE_STAFF,
    "JPL-Police": POLICE_STAFF,
    "JPL-JOPT": [JOINT_OPERATIONS_PLANNING],
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    """The identity provider, in its own process at 127.0.0.1 (the library's live server
    is at localhost, so the two keep separate cookies, as different hosts would)."""
    port = _free_port()
    redirect_uri = f"{live_server.url}/oidc/callback/"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "OIDC_PROVIDER_DB": str(tmp_path_factory.mktemp("idp") / "idp.sqlite3"),
        "OIDC_PROVIDER_SETUP": json.dumps(
            {
                "client": {"id": CLIENT_ID, "secret": CLIENT_SECRET, "redirect_uri": redirect_uri},
                "people": [ALICE],
            }
        ),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    discovery_url = f"{base}/o/.well-known/openid-configuration"
    deadline = time.monotonic() + 60
    discovery = None
    while time.monotonic() < deadline and process.poll() is None:
        try:
            discovery = requests.get(discovery_url, timeout=2).json()
            break
        except requests.RequestException:
            time.sleep(0.3)
    if discovery is None:
        process.kill()
        pytest.fail(f"the test identity provider did not start: {process.stdout.read()}")
    yield {"discovery": discovery, "env": env, "base": base}
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def sso(provider, fresh_demo_library):
    """The library configured for the provider, as README "Single sign-on" says, from its
    discovery document."""
    discovery = provider["discovery"]
    with override_settings(
        OIDC_ENABLED=True,
        OIDC_RP_CLIENT_ID=CLIENT_ID,
        OIDC_RP_CLIENT_SECRET=CLIENT_SECRET,
        OIDC_OP_ISSUER=discovery["issuer"],
        OIDC_OP_AUTHORIZATION_ENDPOINT=discovery["authorization_endpoint"],
        OIDC_OP_TOKEN_ENDPOINT=discovery["token_endpoint"],
        OIDC_OP_USER_ENDPOINT=discovery["userinfo_endpoint"],
        OIDC_OP_JWKS_ENDPOINT=discovery["jwks_uri"],
        OIDC_GROUP_MAP=GROUP_MAP,
        AUTHENTICATION_BACKENDS=[
            "axes.backends.AxesStandaloneBackend",
            "django.contrib.auth.backends.ModelBackend",
            "accounts.oidc.LibraryOIDCBackend",
        ],
    ):
        yield provider


def set_provider_person(provider, person: dict) -> None:
    subprocess.run(
        [sys.executable, "-m", "tests.oidc_provider.serve", "set-person", json.dumps(person)],
        cwd=ROOT,
        env=provider["env"],
        check=True,
        timeout=60,
    )


def single_sign_on(live_server, provider, person: dict, start: str = "/") -> requests.Response:
    """What a browser does: open the library, choose single sign-on, sign in at the
    provider, follow the redirects back."""
    session = requests.Session()
    login_page = session.get(f"{live_server.url}{start}", timeout=10)
    assert "Sign in with" in login_page.text
    link = re.search(r'href="(/oidc/authenticate/[^"]*)"', login_page.text).group(1)
    at_provider = session.get(f"{live_server.url}{link.replace('&amp;', '&')}", timeout=10)
    assert urlsplit(at_provider.url).netloc == urlsplit(provider["base"]).netloc
    assert "Test identity provider" in at_provider.text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', at_provider.text).group(1)
    back = session.post(
        at_provider.url,
        data={
            "csrfmiddlewaretoken": token,
            "username": person["username"],
            "password": person["password"],
            "next": re.search(r'name="next" value="([^"]*)"', at_provider.text)
            .group(1)
            .replace("&amp;", "&"),
        },
        headers={"Referer": at_provider.url},
        timeout=30,
    )
    back.session = session
    return back


def test_sign_in_with_the_provider_maps_groups_and_names(live_server, sso):
    sensitive = DocumentPage.objects.live().filter(
        protective_marking=ProtectiveMarking.OFFICIAL_SENSITIVE,
        access_groups__name=JOINT_OPERATIONS_PLANNING,
    )
    document = sensitive.first()
    response = single_sign_on(live_server, sso, ALICE, start=document.url)
    # Back at the library, signed in, on the page first asked for.
    assert response.status_code == 200, response.text[:500]
    assert response.url == f"{live_server.url}{document.url}"
    assert document.title in response.text

    user = get_user_model().objects.get(external_identity__subject__isnull=False)
    assert user.username == "alice.jones"
    assert (user.first_name, user.last_name, user.email) == ("Alice", "Jones", ALICE["email"])
    assert not user.has_usable_password()
    assert not user.is_staff and not user.is_superuser
    groups = set(user.groups.values_list("name", flat=True))
    assert groups == {FIRE_STAFF, JOINT_OPERATIONS_PLANNING}  # the canteen is not mapped
    identity = user.external_identity
    assert identity.issuer == sso["discovery"]["issuer"]
    assert identity.last_sign_in is not None

    # The session ends as any other: logout by POST.
    session = response.session
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
    out = session.post(
        f"{live_server.url}/accounts/logout/",
        data={"csrfmiddlewaretoken": csrf},
        headers={"Referer": live_server.url + "/"},
        timeout=10,
    )
    assert "/accounts/login/" in out.url
    assert "/accounts/login/" in session.get(f"{live_server.url}/", timeout=10).url


def test_the_next_sign_in_follows_the_providers_changes(live_server, sso):
    single_sign_on(live_server, sso, ALICE)
    moved = {**ALICE, "last_name": "Jones-Smith", "groups": ["JPL-Police"]}
    set_provider_person(sso, moved)
    try:
        response = single_sign_on(live_server, sso, moved)
        assert response.status_code == 200
        users = get_user_model().objects.filter(external_identity__isnull=False)
        assert users.count() == 1  # the same person, matched by the provider's subject
        user = users.get()
        assert user.last_name == "Jones-Smith"
        assert set(user.groups.values_list("name", flat=True)) == {POLICE_STAFF}
        sensitive = DocumentPage.objects.live().filter(
            access_groups__name=JOINT_OPERATIONS_PLANNING
        )
        refused = response.session.get(f"{live_server.url}{sensitive.first().url}", timeout=10)
        assert refused.status_code == 404  # need-to-know removed with the provider's group
    finally:
        set_provider_person(sso, ALICE)


def test_the_provider_never_takes_over_a_local_account(live_server, sso):
    """A provider account whose username and e-mail match a local (break-glass) account
    gets an account of its own."""
    local = get_user_model().objects.get(username="coordinator")
    twin = {**ALICE, "username": "coordinator", "email": local.email or "c@example.org"}
    set_provider_person(sso, twin)
    try:
        assert single_sign_on(live_server, sso, twin).status_code == 200
        created = get_user_model().objects.get(external_identity__isnull=False)
        assert created.pk != local.pk
        assert created.username == "coordinator-2"
        assert not ExternalIdentity.objects.filter(user=local).exists()
    finally:
        set_provider_person(sso, ALICE)


def test_local_accounts_still_sign_in_with_sso_on(live_server, sso):
    session = requests.Session()
    page = session.get(f"{live_server.url}/accounts/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{live_server.url}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": "admin", "password": "library-demo-2026"},
        headers={"Referer": f"{live_server.url}/accounts/login/"},
        timeout=10,
    )
    assert response.status_code == 200
    assert "/accounts/login/" not in response.url


def test_single_sign_on_is_off_unless_configured(client):
    assert client.get("/oidc/authenticate/").status_code == 404
    assert "Sign in with" not in client.get("/accounts/login/").content.decode()
