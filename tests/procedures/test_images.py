"""Images are as private as the documents that use them: originals and renditions live in
private storage and reach only users who may see a live document using them (editors with
image permissions also see unused images, superusers everything); everyone else gets a 404."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission

from importers.importer import Options, import_path
from procedures.media_access import image_is_visible_to
from procedures.models import (
    DocumentPage,
    LibraryDocument,
    LibraryImage,
    ProtectiveMarking,
    SectionPage,
)
from procedures.roles import POLICY_OWNERS
from tests.importers.test_parsing import png
from tests.importers.test_safety import image_docx

pytestmark = pytest.mark.django_db

SENSITIVE = "FBI-004"
RENDITION = "max-1000x1000"  # what the image block asks for (procedures/blocks/image.html)


def make_image(title: str = "Cordon plan") -> LibraryImage:
    image = LibraryImage(title=title)
    image.file.save("cordon-plan.png", ContentFile(png(40, 30)), save=False)
    image.width, image.height = 40, 30  # as the importer does: the field leaves them unset
    image._set_image_file_metadata()
    image.save()
    return image


def use_image(page: DocumentPage, image: LibraryImage) -> DocumentPage:
    """Put `image` in the document's stored (live) content, as publishing does."""
    page.body.append(("image", {"image": image, "alt_text": "Cordon plan", "caption": ""}))
    page.save()
    return page


def grant_image_permissions(user) -> None:
    """Wagtail's image permissions (add, change, choose) on the root collection, as an
    administrator grants them in Settings > Groups."""
    group, _ = Group.objects.get_or_create(name="Image editors (test)")
    for codename in ("add_image", "change_image", "choose_image"):
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=Collection.get_first_root_node(),
            permission=Permission.objects.get(
                content_type__app_label="wagtailimages", codename=codename
            ),
        )
    user.groups.add(group)


@pytest.fixture(autouse=True)
def fresh_rendition_cache():
    """Each test's database is rolled back and image ids are reused; cached renditions must
    not outlive the rows they describe."""
    for alias in caches:
        caches[alias].clear()


def fetch(client: Client, url: str):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


@pytest.fixture
def sensitive(library):
    return library[SENSITIVE]


@pytest.fixture
def official(library):
    return next(
        page
        for page in library.values()
        if page.live and page.protective_marking == ProtectiveMarking.OFFICIAL
    )


@pytest.fixture
def sensitive_image(sensitive):
    image = make_image()
    use_image(sensitive, image)
    return image


@pytest.fixture
def uncleared_owner(db):
    """A policy owner (with image permissions) outside the sensitive document's groups."""
    user = get_user_model().objects.create_user("owner.uncleared", password="x")
    user.groups.add(Group.objects.get(name=POLICY_OWNERS))
    grant_image_permissions(user)
    return user


def test_the_library_uses_the_private_image_model():
    assert get_image_model() is LibraryImage


def test_images_and_renditions_are_stored_outside_the_public_media_folder(
    settings, sensitive_image
):
    rendition = sensitive_image.get_rendition(RENDITION)
    for stored in (sensitive_image, rendition):
        assert not stored.file.path.startswith(str(settings.MEDIA_ROOT))
        assert stored.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
        assert not stored.file.url.startswith(settings.MEDIA_URL)
        assert stored.file.url.startswith("/images/")


