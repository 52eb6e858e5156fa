"""Who may see which document.

OFFICIAL documents are open to every signed-in member of staff. OFFICIAL-SENSITIVE documents
are open only to members of the groups named on the document (and superusers). Every surface
that lists or shows documents (pages, listings, search, suggestions, induction, attachments,
previews, revisions, images) asks this module, so the rule lives in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast

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


# -- images ----------------------------------------------------------------------------------
# An image is as restricted as the documents that use it. Wagtail's reference index records
# which documents use which images (StreamField image blocks and rich text embeds alike).


def documents_using_image(image) -> QuerySet:
    """DocumentPages whose stored content (the live version, or the first draft of a page
    never published) uses `image`, according to Wagtail's reference index."""
    from wagtail.models import Page, ReferenceIndex

    from .models import DocumentPage

    page_ids = (
        ReferenceIndex.get_references_to(image)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    return DocumentPage.objects.filter(pk__in=[int(pk) for pk in page_ids])


def may_manage_image(user: AnyUser, image) -> bool:
    """True for editors who work with images in the admin (add, change or choose them),
    through the image permission policy, which leaves out restricted images."""
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(get_image_model())
    return policy.user_has_any_permission_for_instance(user, ["add", "change", "choose"], image)


def image_is_visible_to(user: AnyUser, image) -> bool:
    """True if `user` may see `image` (its original and every rendition).

    - Readers see an image used by at least one live document they may read.
    - Editors with image permissions also see images no document uses yet (uploaded, being
      placed in a draft) and images in drafts, but never one used by a document they are not
      cleared for.
    - Superusers see every image. Anyone else gets nothing."""
    if not (user.is_authenticated and user.is_active):
        return False
    if sees_everything(user):
        return True
    if visible_documents(user, documents_using_image(image).live()).exists():
        return True
    # The image policy (permission_policies.LibraryImagePermissionPolicy) also refuses an
    # image used by a document the user is not cleared for.
    return may_manage_image(user, image)


def is_image_used_by_hidden_document(user: AnyUser, image) -> bool:
    """True if a document `user` is not cleared for uses `image` (in any state)."""
    if sees_everything(user):
        return False
    return documents_using_image(image).filter(pk__in=hidden_page_ids(user)).exists()


def images_visible_in_admin(user: AnyUser, images: QuerySet) -> QuerySet:
    """`images` minus those used by a document `user` is not cleared for, for admin listings
    and choosers (which only editors with image permissions reach)."""
    from wagtail.models import Page, ReferenceIndex

    if sees_everything(user):
        return images
    hidden_ids = hidden_page_ids(user).annotate(key=Cast("pk", CharField())).values("key")
    used_by_hidden = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=hidden_ids,
        to_content_type=ContentType.objects.get_for_model(images.model),
        to_object_id=Cast(OuterRef("pk"), CharField()),
    )
    return images.exclude(Exists(used_by_hidden))
