"""Every URL the project and Wagtail expose, tried as people cleared and not cleared for a
restricted document: nothing of the document leaks (no status or body difference from a
missing id; no title, reference, file name or text).

The routes come from the URL resolver, so a new route is tried too; a route the guard
(`procedures.need_to_know.ROUTES`) does not classify fails `test_every_route_is_classified`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from wagtail.admin.models import EditingSession
from wagtail.documents import get_document_model
from wagtail.models import Page, Task, TaskState, Workflow, WorkflowState

from procedures import access
from procedures.models import DocumentAttachment
from procedures.need_to_know import (
    EDITING_SESSION,
    FILE,
    IMAGE,
    KWARGS,
    MODEL_OBJECT,
    OTHER,
    PAGE,
    REVISION,
    TASK_STATE,
    WORKFLOW_STATE,
    check_request,
    spec_for,
)
from procedures.need_to_know_routes import ROUTES
from procedures.roles import POLICY_OWNERS
from tests.procedures.test_images import grant_image_permissions, make_image, use_image
from tests.support.approval import submit

pytestmark = pytest.mark.django_db

MISSING = 987654
SENSITIVE = "FBI-004"
DRAFT_TITLE = "Zanzibar stewarding draft"
FILE_NAME = "FBI-004-original.docx"
IMAGE_TITLE = "Quokka stand cordon"
ATTACHMENT_TITLE = "Pangolin briefing template"
DRAFT_ATTACHMENT_TITLE = "Wombat draft annex"


def walk(resolver=None, prefix: str = "", namespace: str | None = None):
    """(route, view name or None, pattern) for every URL pattern, from the resolver."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield prefix + str(pattern.pattern), name, pattern


def route_kwargs(route: str) -> list[str]:
    return re.findall(r"<(?:\w+:)?(\w+)>", route) + re.findall(r"\(\?P<(\w+)>", route)


def test_every_route_is_classified():
    unclassified, unknown_kwargs = [], []
    for route, name, _ in walk():
        spec = spec_for(name, route)
        if spec is None:
            unclassified.append(f"{route} ({name})")
            continue
        for kwarg in route_kwargs(route):
            if kwarg not in spec.get("kwargs", {}) and kwarg not in KWARGS:
                unknown_kwargs.append(f"{name}: {kwarg}")
    assert not unclassified, f"routes the need-to-know guard does not know: {unclassified}"
    assert not unknown_kwargs, f"URL arguments the guard does not know: {unknown_kwargs}"


def test_every_classified_route_exists():
    """The table names only routes the resolver has: an entry left behind by a removed app
    classifies nothing and hides that the table no longer says what is served."""
    named = {name for _, name, _ in walk() if name}
    assert sorted(set(ROUTES) - named) == []


def test_an_unclassified_route_is_refused(rf_user):
    request = RequestFactory().get("/admin/new-thing/1/")
    request.user = rf_user
    with pytest.raises(Exception) as raised:
        check_request(request, "someapp:new_thing", "admin/new-thing/<int:pk>/", (), {"pk": 1})
    assert raised.typename == "Http404"


@pytest.fixture
def rf_user(users):
    return users["planner"]


# -- the restricted world -----------------------------------------------------------------


@dataclass
class World:
    page: object
    values: dict[str, object]
    secrets: list[str]
    extra: dict[str, object] = field(default_factory=dict)


@pytest.fixture
def world(library, users):
    """A restricted live document with an image, an attachment, an imported original named
    after its reference, a draft (new title, a draft-only attachment), revisions, a workflow
    in progress and an editing session."""
    page = library[SENSITIVE]
    image = make_image(IMAGE_TITLE)
    use_image(page, image)
    document_model = get_document_model()
    attachment = document_model(title=ATTACHMENT_TITLE)
    attachment.file.save(FILE_NAME, ContentFile(b"restricted original"), save=True)
    DocumentAttachment.objects.create(page=page, document=attachment)
    draft_file = document_model(title=DRAFT_ATTACHMENT_TITLE)
    draft_file.file.save("wombat-annex.txt", ContentFile(b"draft annex"), save=True)

    def edit(draft):
        draft.title = DRAFT_TITLE
        draft.attachments.add(DocumentAttachment(document=draft_file))

    workflow_state = submit(page, users["owner"], edit=edit)
    page.refresh_from_db()
    task_state = TaskState.objects.filter(workflow_state=workflow_state).order_by("-pk").first()
    session = EditingSession.objects.create(
        user=users["owner"], content_object=page, last_seen_at=page.latest_revision_created_at
    )
    values = {
        PAGE: page.pk,
        REVISION: page.latest_revision_id,
        TASK_STATE: task_state.pk,
        WORKFLOW_STATE: workflow_state.pk,
        IMAGE: image.pk,
        FILE: attachment.pk,
        EDITING_SESSION: session.pk,
        MODEL_OBJECT: page.pk,
    }
    return World(
        page=page,
        values=values,
        secrets=[
            SENSITIVE,
            page.title,
            DRAFT_TITLE,
            FILE_NAME,
            IMAGE_TITLE,
            ATTACHMENT_TITLE,
            DRAFT_ATTACHMENT_TITLE,
            "wombat-annex",
            "Handling the briefing",
        ],
        extra={
            "task": task_state.task_id,
            "workflow": workflow_state.workflow_id,
            "draft_file": draft_file,
            "attachment": attachment,
            "image": image,
        },
    )


