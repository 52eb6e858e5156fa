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
itself out of date and is refused, as Wagtail refuses any stale autosave.

An autosave that changes nothing saves nothing. The editor sends one as a decision is taken
in it (pressing "Approve" adds hidden inputs, which its change detection counts as an edit).
Arriving after the decision, from someone no longer deciding, it saved a copy of the revision
under review in their name: they became an author of it, and the workflow asked again for the
approvals already given."""

from __future__ import annotations

from django.http import JsonResponse
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from .approval import NOT_CONTENT_FIELDS, changed_content
from .models import DocumentPage


class DocumentEditView(EditView):
    def dispatch(self, request, page_id, **kwargs):
        if request.method == "POST":
            # Evaluated for the lock it takes; SQLite, which has no row locks, lets one
            # writer in at a time anyway.
            list(Page.objects.select_for_update().filter(pk=page_id).values_list("pk"))
        return super().dispatch(request, page_id, **kwargs)

    def save_action(self):
        if self.expects_json_response and self.latest_revision and not self.changes_anything():
            return self.nothing_to_save()
        return super().save_action()

    def changes_anything(self) -> bool:
        """Content a person changed (not what the editor itself rewrites), or their own
        comment notifications, which Wagtail saves with the revision."""
        changed = set(self.form.changed_data)
        return bool(changed_content(self.form) or changed & NOT_CONTENT_FIELDS)

    def nothing_to_save(self):
        """Wagtail's answer to a successful autosave, naming the revision already saved."""
        revision = self.latest_revision
        return JsonResponse(
            {
                "success": True,
                "pk": self.page.pk,
                "revision_id": revision.pk,
                "revision_created_at": revision.created_at.isoformat(),
                "field_updates": {},
                "comments": self.form.serialize_comments(self.request.user),
                "html": self.render_partials(),
            }
        )


class DocumentPageViewSet(PageViewSet):
    model = DocumentPage
    edit_view_class = DocumentEditView


document_page_viewset = DocumentPageViewSet()
