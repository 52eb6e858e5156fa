"""Who may see images and document files: each is as restricted as the documents that use
it. Wagtail's reference index records which documents use which images and files
(StreamField blocks and rich text embeds alike); drafts are read from their revisions
(`access.draft_facts`). Whether a reader is cleared for a document is always
`procedures.access`'s answer: nothing here states the rule again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, IntegerField, Q, QuerySet
from django.db.models.functions import Cast
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry

from . import get_document_page_model
from .access import (
    draft_facts,
    draft_revisions,
    hidden_draft_page_ids,
    hidden_page_ids,
    hidden_page_ids_list,
    may_edit_or_review,
    sees_everything,
    visible_documents,
)

if TYPE_CHECKING:
    from .access import AnyUser


# -- images ----------------------------------------------------------------------------------
# An image is as restricted as the documents that use it. Wagtail's reference index records
# which documents use which images (StreamField image blocks and rich text embeds alike).


def may_manage_image(user: AnyUser, image) -> bool:
    """True for editors who work with images in the admin (add, change or choose them),
    through the image permission policy, which leaves out restricted images."""
    policy = policy_registry.get_by_type(get_image_model())
    return policy.user_has_any_permission_for_instance(user, ["add", "change", "choose"], image)


def image_is_visible_to(user: AnyUser, image) -> bool:
    """True if `user` may see `image` (its original and every rendition): see
    `media_is_visible_to`, the same rule as for document files."""
    return media_is_visible_to(user, image)


def _draft_reference_ids(user: AnyUser, model, hidden_only: bool) -> list[str]:
    """Ids of `model` objects that drafts use: drafts `user` may not see (hidden_only), or
    all drafts."""
    content_type_id = ContentType.objects.get_for_model(model).pk
    hidden = set(hidden_page_ids_list(user)) if hidden_only else None
    ids = []
    for revision in draft_revisions():
        if hidden is not None and int(revision.object_id) not in hidden:
            continue
        references = draft_facts(revision)["references"]
        ids += [pk for ct_id, pk in references if ct_id == content_type_id]
    return ids


def without_hidden_media(user: AnyUser, queryset: QuerySet) -> QuerySet:
    """Images or document files minus those used by a document (live content or draft)
    `user` may not see."""
    if sees_everything(user):
        return queryset
    images = queryset.exclude(
        pk__in=[int(pk) for pk in _draft_reference_ids(user, queryset.model, True)]
    )
    hidden_ids = hidden_page_ids(user).annotate(key=Cast("pk", CharField())).values("key")
    return images.exclude(pk__in=_ids_used_by_pages(images.model, hidden_ids))


def _ids_used_by_pages(model, page_keys: QuerySet) -> QuerySet:
    """Subquery: ids of `model` objects that the pages in `page_keys` (page ids as text, the
    reference index's form) use. A plain `pk IN (...)`, so that search backends, which accept
    only filters on indexed fields (images and files index `id`), can apply it."""

    return (
        ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=page_keys,
            to_content_type=ContentType.objects.get_for_model(model),
        )
        .annotate(target=Cast("to_object_id", IntegerField()))
        .values("target")
    )


# -- files and images: who may see what documents use -----------------------------------------


def _content_type_of(obj) -> ContentType:
    return ReferenceIndex._get_base_content_type(obj)


def pages_using(obj) -> tuple[QuerySet, QuerySet]:
    """(documents whose stored content uses `obj`, documents whose draft uses it)."""
    DocumentPage = get_document_page_model()

    stored_ids = (
        ReferenceIndex.get_references_to(obj)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    key = (_content_type_of(obj).pk, str(obj.pk))
    draft_ids = [
        int(revision.object_id)
        for revision in draft_revisions()
        if key in {tuple(ref) for ref in draft_facts(revision)["references"]}
    ]
    return (
        DocumentPage.objects.filter(pk__in=[int(pk) for pk in stored_ids]),
        DocumentPage.objects.filter(pk__in=draft_ids),
    )


def may_manage_document_file(user: AnyUser, document) -> bool:
    """True for editors who work with document files in the admin (the permission policy)."""
    policy = policy_registry.get_by_type(get_document_model())
    return policy.user_has_any_permission_for_instance(user, ["add", "change", "choose"], document)


def is_used_by_hidden_document(user: AnyUser, obj) -> bool:
    """True if a document `user` may not see uses `obj` (an image or a file), in its stored
    content or in its draft."""
    if sees_everything(user):
        return False
    stored, drafts = pages_using(obj)
    hidden_drafts = set(hidden_draft_page_ids(user))
    for queryset in (stored, drafts):
        if queryset.filter(Q(pk__in=hidden_page_ids(user)) | Q(pk__in=hidden_drafts)).exists():
            return True
    return False


def media_is_visible_to(user: AnyUser, obj) -> bool:
    """True if `user` may see (download) `obj`, an image or a document file:

    - a live document they are cleared for uses it in its live content; or
    - a draft they may edit or review uses it; or
    - they manage such files in the admin (the permission policy, which itself refuses
      anything a document they are not cleared for uses).
    Superusers see everything; nobody else sees anything."""
    if not (user.is_authenticated and user.is_active):
        return False
    if sees_everything(user):
        return True
    stored, drafts = pages_using(obj)
    if visible_documents(user, stored.filter(live=True)).exists():
        return True
    # A page never published keeps its first draft as its stored content.
    for page in [*drafts, *stored.filter(live=False)]:
        if may_edit_or_review(user, page):
            return True
    if isinstance(obj, get_document_model()):
        return may_manage_document_file(user, obj) and not is_used_by_hidden_document(user, obj)
    return may_manage_image(user, obj)


def visible_media(user: AnyUser, queryset: QuerySet) -> QuerySet:
    """The images or document files of `queryset` that `user` may see
    (`media_is_visible_to`, as a query): for the admin API and anything else that lists them
    to people who do not manage them."""
    DocumentPage = get_document_page_model()

    if sees_everything(user):
        return queryset
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    model = queryset.model
    managed = policy_registry.get_by_type(model).instances_user_has_any_permission_for(
        user, ["add", "change", "choose"]
    )
    readable = (
        visible_documents(user, DocumentPage.objects.live())
        .annotate(key=Cast("pk", CharField()))
        .values("key")
    )
    content_type_id = ContentType.objects.get_for_model(model).pk
    in_drafts: set[int] = set()
    for revision in draft_revisions():
        facts = draft_facts(revision)
        references = [pk for ct, pk in facts["references"] if ct == content_type_id]
        if references and may_edit_or_review(user, revision.content_object):
            in_drafts.update(int(pk) for pk in references)
    return without_hidden_media(
        user,
        queryset.filter(
            Q(pk__in=managed.values("pk"))
            | Q(pk__in=_ids_used_by_pages(model, readable))
            | Q(pk__in=in_drafts)
        ),
    )
