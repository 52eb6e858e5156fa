"""Migration induction 0002/0003: acknowledgements recorded twice for one act before they
were unique are kept (evidence is never deleted) and the later ones marked as duplicates of
the earliest, which is the one that counts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("induction", "0001_initial")]
AFTER = [("induction", "0003_one_acknowledgement_per_major_version")]


@pytest.fixture
def executor(fresh_demo_library):
    executor = MigrationExecutor(connection)
    yield executor
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_duplicates_are_marked_not_deleted_and_the_earliest_stands(executor):
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Acknowledgement = apps.get_model("induction", "Acknowledgement")
    DocumentPage = apps.get_model("procedures", "DocumentPage")
    user = apps.get_model("auth", "User").objects.create(username="reader")
    document = DocumentPage.objects.get(reference="JOP-001")
    at = timezone.now() - datetime.timedelta(days=3)

    def ack(major, minor, seconds):
        return Acknowledgement.objects.create(
            user_id=user.pk, document_id=document.pk, reference="JOP-001", title="t",
            version_major=major, version_minor=minor,
            acknowledged_at=at + datetime.timedelta(seconds=seconds),
        ).pk  # fmt: skip

    later_first_id = ack(2, 0, 0.004)  # inserted first, but acknowledged later
    earliest = ack(2, 0, 0)
    third = ack(2, 1, 5)
    other_major = ack(3, 0, 10)

    executor.loader.build_graph()
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    rows = {
        row.pk: row.duplicate_of_id
        for row in apps.get_model("induction", "Acknowledgement").objects.filter(user_id=user.pk)
    }
    assert rows == {earliest: None, later_first_id: earliest, third: earliest, other_major: None}
