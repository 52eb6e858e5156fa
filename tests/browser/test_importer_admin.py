"""A policy coordinator imports a legacy Word file in the admin: upload, preview, create."""

from __future__ import annotations

import pytest

from importers.samples import LEGACY_DEMO, legacy_procedure
from procedures.models import DocumentPage

from .conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinator_imports_a_word_file_through_the_admin(page_for, tmp_path):
    spec = LEGACY_DEMO[1][1]
    path = tmp_path / "radio-channels.docx"
    path.write_bytes(legacy_procedure(type(spec)(**{**spec.__dict__, "reference": "LEG-311"})))
    page = page_for("coordinator")
    page.goto("/admin/import-word/")
    assert axe_violations(page) == []
    page.get_by_label("Word file").set_input_files(str(path))
    page.get_by_label("Section").select_option(label="Operational policy")
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("heading", name="The document as it will read").wait_for()
    assert "Request a shared talk group." in page.content()
    assert axe_violations(page) == []
    assert not DocumentPage.objects.filter(reference="LEG-311").exists()
    page.get_by_role("button", name="Create the draft").click()
    page.wait_for_url("**/admin/pages/*/edit/")
    # Let the editor finish its own requests, so none is in flight when the test database
    # is flushed (PostgreSQL would otherwise deadlock on the truncate).
    page.wait_for_load_state("networkidle")
    page.close()
    document = DocumentPage.objects.get(reference="LEG-311")
    assert not document.live
