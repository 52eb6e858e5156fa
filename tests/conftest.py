"""Shared fixtures: the demo library and its accounts, built once per test database."""

from __future__ import annotations

import os

import pytest
from django.contrib.auth import get_user_model

from procedures.demo import content
from procedures.demo.builder import build_demo_library
from procedures.models import DocumentPage
from procedures.publication import deleting_published_documents, publication_outside_workflow
from tests.support.demo_snapshot import restore_snapshot, take_snapshot
from tests.support.live_server import start_live_server
from tests.support.search import ES_URL, drop_live_indices, unique_index_prefix

DEMO_PASSWORD = content.DEMO_PASSWORD

# Fixtures that open the database (pytest-django blocks it for every other test).
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
     "live_server"}
)  # fmt: skip


def pytest_collection_modifyitems(items):
    """A test that never opens the database gives the same answer on every engine: it is
    marked `engine_independent`, and `make test` runs it once, in the SQLite run. Tests that
    need PostgreSQL (`postgres_only`) never are, whatever they touch."""
    for item in items:
        if item.get_closest_marker("postgres_only"):
            continue
        if item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(item.fixturenames):
            continue
        item.add_marker(pytest.mark.engine_independent)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the demo library once into the test database; each test runs in a transaction
    that is rolled back, so every test starts from the same library. Transactional tests,
    whose database is flushed, get it back from a snapshot (`fresh_demo_library`)."""
    with django_db_blocker.unblock():
        build_demo_library()
        take_snapshot()


@pytest.fixture
def fresh_demo_library(transactional_db):
    """The session's demo library, committed, for a transactional test (browser, races, single
    sign-on): restored from the snapshot instead of rebuilt, which took seconds a test."""
    restore_snapshot()


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


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, taking one request at a time when it shares the test's
    in-memory SQLite connection (`tests/support/live_server.py` says why)."""
    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = start_live_server(addr)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def live_index_prefix():
    """The index prefix of this run's live Elasticsearch/OpenSearch tests; whatever they
    created under it is deleted when the run ends."""
    prefix = unique_index_prefix()
    yield prefix
    if ES_URL:
        drop_live_indices(prefix)


@pytest.fixture(autouse=True)
def direct_publication_in_setup(request):
    """Tests set up their documents by publishing them directly, as the demo loader does (and
    some delete one to simulate its absence). Tests of the guards themselves are marked
    `publication_guard` and get none of this: for them only the approval workflow
    publishes, and nothing published is deleted."""
    if request.node.get_closest_marker("publication_guard"):
        yield
        return
    with publication_outside_workflow("test set-up"), deleting_published_documents("test set-up"):
        yield
