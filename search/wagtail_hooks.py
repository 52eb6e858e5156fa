"""Admin wiring: the glossary is a snippet the policy coordinator edits, and a menu link to
the search insights page for those allowed to see it."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import GlossaryTerm
from .views import INSIGHTS_PERMISSION


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "list-ul"
    menu_label = "Glossary"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["term", "expansion", "service"]
    list_filter = ["service"]
    search_fields = ["term", "expansion", "aliases"]


register_snippet(GlossaryTermViewSet)


@hooks.register("register_admin_urls")
def register_search_admin_urls():
    return [path("search-index/", admin_views.index_state, name="library_search_index_state")]


class IndexStateMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_see_index_state(request.user)


@hooks.register("register_reports_menu_item")
def register_index_state_menu_item():
    return IndexStateMenuItem(
        "Search index", reverse("library_search_index_state"), icon_name="search", order=900
    )


class InsightsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(INSIGHTS_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_insights_menu_item():
    return InsightsMenuItem(
        "Search insights", reverse("search:insights"), icon_name="search", order=910
    )