def test_cleared_staff_get_the_original_and_its_rendition(client_for, sensitive_image):
    client = client_for("planner")
    response, body = fetch(client, sensitive_image.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    with sensitive_image.open_file() as original:
        assert body == original.read()
    assert "private" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"

    rendition = sensitive_image.get_rendition("max-20x20")
    response, body = fetch(client, rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert body.startswith(b"\x89PNG")


@pytest.mark.parametrize("username", ["police.officer", "firefighter", "newjoiner"])
def test_uncleared_staff_get_404_for_original_and_rendition(client_for, username, sensitive_image):
    client = client_for(username)
    for url in (sensitive_image.file.url, sensitive_image.get_rendition(RENDITION).url):
        response, body = fetch(client, url)
        assert response.status_code == 404, url
        assert not body.startswith(b"\x89PNG")


def test_uncleared_editor_with_image_permissions_gets_404_and_no_listing(
    client, uncleared_owner, sensitive_image
):
    client.force_login(uncleared_owner)
    for url in (sensitive_image.file.url, sensitive_image.get_rendition(RENDITION).url):
        assert fetch(client, url)[0].status_code == 404, url
    for path in (reverse("wagtailimages:index"), reverse("wagtailimages_chooser:choose")):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Cordon plan" not in response.content.decode(), path
    for path in (
        reverse("wagtailimages:edit", args=[sensitive_image.pk]),
        reverse("wagtailimages:preview", args=[sensitive_image.pk, "max-20x20"]),
    ):
        response = client.get(path)
        assert response.status_code in (302, 403, 404), path
        assert not (response.get("Content-Type") or "").startswith("image/"), path


def test_cleared_editor_finds_the_image_in_the_admin_library(client_for, users, sensitive_image):
    grant_image_permissions(users["owner"])
    response = client_for("owner").get(reverse("wagtailimages:index"))
    assert response.status_code == 200
    assert "Cordon plan" in response.content.decode()


def test_anonymous_visitors_get_the_login_page_not_the_image(sensitive_image):
    for url in (sensitive_image.file.url, sensitive_image.get_rendition(RENDITION).url):
        response, body = fetch(Client(), url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")
        assert not body.startswith(b"\x89PNG")


def test_no_static_route_serves_private_files(client_for, sensitive_image):
    """Even a superuser cannot reach a private file by a public /media/ path."""
    client = client_for("admin")
    name = sensitive_image.file.name
    assert client.get(f"/media/{name}").status_code == 404


def test_document_page_shows_the_protected_image_url_to_cleared_staff(
    client_for, sensitive, sensitive_image
):
    client = client_for("planner")
    html = client.get(sensitive.url).content.decode()
    rendition = sensitive_image.get_rendition(RENDITION)
    assert f'src="{rendition.url}"' in html
    assert rendition.url.startswith("/images/renditions/")
    assert "/media/" not in html
    assert fetch(client, rendition.url)[0].status_code == 200


def test_image_in_an_official_document_is_visible_to_all_signed_in_staff(client_for, official):
    image = make_image("Muster point")
    use_image(official, image)
    for username in ("police.officer", "firefighter", "newjoiner", "planner"):
        client = client_for(username)
        assert fetch(client, image.file.url)[0].status_code == 200, username
        assert fetch(client, image.get_rendition(RENDITION).url)[0].status_code == 200, username
    assert b"Muster point" not in fetch(Client(), image.file.url)[1]


def test_image_used_in_both_an_official_and_a_sensitive_document_is_visible_to_staff(
    client_for, official, sensitive_image
):
    use_image(official, sensitive_image)
    assert fetch(client_for("police.officer"), sensitive_image.file.url)[0].status_code == 200


def test_unused_images_are_only_for_editors_and_administrators(client_for, users):
    image = make_image("Not yet placed")
    assert fetch(client_for("police.officer"), image.file.url)[0].status_code == 404
    assert fetch(client_for("coordinator"), image.file.url)[0].status_code == 404
    grant_image_permissions(users["coordinator"])
    assert fetch(client_for("coordinator"), image.file.url)[0].status_code == 200
    assert fetch(client_for("admin"), image.file.url)[0].status_code == 200
    assert not image_is_visible_to(users["firefighter"], image)


def test_image_in_an_unpublished_sensitive_draft_is_hidden_from_readers(
    client_for, users, sensitive
):
    image = make_image()
    use_image(sensitive, image)
    sensitive.unpublish()
    grant_image_permissions(users["owner"])
    assert fetch(client_for("planner"), image.file.url)[0].status_code == 404
    # A cleared editor with image permissions still sees it; an uncleared one never does.
    assert fetch(client_for("owner"), image.file.url)[0].status_code == 200
    assert fetch(client_for("admin"), image.file.url)[0].status_code == 200


def test_only_image_files_are_served_from_private_storage(client_for, sensitive, library):
    """The view looks files up on images and renditions, so attachments and imported
    originals (also in private storage) cannot be named through it."""
    document = LibraryDocument(title="Briefing")
    document.file.save("briefing.txt", ContentFile(b"category C"), save=True)
    client = client_for("admin")
    assert client.get(f"/images/{document.file.name}").status_code == 404
    assert client.get("/images/../private/documents/briefing.txt").status_code == 404


def test_imported_images_are_private_and_follow_their_document(
    client_for, users, tmp_path, settings
):
    path = tmp_path / "img.docx"
    path.write_bytes(image_docx(png()))
    section = SectionPage.objects.get(slug="operational-policy")
    result = import_path(path, Options(section=section))
    assert result.outcome == "created", result.error
    page = DocumentPage.objects.get(pk=result.page_id)
    image = next(b for b in page.body if b.block_type == "image").value["image"]
    assert image.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    # An imported document is a draft: staff cannot see its images until it is published.
    assert fetch(client_for("police.officer"), image.file.url)[0].status_code == 404
    grant_image_permissions(users["coordinator"])
    assert fetch(client_for("coordinator"), image.file.url)[0].status_code == 200
