"""Admin wiring: keep restricted documents out of admin listings and choosers, and refuse
restricted attachments in Wagtail's document view."""

from django.http import Http404
from wagtail import hooks

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
