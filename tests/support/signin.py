"""Signing in as the sign-in tests do: a password posted to one of the two login forms, from
a given client address (throttling counts per account and per address)."""

from __future__ import annotations

from django.conf import settings
from django.test import Client

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