@pytest.fixture
def uncleared_owner(db):
    user = get_user_model().objects.create_user("owner.uncleared", password="x")
    user.groups.add(Group.objects.get(name=POLICY_OWNERS))
    grant_image_permissions(user)
    return user


# Values for URL arguments that name nothing restricted, the same in both requests.
def other_value(name: str, world: World, route_name: str):
    fixed = {
        "action_name": "approve",
        "action": "delete",
        "filter_spec": "max-100x100",
        "uidb64": "MQ",
        "token": "x-y",
        "task_id": world.extra["task"],
        "workflow_pk": world.extra["workflow"],
        "app_label": "wagtailcore",
        "model_name": "page",
        "app_name": "wagtailcore",
        "content_type_app_name": "procedures",
        "content_type_model_name": "documentpage",
    }
    if route_name.startswith("wagtailsettings:"):
        fixed.update({"app_name": "wagtailcore", "model_name": "site"})
    return fixed.get(name, MISSING)


SKIP = {
    # Objects named by path or file name: tried by `special_urls`.
    "wagtail_serve",
    "wagtaildocs_serve",
    "procedures:image_file",
    "wagtailadmin_error_test",  # raises on purpose
    "wagtailadmin_logout",  # would sign the test client out
    "logout",
}

CSRF = re.compile(r"[A-Za-z0-9]{32,64}")


def normalise(body: str, *values) -> str:
    for value in values:
        body = body.replace(str(value), "ID")
    return CSRF.sub("TOKEN", body)


def restricted_kinds(route: str, spec: dict) -> dict[str, str]:
    kinds = {}
    for kwarg in route_kwargs(route):
        kind = spec.get("kwargs", {}).get(kwarg) or KWARGS.get(kwarg)
        if kind and kind != OTHER:
            kinds[kwarg] = kind
    return kinds


def urls_for(route: str, name: str, spec: dict, world: World):
    """(restricted url, missing url) for a route that names objects, or (url, None)."""
    kinds = restricted_kinds(route, spec)
    base = {k: other_value(k, world, name) for k in route_kwargs(route) if k not in kinds}
    if name == "wagtailadmin_editing_sessions:ping":
        base.update({"app_label": "wagtailcore", "model_name": "page"})
    restricted = dict(base, **{k: world.values[kind] for k, kind in kinds.items()})
    missing = dict(base, **dict.fromkeys(kinds, MISSING))
    if "revision_id_a" in restricted:
        restricted["revision_id_a"] = "earliest"
    url = reverse(name, kwargs=restricted)
    missing_url = reverse(name, kwargs=missing) if kinds else None
    id_kind = spec.get("ids")
    if id_kind and id_kind != OTHER:
        kind = PAGE if id_kind in ("bulk_ids", "choosable_page") else id_kind
        return f"{url}?id={world.values[kind]}", f"{url}?id={MISSING}", True
    return url, missing_url, False


