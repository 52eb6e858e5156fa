"""A search cluster that accepts connections and never answers (tests/support/fake_cluster.py,
`SilentCluster`: a real socket) never slows or breaks the admin:

- a publish through the approval workflow, and Wagtail's delete paths (page delete,
  withdrawal, image and document delete), open no connection to it: Wagtail's own index
  writes are queued (search.wagtail_backends), as ours are (search.outbox). The bound: each
  request takes at most BOUND seconds more than the same request with a cluster that
  refuses at once (a publish) or with the database's own search backend (the deletes),
  where one call to the silent cluster would cost ELASTICSEARCH_TIMEOUT (5 s);
- the admin's page search and the page chooser answer 200 from the database, with the
  notice staff search shows, and one log line for the outage, not one per search;
- 429 and 5xx answers open the same breaker as a timeout does.
"""

from __future__ import annotations

import logging
import time

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from procedures.models import DocumentPage
from search.engines import reset_engine_cache
from tests.support.approval import current_task_state, fresh, submit
from tests.support.fake_cluster import SilentCluster

# Seconds a request may take beyond the database-only run of the same request. Each is
# timed RUNS times and the fastest compared, so a busy machine's pauses do not count.
BOUND = 0.5
RUNS = 3
CLUSTER_TIMEOUT = 5  # what one call to the silent cluster would cost
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def point_at(settings, url: str, timeout: float = CLUSTER_TIMEOUT) -> None:
    """The production configuration for a cluster at `url` (site/settings/base.py)."""
    settings.ELASTICSEARCH_URL = url
    settings.ELASTICSEARCH_FLAVOUR = "elasticsearch"
    settings.ELASTICSEARCH_VERSION = 9
    settings.ELASTICSEARCH_TIMEOUT = timeout
    settings.ELASTICSEARCH_SEARCH_TIMEOUT = timeout
    settings.ELASTICSEARCH_RETRY_AFTER = 30
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.wagtail_backends.Elasticsearch9Backend",
            "URLS": [url],
            "INDEX_PREFIX": "jpl_silent_",
            "TIMEOUT": timeout,
        }
    }
    settings.TASKS = DB_TASKS
    reset_engine_cache()


@pytest.fixture
def silent(settings, db):
    with SilentCluster() as cluster:
        yield cluster
    reset_engine_cache()


def timed(call):
    started = time.perf_counter()
    response = call()
    return response, time.perf_counter() - started


def decide(client: Client, page: DocumentPage, action: str = "approve"):
    task_state = current_task_state(page)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, {"comment": ""})


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def publish_minor_change(page, users, summary: str):
    """Submit a minor change, the owner approves, the police approver signs off (publishes):
    the sign-off request and its duration."""
    submit(page, users["coordinator"], kind="minor", summary=summary)
    assert decide(signed_in(users["owner"]), page).status_code == 302
    response, seconds = timed(lambda: decide(signed_in(users["police.approver"]), page))
    assert response.status_code == 302, response
    return response, seconds


def test_a_publish_through_the_workflow_does_not_wait_for_a_silent_cluster(
    silent, settings, library, users
):
    # The baseline is the same configuration (tasks queued in the database) with a cluster
    # that refuses at once (nobody listens on port 9): what is left is the database's time.
    point_at(settings, "http://127.0.0.1:9")
    page = library["POL-021"]
    database_only = min(
        publish_minor_change(page, users, f"Tidied wording ({run}).")[1] for run in range(RUNS)
    )
    assert fresh(page).version_label == f"2.{RUNS}"

    point_at(settings, silent.url)
    queued = DBTaskResult.objects.count()
    with_cluster = min(
        publish_minor_change(page, users, f"Tidied again ({run}).")[1] for run in range(RUNS)
    )
    page = fresh(page)
    assert page.version_label == f"2.{2 * RUNS}"
    assert page.live and not page.has_unpublished_changes
    assert silent.accepted == 0  # nothing in the requests opened a connection to it
    assert with_cluster < database_only + BOUND, (with_cluster, database_only)
    # The index updates are not dropped: they wait in the task queue for the worker.
    assert DBTaskResult.objects.count() > queued


