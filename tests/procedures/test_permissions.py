"""OFFICIAL-SENSITIVE documents reach only the groups given access, on every surface."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model

from procedures.models import DocumentAttachment
from procedures.roles import POLICY_OWNERS

pytestmark = pytest.mark.django_db

SENSITIVE = "FBI-004"


@pytest.fixture
def sensitive(library):
    return library[SENSITIVE]


@pytest.fixture
def uncleared_owner(db):
    """A policy owner with admin access who is not in the document's access groups."""
    user = get_user_model().objects.create_user("owner.uncleared", password="x")
    user.groups.add(Group.objects.get(name=POLICY_OWNERS))
    return user


@pytest.mark.parametrize(
    "path",
    ["/", "/browse/", "/search/?q=cordon", "/major-incidents/", "/admin/", "/documents/1/x.pdf"],
)
def test_anonymous_visitors_only_ever_get_the_login_page(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/") or response["Location"].startswith(
        "/admin/login/"
    )


def test_login_page_and_health_check_are_open(client):
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_uncleared_staff_get_404_for_a_sensitive_document(client_for, sensitive):
    response = client_for("police.officer").get(sensitive.url)
    assert response.status_code == 404
    assert SENSITIVE not in response.content.decode()


def test_cleared_staff_can_read_a_sensitive_document(client_for, sensitive):
    response = client_for("planner").get(sensitive.url)
    assert response.status_code == 200
    assert "OFFICIAL-SENSITIVE" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/", "/football/", "/browse/", "/browse/?service=police", "/search/?q=football"]
)
def test_sensitive_document_is_absent_from_listings_for_uncleared_staff(client_for, path):
    body = client_for("police.officer").get(path).content.decode()
    assert SENSITIVE not in body
    assert "Football intelligence briefing" not in body


@pytest.mark.parametrize("path", ["/football/", "/browse/", "/search/?q=football"])
def test_sensitive_document_is_listed_for_cleared_staff(client_for, path):
    assert SENSITIVE in client_for("planner").get(path).content.decode()


def test_section_count_on_home_page_leaves_out_sensitive_documents(client_for):
    officer = client_for("police.officer").get("/").context["sections"]
    counts = {section.slug: section.document_count for section in officer}
    planner = {s.slug: s.document_count for s in client_for("planner").get("/").context["sections"]}
    assert planner["football"] == counts["football"] + 1


def _attach(page):
    document = get_document_model()(title="Briefing template")
    document.file.save("briefing.txt", ContentFile(b"category C fixture briefing"), save=True)
    DocumentAttachment.objects.create(page=page, document=document)
    return document


def test_attachments_of_sensitive_documents_are_refused_to_uncleared_staff(client_for, sensitive):
    document = _attach(sensitive)
    response = client_for("police.officer").get(document.url)
    assert response.status_code == 404


def test_attachments_of_sensitive_documents_are_served_to_cleared_staff(client_for, sensitive):
    document = _attach(sensitive)
    response = client_for("planner").get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"category C fixture briefing"


def test_attachments_are_stored_outside_the_public_media_folder(settings, sensitive):
    document = _attach(sensitive)
    assert not document.file.path.startswith(str(settings.MEDIA_ROOT))
    assert document.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))


def test_uncleared_editor_cannot_edit_preview_or_view_revisions(client, uncleared_owner, sensitive):
    client.force_login(uncleared_owner)
    revision = sensitive.latest_revision
    for path in [
        reverse("wagtailadmin_pages:edit", args=[sensitive.pk]),
        reverse("wagtailadmin_pages:preview_on_edit", args=[sensitive.pk]),
        reverse("wagtailadmin_pages:revisions_index", args=[sensitive.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[sensitive.pk, revision.pk]),
        reverse("wagtailadmin_pages:history", args=[sensitive.pk]),
    ]:
        response = client.get(path)
        assert response.status_code in (302, 403, 404), path
        assert "category C" not in response.content.decode()
        assert "Handling the briefing" not in response.content.decode(), path


def test_uncleared_editor_does_not_see_sensitive_document_in_admin_explorer(
    client, uncleared_owner, sensitive
):
    client.force_login(uncleared_owner)
    section = sensitive.get_parent()
    response = client.get(reverse("wagtailadmin_explore", args=[section.pk]))
    assert response.status_code == 200
    assert SENSITIVE not in response.content.decode()
    assert "Football intelligence briefing" not in response.content.decode()


def test_cleared_editor_can_view_revisions(client_for, sensitive):
    response = client_for("owner").get(
        reverse(
            "wagtailadmin_pages:revisions_view", args=[sensitive.pk, sensitive.latest_revision.pk]
        )
    )
    assert response.status_code == 200
    assert "Handling the briefing" in response.content.decode()


def test_withdrawn_and_draft_documents_are_not_listed(client_for, library):
    withdrawn = library["JOP-002"]
    withdrawn.withdrawn_at = timezone.now()
    withdrawn.save()
    draft = library["POL-021"]
    draft.unpublish()
    body = client_for("police.officer").get("/browse/").content.decode()
    assert "JOP-002" not in body
    assert "POL-021" not in body
    assert "JOP-001" in body


@pytest.mark.parametrize(
    "path",
    [
        "/admin/pages/search/?q=football",
        "/admin/pages/search/?q=briefing",
        "/admin/reports/site-history/",
        "/admin/",
    ],
)
def test_admin_search_and_reports_leave_out_sensitive_documents(client, uncleared_owner, path):
    client.force_login(uncleared_owner)
    response = client.get(path)
    assert response.status_code == 200
    assert "Football intelligence briefing" not in response.content.decode()


def test_cleared_editor_finds_sensitive_document_in_admin_search(client_for):
    response = client_for("owner").get("/admin/pages/search/?q=football")
    assert "Football intelligence briefing" in response.content.decode()
