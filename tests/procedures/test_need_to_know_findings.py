"""One test per finding of issue #11 (need to know on every surface), each written to fail on
the code before the fix: workflow URLs, files, the importer, admin routes, the admin API,
names in public pages, saving references and downgraded documents."""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import PageLogEntry

from importers.samples import LEGACY_DEMO, legacy_procedure
from procedures.models import DocumentAttachment, DocumentPage, ProtectiveMarking, SectionPage
from procedures.publication import publication_outside_workflow
from procedures.reviews import supersede
from procedures.roles import FOOTBALL_INTELLIGENCE, POLICY_OWNERS
from tests.procedures import test_need_to_know_routes as routes
from tests.procedures.test_images import grant_image_permissions, make_image, use_image
from tests.procedures.test_need_to_know_routes import (
    ATTACHMENT_TITLE,
    DRAFT_ATTACHMENT_TITLE,
    DRAFT_TITLE,
    IMAGE_TITLE,
    MISSING,
    SENSITIVE,
    fetch,
    normalise,
)
from tests.support.approval import editor_form_data, fresh

# The restricted document with its draft, files, image and workflow; an uncleared owner.
world = routes.world
uncleared_owner = routes.uncleared_owner

pytestmark = pytest.mark.django_db

TITLE = "Football intelligence briefing"


def same_as_missing(client, method, url, missing_url):
    status, body = fetch(client, method, url)
    missing_status, missing_body = fetch(client, method, missing_url)
    assert status == missing_status, (url, status, missing_status)
    assert normalise(body, url) == normalise(missing_body, missing_url), url
    return status, body


@pytest.fixture
def owner_without_media_permissions(db):
    user = get_user_model().objects.create_user("owner.plain", password="x")
    user.groups.add(Group.objects.get(name=POLICY_OWNERS))
    return user


def attach_file(page, title: str, name: str, content: bytes = b"x"):
    document = get_document_model()(title=title)
    document.file.save(name, ContentFile(content), save=True)
    DocumentAttachment.objects.create(page=page, document=document)
    return document


# -- 1. workflow URLs ---------------------------------------------------------------------


def test_1_uncleared_approver_cannot_preview_or_act_on_a_restricted_task(client, users, world):
    client.force_login(users["police.approver"])
    page = world.page
    task_state_id = world.values["task_state"]
    preview = reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, world.extra["task"]])
    missing_preview = reverse("wagtailadmin_pages:workflow_preview", args=[MISSING, 1])
    _, body = same_as_missing(client, "get", preview, missing_preview)
    assert DRAFT_TITLE not in body and "Handling the briefing" not in body
    action = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state_id])
    missing_action = reverse("wagtailadmin_pages:workflow_action", args=[MISSING, "approve", 1])
    status, _ = same_as_missing(client, "post", action, missing_action)
    assert status == 404
    assert not PageLogEntry.objects.filter(
        page=page, user=users["police.approver"], action="wagtail.workflow.approve"
    ).exists()


# -- 2. files -------------------------------------------------------------------------------


def test_2_a_file_only_in_a_restricted_draft_reaches_only_its_editors(client_for, world):
    draft_file = world.extra["draft_file"]
    assert fetch(client_for("police.officer"), "get", draft_file.url)[0] == 404
    assert fetch(client_for("firefighter"), "get", draft_file.url)[0] == 404
    assert fetch(client_for("owner"), "get", draft_file.url)[0] == 200


def test_2_the_imported_original_named_after_the_reference_is_not_served(client_for, library):
    page = library[SENSITIVE]
    original = get_document_model()(title=f"{SENSITIVE} original Word file")
    original.file.save(f"{SENSITIVE}.docx", ContentFile(b"original"), save=True)
    draft = page.get_latest_revision_as_object()
    draft.attachments.add(DocumentAttachment(document=original))
    draft.save_revision()
    status, body = fetch(client_for("police.officer"), "get", original.url)
    assert status == 404 and SENSITIVE not in body
    assert fetch(client_for("planner"), "get", original.url)[0] == 404  # not their draft
    assert fetch(client_for("owner"), "get", original.url)[0] == 200


