"""The library's groups and what each may do: every role is a group holding permissions,
and code checks the permission (`procedures.permissions`), never the group's name.
`ensure_roles()` is idempotent: run it from `manage.py setup_roles` on any install, and the
demo loader calls it too."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowTask

from .approval import APPROVAL_WORKFLOW_NAME
from .models import OwnerReviewTask, ServiceSignOffTask
from .permissions import COORDINATE_DOCUMENTS, REVIEW_DOCUMENTS

POLICE_STAFF = "Police staff"
FIRE_STAFF = "Fire staff"
POLICY_OWNERS = "Policy owners"
POLICE_APPROVERS = "Police approvers"
FIRE_APPROVERS = "Fire approvers"
POLICY_COORDINATOR = "Policy coordinator"
ADMINISTRATORS = "Administrators"
# Need-to-know groups that OFFICIAL-SENSITIVE documents can be opened to.
JOINT_OPERATIONS_PLANNING = "Joint Operations Planning Team"
FOOTBALL_INTELLIGENCE = "Football intelligence"

ADMIN_ACCESS = "wagtailadmin.access_admin"
DOCUMENT_PERMS = ["procedures.add_librarydocument", "procedures.change_librarydocument",
                  "procedures.choose_document"]  # fmt: skip
IMAGE_PERMS = ["wagtailimages.add_image", "wagtailimages.change_image",
               "wagtailimages.choose_image"]  # fmt: skip
GLOSSARY_PERMS = [f"library_search.{verb}_glossaryterm" for verb in ("add", "change", "delete")]
CRUD = ("add", "change", "delete", "view")
REQUIRED_READING_PERMS = [f"induction.{action}_requiredreading" for action in CRUD]
INDUCTION_PERMS = [*(f"induction.{action}_pathway" for action in CRUD),
                   "induction.view_induction_reports", *REQUIRED_READING_PERMS]  # fmt: skip

MODEL_PERMISSIONS: dict[str, list[str]] = {
    POLICE_STAFF: [],
    FIRE_STAFF: [],
    JOINT_OPERATIONS_PLANNING: [],
    FOOTBALL_INTELLIGENCE: [],
    POLICY_OWNERS: [
        ADMIN_ACCESS,
        REVIEW_DOCUMENTS,
        *DOCUMENT_PERMS,
        *IMAGE_PERMS,
        *REQUIRED_READING_PERMS,
    ],
    POLICE_APPROVERS: [ADMIN_ACCESS],
    FIRE_APPROVERS: [ADMIN_ACCESS],
    POLICY_COORDINATOR: [
        ADMIN_ACCESS,
        COORDINATE_DOCUMENTS,
        REVIEW_DOCUMENTS,
        *DOCUMENT_PERMS,
        *IMAGE_PERMS,
        "procedures.delete_librarydocument",
        *GLOSSARY_PERMS,
        *INDUCTION_PERMS,
        "library_search.view_search_insights",
    ],
    ADMINISTRATORS: [
        ADMIN_ACCESS,
        *DOCUMENT_PERMS,
        *IMAGE_PERMS,
        "procedures.delete_librarydocument",
        "auth.add_user",
        "auth.change_user",
        "auth.view_user",
        "auth.add_group",
        "auth.change_group",
    ],
}

# Wagtail page permissions granted on the library home (and so on everything below it).
# Approvers hold none: they open a document's editor only while a decision is theirs (the
# workflow task lets them), so they never become its authors. Nobody's publish permission
# reaches documents: only the workflow publishes them (procedures/publication.py).
PAGE_PERMISSIONS: dict[str, list[str]] = {
    POLICY_OWNERS: ["add_page", "change_page"],
    POLICE_APPROVERS: [],
    FIRE_APPROVERS: [],
    POLICY_COORDINATOR: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    ADMINISTRATORS: [
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
        "delete_page",
        "bulk_delete_page",
    ],
}


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_roles(library_root: Page | None = None) -> dict[str, Group]:
    """Create the groups with their permissions; grant page permissions on `library_root`."""
    groups = {}
    for name, perms in MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*[_permission(p) for p in perms])
        groups[name] = group
    if library_root is not None:
        for name, codenames in PAGE_PERMISSIONS.items():
            # Permissions a role no longer has (e.g. approvers' change_page) are taken away.
            GroupPagePermission.objects.filter(group=groups[name], page=library_root).exclude(
                permission__codename__in=codenames
            ).delete()
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=groups[name],
                    page=library_root,
                    permission=Permission.objects.get(
                        content_type__app_label="wagtailcore", codename=codename
                    ),
                )
        ensure_approval_workflow(library_root)
    return groups


def ensure_approval_workflow(home) -> None:
    """Create the approval workflow (owner review, then service sign-off) and assign it to
    the library home. Idempotent; called by `ensure_roles`."""
    groups = {g.name: g for g in Group.objects.filter(name__in=[
        POLICY_OWNERS, POLICE_APPROVERS, FIRE_APPROVERS])}  # fmt: skip
    coordinator = Group.objects.filter(name=POLICY_COORDINATOR).first()
    review, _ = OwnerReviewTask.objects.get_or_create(
        name="Owner review",
        defaults={
            "fallback_group": groups.get(POLICY_OWNERS),
            "coordinator_group": coordinator,
        },
    )
    if review.coordinator_group_id is None and coordinator is not None:
        # Installs from before the coordinator could review an owner's own revision.
        review.coordinator_group = coordinator
        review.save(update_fields=["coordinator_group"])
    sign_off, _ = ServiceSignOffTask.objects.get_or_create(
        name="Service sign-off",
        defaults={
            "police_group": groups.get(POLICE_APPROVERS),
            "fire_group": groups.get(FIRE_APPROVERS),
        },
    )
    workflow, _ = Workflow.objects.get_or_create(name=APPROVAL_WORKFLOW_NAME)
    for order, task in enumerate([review, sign_off]):
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    if home is not None:
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
