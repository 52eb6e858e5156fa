"""What a user may do to a page in the admin: Wagtail's permission testers, narrowed by
clearance (`access`) and by the approval workflow (`publication`)."""

from __future__ import annotations

from wagtail.models import PagePermissionTester

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