def test_2_a_file_linked_from_rich_text_follows_the_document(client_for, library):
    page = library[SENSITIVE]
    linked = get_document_model()(title="Linked fixture list")
    linked.file.save("fixture-list.txt", ContentFile(b"fixtures"), save=True)
    page.body.append(("text", f'<p><a linktype="document" id="{linked.pk}">fixtures</a></p>'))
    page.save()
    assert fetch(client_for("police.officer"), "get", linked.url)[0] == 404
    assert fetch(client_for("planner"), "get", linked.url)[0] == 200


def test_2_originals_of_unpublished_drafts_are_not_for_staff(client_for, library):
    page = library["POL-021"]
    page.unpublish()
    original = attach_file(fresh(page), "POL-021 original Word file", "POL-021.docx")
    assert fetch(client_for("police.officer"), "get", original.url)[0] == 404
    assert fetch(client_for("coordinator"), "get", original.url)[0] == 200


# -- 3. importer ------------------------------------------------------------------------------


def upload_for(reference: str, name: str = "upload.docx") -> SimpleUploadedFile:
    spec = LEGACY_DEMO[1][1]
    data = legacy_procedure(type(spec)(**{**spec.__dict__, "reference": reference}))
    return SimpleUploadedFile(name, data)


def test_3_importer_never_names_or_overwrites_a_document_the_uploader_may_not_edit(
    client, library, uncleared_owner
):
    page = library[SENSITIVE]
    before = page.latest_revision_id
    client.force_login(uncleared_owner)
    section = SectionPage.objects.get(slug="operational-policy").pk
    response = client.post(
        reverse("importers:upload"), {"file": upload_for(SENSITIVE), "section": section}
    )
    html = response.content.decode()
    assert TITLE not in html
    assert "confirm" not in (response.context or {}) or response.context.get("confirm") is None
    assert fresh(page).latest_revision_id == before
    assert fresh(page).protective_marking == ProtectiveMarking.OFFICIAL_SENSITIVE


def test_3_importer_same_file_match_does_not_reveal_a_restricted_title(
    client, client_for, library, uncleared_owner
):
    section = SectionPage.objects.get(slug="operational-policy").pk
    coordinator = client_for("coordinator")
    response = coordinator.post(
        reverse("importers:upload"),
        {"file": upload_for("LEG-377", "same.docx"), "section": section},
    )
    token = response.context["confirm"].initial["token"]
    coordinator.post(reverse("importers:create"), {"token": token})
    imported = DocumentPage.objects.get(reference="LEG-377")
    imported.protective_marking = ProtectiveMarking.OFFICIAL_SENSITIVE
    imported.title = "Secret stewarding plan"
    imported.save()
    imported.access_groups.set([Group.objects.get(name=FOOTBALL_INTELLIGENCE)])
    client.force_login(uncleared_owner)
    response = client.post(
        reverse("importers:upload"),
        {"file": upload_for("LEG-377", "same.docx"), "section": section},
    )
    html = response.content.decode()
    assert "Secret stewarding plan" not in html


def test_3_importer_never_lowers_a_marking_without_confirmation(client_for, library):
    page = library[SENSITIVE]
    client = client_for("coordinator")
    section = SectionPage.objects.get(slug="operational-policy").pk

    def preview_fields():
        response = client.post(
            reverse("importers:upload"), {"file": upload_for(SENSITIVE), "section": section}
        )
        assert response.context["lowers_marking"] is True
        assert "would lower the document" in response.content.decode()
        fields = dict(response.context["confirm"].initial)
        fields.update({"access_groups": [], "protective_marking": ProtectiveMarking.OFFICIAL})
        return {key: value for key, value in fields.items() if value is not None}

    before = page.latest_revision_id
    client.post(reverse("importers:create"), preview_fields())
    assert fresh(page).latest_revision_id == before
    client.post(reverse("importers:create"), {"token": preview_fields()["token"]})
    assert fresh(page).latest_revision_id == before
    client.post(reverse("importers:create"), {**preview_fields(), "confirm_lower_marking": "on"})
    assert fresh(page).latest_revision_id != before


