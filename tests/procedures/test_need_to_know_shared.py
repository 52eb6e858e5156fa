"""An image or file used by a public document and by a restricted one: staff get it through
the public document, and nothing about the restricted one (title, reference, that it uses the
file at all) shows anywhere, usage listings and counts included."""

from __future__ import annotations

import pytest
from django.urls import reverse

from procedures.models import DocumentAttachment
from tests.procedures import test_need_to_know_routes as routes
from tests.procedures.test_images import use_image
from tests.procedures.test_need_to_know_routes import (
    ATTACHMENT_TITLE,
    IMAGE_TITLE,
    SENSITIVE,
    fetch,
)

world = routes.world
uncleared_owner = routes.uncleared_owner

pytestmark = pytest.mark.django_db

PUBLIC = "JOP-001"
TITLE = "Football intelligence briefing"


@pytest.fixture
def shared(world, library):
    """The restricted document's image and attachment, used by a public document too."""
    public = library[PUBLIC]
    use_image(public, world.extra["image"])
    DocumentAttachment.objects.create(page=public, document=world.extra["attachment"])
    return world


def secrets_in(body: str, restricted) -> list[str]:
    return [s for s in (SENSITIVE, TITLE, restricted.page.slug, "Zanzibar") if s in body]


def test_staff_get_a_shared_image_and_file_through_the_public_document(client_for, shared):
    client = client_for("police.officer")
    assert fetch(client, "get", shared.extra["image"].file.url)[0] == 200
    assert fetch(client, "get", shared.extra["attachment"].url)[0] == 200


@pytest.mark.parametrize("route", ["wagtailimages:image_usage", "wagtaildocs:document_usage"])
def test_usage_of_a_shared_file_names_only_the_public_document(
    client, shared, uncleared_owner, route
):
    obj = shared.extra["image" if "image" in route else "attachment"]
    client.force_login(uncleared_owner)
    status, body = fetch(client, "get", reverse(route, args=[obj.pk]))
    assert not secrets_in(body, shared), (status, secrets_in(body, shared))
    assert "Private page" not in body  # not even that a hidden document uses it


@pytest.mark.parametrize("route", ["wagtailimages:edit", "wagtaildocs:edit"])
def test_edit_pages_of_a_shared_file_neither_name_nor_count_the_restricted_use(
    client, shared, uncleared_owner, route
):
    obj = shared.extra["image" if "image" in route else "attachment"]
    client.force_login(uncleared_owner)
    status, body = fetch(client, "get", reverse(route, args=[obj.pk]))
    assert not secrets_in(body, shared), status
    assert "Used 2 times" not in body


def test_the_admin_api_lists_a_shared_image_without_its_restricted_use(
    client, shared, uncleared_owner
):
    client.force_login(uncleared_owner)
    for url in (
        f"/admin/api/main/images/{shared.extra['image'].pk}/",
        f"/admin/api/main/documents/{shared.extra['attachment'].pk}/",
        "/admin/api/main/images/",
        "/admin/api/main/documents/",
    ):
        status, body = fetch(client, "get", url)
        assert not secrets_in(body, shared), url


@pytest.mark.parametrize(
    "url",
    [
        "/admin/images/?q=Quokka",
        "/admin/documents/?q=Pangolin",
        "/admin/api/main/images/?search=Quokka",
        "/admin/api/main/documents/?search=Pangolin",
    ],
)
def test_searching_images_and_files_works_and_hides_restricted_ones(
    client, world, uncleared_owner, url
):
    """The clearance filter is one search backends can apply (it answered 500 when written as
    an EXISTS the backend cannot translate)."""
    client.force_login(uncleared_owner)
    client.raise_request_exception = False
    status, body = fetch(client, "get", url)
    assert status in (200, 302), (url, status)
    assert IMAGE_TITLE not in body and ATTACHMENT_TITLE not in body, url
