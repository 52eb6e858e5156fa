"""Keeping the section table (and any external engine) in step with published documents.

Called from signals on publish, unpublish, save (withdraw, supersede, move, restriction)
and delete, and by `manage.py rebuild_section_index`. Indexing errors are logged and never
block the editor's action: database work runs in a savepoint. An external engine is told
through the durable outbox (`search.outbox`), written in the same transaction and delivered
by a background task, never inside the request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction

from procedures.models import DocumentPage

from . import outbox, terms
from .engines import external_engine, get_engine
from .engines.elasticsearch_index import sources
from .models import IndexedSection

logger = logging.getLogger(__name__)


def should_index(page: DocumentPage) -> bool:
    """Published documents, and withdrawn ones (shown only when asked for); never drafts."""
    return bool(page.live or page.withdrawn_at)


def section_rows(page: DocumentPage) -> list[IndexedSection]:
    rows = [
        IndexedSection(
            document_id=page.pk,
            position=0,
            anchor="",
            number="",
            title="",
            doc_title=page.title,
            reference=page.reference,
            text=page.summary,
        )
    ]
    for position, section in enumerate(page.sections, start=1):
        rows.append(
            IndexedSection(
                document_id=page.pk,
                position=position,
                anchor=section.anchor,
                number=section.number,
                title=section.title[:255],
                doc_title=page.title,
                reference=page.reference,
                text=section.text,
            )
        )
    return rows


def write_sections(page: DocumentPage) -> int:
    """Replace `page`'s rows in the section table; returns the number of sections."""
    rows = section_rows(page) if should_index(page) else []
    existing = list(
        IndexedSection.objects.filter(document_id=page.pk)
        .order_by("position")
        .values_list("position", "anchor", "number", "title", "doc_title", "reference", "text")
    )
    wanted = [
        (r.position, r.anchor, r.number, r.title, r.doc_title, r.reference, r.text) for r in rows
    ]
    if existing != wanted:
        IndexedSection.objects.filter(document_id=page.pk).delete()
        IndexedSection.objects.bulk_create(rows, batch_size=500)
    # Word counts follow the text and the document's marking (which can change alone).
    terms.record(
        page,
        [(doc_title, title, text) for _p, _a, _n, title, doc_title, _r, text in existing],
        [(r.doc_title, r.title, r.text) for r in rows],
    )
    return len(rows)


def sync_document(page: DocumentPage) -> None:
    """Bring `page` up to date in the section table and, through the outbox, the engine.
    Never raises.

    Reads the page back from the database: an instance being saved as a draft revision holds
    unpublished content in memory, and drafts must never be indexed. A save that changes no
    section (a draft, a second save within one publish) sends nothing."""
    try:
        with transaction.atomic():
            page = DocumentPage.objects.filter(pk=page.pk).first() or page
            before = _fingerprint(page.pk)
            write_sections(page)
            if external_engine() is not None and _fingerprint(page.pk) != before:
                outbox.record_document(page.pk)
    except Exception:
        logger.exception("Search: could not index document %s (page %s)", page, page.pk)


def _fingerprint(page_id: int) -> tuple:
    """What an external engine holds for a document: its sections and the fields its
    filters read (status, marking, access groups, service, type)."""
    indexed = sources([page_id])[page_id]
    return tuple(tuple(sorted((k, str(v)) for k, v in source.items())) for source in indexed)


def remove_document(page_id: int) -> None:
    """After a delete (rows go with the page by cascade); tell external engines."""
    try:
        if external_engine() is not None:
            outbox.record_document(page_id)
    except Exception:
        logger.exception("Search: could not queue the removal of page %s", page_id)


def rebuild(
    progress: Callable[[str], None] = lambda message: None, dry_run: bool = False
) -> dict[str, int]:
    """Re-create every document's sections; idempotent (unchanged documents are skipped)."""
    pages = DocumentPage.objects.order_by("pk")
    total = pages.count()
    counts = {"documents": 0, "sections": 0, "removed": 0}
    wanted_ids: set[int] = set()
    for done, page in enumerate(pages.iterator(chunk_size=200), start=1):
        if should_index(page):
            wanted_ids.add(page.pk)
            counts["documents"] += 1
            counts["sections"] += len(section_rows(page))
            if not dry_run:
                with transaction.atomic():
                    write_sections(page)
        if done % 500 == 0 or done == total:
            progress(f"{done}/{total} documents read")
    stale = IndexedSection.objects.exclude(document_id__in=wanted_ids)
    counts["removed"] = stale.values("document_id").distinct().count()
    if not dry_run:
        stale.delete()
        terms.recount()
        get_engine().rebuild(progress)
        if external_engine() is not None:
            # Changes made while the new index filled are due again (IndexOutbox's
            # `resend_changed_since`): deliver them.
            outbox.schedule()
    return counts
