"""The coordinator's reading reports (pathway, document, CSV, inquiry evidence), and the
pathway report at scale: counted in SQL, with a bounded number of queries."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from procedures.induction import reports
from procedures.induction.models import (
    Acknowledgement,
    GroupMembership,
    Pathway,
)
from procedures.induction.reading import acknowledge, reading_for
from procedures.models import DocumentPage, DocumentVersion
from procedures.roles import FIRE_STAFF, JOINT_OPERATIONS_PLANNING, POLICE_STAFF

from .helpers import (
    TODAY,
    days_ago,
    make_pathway,
    police_staff_cleared_for,
    set_version,
)

pytestmark = pytest.mark.django_db


# -- reports -----------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["police.officer", "owner", "newjoiner", "planner"])
@pytest.mark.parametrize(
    "path", ["/induction/reports/", "/induction/reports/evidence/?person=newjoiner&date=2026-01-01"]
)
def test_only_the_coordinator_sees_reports(client_for, username, path):
    assert client_for(username).get(path).status_code == 403


def test_the_coordinator_sees_the_pathway_report(client_for, users, library):
    pathway = Pathway.objects.get(title="All new joiners")
    acknowledge(users["newjoiner"], library["JOP-001"])
    client = client_for("coordinator")
    assert client.get("/induction/reports/").status_code == 200
    body = client.get(f"/induction/reports/pathways/{pathway.pk}/").content.decode()
    assert "Nia Newman" in body
    assert "1 of 2" in body


def test_the_document_report_shows_who_acknowledged_which_version(client_for, users, library):
    document = library["FRS-010"]
    acknowledge(users["firefighter"], document)
    body = client_for("coordinator").get(f"/induction/reports/documents/{document.pk}/")
    text = body.content.decode()
    assert "Jo Jones" in text and "Nia Newman" in text
    firefighter_row = text.split("Jo Jones")[1].split("</tr>")[0]
    assert "Acknowledged" in firefighter_row and document.version_label in firefighter_row


def test_reports_filter_by_group(client_for, users, library, group):
    document = library["FRS-010"]  # asked of fire staff and police staff
    url = f"/induction/reports/documents/{document.pk}/"
    client = client_for("coordinator")
    fire = client.get(url, {"group": group(FIRE_STAFF).pk}).content.decode()
    assert "Jo Jones" in fire and "Sam Singh" not in fire
    police = client.get(url, {"group": group(POLICE_STAFF).pk}).content.decode()
    assert "Sam Singh" in police and "Jo Jones" not in police


def test_csv_export_lists_each_person_and_document_and_guards_formulas(client_for, users, library):
    user = users["newjoiner"]
    get_user_model().objects.filter(pk=user.pk).update(first_name="=HYPERLINK(1)")
    acknowledgement = acknowledge(user, library["JOP-001"])
    pathway = Pathway.objects.get(title="All new joiners")
    response = client_for("coordinator").get(
        f"/induction/reports/pathways/{pathway.pk}/", {"format": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv") and response.streaming
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    by_ref = {row["Reference"]: row for row in rows if row["Username"] == "newjoiner"}
    assert by_ref["JOP-001"]["Status"] == "Acknowledged"
    assert by_ref["JOP-001"]["Acknowledged version"] == library["JOP-001"].version_label
    assert by_ref["JOP-002"]["Status"] == "Outstanding"
    assert by_ref["JOP-001"]["Name"].startswith("'=")
    # In the site's time zone, as the HTML report shows it.
    local = timezone.localtime(acknowledgement.acknowledged_at)
    assert by_ref["JOP-001"]["Acknowledged at"] == local.strftime("%Y-%m-%d %H:%M")


def test_csv_of_a_pathway_leaves_out_restricted_documents_for_uncleared_people(
    client_for, mixed_pathway, library
):
    response = client_for("coordinator").get(
        f"/induction/reports/pathways/{mixed_pathway.pk}/", {"format": "csv"}
    )
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    fbi = {row["Username"] for row in rows if row["Reference"] == "FBI-004"}
    assert "police.officer" not in fbi
    assert fbi == police_staff_cleared_for(library["FBI-004"])


def test_inquiry_evidence_shows_what_was_acknowledged_by_a_date(client_for, users, library):
    document, user = library["JOP-001"], users["newjoiner"]
    # The demo library already records the current version; date it 200 days back.
    DocumentVersion.objects.update_or_create(
        page=document, major=document.version_major, minor=document.version_minor,
        defaults={"published_at": days_ago(200)},
    )  # fmt: skip
    Acknowledgement.objects.create(
        user=user, document=document, reference=document.reference, title=document.title,
        version_major=document.version_major, version_minor=document.version_minor,
        acknowledged_at=days_ago(10),
    )  # fmt: skip
    client = client_for("coordinator")
    before = (TODAY - datetime.timedelta(days=11)).isoformat()
    after = (TODAY - datetime.timedelta(days=9)).isoformat()
    rows_before = reports.evidence(user, TODAY - datetime.timedelta(days=11), users["coordinator"])
    assert rows_before == []
    rows_after = reports.evidence(user, TODAY - datetime.timedelta(days=9), users["coordinator"])
    assert [(r.acknowledgement.reference, r.current_version) for r in rows_after] == [
        ("JOP-001", document.version_label)
    ]
    body = client.get("/induction/reports/evidence/", {"person": "newjoiner", "date": after})
    assert "JOP-001" in body.content.decode()
    body = client.get("/induction/reports/evidence/", {"person": "newjoiner", "date": before})
    assert "Nothing acknowledged by that date" in body.content.decode()
    missing = client.get("/induction/reports/evidence/", {"person": "nobody", "date": after})
    assert "No account has the username" in missing.content.decode()
    # The problem summary says which field each problem is in.
    empty = client.get("/induction/reports/evidence/", {"person": "", "date": ""}).content
    summary = BeautifulSoup(empty, "lxml").select(".error-summary li")
    assert [item.get_text() for item in summary] == [
        "Username: This field is required.",
        "On date: This field is required.",
    ]


def test_evidence_hides_restricted_documents_from_an_uncleared_viewer(users, library):
    acknowledge(users["planner"], library["FBI-004"])
    viewer = get_user_model().objects.create_user("uncleared.viewer")
    assert reports.evidence(users["planner"], TODAY, viewer) == []
    assert len(reports.evidence(users["planner"], TODAY, users["coordinator"])) == 1


# -- the pathway report at scale: counted in SQL, a bounded number of queries ------------------


def summaries_from_people(report) -> dict[str, tuple[int, int, int]]:
    """(done, outstanding, overdue) per document, from each person's evaluated items."""
    figures: dict[str, list[int]] = {}
    for person in report.people:
        for item in person.items:
            counts = figures.setdefault(item.document.reference, [0, 0, 0])
            counts[0 if item.done else 1] += 1
            counts[2] += item.overdue
    return {reference: tuple(counts) for reference, counts in figures.items()}