# -- 4. admin routes that take an id --------------------------------------------------------


def test_4_chosen_multiple_names_no_restricted_page_and_never_fails(client, world, users):
    client.force_login(users["police.approver"])
    url = reverse("wagtailadmin_choose_page_chosen_multiple")
    restricted = client.get(f"{url}?id={world.page.pk}")
    missing = client.get(f"{url}?id={MISSING}")
    assert restricted.status_code == missing.status_code
    assert TITLE not in restricted.content.decode()
    assert DRAFT_TITLE not in restricted.content.decode()
    assert client.get(f"{url}?id=1").status_code < 500


def test_4_admin_page_routes_answer_as_for_a_missing_id(client, world, uncleared_owner):
    client.force_login(uncleared_owner)
    for name in [
        "wagtailadmin_explore",
        "wagtailadmin_choose_page_child",
        "wagtailadmin_pages:edit",
        "wagtailadmin_pages:history",
        "wagtailadmin_pages:usage",
    ]:
        _, body = same_as_missing(
            client, "get", reverse(name, args=[world.page.pk]), reverse(name, args=[MISSING])
        )
        assert TITLE not in body and DRAFT_TITLE not in body


def test_4_bulk_action_pages_list_no_restricted_title(client, world, uncleared_owner, library):
    client.force_login(uncleared_owner)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    other = library["JOP-001"]
    response = client.get(f"{url}?id={world.page.pk}&id={other.pk}")
    assert TITLE not in response.content.decode()
    assert DRAFT_TITLE not in response.content.decode()


def test_4_page_types_usage_neither_names_nor_counts_restricted_documents(
    client, client_for, world, uncleared_owner
):
    def documents_row(client):
        response = client.get(reverse("wagtailadmin_reports:page_types_usage"))
        return response, next(
            row for row in response.context["object_list"] if row.model == "documentpage"
        )

    client.force_login(uncleared_owner)
    response, row = documents_row(client)
    assert DRAFT_TITLE not in response.content.decode() and TITLE not in response.content.decode()
    cleared_response, cleared_row = documents_row(client_for("coordinator"))
    hidden = DocumentPage.objects.filter(
        protective_marking=ProtectiveMarking.OFFICIAL_SENSITIVE
    ).count()
    assert row.count == cleared_row.count - hidden


def test_4_a_draft_raising_a_document_to_sensitive_hides_its_title(client, library, users):
    page = library["JOP-001"]
    draft = page.get_latest_revision_as_object()
    draft.title = "Quasar draft restricted title"
    draft.protective_marking = ProtectiveMarking.OFFICIAL_SENSITIVE
    draft.access_groups = [Group.objects.get(name=FOOTBALL_INTELLIGENCE)]
    draft.save_revision(user=users["coordinator"])
    client.force_login(users["police.approver"])
    for url in [
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_pages:history", args=[page.pk]),
        reverse("wagtailadmin_choose_page_chosen_multiple") + f"?id={page.pk}",
        reverse("wagtailadmin_explore", args=[page.get_parent().pk]),
        "/admin/pages/search/?q=Quasar",
    ]:
        assert "Quasar draft" not in client.get(url).content.decode(), url


# -- 5. admin API ---------------------------------------------------------------------------


