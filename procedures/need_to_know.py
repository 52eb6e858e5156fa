"""The need-to-know guard: every request's objects are checked where the URL resolves them.

`NeedToKnowMiddleware.process_view` runs after URL resolution and before any view (the
library's, Wagtail's, or one nobody has written yet). It reads the objects the route names
(`ROUTES`, in `need_to_know_routes`: which URL keyword argument, positional argument or query
parameter holds a page, revision, workflow state, image or file id) and asks
`procedures.access` whether the user may know of each. A refused object answers exactly as a
missing one: `Http404`, rendered by the project's 404 handler, so the status and body are
those of an id that does not exist.

Deny by default: a route that is not in `ROUTES` answers 404 to everyone but superusers, and
the permission test (`tests/procedures/test_need_to_know_routes.py`) fails, so a new route is
noticed.
Query-string id lists (`?id=1&id=2` of choosers, bulk actions and the admin API's `find`)
are filtered instead: a hidden id is replaced by one no object has.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, cast

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, QueryDict
from django.utils.html import escape
from wagtail.admin.models import EditingSession
from wagtail.documents import get_document_model
from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, TaskState, WorkflowState
from wagtail.rich_text.pages import PageLinkHandler

from . import access, media_access
from .models import DocumentPage

if TYPE_CHECKING:
    from django.http.request import _ImmutableQueryDict

from .need_to_know_routes import (  # noqa: F401 - re-exported for the route test
    BULK_IDS,
    CHOOSABLE_PAGE,
    EDITING_SESSION,
    FILE,
    IMAGE,
    KWARGS,
    MODEL_OBJECT,
    NOTHING,
    OTHER,
    PAGE,
    QUERY,
    REVISION,
    ROUTES,
    SNIPPET_PREFIXES,
    SNIPPET_ROUTE,
    TASK_STATE,
    UNNAMED,
    WORKFLOW_STATE,
    spec_for,
)

# -- checks: (user, raw value) -> the object is there and the user may know of it ------------


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _page(user, value, **_) -> bool:
    page = Page.objects.filter(pk=_int(value)).first() if _int(value) is not None else None
    return page is not None and access.page_is_visible_to(user, page)


def _choosable_page(user, value, **_) -> bool:
    # The root of the page tree has no parent and no URL: Wagtail's chooser fails on it.
    page_id = _int(value)
    return _page(user, value) and page_id is not None and page_id > 1 and _root_id() != page_id


def _root_id() -> int | None:
    return Page.objects.filter(depth=1).values_list("pk", flat=True).first()


def _revision(user, value, *, kwargs=None, **_) -> bool:
    if value in ("live", "earliest"):
        page = Page.objects.filter(pk=_int((kwargs or {}).get("pk"))).first()
        if page is None:
            return False
        revisions = page.revisions.order_by("created_at", "id")
        revision = page.live_revision if value == "live" else revisions.first()
        return revision is None or access.revision_is_visible_to(user, revision)
    revision = Revision.objects.filter(pk=_int(value)).first() if _int(value) else None
    return revision is not None and access.revision_is_visible_to(user, revision)


def _workflow_state(user, value, **_) -> bool:
    state = WorkflowState.objects.filter(pk=_int(value)).first() if _int(value) else None
    return state is not None and _object_visible(user, state.content_object)


def _task_state(user, value, **_) -> bool:
    state = TaskState.objects.filter(pk=_int(value)).first() if _int(value) else None
    if state is None or not _object_visible(user, state.workflow_state.content_object):
        return False
    return state.revision is None or access.revision_is_visible_to(user, state.revision)


def _media(model_getter: Callable):
    def check(user, value, **_) -> bool:
        model = model_getter()
        obj = model.objects.filter(pk=_int(value)).first() if _int(value) else None
        return obj is not None and media_access.media_is_visible_to(user, obj)

    return check


def _object_visible(user, obj) -> bool:
    """Any model instance: pages, revisions and media by their rules; other models pass."""
    if obj is None:
        return False
    if isinstance(obj, Page):
        return access.page_is_visible_to(user, obj)
    if isinstance(obj, Revision):
        return access.revision_is_visible_to(user, obj)
    if isinstance(obj, get_image_model() | get_document_model()):
        return media_access.media_is_visible_to(user, obj)
    return True


def _editing_session(user, value, **_) -> bool:
    session = EditingSession.objects.filter(pk=_int(value)).first() if _int(value) else None
    return session is not None and _object_visible(user, session.content_object)


def _model_object(user, value, *, kwargs=None, **_) -> bool:
    kwargs = kwargs or {}
    try:
        model = apps.get_model(kwargs.get("app_label"), kwargs.get("model_name"))
    except (LookupError, ValueError, TypeError):
        return False
    obj = model._default_manager.filter(pk=value).first()
    return _object_visible(user, obj)


CHECKS: dict[str, Callable[..., bool]] = {
    PAGE: _page,
    CHOOSABLE_PAGE: _choosable_page,
    REVISION: _revision,
    TASK_STATE: _task_state,
    WORKFLOW_STATE: _workflow_state,
    IMAGE: _media(get_image_model),
    FILE: _media(get_document_model),
    EDITING_SESSION: _editing_session,
    MODEL_OBJECT: _model_object,
    OTHER: lambda user, value, **_: True,
}


def _bulk_kind(kwargs: dict[str, Any]) -> str:
    app_label, model_name = kwargs.get("app_label"), kwargs.get("model_name")
    if not (app_label and model_name):
        return OTHER
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        return OTHER
    if issubclass(model, Page):
        return PAGE
    if issubclass(model, get_image_model()):
        return IMAGE
    if issubclass(model, get_document_model()):
        return FILE
    return OTHER


def check_request(request: HttpRequest, view_name: str | None, route: str, args, kwargs) -> None:
    """Raise Http404 unless every object the request names is one `request.user` may know of;
    drop hidden ids from `?id=` lists."""
    with access.remembered():
        _check_request(request, view_name, route, args, kwargs)


def _check_request(request: HttpRequest, view_name: str | None, route: str, args, kwargs) -> None:
    user = request.user
    if access.sees_everything(user):
        return
    spec = spec_for(view_name, route)
    if spec is None:
        raise Http404
    overrides = spec.get("kwargs", {})
    for name, value in kwargs.items():
        kind = overrides.get(name) or KWARGS.get(name)
        if kind is None:
            # A keyword argument nobody classified: refuse rather than guess.
            raise Http404
        if not CHECKS[kind](user, value, kwargs=kwargs):
            raise Http404
    for kind, value in zip(spec.get("args", []), args, strict=False):
        if not CHECKS[kind](user, value, kwargs=kwargs):
            raise Http404
    for name, kind in QUERY.items():
        for value in request.GET.getlist(name):
            if value and not CHECKS[kind](user, value, kwargs=kwargs):
                raise Http404
    id_kind = spec.get("ids")
    if id_kind and "id" in request.GET:
        if id_kind == BULK_IDS:
            id_kind = _bulk_kind(kwargs)
        ids = request.GET.getlist("id")
        # A hidden id becomes one no object has (0), so the view answers as for a missing id.
        kept = [value if CHECKS[id_kind](user, value, kwargs=kwargs) else "0" for value in ids]
        if kept != ids:
            query = request.GET.copy()
            query.setlist("id", kept)
            # Immutable again, as Django hands `request.GET` to views.
            request.GET = cast("_ImmutableQueryDict", QueryDict(query.urlencode()))


# The user the current request is for, for code that renders without a request in hand
# (rich text link handlers). Outside a request there is none, and links to restricted
# documents are left out.
current_user: ContextVar[Any] = ContextVar("jpl_current_user", default=None)


class NeedToKnowMiddleware:
    """Runs `check_request` on every resolved request (after sign-in is required), and
    records the request's user for rich text rendering."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_user.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            current_user.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        view_name = match.view_name if match and match.url_name else None
        check_request(request, view_name, match.route if match else "", view_args, view_kwargs)
        return None


# -- rich text: links to what the reader may not see lose their address ----------------------


def _reader():
    return current_user.get() or AnonymousUser()


class LibraryPageLinkHandler(PageLinkHandler):
    """Wagtail's page link, without an address (so no title-bearing slug) when the reader is
    not cleared for the linked document: the link text stays, as plain text."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        user = _reader()
        tags = []
        for page in cls.get_many(attrs_list):
            if page is None or (
                isinstance(page, DocumentPage) and not access.is_cleared_for(user, page)
            ):
                tags.append("<a>")
            else:
                tags.append('<a href="%s">' % escape(page.localized.url))
        return tags


class LibraryDocumentLinkHandler(DocumentLinkHandler):
    """Wagtail's document (file) link, without an address when the reader may not see the
    file (its name is often the document's reference)."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        user = _reader()
        return [
            '<a href="%s">' % escape(doc.url)
            if doc is not None and media_access.media_is_visible_to(user, doc)
            else "<a>"
            for doc in cls.get_many(attrs_list)
        ]
