"""The demo library: every account can sign in and browse, the loader is idempotent, the
library keeps the promises the README and issue make, and `make run`'s set-up steps work."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page, ReferenceIndex, Revision

from importers.samples import LEGACY_DEMO
from procedures.demo import content
from procedures.demo.builder import build_demo_library
from procedures.models import (
    DocumentPage,
    DocumentType,
    GuidanceLink,
    ProtectiveMarking,
    SectionPage,
    Service,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# One open document and one sensitive document every account is checked against.
OPEN_DOCUMENT = "JOP-001"


@pytest.mark.parametrize("account", content.USERS, ids=[a["username"] for a in content.USERS])
def test_each_demo_account_can_sign_in_and_browse(client, library, account):
    response = client.post(
        "/accounts/login/",
        {"username": account["username"], "password": content.DEMO_PASSWORD},
    )
    assert response.status_code == 302, f"{account['username']} could not sign in"
    home = client.get("/")
    assert home.status_code == 200
    assert home.context["user"].username == account["username"]
    section_slug = content.SECTIONS[0]["slug"]
    assert client.get(f"/{section_slug}/").status_code == 200
    assert client.get("/browse/").status_code == 200
    document = client.get(library[OPEN_DOCUMENT].url)
    assert document.status_code == 200
    assert "Declaring and managing a major incident" in document.content.decode()


def test_a_wrong_password_does_not_sign_in(client):
    response = client.post("/accounts/login/", {"username": "planner", "password": "wrong"})
    assert response.status_code == 200
    assert "did not match" in response.content.decode()


def _counts() -> dict[str, int]:
    through = DocumentPage.related_documents.through
    return {
        "pages": Page.objects.count(),
        "documents": DocumentPage.objects.count(),
        "live documents": DocumentPage.objects.live().count(),
        "revisions": Revision.objects.count(),
        "guidance links": GuidanceLink.objects.count(),
        "related links": through.objects.count(),
        "access groups": DocumentPage.access_groups.through.objects.count(),
        "users": get_user_model().objects.count(),
        "groups": Group.objects.count(),
        "page permissions": GroupPagePermission.objects.count(),
        "references": ReferenceIndex.objects.count(),
    }


def test_loading_the_demo_library_again_creates_and_changes_nothing():
    before = _counts()
    latest = dict(DocumentPage.objects.values_list("reference", "latest_revision_id"))
    result = build_demo_library()
    assert result == {"documents_created": 0, "documents_total": before["documents"]}
    assert _counts() == before
    assert dict(DocumentPage.objects.values_list("reference", "latest_revision_id")) == latest


def test_load_demo_library_command_is_idempotent_and_lists_the_accounts():
    before = _counts()
    out = StringIO()
    call_command("load_demo_library", "--allow-production", stdout=out)
    assert _counts() == before
    text = out.getvalue()
    assert "0 documents created" in text
    assert content.DEMO_PASSWORD in text
    for account in content.USERS:
        assert account["username"] in text


def test_dry_run_lists_what_is_missing_and_changes_nothing(library):
    library["JOP-002"].delete()
    before = _counts()
    out = StringIO()
    call_command("load_demo_library", "--dry-run", stdout=out)
    assert "Would create 1 documents: JOP-002" in out.getvalue()
    assert "Would create 0 accounts." in out.getvalue()
    assert _counts() == before


def test_loader_refuses_to_run_with_debug_off_unless_told():
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("load_demo_library", stdout=StringIO())


def test_loader_rebuilds_a_deleted_document_and_its_links(library):
    library["JOP-002"].delete()
    result = build_demo_library()
    assert result["documents_created"] == 1
    rebuilt = DocumentPage.objects.get(reference="JOP-002")
    assert rebuilt.live and rebuilt.latest_revision_id
    # JOP-001 links to JOP-002: the link is restored to the rebuilt page.
    jop_001 = DocumentPage.objects.get(reference="JOP-001")
    assert rebuilt in jop_001.related_documents.all()


class TestTheLibraryKeepsItsPromises:
    """At least 40 documents across every section and both services, with real structure,
    some OFFICIAL-SENSITIVE and some overdue for review."""

    def test_at_least_forty_live_documents(self):
        documents = DocumentPage.objects.live()
        assert documents.count() >= 40
        assert documents.count() == len(content.DOCUMENTS)
        assert set(documents.values_list("reference", flat=True)) == {
            spec["ref"] for spec in content.DOCUMENTS
        }

    def test_every_section_has_documents(self):
        for section in SectionPage.objects.live():
            assert DocumentPage.objects.child_of(section).live().count() >= 3, section.title
        assert SectionPage.objects.live().count() == len(content.SECTIONS) == 7

    def test_every_service_and_every_type_is_represented(self):
        documents = DocumentPage.objects.live()
        assert set(documents.values_list("service", flat=True)) == set(Service.values)
        assert set(documents.values_list("document_type", flat=True)) == set(DocumentType.values)
        for service in Service.values:
            assert documents.filter(service=service).count() >= 5, service

    def test_some_documents_are_sensitive_and_restricted_to_groups(self):
        sensitive = DocumentPage.objects.filter(
            protective_marking=ProtectiveMarking.OFFICIAL_SENSITIVE
        )
        assert sensitive.count() >= 5
        for page in sensitive:
            assert page.access_groups.exists(), page.reference
            assert not page.foi_publishable, page.reference

    def test_some_documents_are_overdue_and_some_due_soon(self):
        today = timezone.localdate()
        documents = list(DocumentPage.objects.live())
        overdue = [page for page in documents if page.is_overdue_for_review]
        due_soon = [
            page
            for page in documents
            if page.next_review_date
            and today <= page.next_review_date <= today + datetime.timedelta(days=60)
        ]
        assert len(overdue) >= 4
        assert len(due_soon) >= 3

    def test_documents_have_numbered_structure(self):
        for page in DocumentPage.objects.live():
            contents = page.contents
            assert len(contents) >= 2, page.reference
            assert all(section.number for section in contents), page.reference
            kinds = {child.block_type for child in page.body}
            assert kinds & {"steps", "table", "checklist"}, page.reference
        with_subsections = [
            page
            for page in DocumentPage.objects.live()
            if any(section.level >= 3 for section in page.contents)
        ]
        assert len(with_subsections) >= 15

    def test_related_documents_and_guidance_resolve(self):
        refs = {spec["ref"] for spec in content.DOCUMENTS}
        for spec in content.DOCUMENTS:
            assert set(spec.get("related", [])) <= refs, spec["ref"]
            assert spec["ref"] not in spec.get("related", []), spec["ref"]
        assert GuidanceLink.objects.count() >= 40
        linked = DocumentPage.related_documents.through.objects
        assert linked.values("from_documentpage").distinct().count() >= 30

    def test_every_document_has_a_published_revision_by_its_owner(self):
        for page in DocumentPage.objects.live().select_related("latest_revision"):
            assert page.latest_revision is not None, page.reference
            assert page.latest_revision.user is not None, page.reference
            assert page.policy_owner_id, page.reference


@pytest.mark.slow
def test_make_run_steps_work_on_a_fresh_sqlite_database(tmp_path):
    """`make run` migrates an SQLite file and loads the demo library, twice over on a second
    run. Same commands, same settings module (dev) and DEBUG=1, in a fresh folder."""
    if connection.vendor != "sqlite":
        pytest.skip("make run uses SQLite; checked once, in the SQLite run")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "ELASTICSEARCH_URL"}
    }
    env.update(
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private_media"),
    )

    def manage(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    manage("migrate", "--noinput")
    first = manage("load_demo_library")
    # The library also holds the documents imported from generated legacy Word files.
    total = len(content.DOCUMENTS) + len(LEGACY_DEMO)
    assert f"{total} documents created" in first
    assert "planner" in first and content.DEMO_PASSWORD in first
    second = manage("load_demo_library")
    assert f"0 documents created, {total} in the library" in second
    assert (tmp_path / "db.sqlite3").exists()
