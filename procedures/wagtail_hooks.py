"""Admin wiring: keep restricted documents out of admin listings and choosers, and refuse
restricted attachments in Wagtail's document view."""

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.action_menu import WorkflowMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.rich_text.converters.html_to_contentstate import InlineStyleElementHandler
from wagtail.admin.rich_text.editors.draftail import features as draftail_features
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Task

from . import admin_urls, admin_views, need_to_know, overview
from .access import hidden_page_ids, is_cleared_for
from .approval import _document, marking_change
from .editor import document_page_viewset
from .history_log import library_formatter, wrapped_formatter
from .media_access import media_is_visible_to, visible_media
from .models import DocumentPage
from .permissions import (
    COORDINATE_DOCUMENTS,
    REVIEW_DOCUMENTS,
    coordinates_documents,
    reviews_documents,
)


@hooks.register("register_permissions")
def register_role_permissions():
    """The roles' own permissions, so the group editor offers them (Wagtail's way)."""
    return Permission.objects.filter(
        content_type__app_label="procedures",
        codename__in=[name.split(".")[1] for name in (COORDINATE_DOCUMENTS, REVIEW_DOCUMENTS)],
    )


@hooks.register("construct_explorer_page_queryset")
def hide_restricted_pages_in_explorer(parent_page, pages, request):
    return pages.exclude(pk__in=hidden_page_ids(request.user))


@hooks.register("construct_page_chooser_queryset")
def hide_restricted_pages_in_chooser(pages, request):
    return pages.exclude(pk__in=hidden_page_ids(request.user))


@hooks.register("before_serve_document")
def check_attachment_access(document, request):
    """A file (attachment, imported original, rich-text link) is served only to someone who
    may see a document that uses it (`media_access.media_is_visible_to`); anyone else gets a 404,
    as if it did not exist. The need-to-know middleware asks the same before the view runs."""
    if not media_is_visible_to(request.user, document):
        raise Http404


class LibraryImagesAPIViewSet(ImagesAdminAPIViewSet):
    """The admin API's images: only those the user may see (`media_access.visible_media`)."""

    def get_queryset(self):
        return visible_media(self.request.user, super().get_queryset())


class LibraryDocumentsAPIViewSet(DocumentsAdminAPIViewSet):
    """The admin API's document files: only those the user may see."""

    def get_queryset(self):
        return visible_media(self.request.user, super().get_queryset())


@hooks.register("construct_admin_api", order=100)
def restrict_admin_api(router):
    # After wagtail.images and wagtail.documents register their own endpoints.
    router.register_endpoint("images", LibraryImagesAPIViewSet)
    router.register_endpoint("documents", LibraryDocumentsAPIViewSet)


# -- audit log: the library's own actions, beside Wagtail's submit/approve/reject/publish ---
# Every message is a sentence in words: what was done, by whom (the name as it was at the
# time, stored in the entry's data by `procedures.history_log.stamp_actor`), to which
# revision or version, for which service, with which comment.
LOG_ACTIONS = {
    "procedures.sign_off": ("Service sign-off", "Signed off for the {service_label} service"),
    "procedures.version": ("Version published", "Published as version {version} ({kind})"),
    "procedures.review": ("Reviewed: no change needed", "Reviewed: no change needed"),
    "procedures.withdraw": ("Withdrawn", "Withdrawn: {reason}"),
    "procedures.supersede": ("Superseded", "Superseded by {replacement}"),
    "procedures.reminder": ("Review reminder sent", "Review reminder ({kind}) sent to {recipient}"),
}

#: Wagtail's own actions on documents, given the same "by whom, which revision, comment".
WAGTAIL_ACTIONS = [
    "wagtail.create", "wagtail.edit", "wagtail.publish", "wagtail.publish.scheduled",
    "wagtail.unpublish", "wagtail.revert", "wagtail.delete", "wagtail.copy", "wagtail.move",
    "wagtail.workflow.start", "wagtail.workflow.approve", "wagtail.workflow.reject",
    "wagtail.workflow.resume", "wagtail.workflow.cancel", "wagtail.lock", "wagtail.unlock",
]  # fmt: skip


@hooks.register("register_log_actions", order=10)
def register_library_log_actions(actions):
    """After Wagtail's own registrations (order 10), so its workflow messages are wrapped."""
    for action, (label, template) in LOG_ACTIONS.items():
        actions.register_action(action)(library_formatter(label, template))
    for action in WAGTAIL_ACTIONS:
        base = actions.formatters.get(action)
        if base is not None:
            actions.register_action(action)(wrapped_formatter(type(base)))


@hooks.register("register_admin_viewset")
def register_document_editor():
    return document_page_viewset


# -- approvers decide on what was submitted ------------------------------------------------
DECIDER_NOTICE = (
    "You are deciding on the revision of {ref} as submitted. Nothing you type in this editor "
    "is saved while the decision is yours (no autosave, no draft): approve it as it is, or "
    "request changes and describe them in your comment."
)
DECIDER_SAVE_REFUSED = (
    "Not saved: you are deciding on this revision, so the editor does not save your "
    "changes. The revision as submitted is unchanged. Approve it, or request changes and "
    "describe yours in the comment."
)


def _decision_is_users(page, user) -> bool:
    task = page.current_workflow_task
    return bool(task and task.specific.get_actions(page, user))


