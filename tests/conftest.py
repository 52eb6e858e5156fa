"""Shared fixtures: the demo library and its accounts, built once per test database."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from procedures.demo import content
from procedures.demo.builder import build_demo_library
from procedures.models import DocumentPage

DEMO_PASSWORD = content.DEMO_PASSWORD


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the demo library once into the test database; each test runs in a transaction
    that is rolled back, so every test starts from the same library."""
    with django_db_blocker.unblock():
        build_demo_library()


@pytest.fixture
def library(db):
    return {page.reference: page for page in DocumentPage.objects.all()}


@pytest.fixture
def users(db):
    return {user.username: user for user in get_user_model().objects.all()}


@pytest.fixture
def client_for(client, users):
    """`client_for("planner")` returns the test client signed in as that demo account."""

    def sign_in(username: str):
        client.force_login(users[username])
        return client

    return sign_in
