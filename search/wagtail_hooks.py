"""Admin wiring: the glossary is a snippet the policy coordinator edits."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import GlossaryTerm


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
