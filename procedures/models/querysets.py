"""What "in force", "findable", "visible to" and "due for review" mean, once each, as
`DocumentPage.objects` methods: `DocumentPage.objects.in_force().visible_to(user)`."""

from __future__ import annotations

import datetime
from typing import cast

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from wagtail.models import PageManager, PageQuerySet

from .. import access


class DocumentPageQuerySet(PageQuerySet):
    def in_force(self) -> DocumentPageQuerySet:
        """Published documents that are neither withdrawn nor superseded: what staff follow
        (status "current", `DocumentStatus.of`)."""
        return self.live().filter(withdrawn_at__isnull=True, superseded_by__isnull=True)

    def findable(self, include_old: bool = False) -> DocumentPageQuerySet:
        """What a reader may look a document up among: those in force, or, when they ask for
        old ones too, also the superseded and withdrawn. Never a draft that was not
        published."""
        if not include_old:
            return self.in_force()
        return self.filter(Q(live=True) | Q(withdrawn_at__isnull=False))

    def visible_to(self, user) -> DocumentPageQuerySet:
        """Those `user` is cleared for: the rule is `access.visible_documents`."""
        return cast(DocumentPageQuerySet, access.visible_documents(user, self))

    def due_for_review(self, today: datetime.date | None = None) -> DocumentPageQuerySet:
        """In force, with a review date passed or within `settings.REVIEW_DUE_SOON_DAYS`."""
        today = today or timezone.localdate()
        horizon = today + datetime.timedelta(days=settings.REVIEW_DUE_SOON_DAYS)
        return self.in_force().filter(next_review_date__lte=horizon)


DocumentPageManager = PageManager.from_queryset(DocumentPageQuerySet)
