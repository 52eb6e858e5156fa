"""Every write a person makes happens once, however often (and however close together) they
press the button: the same request fired twice at the same instant, from two threads on two
database connections, leaves exactly one effect, and both answers are the first one's.

These need PostgreSQL: SQLite takes one writer at a time, so it cannot show a race."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from importers.models import ImportRecord
from importers.samples import LEGACY_DEMO, legacy_procedure
from procedures.induction import reading
from procedures.induction.models import Acknowledgement, Pathway, PathwayUserAssignment
from procedures.models import DocumentPage, SectionPage, ServiceSignOff
from tests.support.approval import act, current_task_state, submit
from tests.support.race import run_together, twice_at_once

pytestmark = pytest.mark.postgres_only


@pytest.fixture
def demo(fresh_demo_library):
    if connection.vendor != "postgresql":
        pytest.skip("A race needs two writers at once: PostgreSQL (SQLite has one writer).")
    users = {u.username: u for u in get_user_model().objects.all()}
    library = {page.reference: page for page in DocumentPage.objects.all()}
    return users, library


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def reading_list(user) -> list[DocumentPage]:
    return [item.document for item in reading.reading_for(user).all_items.values()]


def test_one_acknowledgement_when_i_have_read_is_posted_twice_at_once(demo):
    users, _ = demo
    races = [
        (users[name], document)
        for name in ("newjoiner", "firefighter", "police.officer")
        for document in reading_list(users[name])
    ]
    assert len(races) >= 4  # a race is a chance, not a certainty: run several
    for user, document in races:
        responses = twice_at_once(
            user, "post", f"/induction/acknowledge/{document.pk}/",
            {"version": document.version_label},
        )  # fmt: skip
        assert [r.status_code for r in responses] == [302, 302], responses
        assert responses[0]["Location"] == responses[1]["Location"]
        recorded = (
            f"Recorded: you have read and understood {document.reference} version "
            f"{document.version_label}."
        )
        assert [messages_of(r) for r in responses] == [[recorded], [recorded]]
        rows = Acknowledgement.objects.filter(user=user, document=document)
        assert rows.count() == 1, (user, document.reference, list(rows.values()))


def test_the_database_refuses_a_second_acknowledgement_of_one_major_version(demo):
    users, library = demo
    user, document = users["newjoiner"], library["JOP-001"]
    outcomes = run_together(
        lambda: reading.acknowledge(user, document), lambda: reading.acknowledge(user, document)
    )
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert outcomes[0].pk == outcomes[1].pk  # both callers get the one row
    with pytest.raises(IntegrityError), transaction.atomic():
        Acknowledgement.objects.create(
            user=user, document=document, reference=document.reference, title=document.title,
            version_major=document.version_major, version_minor=document.version_minor + 1,
        )  # fmt: skip


def test_create_draft_clicked_twice_at_once_imports_once_and_answers_alike(demo):
    users, _ = demo
    spec = LEGACY_DEMO[1][1]
    data = legacy_procedure(type(spec)(**{**spec.__dict__, "reference": "LEG-321"}))
    client = Client()
    client.force_login(users["coordinator"])
    preview = client.post(
        reverse("importers:upload"),
        {"file": SimpleUploadedFile("radio.docx", data),
         "section": SectionPage.objects.get(slug="operational-policy").pk},
    )  # fmt: skip
    token = preview.context["confirm"].initial["token"]
    responses = twice_at_once(users["coordinator"], "post", reverse("importers:create"),
                              {"token": token})  # fmt: skip
    page = DocumentPage.objects.get(reference="LEG-321")  # exactly one
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert [(r.status_code, r["Location"]) for r in responses] == [(302, edit_url)] * 2
    assert [messages_of(r)[-1] for r in responses] == [messages_of(responses[0])[-1]] * 2
    assert "LEG-321 created as a draft" in messages_of(responses[0])[-1]
    assert ImportRecord.objects.filter(page=page).count() == 1


# -- review actions ---------------------------------------------------------------------------


def test_review_no_change_posted_twice_at_once_is_recorded_once(demo):
    users, library = demo
    page = library["JOP-001"]
    url = reverse("procedures_admin:review", args=[page.pk])
    responses = twice_at_once(users["coordinator"], "post", url, {"notes": "Checked."})
    assert [r.status_code for r in responses] == [302, 302], responses
    assert responses[0]["Location"] == responses[1]["Location"]
    assert messages_of(responses[0])[-1] == messages_of(responses[1])[-1]
    reviews = PageLogEntry.objects.filter(page=page, action="procedures.review")
    assert reviews.count() == 1


def test_withdraw_posted_twice_at_once_is_recorded_once(demo):
    users, library = demo
    page = library["JOP-002"]
    url = reverse("procedures_admin:withdraw", args=[page.pk])
    responses = twice_at_once(users["coordinator"], "post", url, {"reason": "Replaced by law."})
    assert [r.status_code for r in responses] == [302, 302], responses
    assert messages_of(responses[0])[-1] == messages_of(responses[1])[-1]
    assert PageLogEntry.objects.filter(page=page, action="procedures.withdraw").count() == 1


def test_supersede_posted_twice_at_once_is_recorded_once(demo):
    users, library = demo
    page, replacement = library["JOP-002"], library["JOP-001"]
    url = reverse("procedures_admin:supersede", args=[page.pk])
    responses = twice_at_once(users["coordinator"], "post", url, {"replacement": "JOP-001"})
    assert [r.status_code for r in responses] == [302, 302], responses
    assert messages_of(responses[0])[-1] == messages_of(responses[1])[-1]
    assert PageLogEntry.objects.filter(page=page, action="procedures.supersede").count() == 1
    assert DocumentPage.objects.get(pk=page.pk).superseded_by_id == replacement.pk


# -- pathway assignments ----------------------------------------------------------------------


def pathway_form(title: str, document, users=(), item_id=None, key="") -> dict:
    item = {"document": document.pk, "due_within_days": "14"}
    if item_id:
        item["id"] = item_id
    return nested_form_data(
        {
            "title": title,
            "description": "",
            "active": "on",
            "submission": key,
            "items": inline_formset([item], initial=1 if item_id else 0),
            "group_assignments": inline_formset([]),
            "user_assignments": inline_formset([{"user": user.pk} for user in users]),
        }
    )


def test_assigning_a_person_to_a_pathway_twice_at_once_assigns_once(demo):
    users, library = demo
    client = Client()
    client.force_login(users["coordinator"])
    created = client.post(
        reverse("wagtailsnippets_induction_pathway:add"),
        pathway_form("Radio users", library["JOP-001"]),
    )
    assert created.status_code == 302, created.content.decode()[-2000:]
    pathway = Pathway.objects.get(title="Radio users")
    item = pathway.items.get()
    data = pathway_form("Radio users", library["JOP-001"], [users["firefighter"]], item.pk)
    responses = twice_at_once(
        users["coordinator"], "post", reverse("wagtailsnippets_induction_pathway:edit",
                                              args=[pathway.pk]), data,
    )  # fmt: skip
    assert [r.status_code for r in responses] == [302, 302], responses
    assert responses[0]["Location"] == responses[1]["Location"]
    assert PathwayUserAssignment.objects.filter(pathway=pathway).count() == 1
    assert pathway.items.count() == 1


def test_creating_the_same_pathway_twice_at_once_creates_it_once(demo):
    users, library = demo
    client = Client()
    client.force_login(users["coordinator"])
    form = client.get(reverse("wagtailsnippets_induction_pathway:add")).context["form"]
    key = form.initial["submission"]  # the key the browser's form carries
    assert key and f'value="{key}"' in form.as_p()
    data = pathway_form("Flood response", library["JOP-001"], [users["firefighter"]], key=key)
    responses = twice_at_once(
        users["coordinator"], "post", reverse("wagtailsnippets_induction_pathway:add"), data
    )
    assert [r.status_code for r in responses] == [302, 302], responses
    assert responses[0]["Location"] == responses[1]["Location"]
    assert messages_of(responses[0])[-1] == messages_of(responses[1])[-1]
    pathway = Pathway.objects.get(title="Flood response")
    assert PathwayUserAssignment.objects.filter(pathway=pathway).count() == 1
    # And once more, later (the back button, then save again): the same answer.
    again = client.post(reverse("wagtailsnippets_induction_pathway:add"), data)
    assert again.status_code == 302 and again["Location"] == responses[0]["Location"]
    assert Pathway.objects.filter(title="Flood response").count() == 1


# -- workflow decisions -----------------------------------------------------------------------


def test_approve_clicked_twice_at_once_decides_once_and_answers_alike(demo):
    users, library = demo
    page = library["JOP-002"]
    submit(page, users["coordinator"], kind="minor", summary="Clarified the wording.")
    task_state = current_task_state(page)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    responses = twice_at_once(users["owner"], "post", url, {"comment": ""})
    # The step's row is locked for the decision: the second click waits for the first, finds
    # the step decided by the same person, and gets the first one's answer.
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert [(r.status_code, r["Location"]) for r in responses] == [(302, edit_url)] * 2
    assert messages_of(responses[0]) == messages_of(responses[1])
    decided = TaskState.objects.filter(pk=task_state.pk, status=TaskState.STATUS_APPROVED)
    assert decided.count() == 1
    approvals = PageLogEntry.objects.filter(page=page, action="wagtail.workflow.approve")
    assert approvals.count() == 1


def test_a_sign_off_clicked_twice_at_once_is_recorded_once_and_answers_alike(demo):
    users, library = demo
    page = library["JOP-001"]  # joint: the step stays open for the other service
    submit(page, users["coordinator"], kind="major", summary="Revised cordon distances.")
    act(page, users["owner"])
    task_state = current_task_state(page)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    responses = twice_at_once(users["police.approver"], "post", url, {"comment": ""})
    assert [r.status_code for r in responses] == [302, 302], responses
    assert responses[0]["Location"] == responses[1]["Location"]
    assert ServiceSignOff.objects.filter(task_state=task_state, service="police").count() == 1
    assert PageLogEntry.objects.filter(page=page, action="procedures.sign_off").count() == 1
