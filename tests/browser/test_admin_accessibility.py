"""axe-core on the Wagtail admin as the library's roles use it, at desktop and phone widths:
no critical or serious violation (WCAG 2.2 AA rules) on the editor with every block type,
the workflow screens, the reports, the import and the induction admin."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from importers.samples import LEGACY_DEMO, legacy_procedure
from procedures.models import DocumentPage
from tests.procedures.test_images import make_image
from tests.support.approval import submit

from .conftest import DESKTOP, PHONE, axe_violations, close_when_idle

# What the browser shows and checks here does not depend on the database engine.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.engine_independent]

WIDTHS = [DESKTOP, PHONE]


def serious_violations(page) -> list[dict]:
    """axe-core's critical and serious violations on the page (conftest injects axe in a way
    the Content-Security-Policy does not refuse)."""
    return [v for v in axe_violations(page) if v["impact"] in ("critical", "serious")]


def check_pages(page_for, username: str, paths: list[str]) -> None:
    found = {}
    for viewport in WIDTHS:
        page = page_for(username, viewport=viewport)
        for path in paths:
            response = page.goto(path)
            assert response.status == 200, f"{path}: {response.status}"
            # The editor builds its blocks with script after load.
            page.wait_for_timeout(300)
            violations = serious_violations(page)
            if violations:
                found[f"{path} at {viewport['width']}px"] = violations
        close_when_idle(page.context)
    assert found == {}


def every_block_type_draft(user) -> DocumentPage:
    """JOP-001's draft with one of each block type, a merged table and an image."""
    page = DocumentPage.objects.get(reference="JOP-001")
    draft = page.get_latest_revision_as_object()
    image = make_image()
    blocks = list(draft.body.raw_data)
    blocks += [
        {"type": "heading", "value": {"text": "Extra", "level": "3", "number": "5.1"}},
        {"type": "text", "value": "<p>Some <b>text</b>.</p>"},
        {"type": "steps", "value": {"start": 1, "steps": ["One.", "Two."]}},
        {"type": "checklist", "value": {"title": "Check", "items": ["A", "B"]}},
        {
            "type": "table",
            "value": {
                "table": {
                    "data": [["Role", "Lead"], ["Both", ""]],
                    "table_header_choice": "row",
                    "mergeCells": [{"row": 1, "col": 0, "rowspan": 1, "colspan": 2}],
                    "table_caption": "Merged",
                }
            },
        },
        {"type": "image", "value": {"image": image.pk, "alt_text": "Plan", "caption": "Plan"}},
        {"type": "callout", "value": {"kind": "note", "title": "Note", "body": "<p>Hi.</p>"}},
    ]
    assert {b["type"] for b in blocks} >= {
        "heading", "text", "steps", "checklist", "table", "image", "callout"
    }  # fmt: skip
    draft.body = blocks
    draft.save_revision(user=user)
    return page


def test_editor_with_every_block_type(page_for):
    coordinator = get_user_model().objects.get(username="coordinator")
    page = every_block_type_draft(coordinator)
    check_pages(page_for, "coordinator", [f"/admin/pages/{page.pk}/edit/"])


def test_workflow_screens_for_the_owner_reviewing(page_for):
    users = {u.username: u for u in get_user_model().objects.all()}
    page = DocumentPage.objects.get(reference="JOP-001")
    submit(page, users["coordinator"])
    check_pages(
        page_for,
        "owner",
        [
            "/admin/",
            f"/admin/pages/{page.pk}/edit/",
            f"/admin/pages/{page.pk}/history/",
            f"/admin/pages/{page.pk}/workflow_history/",
            "/admin/reports/workflow/",
            "/admin/reports/workflow_tasks/",
            "/admin/library/overview/",
        ],
    )


def test_reports_import_and_induction_admin_for_the_coordinator(page_for, tmp_path):
    check_pages(
        page_for,
        "coordinator",
        [
            "/admin/library/reviews/",
            "/admin/library/overview/",
            "/admin/reports/workflow/",
            "/induction/reports/",
            "/admin/import-word/",
            "/admin/snippets/induction/pathway/",
            "/admin/snippets/induction/pathway/add/",
            "/admin/snippets/induction/requiredreading/",
            "/admin/snippets/induction/requiredreading/add/",
        ],
    )
    # The import's preview and the message with its link after creating the draft.
    spec = LEGACY_DEMO[1][1]
    path = tmp_path / "radio-channels.docx"
    path.write_bytes(legacy_procedure(type(spec)(**{**spec.__dict__, "reference": "LEG-312"})))
    page = page_for("coordinator")
    page.goto("/admin/import-word/")
    page.get_by_label("Word file").set_input_files(str(path))
    page.get_by_label("Section").select_option(label="Operational policy")
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("heading", name="The document as it will read").wait_for()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Create the draft").click()
    page.wait_for_url("**/admin/pages/*/edit/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".messages").get_by_text("LEG-312").count() == 1
    assert serious_violations(page) == []