def _image():
    return get_image_model().objects.create(
        title="Cordon plan", file=get_test_image_file(filename="cordon.png")
    )


def _document():
    return get_document_model().objects.create(
        title="Cordon checklist", file=ContentFile(b"Cordon checklist.", name="cordon.txt")
    )


def _draft(library, reference: str) -> DocumentPage:
    section = library["JOP-001"].get_parent()
    draft = DocumentPage(
        title="Draft only", reference=reference, summary="s", owner_role="r", live=False
    )
    section.add_child(instance=draft)
    return draft


def _removals(library, reference: str, withdrawn: DocumentPage):
    """Wagtail's delete paths as this library has them: a documents is never unpublished
    (`procedures.publication`: it is withdrawn, which saves the page) and only a draft is
    ever deleted; images and documents are deleted as in Wagtail."""
    draft, image, document = _draft(library, reference), _image(), _document()
    return {
        "withdraw": (reverse("procedures_admin:withdraw", args=[withdrawn.pk]),
                     {"reason": "Replaced by law."}),
        "page delete": (reverse("wagtailadmin_pages:delete", args=[draft.pk]), {}),
        "image delete": (reverse("wagtailimages:delete", args=[image.pk]), {}),
        "document delete": (reverse("wagtaildocs:delete", args=[document.pk]), {}),
    }  # fmt: skip


def _fastest(admin: Client, library, reference: str, withdrawn: list[DocumentPage]):
    """Each removal RUNS times (on fresh objects): its fastest time, by name."""
    times: dict[str, float] = {}
    for run in range(RUNS):
        for name, (url, data) in _removals(library, f"{reference}{run}", withdrawn[run]).items():
            response, seconds = timed(lambda url=url, data=data: admin.post(url, data))
            assert response.status_code == 302, (name, response)
            times[name] = min(seconds, times.get(name, seconds))
    return times


def test_wagtails_delete_paths_do_not_call_a_silent_cluster(silent, settings, library, users):
    admin = signed_in(users["admin"])
    # The same requests on the database's own backend, then with the silent cluster.
    current = list(
        DocumentPage.objects.live().filter(withdrawn_at__isnull=True).order_by("pk")[: 2 * RUNS]
    )
    baseline = _fastest(admin, library, "DRF-90", current[:RUNS])
    point_at(settings, silent.url)
    with_cluster = _fastest(admin, library, "DRF-91", current[RUNS:])
    assert silent.accepted == 0
    for name, seconds in with_cluster.items():
        assert seconds < baseline[name] + BOUND, (name, seconds, baseline[name])
    assert all(fresh(page).withdrawn_at is not None for page in current)
    assert not DocumentPage.objects.filter(reference__startswith="DRF-9").exists()
    assert not get_image_model().objects.filter(title="Cordon plan").exists()
    assert not get_document_model().objects.filter(title="Cordon checklist").exists()


def test_the_admin_page_search_answers_from_the_database_with_a_notice(
    silent, settings, users, caplog
):
    point_at(settings, silent.url, timeout=1)  # the first search waits this long, once
    admin = signed_in(users["admin"])
    notice = "Elasticsearch is not answering at the moment"
    with caplog.at_level(logging.WARNING):
        page = admin.get(reverse("wagtailadmin_pages:search"), {"q": "road"})
        assert page.status_code == 200
        html = page.content.decode()
        assert notice in html and "Road traffic collision" in html
        results = admin.get(reverse("wagtailadmin_pages:search_results"), {"q": "road"})
        assert results.status_code == 200 and notice in results.content.decode()
        chooser = admin.get(reverse("wagtailadmin_choose_page_search"), {"q": "road"})
        assert chooser.status_code == 200
        assert notice in chooser.content.decode()
        assert "Road traffic collision" in chooser.content.decode()
        for _ in range(5):
            again = admin.get(reverse("wagtailadmin_pages:search"), {"q": "drill"})
            assert again.status_code == 200 and notice in again.content.decode()
    # One connection: the breaker kept every later search on the database at once.
    assert silent.accepted == 1
    ours = [r for r in caplog.records if r.name.startswith("search")]
    assert len(ours) == 1 and "falls back to the database" in ours[0].getMessage(), ours