def test_5_admin_api_lists_no_image_or_file_used_only_by_restricted_documents(
    client, world, owner_without_media_permissions
):
    client.force_login(owner_without_media_permissions)
    images = client.get(f"/admin/api/main/images/?id={world.values['image']}")
    documents = client.get(f"/admin/api/main/documents/?id={world.values['file']}")
    draft_files = client.get(f"/admin/api/main/documents/?id={world.extra['draft_file'].pk}")
    assert images.status_code == documents.status_code == 200
    assert IMAGE_TITLE not in images.content.decode()
    assert ATTACHMENT_TITLE not in documents.content.decode()
    assert DRAFT_ATTACHMENT_TITLE not in draft_files.content.decode()
    for response in (images, documents, draft_files):
        assert json.loads(response.content)["meta"]["total_count"] == 0


def test_5_admin_api_still_lists_what_a_cleared_editor_may_see(client_for, world):
    images = client_for("owner").get(f"/admin/api/main/images/?id={world.values['image']}")
    assert IMAGE_TITLE in images.content.decode()


# -- 6. names in public pages ---------------------------------------------------------------


def test_6_superseded_banner_does_not_name_a_restricted_replacement(client_for, library, users):
    old, replacement = library["JOP-002"], library[SENSITIVE]
    supersede(old, replacement, users["coordinator"])
    body = client_for("police.officer").get(fresh(old).url).content.decode()
    assert "superseded" in body
    assert SENSITIVE not in body and TITLE not in body
    assert SENSITIVE in client_for("planner").get(fresh(old).url).content.decode()


def test_6_rich_text_link_to_a_restricted_page_has_no_address(client_for, library):
    page, restricted = library["JOP-001"], library[SENSITIVE]
    link = f'<p>See <a linktype="page" id="{restricted.pk}">the briefing</a></p>'
    page.body.append(("text", link))
    page.save()
    body = client_for("police.officer").get(page.url).content.decode()
    assert "the briefing" in body
    assert restricted.slug not in body and restricted.url not in body
    assert restricted.url in client_for("planner").get(page.url).content.decode()


# -- 8. saving references -------------------------------------------------------------------


def test_8_uncleared_editor_cannot_save_a_restricted_file_or_page_into_a_draft(
    client, library, world, uncleared_owner
):
    page = library["JOP-001"]
    client.force_login(uncleared_owner)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.get(url)
    assert response.status_code == 200
    data = editor_form_data(response.content.decode(), page)
    total = int(data["attachments-TOTAL_FORMS"])
    data.update(
        {
            "attachments-TOTAL_FORMS": str(total + 1),
            f"attachments-{total}-document": str(world.values["file"]),
            f"attachments-{total}-title": "",
            f"attachments-{total}-ORDER": str(total + 1),
            f"attachments-{total}-id": "",
        }
    )
    before = page.latest_revision_id
    client.post(url, data)
    assert fresh(page).latest_revision_id == before
    data = editor_form_data(response.content.decode(), page)
    data["related_documents"] = [str(world.page.pk)]
    client.post(url, data)
    assert fresh(page).latest_revision_id == before


def test_8_a_restricted_image_in_a_posted_body_is_refused(client, library, uncleared_owner):
    grant_image_permissions(uncleared_owner)
    restricted_image = make_image("Restricted cordon")
    use_image(library[SENSITIVE], restricted_image)
    page = library["JOP-001"]
    client.force_login(uncleared_owner)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = editor_form_data(client.get(url).content.decode(), page)
    count = int(data["body-count"])
    data.update(
        {
            "body-count": str(count + 1),
            f"body-{count}-type": "image",
            f"body-{count}-deleted": "",
            f"body-{count}-order": str(count),
            f"body-{count}-id": "",
            f"body-{count}-value-image": str(restricted_image.pk),
            f"body-{count}-value-alt_text": "x",
            f"body-{count}-value-caption": "",
        }
    )
    before = page.latest_revision_id
    client.post(url, data)
    assert fresh(page).latest_revision_id == before


# -- 9. downgraded documents ----------------------------------------------------------------


