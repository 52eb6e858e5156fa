"""Admin wiring: pathways and required reading as snippets under an "Induction" menu, and a
link to the reading reports for those allowed to see them."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from procedures.access import visible_documents
from procedures.models import DocumentPage

from .forms import may_require_any_document
from .models import Pathway, RequiredReading
from .views import REPORT_PERMISSION


class PathwayViewSet(SnippetViewSet):
    model = Pathway
    icon = "list-ol"
    menu_label = "Pathways"
    list_display = ["title", "active"]
    list_filter = ["active"]
    search_fields = ["title", "description"]


class RequiredReadingViewSet(SnippetViewSet):
    model = RequiredReading
    icon = "doc-full"
    menu_label = "Required reading"
    list_display = ["document", "due_within_days", "set_by", "created_at"]

    def get_queryset(self, request):
        """Owners see rules for their own documents; nobody sees rules for documents they
        may not see (the listing would reveal their titles)."""
        queryset = RequiredReading.objects.filter(
            document__in=visible_documents(request.user, DocumentPage.objects.all()).values("pk")
        ).select_related("document", "set_by")
        if not may_require_any_document(request.user):
            queryset = queryset.filter(document__policy_owner=request.user)
        return queryset


class InductionViewSetGroup(SnippetViewSetGroup):
    items = (PathwayViewSet, RequiredReadingViewSet)
    menu_icon = "user"
    menu_label = "Induction"
    menu_name = "induction"


register_snippet(InductionViewSetGroup)


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return ReportsMenuItem(
        "Reading reports", reverse("induction:reports"), icon_name="table", order=900
    )
