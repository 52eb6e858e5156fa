"""The search index's state, for administrators (Reports > Search index)."""

from __future__ import annotations

from django.http import Http404
from django.template.response import TemplateResponse

from .engines import external_engine, get_engine
from .outbox import summary


def can_see_index_state(user) -> bool:
    return bool(user.is_active and user.is_superuser)


def index_state(request):
    if not can_see_index_state(request.user):
        raise Http404  # refusals look like "not found"
    external = external_engine()
    state = external.status() if external else {"engine": get_engine().label}
    return TemplateResponse(
        request,
        "library_search/admin/index_state.html",
        {
            "page_title": "Search index",
            "header_icon": "search",
            "external": external is not None,
            "state": state,
            "outbox": summary(),
        },
    )