def test_pathway_figures_counted_in_sql_agree_with_each_persons_items(users, library, group):
    """Every case the per-document SQL must get right: deadlines of several lengths and none,
    a restricted document, people who joined the group late, a direct assignment, a new
    major version read in its earlier version (published long ago and just now)."""
    fire, planning = group(FIRE_STAFF), group(JOINT_OPERATIONS_PLANNING)
    pathway = make_pathway(
        "Mixed deadlines",
        [(library["JOP-001"], 10), (library["JOP-002"], 40), (library["FBI-004"], 10),
         (library["FRS-010"], None), (library["POL-021"], 10)],
        groups=[fire, planning], users=[users["police.officer"]], assigned_at=days_ago(30),
    )  # fmt: skip
    GroupMembership.objects.filter(user=users["firefighter"], group=fire).update(
        joined_at=days_ago(5)  # joined late: nothing overdue yet
    )
    for username in ("owner", "planner", "coordinator"):
        acknowledge(users[username], library["JOP-001"])
    acknowledge(users["owner"], library["POL-021"])
    acknowledge(users["planner"], library["POL-021"])
    acknowledge(users["owner"], library["JOP-002"])
    acknowledge(users["firefighter"], library["FRS-010"])
    set_version(library["JOP-001"], 4, 0, "Recently rewritten.")  # read as 3.x: asked again
    set_version(library["POL-021"], 5, 0, "Rewritten long ago.")
    DocumentVersion.objects.filter(page=library["POL-021"], major=5).update(
        published_at=days_ago(60)
    )
    report = reports.pathway_report(pathway, users["coordinator"])
    from_sql = {s.document.reference: (s.done, s.outstanding, s.overdue) for s in report.documents}
    assert from_sql == summaries_from_people(report)
    # The check covers each kind of figure, not only zeros.
    assert any(done for done, _, _ in from_sql.values())
    assert any(overdue for _, _, overdue in from_sql.values())
    assert from_sql["POL-021"][2] > 0 and from_sql["JOP-001"][2] < from_sql["JOP-001"][1]
    # Assigned today: nobody is asked before any deadline's cutoff, and what is done counts.
    today = reports.pathway_report(
        make_pathway("Just assigned", [(library["JOP-002"], 10)], groups=[fire]),
        users["coordinator"],
    )
    figures = {s.document.reference: (s.done, s.outstanding, s.overdue) for s in today.documents}
    assert figures == summaries_from_people(today) and figures["JOP-002"][0] >= 1


