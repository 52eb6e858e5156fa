"""The need-to-know guard's route table: what each URL of the project and of Wagtail names.

`procedures.need_to_know` checks what a route names against `procedures.access`; this module
only says, per route, which URL keyword argument, positional argument or query parameter holds
a page, revision, workflow state, image or file id. A route missing here is refused (deny by
default) and fails `tests/procedures/test_need_to_know_routes.py`.
"""

from __future__ import annotations

from typing import Any

# Kinds of object a URL can name.
PAGE = "page"
CHOOSABLE_PAGE = "choosable_page"  # a page the page chooser can return: not the tree's root
REVISION = "revision"
TASK_STATE = "task_state"
WORKFLOW_STATE = "workflow_state"
IMAGE = "image"
FILE = "file"  # a document file (attachment, imported original, rich-text link)
EDITING_SESSION = "editing_session"
MODEL_OBJECT = "model_object"  # app_label/model_name/object_id: whatever model that names
BULK_IDS = "bulk_ids"  # ?id= of a bulk action, kind from app_label/model_name
OTHER = "other"  # an object that is not restricted content (users, groups, tasks, snippets)

# Keyword arguments that mean the same thing on every route.
KWARGS = {
    "page_id": PAGE,
    "parent_page_id": PAGE,
    "page_to_move_id": PAGE,
    "destination_id": PAGE,
    "page_pk": PAGE,
    "revision_id": REVISION,
    "revision_id_a": REVISION,
    "revision_id_b": REVISION,
    "task_state_id": TASK_STATE,
    "workflow_state_id": WORKFLOW_STATE,
    "image_id": IMAGE,
    "document_id": FILE,
    "doc_id": FILE,
    "session_id": EDITING_SESSION,
}

# Query parameters that name an object on any route.
QUERY = {"page_id": PAGE, "parent_page_id": PAGE, "childOf": PAGE, "revision_id": REVISION}


def _route(**spec: Any) -> dict[str, Any]:
    return spec


