"""What a search costs in database queries, pinned: the search service reads each thing once
(the glossary, the scope, the matches, the best bet, the facts for facets and sorting, the
sections for the facet, the page of results), whatever it found.

The ceilings are the counts measured before the service became a pipeline of steps (issue
17); the engine's snippets add one query per result on SQLite (FTS5 answers a rowid range per
document), so a full page of 20 costs more there."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.service import Filters, run_search
from tests.support.search import make_document

pytestmark = pytest.mark.django_db

FOUND = 26
CASES = {
    "first page": {},
    "filtered and sorted by date": {"filters": Filters(service="fire"), "sort": "updated"},
    "second page": {"page_number": 2},
    "old documents too": {"include_old": True},
}
# {case: {vendor: queries}}, measured with FOUND documents found.
MAX_QUERIES = {
    "first page": {"sqlite": 28, "postgresql": 10},
    "filtered and sorted by date": {"sqlite": 28, "postgresql": 10},
    "second page": {"sqlite": 14, "postgresql": 10},
    "old documents too": {"sqlite": 28, "postgresql": 10},
}


@pytest.fixture
def quoins(db):
    return [
        make_document(
            f"Quoin drill {n}", [("h", "1", "Quoins"), ("p", "Quoin stacks.")], service="fire"
        )
        for n in range(FOUND)
    ]


@pytest.mark.parametrize("case", list(CASES))
def test_a_search_reads_each_thing_once(users, quoins, case):
    user = users["firefighter"]
    run_search(user, "quoin", **CASES[case])  # warm the glossary and term caches
    with CaptureQueriesContext(connection) as captured:
        results = run_search(user, "quoin", **CASES[case])
    assert results.total == FOUND
    assert len(captured) <= MAX_QUERIES[case][connection.vendor]
