"""Who may see which document.

OFFICIAL documents are open to every signed-in member of staff. OFFICIAL-SENSITIVE documents
are open only to members of the groups named on the document (and superusers). Every surface
that lists or shows documents (pages, listings, search, suggestions, induction, attachments,
previews, revisions) asks this module, so the rule lives in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from .models import DocumentPage

    AnyUser = AbstractBaseUser | AnonymousUser


def group_ids_of(user: AnyUser) -> list[int]:
    """Ids of the groups `user` belongs to, cached on the user for the request."""
    cached = getattr(user, "_jpl_group_ids", None)
    if cached is None:
        cached = list(user.groups.values_list("pk", flat=True)) if user.is_authenticated else []
        user._jpl_group_ids = cached
    return cached


def sees_everything(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def is_cleared_for(user: AnyUser, page: DocumentPage) -> bool:
    """True if `user` may read `page` as stored in the database (the live version)."""
    from .models import ProtectiveMarking

    if not (user.is_authenticated and user.is_active):
        return False
    if page.protective_marking != ProtectiveMarking.OFFICIAL_SENSITIVE:
        return True
    if sees_everything(user):
        return True
    group_ids = group_ids_of(user)
    # access_groups may be an in-memory FakeQuerySet (a revision being previewed), so compare
    # ids in Python rather than filtering on the database.
    return bool(set(group_ids) & {group.pk for group in page.access_groups.all()})


def visible_documents(user: AnyUser, queryset: QuerySet | None = None) -> QuerySet:
    """Filter a DocumentPage queryset down to what `user` may see."""
    from .models import DocumentPage, ProtectiveMarking

    if queryset is None:
        queryset = DocumentPage.objects.all()
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    if sees_everything(user):
        return queryset
    cleared = DocumentPage.access_groups.through.objects.filter(
        documentpage_id=OuterRef("pk"), group_id__in=group_ids_of(user)
    )
    return queryset.filter(Q(protective_marking=ProtectiveMarking.OFFICIAL) | Exists(cleared))


def hidden_page_ids(user: AnyUser) -> QuerySet:
    """Subquery of page ids `user` must not see, for filtering generic Page querysets."""
    from .models import DocumentPage, ProtectiveMarking

    restricted = DocumentPage.objects.filter(
        protective_marking=ProtectiveMarking.OFFICIAL_SENSITIVE
    )
    if sees_everything(user):
        return restricted.none().values("pk")
    if not user.is_authenticated:
        return DocumentPage.objects.values("pk")
    return restricted.exclude(pk__in=visible_documents(user, restricted).values("pk")).values("pk")
