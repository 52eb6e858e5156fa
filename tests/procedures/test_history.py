"""Staff-facing version history: list, earlier versions read-only, what changed, as at."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from procedures.demo.builder import earlier_versions
from procedures.versioning import compare, diff_text, next_version
from tests.support.approval import act, fresh, submit

pytestmark = pytest.mark.django_db


def test_version_numbers():
    assert next_version((0, 0), "minor") == (1, 0)
    assert next_version((0, 0), "major") == (1, 0)
    assert next_version((3, 1), "minor") == (3, 2)
    assert next_version((3, 1), "major") == (4, 0)
    assert earlier_versions(3, 1) == [(1, 0), (2, 0), (3, 0)]
    assert earlier_versions(1, 2) == [(1, 0), (1, 1)]
    assert earlier_versions(1, 0) == []


def test_diff_marks_words_and_escapes_markup():
    html = diff_text("Set an inner cordon of 100 m.", "Set an inner cordon of 200 m <b>now</b>.")
    assert "<del>100</del>" in html and "<ins>200</ins>" in html
    assert "&lt;b&gt;" in html and "<b>" not in html


def test_demo_documents_have_a_consistent_history(library):
    page = library["JOP-001"]
    assert [v.label for v in page.versions.all()] == ["3.1", "3.0", "2.0", "1.0"]
    current, previous = page.versions.all()[:2]
    assert current.revision_id == page.live_revision_id
    assert previous.revision_id and not page.versions.get(major=1).revision_id
    assert {u.username for u in current.approvers.all()} == {
        "owner",
        "police.approver",
        "fire.approver",
    }


def test_history_lists_versions_with_date_approvers_and_summary(client_for, library):
    page = library["JOP-001"]
    body = client_for("firefighter").get(page.url + "versions/").content.decode()
    assert "3.1" in body and "(current)" in body and "2.0" in body
    assert "Priya Patel" in body  # police approver's name
    assert "Added the final section after the last review." in body


def test_an_earlier_version_opens_read_only_with_a_banner_to_the_current(client_for, library):
    page = library["JOP-001"]
    response = client_for("firefighter").get(page.url + "versions/3/0/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "This is version 3.0, not the current version" in body
    assert f'href="{page.url}"' in body
    assert client_for("firefighter").get(page.url + "versions/9/9/").status_code == 404
    # A legacy row with no text held is not openable.
    assert client_for("firefighter").get(page.url + "versions/1/0/").status_code == 404


def test_what_changed_section_by_section(client_for, library):
    page = library["JOP-001"]
    response = client_for("firefighter").get(page.url + "changes/?from=3.0&to=3.1")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Version 3.0 to version 3.1" in body
    last = page.sections[-1]
    assert last.title in body and "(added)" in body
    assert "<ins>" in body
    assert '"type":' not in body  # not a JSON diff


def test_compare_detects_changed_added_and_removed_sections(library, users):
    page = library["POL-021"]
    old = page.live_revision.as_object()
    new = page.live_revision.as_object()
    blocks = list(new.body.raw_data)
    text_index = next(i for i, b in enumerate(blocks) if b["type"] == "text")
    blocks[text_index]["value"] = "<p>Completely new wording.</p>"
    new.body = blocks
    changes = compare(old, new)
    assert any(c.status == "changed" and "<ins>" in c.diff for c in changes)
    assert all(c.status in {"changed", "unchanged"} for c in changes)


def test_as_at_a_date_shows_the_version_then_and_its_approvers(client_for, library):
    page = library["JOP-001"]
    previous = page.versions.get(major=3, minor=0)
    day = (previous.published_at + datetime.timedelta(days=10)).date()
    body = client_for("firefighter").get(f"{page.url}as-at/?date={day}").content.decode()
    assert "version 3.0" in body and "Priya Patel" in body
    before = (page.versions.get(major=1).published_at - datetime.timedelta(days=1)).date()
    body = client_for("firefighter").get(f"{page.url}as-at/?date={before}").content.decode()
    assert "had not been published" in body
    future = timezone.localdate() + datetime.timedelta(days=5)
    body = client_for("firefighter").get(f"{page.url}as-at/?date={future}").content.decode()
    assert "Choose today or a date in the past." in body


@pytest.mark.parametrize("suffix", ["versions/", "versions/1/0/", "versions/1/1/", "changes/",
                                    "as-at/?date=2025-01-01"])  # fmt: skip
def test_restricted_documents_stay_restricted_on_every_history_view(client_for, library, suffix):
    page = library["FBI-004"]
    assert client_for("firefighter").get(page.url + suffix).status_code == 404
    assert client_for("planner").get(page.url + "versions/").status_code == 200


def test_published_change_appears_in_history_and_comparison(client_for, library, users):
    page = library["POL-021"]

    def edit(draft):
        blocks = list(draft.body.raw_data)
        index = next(i for i, b in enumerate(blocks) if b["type"] == "text")
        blocks[index]["value"] = "<p>Officers must now record every stop.</p>"
        draft.body = blocks

    submit(page, users["coordinator"], kind="major", summary="Recording stops.", edit=edit)
    act(page, users["owner"])
    act(page, users["police.approver"])
    page = fresh(page)
    client = client_for("police.officer")
    assert "Recording stops." in client.get(page.url + "versions/").content.decode()
    body = client.get(page.url + "changes/").content.decode()
    assert "Version 2.0 to version 3.0" in body and "<ins>now" in body.replace("<ins>Officers", "")
