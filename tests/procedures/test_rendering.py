"""Every block renders as what it is, everywhere a document is shown.

Renders every demo document, each of its published versions, the comparisons between them,
the document as at each version's date, and Wagtail's own revision compare view, as a user
cleared for everything; fails on a Python repr, doubly escaped markup or template error in the
text people see, and checks every table block is a real <table> holding its cell text."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from importers.samples import para, raw_docx, table
from procedures.demo import content
from procedures.models import DocumentPage, SectionPage
from procedures.tables import build_table, diff_table_html, render_table, table_text
from procedures.versioning import published_versions, version_as_page

pytestmark = pytest.mark.django_db

# What leaks when a template is handed a Python object or escapes twice.
LEAKS = ["{'", "[[", "<bound method", "object at 0x", "&#x27;", "&#39;", "&quot;", "&lt;"]
DOUBLE_ESCAPED = re.compile(r"&amp;(#x?[0-9a-fA-F]+|[a-zA-Z]+);")


def visible_text(html: str) -> str:
    soup = BeautifulSoup(html, "lxml")
    for hidden in soup(["script", "style", "template", "noscript"]):
        hidden.decompose()
    return " ".join(soup.get_text(" ").split())


def squash(text: str) -> str:
    return " ".join(text.split())


def assert_clean(html: str, where: str) -> None:
    text = visible_text(html)
    for leak in LEAKS:
        assert leak not in text, f"{where}: {leak!r} in the visible text"
    match = DOUBLE_ESCAPED.search(html)
    assert match is None, f"{where}: doubly escaped {match.group(0)!r}"


def table_values(page: DocumentPage) -> list[dict]:
    return [child.value["table"] for child in page.body if child.block_type == "table"]


def assert_tables_shown(html: str, page: DocumentPage, where: str) -> None:
    """Every table block of `page` is a <table> in `html` that holds all its cell text."""
    soup = BeautifulSoup(html, "lxml")
    shown = [squash(table.get_text(" ")) for table in soup.find_all("table")]
    for value in table_values(page):
        cells = [squash(text) for text in build_table(value).texts]
        assert cells, f"{where}: a table block with no cells"
        assert any(all(cell in table for cell in cells) for table in shown), (
            f"{where}: no <table> holds the cells {cells[:4]}..."
        )


def documents() -> list[str]:
    return sorted(spec["ref"] for spec in content.DOCUMENTS)


@pytest.fixture
def admin_client(client, users):
    client.force_login(users["admin"])
    return client


def get_ok(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return response.content.decode()


@pytest.mark.parametrize("reference", documents())
def test_every_view_of_a_document_renders_its_blocks(admin_client, library, reference):
    page = library[reference]
    live = page.get_latest_revision_as_object() if not page.live else page
    html = get_ok(admin_client, page.url)
    assert_clean(html, page.url)
    assert_tables_shown(html, live, page.url)

    html = get_ok(admin_client, page.url + "versions/")
    assert_clean(html, "version history")

    versions = [v for v in published_versions(page) if v.revision_id]
    for version in versions:
        url = f"{page.url}versions/{version.major}/{version.minor}/"
        html = get_ok(admin_client, url)
        assert_clean(html, url)
        shown = version_as_page(version)
        assert_tables_shown(html, shown, url)

        url = f"{page.url}as-at/?date={version.published_at.date().isoformat()}"
        html = get_ok(admin_client, url)
        assert_clean(html, url)
        as_at_version = page.versions.filter(published_at__date__lte=version.published_at.date())
        shown_then = version_as_page(as_at_version.order_by("-published_at").first())
        if shown_then is not None:
            assert_tables_shown(html, shown_then, url)

    for newer, older in zip(versions, versions[1:], strict=False):
        url = f"{page.url}changes/?from={older.label}&to={newer.label}"
        html = get_ok(admin_client, url)
        assert_clean(html, url)

    # Wagtail's own revision views, as editors use them.
    revisions = [v.revision_id for v in versions]
    for older, newer in zip(revisions[1:], revisions, strict=False):
        url = reverse("wagtailadmin_pages:revisions_compare", args=(page.pk, older, newer))
        html = get_ok(admin_client, url)
        assert_clean(html, url)
    if revisions:
        url = reverse("wagtailadmin_pages:revisions_view", args=(page.pk, revisions[0]))
        html = get_ok(admin_client, url)
        assert_clean(html, url)


def test_wagtail_compare_shows_a_changed_table_as_a_table(admin_client, library, users):
    page = library["JOP-001"]
    assert table_values(page), "JOP-001 has the METHANE table"
    new = page.get_latest_revision_as_object()
    blocks = list(new.body.raw_data)
    index = next(i for i, b in enumerate(blocks) if b["type"] == "table")
    blocks[index]["value"]["table"]["data"][1][2] = "Declared, standby or stood down"
    new.body = blocks
    revision = new.save_revision(user=users["admin"])
    url = reverse(
        "wagtailadmin_pages:revisions_compare", args=(page.pk, page.live_revision_id, revision.pk)
    )
    html = get_ok(admin_client, url)
    assert_clean(html, url)
    soup = BeautifulSoup(html, "lxml")
    diff_tables = soup.select("table.table-diff")
    assert diff_tables, "the changed table is shown as a table"
    assert "stood down" in diff_tables[0].select_one(".addition").get_text()
    assert "METHANE" in diff_tables[0].caption.get_text()


LEGACY_MERGED = {
    "data": [
        ["Role", "Police", "Fire"],
        ["Commander", "Gold\nSilver", "Strategic"],
        ["Shared", None, ""],
    ],
    "first_row_is_table_header": True,
    "first_col_is_header": True,
    "table_caption": "Roles",
    # As the importer stored merges before it used Wagtail's key.
    "mergedCells": [{"row": 2, "col": 1, "rowspan": 1, "colspan": 2}],
}


@pytest.mark.parametrize("key", ["mergeCells", "mergedCells"])
def test_merged_and_multi_line_cells_survive(key):
    value = dict(LEGACY_MERGED)
    value[key] = value.pop("mergedCells")
    soup = BeautifulSoup(render_table(value), "lxml")
    table = soup.table
    assert table.caption.get_text() == "Roles"
    assert [th.get_text() for th in table.thead.find_all("th")] == ["Role", "Police", "Fire"]
    assert all(th["scope"] == "col" for th in table.thead.find_all("th"))
    body_rows = table.tbody.find_all("tr")
    assert body_rows[0].th["scope"] == "row" and body_rows[0].th.get_text() == "Commander"
    multi_line = body_rows[0].find_all("td")[0]
    assert multi_line.find("br") is not None and "Gold" in multi_line.get_text()
    merged = body_rows[1].find_all("td")
    assert len(merged) == 1 and merged[0]["colspan"] == "2"


def test_a_merge_from_the_header_row_into_the_body_keeps_one_table_body():
    value = {
        "data": [["Area", "Lead"], ["", "Police"]],
        "table_header_choice": "row",
        "mergeCells": [{"row": 0, "col": 0, "rowspan": 2, "colspan": 1}],
    }
    soup = BeautifulSoup(render_table(value), "lxml")
    assert soup.thead is None
    assert soup.find("th", rowspan="2").get_text() == "Area"


def test_cell_text_is_escaped_and_odd_data_does_not_break_the_page():
    html = render_table({"data": [["<b>bold</b>", 3]], "mergeCells": [{"row": 9, "col": 9}]})
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>" not in html
    assert render_table(None).count("<table") == 1
    assert render_table({"data": "nonsense"}).count("<tr>") == 0
    assert table_text({"data": [["a", "b"], ["c", None]]}) == "a | b\nc | "


def test_table_diff_marks_changed_cells():
    html = diff_table_html({"data": [["a", "b"]]}, {"data": [["a", "c"], ["<x>", ""]]})
    assert '<span class="deletion">b</span>' in html
    assert '<span class="addition">c</span>' in html
    assert "&lt;x&gt;" in html


def test_import_preview_shows_blocks_as_they_will_read(client_for):
    """The admin's import preview: tables (merged and multi-line cells included) as tables,
    headings without stray link text, warnings escaped once."""
    body = "".join(
        [
            para("Radio plan", "Heading1"),
            para("Who talks on which channel, and the team's 'own' channel."),
            table(
                [["Role", "Channel", "Notes"], ["Gold", "JOINT-1", ""], ["Silver", "JOINT-2", ""]],
                header=True,
                spans={(1, 1): "gridSpan=2", (1, 2): "", (2, 0): "restart"},
            ),
        ]
    )
    upload = SimpleUploadedFile("radio-plan.docx", raw_docx(body))
    section = SectionPage.objects.get(slug="operational-policy")
    response = client_for("coordinator").post(
        reverse("importers:upload"), {"file": upload, "section": section.pk}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert_clean(html, "import preview")
    soup = BeautifulSoup(html, "lxml")
    preview = soup.select_one(".importer-preview")
    assert preview.find("table") is not None
    assert "Gold" in preview.find("table").get_text() and "JOINT-2" in preview.get_text()
    assert preview.find("td", colspan="2") is not None, "the merged cell spans two columns"
    assert preview.select_one(".section-link") is None
    assert "Link to section" not in preview.get_text()