def fetch(client: Client, method: str, url: str):
    # Messages left by an earlier request would show on whichever page comes next.
    client.cookies.pop("messages", None)
    response = getattr(client, method)(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body.decode("utf-8", "replace")


def special_urls(world: World) -> list[tuple[str, str, str]]:
    """Routes whose objects are not ids: pages by path, files and images by name."""
    page = world.page
    section = page.get_parent()
    attachment = world.extra["attachment"]
    return [
        ("page", page.url, f"{section.url}no-such-document/"),
        ("versions", page.url + "versions/", f"{section.url}no-such-document/versions/"),
        ("changes", page.url + "changes/", f"{section.url}no-such-document/changes/"),
        ("as-at", page.url + "as-at/", f"{section.url}no-such-document/as-at/"),
        ("print style", page.url + "print-style/", f"{section.url}no-such-document/print-style/"),
        ("file", attachment.url, f"/documents/{MISSING}/{FILE_NAME}"),
        (
            "draft file",
            world.extra["draft_file"].url,
            f"/documents/{MISSING}/wombat-annex.txt",
        ),
        ("image", world.extra["image"].file.url, "/images/original_images/missing.png"),
    ]


def leaks_for(client: Client, world: World) -> list[str]:
    """Every way the document shows through for the client's user."""
    problems = []
    for route, name, _pattern in walk():
        spec = spec_for(name, route)
        if not name or name in SKIP or spec is None:
            continue
        url, missing_url, by_query = urls_for(route, name, spec, world)
        methods = ["get", "post"] if missing_url or by_query else ["get"]
        for method in methods:
            status, body = fetch(client, method, url)
            problems += [f"{method} {url}: shows {s!r}" for s in world.secrets if s in body]
            if missing_url is None:
                continue
            missing_status, missing_body = fetch(client, method, missing_url)
            if status != missing_status:
                problems.append(f"{method} {url}: {status}, missing id {missing_status}")
            elif normalise(body, url) != normalise(missing_body, missing_url):
                problems.append(f"{method} {url}: body differs from a missing id's")
    for label, url, missing_url in special_urls(world):
        status, body = fetch(client, "get", url)
        missing_status, missing_body = fetch(client, "get", missing_url)
        problems += [f"{label} {url}: shows {s!r}" for s in world.secrets if s in body]
        if status != missing_status:
            problems.append(f"{label} {url}: {status}, missing {missing_status}")
    return problems


@pytest.mark.parametrize("role", ["police.officer", "police.approver", "uncleared owner"])
def test_nothing_of_a_restricted_document_reaches_anyone_not_cleared(
    client, users, world, uncleared_owner, role
):
    user = uncleared_owner if role == "uncleared owner" else users[role]
    assert not access.is_cleared_for(user, world.page)
    client.force_login(user)
    problems = leaks_for(client, world)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ["planner", "owner", "coordinator"])
def test_the_guard_lets_cleared_people_through(client, users, world, role):
    """The same routes, as people cleared for the document: the guard refuses none of them
    (what each may then do is Wagtail's and the workflow's business)."""
    user = users[role]
    assert access.is_cleared_for(user, world.page)
    refused = []
    factory = RequestFactory()
    for route, name, _pattern in walk():
        spec = spec_for(name, route)
        if not name or name in SKIP:
            continue
        kinds = restricted_kinds(route, spec)
        if not kinds and not spec.get("ids"):
            continue
        url, _missing, _ = urls_for(route, name, spec, world)
        match_kwargs = {
            k: (world.values[kind] if k in kinds else other_value(k, world, name))
            for k, kind in {**dict.fromkeys(route_kwargs(route), OTHER), **kinds}.items()
        }
        if name == "wagtailadmin_editing_sessions:ping":
            match_kwargs.update({"app_label": "wagtailcore", "model_name": "page"})
        if "revision_id_a" in match_kwargs:
            match_kwargs["revision_id_a"] = "earliest"
        request = factory.get(url)
        request.user = user
        try:
            check_request(request, name, route, (), match_kwargs)
        except Exception as exc:  # noqa: BLE001
            refused.append(f"{name}: {type(exc).__name__}")
    assert not refused, refused
    client.force_login(user)
    for label, url, _missing in special_urls(world):
        if label in ("page", "versions", "changes", "as-at", "file", "image"):
            status, _ = fetch(client, "get", url)
            assert status == 200, (label, url, status)


def test_a_missing_page_and_a_restricted_page_answer_alike_in_the_admin(
    client, world, uncleared_owner
):
    client.force_login(uncleared_owner)
    names = ("wagtailadmin_pages:edit", "wagtailadmin_pages:history", "wagtailadmin_pages:usage")
    for name in names:
        restricted = client.get(reverse(name, args=[world.page.pk]))
        missing = client.get(reverse(name, args=[MISSING]))
        assert restricted.status_code == missing.status_code == 404, name


def test_root_page_in_chosen_multiple_is_not_an_error(client, users):
    client.force_login(users["owner"])
    root = Page.objects.get(depth=1)
    response = client.get(reverse("wagtailadmin_choose_page_chosen_multiple") + f"?id={root.pk}")
    assert response.status_code < 500


def test_workflow_and_task_models_are_untouched(world):
    # The fixtures really built what the route test relies on.
    assert Workflow.objects.filter(pk=world.extra["workflow"]).exists()
    assert Task.objects.filter(pk=world.extra["task"]).exists()
    assert WorkflowState.objects.filter(pk=world.values[WORKFLOW_STATE]).exists()


def test_the_admin_catch_all_is_classified_as_the_resolver_reports_it():
    match = resolve("/admin/no-such-page/")
    assert match.url_name is None and spec_for(None, match.route) is not None
