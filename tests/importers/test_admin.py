"""The Word importer in the Wagtail admin: upload, preview, create the draft; only policy
coordinators, policy owners and administrators may use it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from importers.models import ImportRecord
from importers.samples import LEGACY_DEMO, legacy_procedure, para, raw_docx, run, table
from procedures.models import DocumentPage, SectionPage

pytestmark = pytest.mark.django_db


def legacy_upload() -> SimpleUploadedFile:
    spec = LEGACY_DEMO[1][1]
    data = legacy_procedure(type(spec)(**{**spec.__dict__, "reference": "LEG-301"}))
    return SimpleUploadedFile("radio.docx", data)


def section_pk() -> int:
    return SectionPage.objects.get(slug="operational-policy").pk


def upload(client, name: str, data: bytes, **fields):
    """Post a Word file to the import form, into the operational policy section."""
    file = SimpleUploadedFile(name, data)
    return client.post(
        reverse("importers:upload"), {"file": file, "section": section_pk(), **fields}
    )


def test_coordinator_uploads_previews_and_creates_a_draft(client_for):
    client = client_for("coordinator")
    assert "Import Word file" in client.get(reverse("wagtailadmin_home")).content.decode()
    response = client.post(
        reverse("importers:upload"), {"file": legacy_upload(), "section": section_pk()}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview the imported document" in html
    assert "LEG-301" in html and "Request a shared talk group." in html
    assert not DocumentPage.objects.filter(reference="LEG-301").exists()  # nothing yet
    token = response.context["confirm"].initial["token"]
    response = client.post(reverse("importers:create"), {"token": token})
    page = DocumentPage.objects.get(reference="LEG-301")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert not page.live
    assert ImportRecord.objects.get(page=page).imported_by.username == "coordinator"
    # the token is single use
    again = client.post(reverse("importers:create"), {"token": token})
    assert (
        again.status_code == 302 and DocumentPage.objects.filter(reference="LEG-301").count() == 1
    )


def test_preview_never_carries_script_from_the_document(client_for):
    data = raw_docx(para(run("<script>alert('x')</script>")) + para("Safe text."))
    response = upload(client_for("owner"), "x.docx", data)
    html = response.content.decode()
    assert "Safe text." in html
    assert "<script>alert('x')" not in html


def test_bad_upload_gets_a_clear_error(client_for):
    response = upload(client_for("coordinator"), "notes.docx", b"plain text")
    assert response.status_code == 200
    assert "not a Word document" in response.content.decode()


@pytest.mark.parametrize("username", ["police.officer", "police.approver"])
def test_staff_without_the_role_cannot_import(client_for, username):
    client = client_for(username)
    assert client.get(reverse("importers:upload")).status_code in (302, 403)
    response = client.post(reverse("importers:create"), {"token": "x"})
    assert response.status_code in (302, 403)
    assert not DocumentPage.objects.filter(reference="LEG-301").exists()


def test_sensitive_upload_gets_the_chosen_access_groups(client_for):
    spec = LEGACY_DEMO[1][1]
    data = legacy_procedure(
        type(spec)(**{**spec.__dict__, "reference": "LEG-302", "marking": "OFFICIAL-SENSITIVE"})
    )
    group = Group.objects.get(name="Joint Operations Planning Team")
    client = client_for("coordinator")
    response = upload(client, "s.docx", data, access_groups=[group.pk])
    assert "OFFICIAL-SENSITIVE" in response.content.decode()
    client.post(
        reverse("importers:create"), {"token": response.context["confirm"].initial["token"]}
    )
    page = DocumentPage.objects.get(reference="LEG-302")
    assert list(page.access_groups.all()) == [group]


def test_preview_shows_each_value_beside_its_source_and_takes_corrections(client_for):
    data = raw_docx(
        table([["Document reference", "LEG-303"], ["Title", "Radio procedure"],
               ["Version no.", "3.1"], ["Document owner", "Head of Control"]])
        + para("Some text about radios.")
    )  # fmt: skip
    client = client_for("coordinator")
    response = upload(client, "r.docx", data)
    html = response.content.decode()
    assert "Details found in the file" in html
    assert "front sheet: table 1, row 4: Document owner" in html
    fields = dict(response.context["confirm"].initial)
    assert fields["owner_role"] == "Head of Control" and fields["version"] == "3.1"
    fields.update({"owner_role": "Head of Joint Control", "version": "3.2",
                   "access_groups": []})  # fmt: skip
    fields = {key: value for key, value in fields.items() if value is not None}
    response = client.post(reverse("importers:create"), fields)
    assert response.status_code == 302
    page = DocumentPage.objects.get(reference="LEG-303")
    draft = page.get_latest_revision_as_object()
    assert draft.owner_role == "Head of Joint Control"


def test_a_confidential_file_must_have_its_marking_confirmed(client_for):
    data = raw_docx(
        table([["Reference", "LEG-304"], ["Title", "Informants"], ["Classification",
               "Confidential"]]) + para("Handling informants.")
    )  # fmt: skip
    client = client_for("coordinator")
    response = upload(client, "c.docx", data)
    assert "proposed as OFFICIAL-SENSITIVE" in response.content.decode()
    initial = response.context["confirm"].initial
    fields = {key: value for key, value in initial.items() if value not in (None, [])}
    response = client.post(reverse("importers:create"), fields)
    assert response.status_code == 200  # back to the preview
    assert "confirm it" in response.content.decode()
    assert not DocumentPage.objects.filter(reference="LEG-304").exists()
    group = Group.objects.get(name="Joint Operations Planning Team")
    fields.update({"confirm_marking": "on", "access_groups": [group.pk]})
    response = client.post(reverse("importers:create"), fields)
    assert response.status_code == 302
    page = DocumentPage.objects.get(reference="LEG-304")
    assert page.protective_marking == "official-sensitive"
    assert list(page.access_groups.all()) == [group]


def test_a_letter_revision_is_shown_as_written_and_the_coordinator_gives_the_number(client_for):
    """The library numbers versions major.minor: 'Rev B' is shown as the file writes it, with
    where it was found and a warning, and the version to save starts empty (none invented)."""
    data = raw_docx(
        table([["Document reference", "LEG-305"], ["Title", "Radio procedure"],
               ["Revision", "Rev B"], ["Document owner", "Head of Control"]])
        + para("Some text about radios.")
    )  # fmt: skip
    client = client_for("coordinator")
    response = upload(client, "r.docx", data)
    html = response.content.decode()
    rows = {row["label"]: row for row in response.context["detail_rows"]}
    assert rows["Version"]["written"] == "Rev B"
    assert rows["Version"]["source"] == "front sheet: table 1, row 3: Revision"
    assert "is a letter revision" in html and "Rev B" in html
    fields = dict(response.context["confirm"].initial)
    assert fields["version"] == ""
    fields.update({"version": "2.0", "access_groups": []})
    fields = {key: value for key, value in fields.items() if value is not None}
    assert client.post(reverse("importers:create"), fields).status_code == 302
    assert DocumentPage.objects.filter(reference="LEG-305").exists()
