"""Who may see which document.

OFFICIAL documents are open to every signed-in member of staff. OFFICIAL-SENSITIVE documents
are open only to members of the groups named on the document (and superusers). Every surface
that lists or shows documents (pages, listings, search, suggestions, induction, previews,
revisions) asks this module, so the rule lives in one place. Images and attachments are as
restricted as the documents that use them: `media_access` works that out by asking this
module.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, QuerySet
from wagtail.models import Page, ReferenceIndex, Revision

from . import get_document_page_model
from .choices import ProtectiveMarking

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser, AnonymousUser

    from .models import DocumentPage

    # The library's accounts are Django's own (groups and superuser flag included).
    AnyUser = AbstractUser | AnonymousUser


def group_ids_of(user: AnyUser) -> list[int]:
    """Ids of the groups `user` belongs to, cached on the user for the request (an attribute
    of this module's own, so read and written by name)."""
    cached = getattr(user, "_jpl_group_ids", None)
    if cached is None:
        cached = list(user.groups.values_list("pk", flat=True)) if user.is_authenticated else []
        setattr(user, "_jpl_group_ids", cached)  # noqa: B010 - not a field of the user model
    return cached


def sees_everything(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


# -- the rule ----------------------------------------------------------------------------------
# Stated once for Python (`Clearance.opens`) and once for the database (`visible_documents`).
# Search keeps its own copy of each document's marking and groups (the Elasticsearch index,
# the term statistics kept per clearance); it reads them back through `Clearance`,
# `groups_needed` and `open_markings`, never with a rule of its own.


def open_markings() -> tuple[str, ...]:
    """Markings every signed-in member of staff may read (for filters over stored copies)."""
    return tuple(m for m in ProtectiveMarking.values if m != ProtectiveMarking.OFFICIAL_SENSITIVE)


def groups_needed(marking: str, group_ids: Iterable[int]) -> tuple[int, ...] | None:
    """None if a document with this marking is open to all staff; else the groups, any one
    of which clears a reader (none at all: superusers only). `group_ids` is read only for a
    restricted marking, so a lazy iterable costs nothing for open documents."""
    if marking != ProtectiveMarking.OFFICIAL_SENSITIVE:
        return None
    return tuple(sorted({int(pk) for pk in group_ids}))


@dataclass(frozen=True)
class Clearance:
    """What one user is cleared for, as plain values."""

    signed_in: bool
    everything: bool
    group_ids: tuple[int, ...]

    def opens(self, needed: tuple[int, ...] | None) -> bool:
        """True if this clearance reads a document needing `needed` (see `groups_needed`)."""
        if not self.signed_in:
            return False
        if needed is None or self.everything:
            return True
        return bool(set(needed) & set(self.group_ids))


EVERYTHING = Clearance(signed_in=True, everything=True, group_ids=())


def clearance_of(user: AnyUser) -> Clearance:
    signed_in = bool(user.is_authenticated and user.is_active)
    return Clearance(
        signed_in=signed_in,
        everything=sees_everything(user),
        group_ids=tuple(group_ids_of(user)) if signed_in else (),
    )


def is_cleared_for(user: AnyUser, page: DocumentPage) -> bool:
    """True if `user` may read `page` as stored in the database (the live version)."""
    memo = _remembered.get()
    if memo is None:
        return _is_cleared_for(user, page)
    # Keyed by the instance, not only its id: a revision's page object shares the id but may
    # carry another marking. The instance is kept in the memo so its id is never reused.
    key = ("cleared", getattr(user, "pk", None), id(page))
    if key not in memo:
        memo[key] = (page, _is_cleared_for(user, page))
    return memo[key][1]


def _is_cleared_for(user: AnyUser, page: DocumentPage) -> bool:
    # access_groups may be an in-memory FakeQuerySet (a revision being previewed), so its ids
    # are read in Python rather than filtered on the database.
    needed = groups_needed(page.protective_marking, (g.pk for g in page.access_groups.all()))
    return clearance_of(user).opens(needed)


NOBODY = Clearance(signed_in=False, everything=False, group_ids=())


class Clearances:
    """`is_cleared_for` for many people and documents at once, for reports: "which of these
    documents may each of these people see". Each person's `Clearance` and each document's
    `groups_needed` are read in three queries whatever their number, and every answer is
    the one rule, `Clearance.opens`: asked once per document and distinct clearance (a whole
    organisation holds only a handful), then shared by everyone who holds that clearance."""

    def __init__(self, users: QuerySet, documents: Iterable[DocumentPage]):
        documents = list(documents)
        restricted = [
            d.pk for d in documents if d.protective_marking == ProtectiveMarking.OFFICIAL_SENSITIVE
        ]
        access_groups: dict[int, set[int]] = defaultdict(set)
        through = get_document_page_model().access_groups.through
        for document_id, group_id in through.objects.filter(
            documentpage_id__in=restricted
        ).values_list("documentpage_id", "group_id"):
            access_groups[document_id].add(group_id)
        self.needed = {
            d.pk: groups_needed(d.protective_marking, access_groups.get(d.pk, ()))
            for d in documents
        }
        active = users.filter(is_active=True)
        relevant = set().union(*access_groups.values())
        user_groups: dict[int, list[int]] = defaultdict(list)
        if relevant:
            for user_id, group_id in users.model.groups.through.objects.filter(
                user__in=active, group_id__in=relevant
            ).values_list("user_id", "group_id"):
                user_groups[user_id].append(group_id)
        # One instance per distinct clearance, so that answers can be shared by identity.
        distinct: dict[Clearance, Clearance] = {NOBODY: NOBODY}
        self.clearances = {
            user_id: distinct.setdefault(clearance, clearance)
            for user_id, is_superuser in active.values_list("pk", "is_superuser")
            for clearance in [
                Clearance(
                    signed_in=True,
                    everything=is_superuser,
                    group_ids=tuple(sorted(user_groups[user_id])),
                )
            ]
        }
        self._distinct = list(distinct)
        self._answers: dict[int, dict[int, bool]] = {}

    def _answers_for(self, document_id: int) -> dict[int, bool]:
        """id(clearance) -> may read the document, for each distinct clearance."""
        answers = self._answers.get(document_id)
        if answers is None:
            needed = self.needed[document_id]
            answers = {id(c): c.opens(needed) for c in self._distinct}
            self._answers[document_id] = answers
        return answers

    def allows(self, user_id: int, document_id: int) -> bool:
        # Someone inactive, or not among the users asked about, is cleared for nothing.
        return self._answers_for(document_id)[id(self.clearances.get(user_id, NOBODY))]

    def cleared(self, document_id: int, user_ids: Iterable[int]) -> list[int]:
        """Those of `user_ids` who may see the document."""
        answers, clearances = self._answers_for(document_id), self.clearances
        return [user_id for user_id in user_ids if answers[id(clearances.get(user_id, NOBODY))]]


def cleared_pairs(user: str = "user", document: str = "document") -> Q:
    """The rule in SQL for rows that pair a person and a document through the foreign keys
    `user` and `document` (an acknowledgement, say), so reports can count in the database:
    `visible_documents` for many people at once. `tests/procedures/test_clearance.py` checks it
    agrees with `is_cleared_for` for every demo account and document."""
    shared_group = get_document_page_model().access_groups.through.objects.filter(
        documentpage_id=OuterRef(f"{document}_id"),
        group__user=OuterRef(f"{user}_id"),
    )
    return Q(**{f"{user}__is_active": True}) & (
        Q(**{f"{document}__protective_marking__in": open_markings()})
        | Q(**{f"{user}__is_superuser": True})
        | Q(Exists(shared_group))
    )


def visible_documents(user: AnyUser, queryset: QuerySet | None = None) -> QuerySet:
    """Filter a DocumentPage queryset down to what `user` may see."""
    DocumentPage = get_document_page_model()

    if queryset is None:
        queryset = DocumentPage.objects.all()
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    if sees_everything(user):
        return queryset
    cleared = DocumentPage.access_groups.through.objects.filter(
        documentpage_id=OuterRef("pk"), group_id__in=group_ids_of(user)
    )
    return queryset.filter(Q(protective_marking__in=open_markings()) | Exists(cleared))


def hidden_page_ids(user: AnyUser) -> QuerySet:
    """Subquery of page ids `user` must not see, for filtering generic Page querysets."""
    DocumentPage = get_document_page_model()

    restricted = DocumentPage.objects.filter(
        protective_marking=ProtectiveMarking.OFFICIAL_SENSITIVE
    )
    if sees_everything(user):
        return restricted.none().values("pk")
    if not user.is_authenticated:
        return DocumentPage.objects.values("pk")
    hidden_live = restricted.exclude(pk__in=visible_documents(user, restricted).values("pk"))
    return DocumentPage.objects.filter(
        Q(pk__in=hidden_live.values("pk")) | Q(pk__in=hidden_draft_page_ids(user))
    ).values("pk")


def hidden_page_ids_list(user: AnyUser) -> list[int]:
    return list(hidden_page_ids(user).values_list("pk", flat=True))


# -- drafts ------------------------------------------------------------------------------------
# A draft (the latest revision of a page with unpublished changes) can be more restricted than
# the live version, and can use images and files the live version does not. Wagtail's
# reference index and the page row only know the stored (live) content, so drafts are read
# from their revisions. Revisions never change, so what is read from one is cached by its id.

DRAFT_CACHE_PREFIX = "jpl:draft:"


def draft_facts(revision) -> dict:
    """Marking, access group ids and references (content type id, object id) of a revision."""
    # Id, page and creation time: a row id alone can come back after a delete (SQLite).
    created = revision.created_at.timestamp() if revision.created_at else ""
    key = f"{DRAFT_CACHE_PREFIX}{revision.pk}:{revision.object_id}:{created}"
    facts = cache.get(key)
    if facts is None:
        content = revision.content or {}
        try:
            obj = revision.as_object()
            references = sorted(
                {
                    (ct_id, str(obj_id))
                    for ct_id, obj_id, *_ in ReferenceIndex._extract_references_from_object(obj)
                }
            )
        except Exception:  # noqa: BLE001 - a revision that cannot be read uses nothing
            references = []
        facts = {
            "marking": content.get("protective_marking") or "",
            "groups": [int(pk) for pk in content.get("access_groups") or []],
            "references": references,
        }
        cache.set(key, facts, None)
    return facts


def draft_revisions() -> list:
    """The latest revision of every document with unpublished changes (drafts in progress)."""
    DocumentPage = get_document_page_model()

    revision_ids = DocumentPage.objects.filter(
        has_unpublished_changes=True, latest_revision__isnull=False
    ).values_list("latest_revision_id", flat=True)
    return list(Revision.objects.filter(pk__in=list(revision_ids)))


def _cleared_by_facts(user: AnyUser, facts: dict) -> bool:
    return clearance_of(user).opens(groups_needed(facts["marking"], facts["groups"]))


def hidden_draft_page_ids(user: AnyUser) -> list[int]:
    """Ids of documents whose draft `user` is not cleared for (e.g. a draft raising an
    OFFICIAL document to OFFICIAL-SENSITIVE): its title and content are as hidden as a
    restricted live document."""
    if sees_everything(user):
        return []
    return [
        int(revision.object_id)
        for revision in draft_revisions()
        if not _cleared_by_facts(user, draft_facts(revision))
    ]


# One check of a request (the need-to-know guard's) often asks about the same page several
# times: a page id, then revisions of it, then `?id=` lists. Within `remembered()` each answer
# is computed once. Only around checks that change nothing: a view that saves a page and asks
# again must get a fresh answer.
_remembered: ContextVar[dict | None] = ContextVar("jpl_access_remembered", default=None)


@contextmanager
def remembered():
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def page_is_visible_to(user: AnyUser, page) -> bool:
    """True if `user` may know of `page` at all (its title, its admin routes): any page that
    is not a document; a document they are cleared for, live version and draft alike."""
    memo = _remembered.get()
    if memo is None:
        return _page_is_visible_to(user, page)
    key = (getattr(user, "pk", None), page.pk)
    if key not in memo:
        memo[key] = _page_is_visible_to(user, page)
    return memo[key]


def _page_is_visible_to(user: AnyUser, page) -> bool:
    DocumentPage = get_document_page_model()

    if not (user.is_authenticated and user.is_active):
        return False
    if sees_everything(user):
        return True
    if isinstance(page, DocumentPage):
        document = page
    else:
        specific_class = page.specific_class
        if specific_class is None or not issubclass(specific_class, DocumentPage):
            return True
        document = page.specific_deferred
    if not is_cleared_for(user, document):
        return False
    if document.has_unpublished_changes and document.latest_revision_id:
        revision = Revision.objects.filter(pk=document.latest_revision_id).first()
        if revision is not None and not _cleared_by_facts(user, draft_facts(revision)):
            return False
    return True


def revision_is_visible_to(user: AnyUser, revision) -> bool:
    """A page revision: its page must be visible, and the revision's own content cleared (an
    earlier, more restricted version of a downgraded document stays restricted)."""
    if sees_everything(user):
        return True
    obj = revision.content_object
    if isinstance(obj, Page):
        if not page_is_visible_to(user, obj):
            return False
        return _cleared_by_facts(user, draft_facts(revision))
    return bool(user.is_authenticated and user.is_active)


def revision_content_cleared_for(user: AnyUser, revision) -> bool:
    """True if `user` is cleared for the document as it stood in `revision` (its marking and
    access groups then), whatever it is now."""
    return _cleared_by_facts(user, draft_facts(revision))


def may_edit_or_review(user: AnyUser, page) -> bool:
    """True if `user` may edit `page`, or is asked to act on it in its workflow."""
    if not page_is_visible_to(user, page):
        return False
    if page.permissions_for_user(user).can_edit():
        return True
    state = page.current_workflow_task_state
    if state is None:
        return False
    task = state.task.specific
    return bool(task.user_can_access_editor(page, user) or task.get_actions(page, user))
