"""Pages cost the same number of database queries however many documents they show.

Each test renders a page, adds 25 documents (some OFFICIAL-SENSITIVE, each with an owner,
guidance links and related documents), renders it again and compares the counts; then pins
the count with a ceiling, so an N+1 query (a `pageurl`, a foreign key or a permission check
per listed document) fails here before it reaches a section of 200 documents.
`tests/benchmarks/bench_pages.py` measures the same pages at 20 and 200 documents."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from procedures.demo.builder import body_to_stream
from procedures.models import DocumentPage, GuidanceLink, ProtectiveMarking
from procedures.roles import FOOTBALL_INTELLIGENCE

pytestmark = pytest.mark.django_db

ADDED = 25
# Ceilings: what each page costs today for a signed-in planner, plus a little headroom.
# The document page's ceiling includes a fixed 6 for the induction "I have read and
# understood" panel (procedures.induction: the reader's pathways, assignments and
# acknowledgement of this one document; it does not grow with the number of documents).
MAX_QUERIES = {"home": 16, "section": 16, "browse": 12, "document": 24 + 6}


class QueryCounter:
    """Counts queries without relying on `connection.queries_log`, which Django empties at
    the start of each request."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def count_queries(client, url: str) -> int:
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        response = client.get(url)
    assert response.status_code == 200, url
    return counter.count


def add_documents(section, users, groups, related_to: DocumentPage) -> list[DocumentPage]:
    pages = []
    for n in range(ADDED):
        page = DocumentPage(
            title=f"Extra procedure {n}",
            slug=f"extra-procedure-{n}",
            reference=f"XTR-{n:03d}",
            service=["police", "fire", "joint"][n % 3],
            document_type=["policy", "procedure", "guidance", "action-card"][n % 4],
            summary="Added to check that listings do not query once per document.",
            owner_role="Head of Joint Operations",
            policy_owner=users["owner"],
            protective_marking=(
                ProtectiveMarking.OFFICIAL_SENSITIVE if n % 5 == 0 else ProtectiveMarking.OFFICIAL
            ),
            body=body_to_stream([("h", "1", "Scope"), ("p", "Text.")]),
            version_major=1,
        )
        if n % 5 == 0:
            page.access_groups = [groups[FOOTBALL_INTELLIGENCE]]
        page.guidance_links = [GuidanceLink(kind="nog", title="National Operational Guidance")]
        section.add_child(instance=page)
        pages.append(page)
    related_to.related_documents.add(*pages)
    related_to.save()
    return pages


@pytest.fixture
def groups(db):
    return {group.name: group for group in Group.objects.all()}


@pytest.mark.parametrize("page_name", ["home", "section", "browse", "document"])
def test_queries_do_not_grow_with_the_number_of_documents(
    client_for, library, users, groups, page_name, django_assert_max_num_queries
):
    document = library["JOP-001"]
    section = document.get_parent().specific
    url = {"home": "/", "section": section.url, "browse": "/browse/", "document": document.url}[
        page_name
    ]
    client = client_for("planner")
    client.get(url)  # warm caches (site root paths, content types) as a real server would
    before = count_queries(client, url)
    added = add_documents(section, users, groups, related_to=document)
    after = count_queries(client, url)
    assert after == before, f"{page_name}: {before} queries before, {after} after adding {ADDED}"
    with django_assert_max_num_queries(MAX_QUERIES[page_name]):
        response = client.get(url)
    if page_name in {"section", "document"}:
        # The added documents really are on the page, so the count covers listing them.
        assert added[1].reference in response.content.decode()
