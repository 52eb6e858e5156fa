"""What a user may do: Wagtail's page permission testers, narrowed by clearance (`access`)
and by the approval workflow (`publication`), and the library's roles, checked as
permissions."""

from __future__ import annotations

from wagtail.models import PagePermissionTester
from wagtail.permissions import page_permission_policy

from . import access
from .publication import document_permission_tester


class RestrictedPagePermissionTester(PagePermissionTester):
    """Wagtail's own permission tester, refusing every action (edit, preview, revisions...)
    on an OFFICIAL-SENSITIVE document to a user outside its access groups."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.cleared = access.page_is_visible_to(user, page)


for _name in [n for n in dir(PagePermissionTester) if n.startswith("can_")]:

    def _guarded(self, *args, _name=_name, **kwargs):
        return self.cleared and getattr(PagePermissionTester, _name)(self, *args, **kwargs)

    setattr(RestrictedPagePermissionTester, _name, _guarded)

# ... and never a way round the approval workflow (procedures/publication.py).
DocumentPermissionTester = document_permission_tester(RestrictedPagePermissionTester)


# -- roles, as permissions ---------------------------------------------------------------------
# Each role is a group holding permissions (procedures.roles); code asks for the permission,
# never for the group's name, so a renamed group or a new one given the permission just works.

COORDINATE_DOCUMENTS = "procedures.coordinate_documents"
REVIEW_DOCUMENTS = "procedures.review_documents"


def coordinates_documents(user) -> bool:
    """The policy coordinator (and superusers): every document's review, withdrawal,
    supersession and audit trail."""
    return bool(user.is_active and user.has_perm(COORDINATE_DOCUMENTS))


def reviews_documents(user) -> bool:
    """Policy owners and the coordinator: they review documents, so see what is due."""
    return bool(user.is_active and user.has_perm(REVIEW_DOCUMENTS))


def may_add_documents(user) -> bool:
    """Anyone Wagtail lets add pages somewhere in the library (policy owners, the coordinator,
    administrators): they may also import Word files as new documents."""
    if not (user.is_authenticated and user.is_active):
        return False
    return page_permission_policy.user_has_permission(user, "add")
