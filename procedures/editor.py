"""Wagtail's page editor for documents, taking one save at a time for each document.

The editor autosaves while the author types. An autosave still in flight when they press
"Submit for approval" could be saved after the submission, on a server that serves the two
requests at once (PostgreSQL, several threads or workers). The workflow then found a revision
newer than the one submitted and, because every step must approve the latest revision
(`WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT`), sent the first approver's decision straight
back to them: the document never reached the services.

Every POST to a document's editor therefore first locks the page's row, inside the request's
transaction (`ATOMIC_REQUESTS`), before Wagtail reads the latest revision. Saves of one
document then happen one after another: an autosave that arrives after the submission finds
itself out of date and is refused, as Wagtail refuses any stale autosave."""

from __future__ import annotations

from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from .models import DocumentPage


class DocumentEditView(EditView):
    def dispatch(self, request, page_id, **kwargs):
        if request.method == "POST":
            # Evaluated for the lock it takes; SQLite, which has no row locks, lets one
            # writer in at a time anyway.
            list(Page.objects.select_for_update().filter(pk=page_id).values_list("pk"))
        return super().dispatch(request, page_id, **kwargs)


class DocumentPageViewSet(PageViewSet):
    model = DocumentPage
    edit_view_class = DocumentEditView


document_page_viewset = DocumentPageViewSet()
