"""Helpers for search tests: documents made in the test, published through Wagtail."""

from __future__ import annotations

import itertools

from django.contrib.auth.models import Group

from procedures.demo.builder import body_to_stream, new_document
from procedures.models import DocumentPage, SectionPage

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
    from django.contrib.auth import get_user_model

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
