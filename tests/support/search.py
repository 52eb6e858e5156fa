"""Helpers for search tests: documents made in the test, published through Wagtail."""

from __future__ import annotations

import itertools
import os
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import override_settings

from procedures.demo.builder import body_to_stream, new_document
from procedures.models import DocumentPage, SectionPage
from search.engines import get_engine, reset_engine_cache

_numbers = itertools.count(1)


def make_document(
    title: str,
    body: list[tuple],
    *,
    summary: str = "A test document.",
    service: str = "joint",
    doc_type: str = "procedure",
    section: str = "operational-policy",
    sensitive_for: list[str] | None = None,
    ref: str | None = None,
) -> DocumentPage:
    """Create and publish a document (through the demo builder, so signals fire)."""
    users = {u.username: u for u in get_user_model().objects.all()}
    groups = {g.name: g for g in Group.objects.all()}
    spec = {
        "ref": ref or f"TST-{next(_numbers):03d}",
        "title": title,
        "type": doc_type,
        "service": service,
        "summary": summary,
        "owner_role": "Head of Testing",
        "body": body,
    }
    if sensitive_for:
        spec["sensitive"] = True
        spec["access"] = sensitive_for
    parent = SectionPage.objects.get(slug=section)
    page = new_document(spec, parent, users, groups)
    page.save_revision().publish()
    return DocumentPage.objects.get(pk=page.pk)


def set_body(page: DocumentPage, body: list[tuple]) -> DocumentPage:
    page.body = body_to_stream(body)
    return page


# -- the live Elasticsearch/OpenSearch suite -------------------------------------------------
ES_URL = os.environ.get("ELASTICSEARCH_URL", "")
LIVE_SKIP_REASON = (
    "ELASTICSEARCH_URL is not set: live Elasticsearch/OpenSearch tests need a running cluster"
)
needs_live_cluster = [
    pytest.mark.elasticsearch_live,
    pytest.mark.skipif(not ES_URL, reason=LIVE_SKIP_REASON),
]


def unique_index_prefix() -> str:
    """An index prefix no other run (or person) uses, so a shared cluster is safe to test on."""
    return f"jpl_test_{uuid.uuid4().hex[:12]}"


def use_live_cluster(settings, prefix: str, url: str | None = None) -> None:
    """Point the engine at the live cluster (flavour from ELASTICSEARCH_FLAVOUR), under
    `prefix`; the next `get_engine()` builds a fresh engine."""
    settings.ELASTICSEARCH_URL = url or ES_URL
    settings.ELASTICSEARCH_INDEX_PREFIX = prefix
    reset_engine_cache()


def drop_live_indices(prefix: str, url: str | None = None) -> None:
    """Delete the index (and synonyms set) made under `prefix`."""
    with override_settings(ELASTICSEARCH_URL=url or ES_URL, ELASTICSEARCH_INDEX_PREFIX=prefix):
        reset_engine_cache()
        try:
            get_engine().drop()
        finally:
            reset_engine_cache()
