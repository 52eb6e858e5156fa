"""Acknowledging a document ("I have read and understood version X"), what is refused, and
when a new version asks again."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from procedures.induction.models import (
    Acknowledgement,
)
from procedures.induction.reading import acknowledge, reading_for
from procedures.models import DocumentPage

from .helpers import (
    TODAY,
    items_by_ref,
    set_version,
)

pytestmark = pytest.mark.django_db


# -- acknowledging and progress ----------------------------------------------------------------


def test_acknowledging_records_the_version_and_moves_progress(client_for, users, library):
    client = client_for("newjoiner")
    page = client.get("/induction/").content.decode()
    assert "0 of 2 done" in page
    document = library["JOP-001"]
    response = client.post(
        f"/induction/acknowledge/{document.pk}/", {"version": document.version_label}
    )
    assert response.status_code == 302
    ack = Acknowledgement.objects.get(user=users["newjoiner"], document=document)
    assert (ack.version_major, ack.version_minor, ack.reference) == (
        document.version_major,
        document.version_minor,
        "JOP-001",
    )
    page = client.get("/induction/").content.decode()
    assert "1 of 2 done" in page
    assert "You have acknowledged <strong>1 of 3</strong>" in page


def test_the_document_page_ends_with_the_acknowledgement_form_when_required(client_for, library):
    body = client_for("newjoiner").get(library["JOP-001"].url).content.decode()
    assert "I have read and understood version 1.0" in body or (
        f"I have read and understood version {library['JOP-001'].version_label}" in body
    )
    assert 'name="csrfmiddlewaretoken"' in body
    # Not asked to read it: no form.
    body = client_for("police.officer").get(library["JOP-002"].url).content.decode()
    assert "I have read and understood" not in body


def test_acknowledging_a_document_nobody_asked_for_is_refused(client_for, users, library):
    document = library["JOP-002"]
    client_for("police.officer").post(
        f"/induction/acknowledge/{document.pk}/", {"version": document.version_label}
    )
    assert not Acknowledgement.objects.filter(user=users["police.officer"]).exists()


def test_acknowledging_an_out_of_date_version_is_refused(client_for, users, library):
    document = library["JOP-001"]
    client_for("newjoiner").post(f"/induction/acknowledge/{document.pk}/", {"version": "0.9"})
    assert not Acknowledgement.objects.filter(user=users["newjoiner"]).exists()


def test_acknowledging_a_withdrawn_document_is_refused(client_for, users, library):
    document = library["JOP-001"]
    DocumentPage.objects.filter(pk=document.pk).update(withdrawn_at=timezone.now())
    client_for("newjoiner").post(
        f"/induction/acknowledge/{document.pk}/", {"version": document.version_label}
    )
    assert not Acknowledgement.objects.filter(user=users["newjoiner"]).exists()
    assert "JOP-001" not in items_by_ref(reading_for(users["newjoiner"]))


def test_acknowledging_a_draft_is_refused(client_for, users, library):
    document = library["JOP-001"]
    DocumentPage.objects.filter(pk=document.pk).update(live=False)
    response = client_for("newjoiner").post(
        f"/induction/acknowledge/{document.pk}/", {"version": document.version_label}
    )
    assert response.status_code == 404
    assert not Acknowledgement.objects.exists()


def test_acknowledging_needs_a_post(client_for, library):
    response = client_for("newjoiner").get(f"/induction/acknowledge/{library['JOP-001'].pk}/")
    assert response.status_code == 405


def test_acknowledgements_are_append_only(users, library):
    ack = acknowledge(users["newjoiner"], library["JOP-001"])
    ack.version_major = 9
    with pytest.raises(ValidationError):
        ack.save()
    with pytest.raises(ValidationError):
        ack.delete()
    with pytest.raises(ValidationError):
        Acknowledgement.objects.all().delete()
    with pytest.raises(ValidationError):
        Acknowledgement.objects.update(version_major=9)
    assert Acknowledgement.objects.get().version_major == library["JOP-001"].version_major


# -- versions ----------------------------------------------------------------------------------


def test_a_new_major_version_asks_again_and_says_why(client_for, users, library):
    document, user = library["JOP-001"], users["newjoiner"]
    acknowledge(user, document)
    assert items_by_ref(reading_for(user))["JOP-001"].done
    set_version(document, document.version_major + 1, 0, "Adds the METHANE update.")
    state = items_by_ref(reading_for(user))["JOP-001"]
    assert not state.done and state.needs_reacknowledgement
    assert [change.summary for change in state.changes] == ["Adds the METHANE update."]
    # Asked again from the new version's publication: not overdue on day one.
    assert state.due == TODAY + datetime.timedelta(days=14)
    assert not state.overdue
    body = client_for("newjoiner").get(document.url).content.decode()
    assert "Adds the METHANE update." in body
    assert f"I have read and understood version {document.version_major}.0" in body


def test_a_new_major_version_without_recorded_history_still_asks_again(users, library):
    document, user = library["JOP-002"], users["newjoiner"]
    acknowledge(user, document)
    DocumentPage.objects.filter(pk=document.pk).update(version_major=document.version_major + 1)
    state = items_by_ref(reading_for(user))["JOP-002"]
    assert state.needs_reacknowledgement and state.changes == []


def test_a_minor_version_needs_no_new_acknowledgement(users, library):
    document, user = library["JOP-001"], users["newjoiner"]
    acknowledge(user, document)
    set_version(document, document.version_major, document.version_minor + 1, "Typo fixed.")
    assert items_by_ref(reading_for(user))["JOP-001"].done
