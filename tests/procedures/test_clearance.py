"""Clearance in bulk (`access.Clearances`, `access.cleared_pairs`) is the single-person rule
(`access.is_cleared_for`) computed for many at once: they agree for every demo account and
document, including an inactive account and a superuser."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from procedures import access
from procedures.induction.models import Acknowledgement
from procedures.models import DocumentPage, ProtectiveMarking

pytestmark = pytest.mark.django_db


def single_form(users, documents) -> set[tuple[int, int]]:
    return {
        (user.pk, document.pk)
        for user in users
        for document in documents
        if access.is_cleared_for(user, document)
    }


def test_bulk_and_single_forms_agree_for_every_demo_user_and_document(users):
    users["firefighter"].is_active = False  # an inactive account sees nothing
    users["firefighter"].save()
    people = list(get_user_model().objects.all())
    documents = list(DocumentPage.objects.all())
    expected = single_form(people, documents)
    # The check means something only if the demo holds each kind of answer.
    sensitive = [
        d for d in documents if d.protective_marking == ProtectiveMarking.OFFICIAL_SENSITIVE
    ]
    assert sensitive and any(user.is_superuser for user in people)
    assert any((u.pk, d.pk) not in expected for u in people if u.is_active for d in sensitive)
    assert any((u.pk, d.pk) in expected for u in people if not u.is_superuser for d in sensitive)

    clearance = access.Clearances(get_user_model().objects.all(), documents)
    bulk = {(u.pk, d.pk) for u in people for d in documents if clearance.allows(u.pk, d.pk)}
    assert bulk == expected

    per_user = {
        (user.pk, pk)
        for user in people
        for pk in access.visible_documents(user).values_list("pk", flat=True)
    }
    assert per_user == expected

    # The SQL form, on rows that pair a person and a document (a version nobody has read).
    Acknowledgement.objects.bulk_create(
        Acknowledgement(user=u, document=d, reference=d.reference, title=d.title,
                        version_major=90, version_minor=0)
        for u in people
        for d in documents
    )  # fmt: skip
    in_sql = set(
        Acknowledgement.objects.filter(version_major=90)
        .filter(access.cleared_pairs())
        .values_list("user_id", "document_id")
    )
    assert in_sql == expected


def test_bulk_form_answers_only_for_the_people_it_was_asked_about(users, library):
    clearance = access.Clearances(
        get_user_model().objects.filter(username="planner"), [library["FBI-004"]]
    )
    assert clearance.allows(users["planner"].pk, library["FBI-004"].pk)
    assert not clearance.allows(users["coordinator"].pk, library["FBI-004"].pk)