def test_the_pathway_report_needs_as_many_queries_for_many_staff_as_for_few(client_for):
    staff = Group.objects.create(name="Report load")
    pathway = make_pathway(
        "Load", [(DocumentPage.objects.get(reference=r), 14) for r in ("JOP-001", "FBI-004")],
        groups=[staff], assigned_at=days_ago(20),
    )  # fmt: skip
    url = f"/induction/reports/pathways/{pathway.pk}/"
    client = client_for("coordinator")
    counts = []
    for size in (5, 60):
        user_model = get_user_model()
        for n in range(staff.user_set.count(), size):
            user_model.objects.create_user(f"load{n:03d}").groups.add(staff)
        client.get(
            url
        )  # caches filled on a first request (content types, site) are not the report's
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_row_marked_as_a_duplicate_never_counts_for_the_person_or_the_report(users, library):
    """Only the row that stands for an act counts (`Acknowledgement.objects.acts()` and
    `acts_of`): here a row marked `duplicate_of` an earlier reading claims the current major
    version, and must not make the person done anywhere."""
    reader, document = users["police.officer"], library["JOP-001"]
    current = document.version_major
    pathway = make_pathway("Duplicates", [(document, 10)], users=[reader])
    read = Acknowledgement.objects.create(
        user=reader, document=document, reference=document.reference, title=document.title,
        version_major=current - 1, version_minor=0, acknowledged_at=days_ago(3),
    )  # fmt: skip
    Acknowledgement.objects.create(
        user=reader, document=document, reference=document.reference, title=document.title,
        version_major=current, version_minor=0, acknowledged_at=days_ago(2), duplicate_of=read,
    )  # fmt: skip

    mine = reading_for(reader).all_items[document.pk]
    assert not mine.done and mine.acknowledgement.version_major == current - 1
    report = reports.pathway_report(pathway, users["coordinator"])
    [row] = list(report.people)
    assert (row.done, row.items[0].acknowledgement.version_major) == (0, current - 1)
    [summary] = report.documents
    assert (summary.done, summary.outstanding) == (0, 1)
    [evidence] = reports.evidence(reader, TODAY, users["coordinator"])
    assert evidence.acknowledgement.pk == read.pk
