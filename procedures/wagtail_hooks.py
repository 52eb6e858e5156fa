"""Admin wiring: keep restricted documents out of admin listings and choosers, and refuse
restricted attachments in Wagtail's document view."""

from django.http import Http404
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.rich_text.converters.html_to_contentstate import InlineStyleElementHandler
from wagtail.admin.rich_text.editors.draftail import features as draftail_features
from wagtail.admin.widgets import Button

from . import admin_views, overview
from .access import hidden_page_ids, is_cleared_for
from .models import DocumentPage


@hooks.register("construct_explorer_page_queryset")
def hide_restricted_pages_in_explorer(parent_page, pages, request):
    return pages.exclude(pk__in=hidden_page_ids(request.user))


@hooks.register("construct_page_chooser_queryset")
def hide_restricted_pages_in_chooser(pages, request):
    return pages.exclude(pk__in=hidden_page_ids(request.user))


@hooks.register("before_serve_document")
def check_attachment_access(document, request):
    """An attachment of a restricted document is served only to those cleared to read it;
    other users get a 404, as if it did not exist."""
    pages = DocumentPage.objects.filter(attachments__document=document).distinct()
    for page in pages:
        if not is_cleared_for(request.user, page):
            raise Http404


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
        path("library/overview/", overview.overview, name="procedures_overview"),
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


class OverviewMenuItem(MenuItem):
    def is_shown(self, request):
        return overview.may_see_overview(request.user)


@hooks.register("register_admin_menu_item")
def register_overview_menu_item():
    return OverviewMenuItem(
        "Library overview", reverse("procedures_overview"), icon_name="view", order=240
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
