"""The clearance rule has one home (`procedures.access`): the database filter, the Python
check, the term statistics' access keys and the Elasticsearch filter all answer alike for
every demo account and every document, cleared or not."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from procedures import access
from procedures.models import DocumentPage, ProtectiveMarking
from search import terms
from search.engines.elasticsearch_index import section_source
from search.engines.elasticsearch_query import clearance_filter
from search.models import IndexedSection

pytestmark = pytest.mark.django_db


def es_matches(query: dict, source: dict) -> bool:
    """Evaluate the small part of the Elasticsearch query language the clearance filter uses
    against one indexed section's source."""
    if "match_none" in query:
        return False
    if "term" in query:
        ((field, spec),) = query["term"].items()
        return source[field] == spec["value"]
    if "terms" in query:
        ((field, values),) = query["terms"].items()
        held = source[field] if isinstance(source[field], list) else [source[field]]
        return bool(set(held) & set(values))
    should = query["bool"]["should"]
    return sum(es_matches(q, source) for q in should) >= query["bool"]["minimum_should_match"]


def test_every_copy_of_the_rule_agrees_with_access(users, library):
    documents = list(DocumentPage.objects.prefetch_related("access_groups"))
    restricted = [d for d in documents if d.protective_marking != ProtectiveMarking.OFFICIAL]
    assert restricted and len(restricted) < len(documents)
    accounts = [*users.values(), AnonymousUser()]
    outcomes = set()
    all_keys = terms.visible_keys(users["admin"])
    assert len(all_keys) > 1, "the demo library indexes restricted documents too"
    for user in accounts:
        visible = set(access.visible_documents(user).values_list("pk", flat=True))
        keys = terms.visible_keys(user)
        es_filter = clearance_filter(access.clearance_of(user))
        for document in documents:
            expected = document.pk in visible
            outcomes.add(expected)
            assert access.is_cleared_for(user, document) is expected, (user, document)
            key = terms.access_key(document)
            assert access.clearance_of(user).opens(terms._needed(key)) is expected, (user, key)
            if key in all_keys:  # visible_keys lists the keys some indexed document has
                assert (key in keys) is expected, (user, key)
            source = section_source(document, IndexedSection(position=0), [
                g.pk for g in document.access_groups.all()
            ])  # fmt: skip
            assert (es_filter is None or es_matches(es_filter, source)) is expected, (
                user,
                document,
            )
    assert outcomes == {True, False}


def test_term_keys_open_exactly_to_the_cleared(users, library):
    """A restricted document's words are read by its groups' members and nobody else."""
    document = library["FBI-004"]
    key = terms.access_key(document)
    assert key != terms.PUBLIC
    cleared = [u for u in users.values() if access.is_cleared_for(u, document)]
    uncleared = [u for u in users.values() if not access.is_cleared_for(u, document)]
    assert cleared and uncleared
    needed = terms._needed(key)
    for user in cleared:
        assert access.clearance_of(user).opens(needed), user
    for user in uncleared:
        assert not access.clearance_of(user).opens(needed), user