@pytest.fixture
def downgraded(library, users):
    """JOP-001 published once as OFFICIAL-SENSITIVE (version 4.0) and then downgraded to
    OFFICIAL again (version 5.0)."""
    page = library["JOP-001"]
    coordinator = users["coordinator"]
    draft = page.get_latest_revision_as_object()
    draft.protective_marking = ProtectiveMarking.OFFICIAL_SENSITIVE
    draft.access_groups = [Group.objects.get(name=FOOTBALL_INTELLIGENCE)]
    draft.change_kind, draft.change_summary = "major", "Kumquat restricted period change"
    draft.body.append(("text", "<p>Kumquat restricted paragraph.</p>"))
    restricted_revision = draft.save_revision(user=coordinator)
    with publication_outside_workflow("test: a downgraded document's published history"):
        restricted_revision.publish()
    draft = fresh(page).get_latest_revision_as_object()
    draft.protective_marking = ProtectiveMarking.OFFICIAL
    draft.access_groups = []
    draft.body = [b for b in draft.body.raw_data if "Kumquat" not in str(b.get("value"))]
    draft.change_kind, draft.change_summary = "major", "Downgraded to OFFICIAL."
    revision = draft.save_revision(user=coordinator)
    with publication_outside_workflow("test: a downgraded document's published history"):
        revision.publish()
    return fresh(page), restricted_revision


def test_9_versions_list_leaves_out_the_restricted_period(client_for, downgraded):
    page, _ = downgraded
    body = client_for("police.officer").get(page.url + "versions/").content.decode()
    assert "Downgraded to OFFICIAL." in body
    assert "Kumquat" not in body
    assert "Kumquat" in client_for("planner").get(page.url + "versions/").content.decode()


def test_9_changes_and_as_at_leave_the_restricted_version_out_and_never_break(
    client_for, downgraded
):
    page, _ = downgraded
    client = client_for("police.officer")
    response = client.get(page.url + "changes/")
    assert response.status_code == 200 and "Kumquat" not in response.content.decode()
    today = timezone.localdate()
    response = client.get(f"{page.url}as-at/?date={today}")
    assert response.status_code == 200 and "Kumquat" not in response.content.decode()
    yesterday = today - datetime.timedelta(days=1)
    assert client.get(f"{page.url}as-at/?date={yesterday}").status_code == 200


def test_9_admin_revision_view_and_compare_refuse_the_restricted_period(
    client, downgraded, uncleared_owner
):
    page, restricted_revision = downgraded
    client.force_login(uncleared_owner)
    view = reverse("wagtailadmin_pages:revisions_view", args=[page.pk, restricted_revision.pk])
    missing = reverse("wagtailadmin_pages:revisions_view", args=[page.pk, MISSING])
    status, body = same_as_missing(client, "get", view, missing)
    assert status == 404 and "Kumquat" not in body
    compare = reverse(
        "wagtailadmin_pages:revisions_compare", args=[page.pk, restricted_revision.pk, "live"]
    )
    missing_compare = reverse(
        "wagtailadmin_pages:revisions_compare", args=[page.pk, MISSING, "live"]
    )
    status, body = same_as_missing(client, "get", compare, missing_compare)
    assert "Kumquat" not in body


def test_8_a_relation_to_a_hidden_document_is_neither_shown_nor_lost_on_save(
    client, library, uncleared_owner
):
    page, hidden = library["JOP-001"], library[SENSITIVE]
    page.related_documents.add(hidden)
    page.save()
    page.save_revision()
    client.force_login(uncleared_owner)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    html = client.get(url).content.decode()
    assert TITLE not in html
    data = editor_form_data(html, page)
    data["summary"] = data["summary"] + " Edited."
    client.post(url, data)
    draft = fresh(page).get_latest_revision_as_object()
    assert draft.summary.endswith(" Edited.")
    assert hidden.pk in [p.pk for p in draft.related_documents.all()]