# Every named route of the project and of Wagtail, with what its URL names beyond `KWARGS`:
#   kwargs={"pk": PAGE}     keyword arguments whose meaning depends on the route
#   args=[FILE]             positional arguments
#   ids=PAGE                `?id=` list (filtered, never refused)
# An empty spec means the route names no restricted object in its URL; the view's own
# querysets (permission policies, chooser and explorer hooks) decide what it lists.
NOTHING = _route()
ROUTES: dict[str, dict[str, Any]] = {
    # -- the staff site
    "login": NOTHING,
    "logout": NOTHING,
    "healthz": NOTHING,
    "oidc_authentication_init": NOTHING,
    "oidc_authentication_callback": NOTHING,
    "accounts_lockouts": NOTHING,
    "accounts_unlock": NOTHING,
    "search:search": NOTHING,
    "search:api": NOTHING,
    "search:suggest": NOTHING,
    "search:glossary": NOTHING,
    "search:open": NOTHING,  # POSTs a document id; the view answers 404 for a hidden one
    "search:insights": NOTHING,
    "induction:mine": NOTHING,
    "induction:acknowledge": NOTHING,  # page_id
    "induction:reports": NOTHING,
    "induction:pathway_report": _route(kwargs={"pathway_id": OTHER}),
    "induction:document_report": NOTHING,  # page_id
    "induction:evidence": NOTHING,
    "procedures:browse": NOTHING,
    # A file name: procedures.views.serve_image asks access.
    "procedures:image_file": _route(kwargs={"name": OTHER}),
    # Pages by path: DocumentPage.serve asks access (routable sub-pages too).
    "wagtail_serve": NOTHING,
    "wagtailcore_authenticate_with_password": _route(kwargs={"page_view_restriction_id": OTHER}),
    "wagtailcore_login": NOTHING,
    "wagtaildocs_serve": _route(args=[FILE, OTHER]),
    "wagtaildocs_authenticate_with_password": _route(kwargs={"restriction_id": OTHER}),
    # -- admin: home, API, explorer
    "wagtailadmin_home": NOTHING,
    "wagtailadmin_api:pages:listing": NOTHING,
    "wagtailadmin_api:pages:detail": _route(kwargs={"pk": PAGE}),
    "wagtailadmin_api:pages:find": _route(ids=PAGE),
    "wagtailadmin_api:pages:action": _route(kwargs={"pk": PAGE, "action_name": OTHER}),
    "wagtailadmin_api:documents:listing": NOTHING,
    "wagtailadmin_api:documents:detail": _route(kwargs={"pk": FILE}),
    "wagtailadmin_api:documents:find": _route(ids=FILE),
    "wagtailadmin_api:images:listing": NOTHING,
    "wagtailadmin_api:images:detail": _route(kwargs={"pk": IMAGE}),
    "wagtailadmin_api:images:find": _route(ids=IMAGE),
    "wagtailadmin_error_test": NOTHING,
    "wagtailadmin_explore_root": NOTHING,
    "wagtailadmin_explore": NOTHING,
    "wagtailadmin_explore_results": NOTHING,
    "wagtail_bulk_action": _route(
        kwargs={"app_label": OTHER, "model_name": OTHER, "action": OTHER}, ids=BULK_IDS
    ),
    # -- admin: pages
    "wagtailadmin_pages:add": _route(
        kwargs={"content_type_app_name": OTHER, "content_type_model_name": OTHER}
    ),
    "wagtailadmin_pages:preview_on_add": _route(
        kwargs={"content_type_app_name": OTHER, "content_type_model_name": OTHER}
    ),
    "wagtailadmin_pages:type_use": _route(
        kwargs={"content_type_app_name": OTHER, "content_type_model_name": OTHER}
    ),
    "wagtailadmin_pages:type_use_results": _route(
        kwargs={"content_type_app_name": OTHER, "content_type_model_name": OTHER}
    ),
    "wagtailadmin_pages:choose_parent": _route(kwargs={"app_label": OTHER, "model_name": OTHER}),
    "wagtailadmin_pages:usage": NOTHING,
    "wagtailadmin_pages:edit": NOTHING,
    "wagtailadmin_pages:preview_on_edit": NOTHING,
    "wagtailadmin_pages:view_draft": NOTHING,
    "wagtailadmin_pages:add_subpage": NOTHING,
    "wagtailadmin_pages:delete": NOTHING,
    "wagtailadmin_pages:unpublish": NOTHING,
    "wagtailadmin_pages:convert_alias": NOTHING,
    "wagtailadmin_pages:search": NOTHING,
    "wagtailadmin_pages:search_results": NOTHING,
    "wagtailadmin_pages:move": NOTHING,
    "wagtailadmin_pages:move_confirm": NOTHING,
    "wagtailadmin_pages:set_page_position": NOTHING,
    "wagtailadmin_pages:copy": NOTHING,
    "wagtailadmin_pages:workflow_action": _route(kwargs={"action_name": OTHER}),
    # The same address, answered by the library's view (procedures.admin_views).
    "procedures_workflow_action": _route(kwargs={"action_name": OTHER}),
    "wagtailadmin_pages:collect_workflow_action_data": _route(kwargs={"action_name": OTHER}),
    "wagtailadmin_pages:confirm_workflow_cancellation": NOTHING,
    "wagtailadmin_pages:workflow_preview": _route(kwargs={"task_id": OTHER}),
    "wagtailadmin_pages:set_privacy": NOTHING,
    "wagtailadmin_pages:lock": NOTHING,
    "wagtailadmin_pages:unlock": NOTHING,
    "wagtailadmin_pages:revisions_index": NOTHING,
    "wagtailadmin_pages:revisions_view": NOTHING,
    "wagtailadmin_pages:revisions_revert": NOTHING,
    "wagtailadmin_pages:revisions_unschedule": NOTHING,
    "wagtailadmin_pages:revisions_compare": _route(kwargs={"pk": PAGE}),
    "wagtailadmin_pages:workflow_history": NOTHING,
    "wagtailadmin_pages:workflow_history_detail": NOTHING,
    "wagtailadmin_pages:history": NOTHING,
    "wagtailadmin_pages:history_results": NOTHING,
    # -- admin: page chooser
    "wagtailadmin_choose_page": NOTHING,
    "wagtailadmin_choose_page_child": NOTHING,
    "wagtailadmin_choose_page_search": NOTHING,
    "wagtailadmin_choose_page_chosen_multiple": _route(ids=CHOOSABLE_PAGE),
    "wagtailadmin_choose_page_external_link": NOTHING,
    "wagtailadmin_choose_page_email_link": NOTHING,
    "wagtailadmin_choose_page_phone_link": NOTHING,
    "wagtailadmin_choose_page_anchor_link": NOTHING,
    "wagtailadmin_tag_autocomplete": NOTHING,
    "wagtailadmin_tag_model_autocomplete": _route(kwargs={"app_name": OTHER, "model_name": OTHER}),
    # -- admin: collections, workflows, tasks (configuration, not content)
    "wagtailadmin_collections:index": NOTHING,
    "wagtailadmin_collections:add": NOTHING,
    "wagtailadmin_collections:edit": _route(kwargs={"pk": OTHER}),
    "wagtailadmin_collections:delete": _route(kwargs={"pk": OTHER}),
    "wagtailadmin_collections:set_privacy": _route(kwargs={"collection_id": OTHER}),
    "wagtailadmin_workflows:index": NOTHING,
    "wagtailadmin_workflows:index_results": NOTHING,
    "wagtailadmin_workflows:add": NOTHING,
    "wagtailadmin_workflows:enable": _route(kwargs={"pk": OTHER}),
    "wagtailadmin_workflows:disable": _route(kwargs={"pk": OTHER}),
    "wagtailadmin_workflows:edit": _route(kwargs={"pk": OTHER}),
    "wagtailadmin_workflows:usage": _route(kwargs={"pk": OTHER}),
    "wagtailadmin_workflows:usage_results": _route(kwargs={"pk": OTHER}),
    "wagtailadmin_workflows:remove": _route(kwargs={"workflow_pk": OTHER}),
    "wagtailadmin_workflows:add_task": _route(kwargs={"app_label": OTHER, "model_name": OTHER}),
    "wagtailadmin_workflows:select_task_type": NOTHING,
    "wagtailadmin_workflows:task_index": NOTHING,
    "wagtailadmin_workflows:task_index_results": NOTHING,
    "wagtailadmin_workflows:edit_task": _route(kwargs={"pk": OTHER}),
    "wagtailadmin_workflows:disable_task": _route(kwargs={"pk": OTHER}),
    "wagtailadmin_workflows:enable_task": _route(kwargs={"pk": OTHER}),
    "wagtailadmin_workflows:task_chooser": NOTHING,
    "wagtailadmin_workflows:task_chooser_results": NOTHING,
    "wagtailadmin_workflows:task_chooser_create": NOTHING,
    "wagtailadmin_workflows:task_chosen": _route(kwargs={"task_id": OTHER}),
    # -- admin: reports (their querysets go through the page permission policy)
    "wagtailadmin_reports:locked_pages": NOTHING,
    "wagtailadmin_reports:locked_pages_results": NOTHING,
    "wagtailadmin_reports:workflow": NOTHING,
    "wagtailadmin_reports:workflow_results": NOTHING,
    "wagtailadmin_reports:workflow_tasks": NOTHING,
    "wagtailadmin_reports:workflow_tasks_results": NOTHING,
    "wagtailadmin_reports:site_history": NOTHING,
    "wagtailadmin_reports:site_history_results": NOTHING,
    "wagtailadmin_reports:aging_pages": NOTHING,
    "wagtailadmin_reports:aging_pages_results": NOTHING,
    "procedures_page_types_usage": NOTHING,
    "procedures_page_types_usage_results": NOTHING,
    "wagtailadmin_reports:page_types_usage": NOTHING,
    "wagtailadmin_reports:page_types_usage_results": NOTHING,
    # -- admin: account and furniture
    "wagtailadmin_account": NOTHING,
    "wagtailadmin_logout": NOTHING,
    "wagtailadmin_dismissibles": NOTHING,
    "wagtailadmin_editing_sessions:ping": _route(
        kwargs={"app_label": OTHER, "model_name": OTHER, "object_id": MODEL_OBJECT}
    ),
    "wagtailadmin_editing_sessions:release": NOTHING,
    "wagtailadmin_block_preview": NOTHING,
    "wagtailadmin_sprite": NOTHING,
    "wagtailadmin_login": NOTHING,
    "wagtailadmin_password_reset": NOTHING,
    "wagtailadmin_password_reset_done": NOTHING,
    "wagtailadmin_password_reset_confirm": _route(kwargs={"uidb64": OTHER, "token": OTHER}),
    "wagtailadmin_password_reset_complete": NOTHING,
    "wagtailadmin_javascript_catalog": NOTHING,
    # -- admin: the library's own views
    "procedures_admin:reviews_due": NOTHING,
    "procedures_admin:reviews_due_results": NOTHING,
    "procedures_admin:overview": NOTHING,
    "library_search_index_state": NOTHING,
    "procedures_admin:review": _route(kwargs={"pk": PAGE}),
    "procedures_admin:withdraw": _route(kwargs={"pk": PAGE}),
    "procedures_admin:supersede": _route(kwargs={"pk": PAGE}),
    "procedures_admin:history_csv": _route(kwargs={"pk": PAGE}),
    "importers:upload": NOTHING,
    "importers:create": NOTHING,
    "wagtailsnippets:index": NOTHING,
    # -- admin: document files
    "wagtaildocs:index": NOTHING,
    "wagtaildocs:index_results": NOTHING,
    "wagtaildocs:add": NOTHING,
    "wagtaildocs:edit": NOTHING,
    "wagtaildocs:delete": NOTHING,
    "wagtaildocs:add_multiple": NOTHING,
    "wagtaildocs:edit_multiple": NOTHING,
    "wagtaildocs:create_multiple_from_uploaded_document": _route(
        kwargs={"uploaded_file_id": OTHER}
    ),
    "wagtaildocs:delete_multiple": NOTHING,
    "wagtaildocs:delete_upload_multiple": _route(kwargs={"uploaded_file_id": OTHER}),
    "wagtaildocs:document_usage": NOTHING,
    "wagtaildocs_chooser:choose": NOTHING,
    "wagtaildocs_chooser:choose_results": NOTHING,
    "wagtaildocs_chooser:chosen": _route(kwargs={"pk": FILE}),
    "wagtaildocs_chooser:chosen_multiple": _route(ids=FILE),
    "wagtaildocs_chooser:create": NOTHING,
    # -- admin: images
    "wagtailimages:index": NOTHING,
    "wagtailimages:index_results": NOTHING,
    "wagtailimages:edit": NOTHING,
    "wagtailimages:delete": NOTHING,
    "wagtailimages:url_generator": NOTHING,
    "wagtailimages:url_generator_output": NOTHING,
    "wagtailimages:preview": _route(kwargs={"filter_spec": OTHER}),
    "wagtailimages:add": NOTHING,
    "wagtailimages:image_usage": NOTHING,
    "wagtailimages:add_multiple": NOTHING,
    "wagtailimages:edit_multiple": NOTHING,
    "wagtailimages:create_multiple_from_uploaded_image": _route(kwargs={"uploaded_file_id": OTHER}),
    "wagtailimages:delete_multiple": NOTHING,
    "wagtailimages:delete_upload_multiple": _route(kwargs={"uploaded_file_id": OTHER}),
    "wagtailimages_chooser:choose": NOTHING,
    "wagtailimages_chooser:choose_results": NOTHING,
    "wagtailimages_chooser:chosen": _route(kwargs={"pk": IMAGE}),
    "wagtailimages_chooser:chosen_multiple": _route(ids=IMAGE),
    "wagtailimages_chooser:create": NOTHING,
    "wagtailimages_chooser:select_format": NOTHING,
    # -- admin: sites, users, groups (configuration, not content)
    "wagtailsites:index": NOTHING,
    "wagtailsites:index_results": NOTHING,
    "wagtailsites:add": NOTHING,
    **{
        f"{namespace}:{view}": _route(kwargs={"pk": OTHER})
        for namespace in ("wagtailsites", "wagtailusers_users", "wagtailusers_groups")
        for view in ("edit", "delete", "history", "history_results", "usage")
    },
    "wagtailsites:copy": _route(kwargs={"pk": OTHER}),
    "wagtailusers_users:copy": _route(kwargs={"pk": OTHER}),
    "wagtailusers_users:index": NOTHING,
    "wagtailusers_users:index_results": NOTHING,
    "wagtailusers_users:add": NOTHING,
    "wagtailusers_groups:index": NOTHING,
    "wagtailusers_groups:index_results": NOTHING,
    "wagtailusers_groups:add": NOTHING,
}

# Snippets (induction pathways, required reading, glossary terms) are not restricted content:
# their pages are classified by pattern, whatever the model. Required reading names a
# document through a chooser whose queryset hides restricted documents.
SNIPPET_PREFIXES = ("wagtailsnippets_", "wagtailsnippetchoosers_")
SNIPPET_ROUTE = _route(kwargs={"pk": OTHER}, ids=OTHER)

# Unnamed routes, by their pattern.
# (The resolver reports the admin's catch-all as "admin/.*/$"; the pattern reads "admin/^.*/$".)
UNNAMED = {"admin/test404/": NOTHING, "admin/^.*/$": NOTHING, "admin/.*/$": NOTHING}


def spec_for(view_name: str | None, route: str = "") -> dict[str, Any] | None:
    """What the route names, or None if it is not classified (deny by default)."""
    if not view_name:
        return UNNAMED.get(route)
    if view_name in ROUTES:
        return ROUTES[view_name]
    if view_name.startswith(SNIPPET_PREFIXES):
        return SNIPPET_ROUTE
    return None