@hooks.register("before_edit_page")
def keep_deciders_from_authoring(request, page):
    """Opening the editor must not make an approver an author (H5): while a decision on the
    document is theirs, every save from the editor (Wagtail 8's autosave, "Save draft") is
    refused and says so; only the workflow action itself is accepted. On opening the editor
    they are told this before they type, and shown any change of marking."""
    if not isinstance(page.specific_deferred, DocumentPage):
        return None
    if not _decision_is_users(page, request.user):
        return None
    if request.method == "POST":
        if request.POST.get("action-workflow-action"):
            return None  # the decision itself; the form refuses it if content changed
        if not request.accepts("text/html"):  # autosave
            return JsonResponse(
                {"success": False, "error_code": "blocked_by_hook",
                 "error_message": DECIDER_SAVE_REFUSED}, status=400,
            )  # fmt: skip
        messages.error(request, DECIDER_SAVE_REFUSED)
        return redirect("wagtailadmin_pages:edit", page.pk)
    if request.method == "GET":
        # `page` is the editor's latest draft; compare the revision with the live document.
        document = DocumentPage.objects.get(pk=page.pk)
        messages.warning(request, DECIDER_NOTICE.format(ref=document.reference))
        revision = document.current_workflow_task_state.revision
        change = marking_change(document, revision)
        if change:
            messages.error(request, f"This revision changes who may see the document: {change}.")
    return None


@hooks.register("construct_page_action_menu")
def decision_first_for_deciders(menu_items, request, context):
    """A person deciding sees their decision as the footer's main button, not "Save draft"
    (which would save nothing for them)."""
    page = context.get("page")
    if page is None or not page.pk or not isinstance(page, DocumentPage):
        return
    if _decision_is_users(page, request.user):
        kept = [item for item in menu_items if item.name != "action-save-draft"]
        kept.sort(key=lambda item: not isinstance(item, WorkflowMenuItem))  # decisions first
        menu_items[:] = kept


class MarkingChangesPanel(Component):
    """On the dashboard, above "Awaiting your review": decisions whose revision changes the
    protective marking or access groups, so no approver misses it."""

    name = "marking_changes"
    order = 50
    template_name = "procedures/admin/marking_changes_panel.html"

    def __init__(self, items):
        self.items = items

    def get_context_data(self, parent_context=None):
        return {"items": self.items}


@hooks.register("construct_homepage_panels")
def add_marking_changes_panel(request, panels):
    items = []
    for task in Task.objects.filter(active=True).specific():
        if not hasattr(task, "decider_ids"):
            continue
        for state in task.get_task_states_user_can_moderate(request.user):
            page = _document(state)
            change = page and marking_change(page, state.revision)
            if change:
                url = reverse("wagtailadmin_pages:edit", args=[page.pk])
                items.append({"page": page, "change": change, "url": url})
    if items:
        panels.append(MarkingChangesPanel(items))


# -- review cycle and audit views ----------------------------------------------------------
@hooks.register("register_admin_urls")
def register_library_admin_urls():
    return [path("library/", include(admin_urls, namespace="procedures_admin"))]


class ReviewsMenuItem(MenuItem):
    def is_shown(self, request):
        return reviews_documents(request.user)


@hooks.register("register_reports_menu_item")
def register_reviews_menu_item():
    return ReviewsMenuItem(
        "Reviews due", reverse("procedures_admin:reviews_due"), icon_name="date", order=50
    )


class OverviewMenuItem(MenuItem):
    def is_shown(self, request):
        return overview.may_see_overview(request.user)


@hooks.register("register_admin_menu_item")
def register_overview_menu_item():
    return OverviewMenuItem(
        "Library overview", reverse("procedures_admin:overview"), icon_name="view", order=240
    )


@hooks.register("register_page_listing_more_buttons")
def document_review_buttons(page, user, next_url=None):
    specific_class = page.specific_class
    if specific_class is None or not issubclass(specific_class, DocumentPage):
        return
    document = page.specific_deferred
    if not is_cleared_for(user, document):
        return

    def button(label: str, name: str, icon: str, priority: int) -> Button:
        url = reverse(f"procedures_admin:{name}", args=[page.pk])
        return Button(label, url, icon_name=icon, priority=priority)

    if document.is_current and admin_views.may_look_after(user, document):
        yield button("Review: no change needed", "review", "tick", 60)
    if coordinates_documents(user):
        if not document.withdrawn_at:
            yield button("Withdraw", "withdraw", "cross", 61)
        if document.is_current:
            yield button("Supersede", "supersede", "arrow-right", 62)
        yield button("Export history (CSV)", "history_csv", "download", 63)


@hooks.register("register_rich_text_features", order=100)
def register_need_to_know_link_types(features):
    """Page and file links in rich text lose their address for readers who may not see what
    they point to. Registered after Wagtail's own handlers, which these replace."""
    features.register_link_type(need_to_know.LibraryPageLinkHandler)
    features.register_link_type(need_to_know.LibraryDocumentLinkHandler)


@hooks.register("register_rich_text_features")
def register_underline_feature(features):
    """Underline, which legacy Word procedures use for emphasis: Wagtail has no such feature
    of its own, so without this the editor dropped the importer's <u> on the first save."""
    features.register_editor_plugin(
        "draftail",
        "underline",
        draftail_features.InlineStyleFeature(
            {"type": "UNDERLINE", "label": "U", "description": "Underline"}
        ),
    )
    features.register_converter_rule(
        "contentstate",
        "underline",
        {
            "from_database_format": {"u": InlineStyleElementHandler("UNDERLINE")},
            "to_database_format": {"style_map": {"UNDERLINE": "u"}},
        },
    )


@hooks.register("insert_global_admin_css")
def library_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("procedures/admin.css"))


@hooks.register("insert_global_admin_js")
def library_admin_js():
    return format_html('<script src="{}" defer></script>', static("procedures/admin-a11y.js"))
