"""Search insights: counts per query text without the searcher, bounded retention, and the
coordinator's two actions (glossary name, best bet) taking effect in the next search."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from procedures.roles import POLICY_COORDINATOR
from search import insights
from search.models import BestBet, GlossaryTerm, SearchQueryDay
from search.service import run_search
from tests.search.test_engines import refresh  # noqa: F401 - engine selection fixture

INSIGHTS = reverse("search:insights")


def refs(results) -> list[str]:
    return [result.page.reference for result in results.results]


def test_searches_are_counted_per_query_text_without_the_searcher(client_for, library):
    client = client_for("firefighter")
    client.get("/search/", {"q": "Wibble  Cordon"})
    client.get("/search/", {"q": "wibble cordon"})
    client_for("police.officer").get("/search/api/", {"q": "zzqxv"})
    row = SearchQueryDay.objects.get(query="wibble cordon")
    assert (row.searches, row.no_results) == (2, 0)
    assert SearchQueryDay.objects.get(query="zzqxv").no_results == 1
    # Nothing about who searched: no user, session or address column at all.
    columns = {field.name for field in SearchQueryDay._meta.get_fields()}
    assert columns == {
        "id", "day", "query", "searches", "no_results", "opened", "corrected",
        "correction_abandoned",
    }  # fmt: skip


def test_opening_a_result_is_counted_for_the_query(client_for, library):
    client = client_for("firefighter")
    page = client.get("/search/", {"q": "inner cordon"}).content.decode()
    # The results page says where to count an opened result; links go straight to documents.
    assert f'data-open-url="{reverse("search:open")}"' in page
    assert f'href="{library["JOP-002"].url}#section-1-inner-cordon"' in page
    response = client.post(
        reverse("search:open"), {"q": "inner cordon", "d": library["JOP-002"].pk}
    )
    assert response.status_code == 204
    assert SearchQueryDay.objects.get(query="inner cordon").opened == 1


def test_opening_a_hidden_document_answers_like_a_missing_one(client_for, library):
    client = client_for("firefighter")
    hidden = client.post(reverse("search:open"), {"q": "x", "d": library["FBI-004"].pk})
    missing = client.post(reverse("search:open"), {"q": "x", "d": 999999})
    assert hidden.status_code == missing.status_code == 404
    # The same page but for the per-response CSRF token of the sign-out form.
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')
    assert token.sub(b"", hidden.content) == token.sub(b"", missing.content)
    assert not SearchQueryDay.objects.filter(opened__gt=0).exists()


def test_a_turned_down_correction_is_counted(client_for, library):
    client = client_for("firefighter")
    response = client.get("/search/", {"q": "decontaminaton"})
    assert "Search instead for" in response.content.decode()
    client.get("/search/", {"q": "decontaminaton", "as_typed": "1"})
    row = SearchQueryDay.objects.get(query="decontaminaton")
    assert (row.corrected, row.correction_abandoned) == (1, 1)


def test_counts_are_kept_for_a_bounded_time(settings, db):
    settings.SEARCH_INSIGHTS_DAYS = 30
    today = timezone.localdate()
    SearchQueryDay.objects.create(day=today - datetime.timedelta(days=31), query="old", searches=1)
    SearchQueryDay.objects.create(day=today - datetime.timedelta(days=29), query="new", searches=1)
    call_command("purge_search_insights")
    assert list(SearchQueryDay.objects.values_list("query", flat=True)) == ["new"]


def test_the_page_states_retention_and_lists_what_people_did_not_find(client_for, settings, db):
    settings.SEARCH_INSIGHTS_DAYS = 45
    insights.record_search("sprinkler key", total=0, corrected=False)
    insights.record_search("cordon", total=3, corrected=False)
    response = client_for("coordinator").get(INSIGHTS)
    text = response.content.decode()
    assert response.status_code == 200
    assert "45 days" in text and "never who searched" in text
    assert "sprinkler key" in text


@pytest.mark.parametrize("username", ["firefighter", "police.officer", "owner"])
def test_only_the_coordinator_sees_insights(client_for, username, db):
    assert client_for(username).get(INSIGHTS).status_code == 404
    assert client_for(username).post(INSIGHTS, {"action": "best_bet"}).status_code == 404


def test_a_glossary_name_added_from_insights_works_in_the_next_search(
    refresh,  # noqa: F811
    client_for,
    users,
):
    refresh()
    question = "what do I do after crashing a fire engine"
    about_collisions = {"FLT-003", "POL-021", "FRS-011"}
    assert refs(run_search(users["firefighter"], question))[0] not in about_collisions
    client_for("coordinator").post(
        INSIGHTS, {"action": "glossary", "query": "crashing", "name": "collision"}
    )
    term = GlossaryTerm.objects.get(term="collision")
    assert "crashing" in term.names
    refresh()
    assert refs(run_search(users["firefighter"], question))[0] in about_collisions


def test_a_best_bet_comes_first_for_those_who_may_see_it(
    refresh,  # noqa: F811
    client_for,
    users,
    library,
):
    refresh()
    client = client_for("coordinator")
    client.post(INSIGHTS, {"action": "best_bet", "query": "Crowd Crush", "reference": "fbl 4"})
    assert BestBet.objects.get(query="crowd crush").document == library["FBL-004"]
    assert refs(run_search(users["firefighter"], "crowd crush"))[0] == "FBL-004"
    # Pointing a query at a restricted document does not show it to those not cleared.
    client.post(INSIGHTS, {"action": "best_bet", "query": "away fans", "reference": "FBI-004"})
    assert refs(run_search(users["planner"], "away fans"))[0] == "FBI-004"
    assert "FBI-004" not in refs(run_search(users["firefighter"], "away fans"))


def test_insights_name_no_best_bet_the_viewer_is_not_cleared_for(client, client_for, library):
    """A second coordinator, not in the groups of a restricted document another coordinator
    pointed a query at: their insights page names neither the document nor its reference."""
    client_for("coordinator").get("/search/", {"q": "away fans"})
    client_for("coordinator").post(
        INSIGHTS, {"action": "best_bet", "query": "away fans", "reference": "FBI-004"}
    )
    assert BestBet.objects.filter(query="away fans").exists()
    other = get_user_model().objects.create_user("coordinator.uncleared", password="x")
    other.groups.add(Group.objects.get(name=POLICY_COORDINATOR))
    client.force_login(other)
    client.cookies.pop("messages", None)  # the first coordinator's "now shows ..." message
    body = client.get(INSIGHTS).content.decode()
    assert "away fans" in body  # the query row is listed, so the check below can fail
    assert "FBI-004" not in body
    assert "FBI-004" in client_for("coordinator").get(INSIGHTS).content.decode()
