"""What the need-to-know guard costs: the database queries `check_request` makes on an admin
request, beside the request's own total. Pinned with a ceiling, so a guard that starts to
query per id or per revision fails here."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from procedures import need_to_know
from tests.procedures import test_need_to_know_routes as routes

world = routes.world

pytestmark = pytest.mark.django_db

# Queries of the guard itself (`check_request`), per request, for the cleared owner. Measured
# (demo library, SQLite and PostgreSQL alike): page edit 5 of 167, explorer 1 of 163,
# revisions compare 10 of 61 (21 before `access.remembered`), page chooser with 3 ids 10 of 24.
GUARD_CEILING = 18


class Counter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@pytest.fixture
def measured(monkeypatch):
    """(guard queries, all queries) of one GET."""
    original = need_to_know.check_request

    def measure(client, url):
        guard, total = Counter(), Counter()

        def counted(*args, **kwargs):
            with connection.execute_wrapper(guard):
                return original(*args, **kwargs)

        monkeypatch.setattr(need_to_know, "check_request", counted)
        with connection.execute_wrapper(total):
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return guard.count, total.count

    return measure


def test_the_guard_makes_a_handful_of_queries_per_admin_request(client_for, world, measured):
    page = world.page
    client = client_for("owner")
    urls = {
        "page edit": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        "explorer": reverse("wagtailadmin_explore", args=[page.get_parent().pk]),
        "revisions compare": reverse(
            "wagtailadmin_pages:revisions_compare",
            args=[page.pk, "earliest", page.latest_revision_id],
        ),
        "page chooser, 3 ids": reverse("wagtailadmin_choose_page_chosen_multiple")
        + f"?id={page.pk}&id={page.get_parent().pk}&id={page.get_parent().get_parent().pk}",
    }
    client.get(urls["page edit"])  # warm the draft-facts cache and Wagtail's own caches
    found = {label: measured(client, url) for label, url in urls.items()}
    print({label: {"guard": g, "request": t} for label, (g, t) in found.items()})  # noqa: T201 - the measurements go to the test log
    assert all(guard <= GUARD_CEILING for guard, _ in found.values()), found
