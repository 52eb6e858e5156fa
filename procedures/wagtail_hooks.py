"""Admin wiring: keep restricted documents out of admin listings and choosers, and refuse
restricted attachments in Wagtail's document view."""

from django.http import Http404
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.rich_text.converters.html_to_contentstate import InlineStyleElementHandler
from wagtail.admin.rich_text.editors.draftail import features as draftail_features
from wagtail.admin.widgets import Button
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet

from . import admin_views, need_to_know
from .access import hidden_page_ids, is_cleared_for, media_is_visible_to, visible_media
from .models import DocumentPage


@hooks.register("construct_explorer_page_queryset")
def hide_restricted_pages_in_explorer(parent_page, pages, request):
    return pages.exclude(pk__in=hidden_page_ids(request.user))


@hooks.register("construct_page_chooser_queryset")
def hide_restricted_pages_in_chooser(pages, request):
    return pages.exclude(pk__in=hidden_page_ids(request.user))


@hooks.register("before_serve_document")
def check_attachment_access(document, request):
    """A file (attachment, imported original, rich-text link) is served only to someone who
    may see a document that uses it (`access.media_is_visible_to`); anyone else gets a 404,
    as if it did not exist. The need-to-know middleware asks the same before the view runs."""
    if not media_is_visible_to(request.user, document):
        raise Http404


class LibraryImagesAPIViewSet(ImagesAdminAPIViewSet):
    """The admin API's images: only those the user may see (`access.visible_media`)."""

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
LOG_ACTIONS = {
    "procedures.sign_off": ("Service sign-off", "Signed off for {service}"),
    "procedures.version": ("Version published", "Published as version {version}"),
    "procedures.review": ("Reviewed: no change needed", "Reviewed, no change needed"),
    "procedures.withdraw": ("Withdrawn", "Withdrawn: {reason}"),
    "procedures.supersede": ("Superseded", "Superseded by {replacement}"),
    "procedures.reminder": ("Review reminder sent", "Review reminder ({kind}) to {recipient}"),
}


@hooks.register("register_log_actions")
def register_library_log_actions(actions):
    for action, (label, template) in LOG_ACTIONS.items():

        def message(log_entry, template=template, label=label):
            try:
                return template.format(**(log_entry.data or {}))
            except (KeyError, IndexError):
                return label

        actions.register_action(action, label, message)


# -- review cycle and audit views ----------------------------------------------------------
@hooks.register("register_admin_urls")
def register_library_admin_urls():
    return [
        path("library/reviews/", admin_views.reviews_due, name="procedures_reviews_due"),
        path("library/document/<int:pk>/review/", admin_views.review_no_change,
             name="procedures_review"),
        path("library/document/<int:pk>/withdraw/", admin_views.withdraw_document,
             name="procedures_withdraw"),
        path("library/document/<int:pk>/supersede/", admin_views.supersede_document,
             name="procedures_supersede"),
        path("library/document/<int:pk>/history.csv", admin_views.history_csv,
             name="procedures_history_csv"),
    ]  # fmt: skip


class ReviewsMenuItem(MenuItem):
    def is_shown(self, request):
        from .roles import POLICY_COORDINATOR, POLICY_OWNERS

        user = request.user
        return (
            user.is_superuser
            or user.groups.filter(name__in=[POLICY_OWNERS, POLICY_COORDINATOR]).exists()
        )


@hooks.register("register_admin_menu_item")
def register_reviews_menu_item():
    return ReviewsMenuItem(
        "Reviews due", reverse("procedures_reviews_due"), icon_name="date", order=250
    )


@hooks.register("register_page_listing_more_buttons")
def document_review_buttons(page, user, next_url=None):
    specific_class = page.specific_class
    if specific_class is None or not issubclass(specific_class, DocumentPage):
        return
    document = page.specific_deferred
    if not is_cleared_for(user, document):
        return
    if document.is_current and admin_views.may_look_after(user, document):
        yield Button("Review: no change needed", reverse("procedures_review", args=[page.pk]),
                     icon_name="tick", priority=60)  # fmt: skip
    if admin_views.is_coordinator(user):
        if not document.withdrawn_at:
            yield Button("Withdraw", reverse("procedures_withdraw", args=[page.pk]),
                         icon_name="cross", priority=61)  # fmt: skip
        if document.is_current:
            yield Button("Supersede", reverse("procedures_supersede", args=[page.pk]),
                         icon_name="arrow-right", priority=62)  # fmt: skip
        yield Button("Export history (CSV)", reverse("procedures_history_csv", args=[page.pk]),
                     icon_name="download", priority=63)  # fmt: skip


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
