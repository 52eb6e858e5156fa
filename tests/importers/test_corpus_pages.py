"""Every real Word file of the shared development corpus that the importer takes becomes a
page that renders: the draft the coordinator opens in the admin, and, once published, the page
staff read, its version history and its print style. (Whether each file is taken with its
text, or refused with a clear message, is test_command's corpus test.)"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group

from importers.importer import Options, import_path
from procedures.models import DocumentPage, SectionPage
from tests.importers.test_command import CORPUS, CORPUS_FILES

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not CORPUS_FILES, reason=f"The shared corpus is not at {CORPUS}"),
]


def text_of(response) -> str:
    return BeautifulSoup(response.content, "lxml").get_text(" ")


@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.name for p in CORPUS_FILES])
def test_an_imported_corpus_file_renders_as_a_draft_and_once_published(path, client_for, users):
    options = Options(
        section=SectionPage.objects.get(slug="operational-policy"),
        user=users["coordinator"],
        # A file marked confidential is imported as OFFICIAL-SENSITIVE for this group.
        access_groups=[Group.objects.get(name="Joint Operations Planning Team")],
    )
    result = import_path(path, options)
    if result.error:
        pytest.skip(f"refused by the importer (test_command checks why): {result.error}")
    page = DocumentPage.objects.get(pk=result.page_id)

    draft = client_for("coordinator").get(f"/admin/pages/{page.pk}/view_draft/")
    assert draft.status_code == 200, f"draft view answered {draft.status_code}"
    assert result.title and result.title in text_of(draft)

    page.get_latest_revision().publish()
    page.refresh_from_db()
    reader = client_for("planner")  # cleared for OFFICIAL-SENSITIVE documents
    for url in [page.url, page.url + "versions/", page.url + "print-style/"]:
        response = reader.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
    staff_page = text_of(reader.get(page.url))
    assert page.reference in staff_page and result.title in staff_page
    assert "'data':" not in staff_page, "a table shown as its raw data"
