"""Search insights: what staff searched for and did not find, so the coordinator can teach the
glossary their words or point a query at a document (a best bet).

Only counts per query text and day are kept, never who searched, and only for
SEARCH_INSIGHTS_DAYS days. Both actions take effect in the next search: glossary terms are
query-time synonyms, and best bets are read at query time."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet, Sum
from django.utils import timezone

from .models import BestBet, GlossaryTerm, SearchQueryDay

logger = logging.getLogger(__name__)
DEFAULT_RETENTION_DAYS = 90
# Queries listed per table on the insights page.
LISTED = 25


def retention_days() -> int:
    return int(getattr(settings, "SEARCH_INSIGHTS_DAYS", None) or DEFAULT_RETENTION_DAYS)


def normalise(text: str) -> str:
    return " ".join(text.lower().split())[:200]


def _bump(query: str, **counts: int) -> None:
    """Add to today's counts for `query` in one statement (no read-modify-write race)."""
    query = normalise(query)
    if not query:
        return
    table = SearchQueryDay._meta.db_table
    columns = ["searches", "no_results", "opened", "corrected", "correction_abandoned"]
    values = [int(counts.get(column, 0)) for column in columns]
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in columns)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"""INSERT INTO {table} (day, query, {", ".join(columns)})
                    VALUES (%s, %s, {", ".join(["%s"] * len(columns))})
                    ON CONFLICT (day, query) DO UPDATE SET {updates}""",  # noqa: S608
                [timezone.localdate(), query, *values],
            )
    except Exception:
        # Counting must never break a search.
        logger.exception("Search insights: could not count a search")


def record_search(query: str, total: int, corrected: bool) -> None:
    _bump(query, searches=1, no_results=int(total == 0), corrected=int(corrected))


def record_opened(query: str) -> None:
    _bump(query, opened=1)


def record_correction_abandoned(query: str) -> None:
    _bump(query, correction_abandoned=1)


def purge(today: datetime.date | None = None) -> int:
    """Delete counts older than the retention period; returns how many rows went."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=retention_days())
    deleted, _ = SearchQueryDay.objects.filter(day__lt=cutoff).delete()
    return deleted


@dataclass
class QueryRow:
    query: str
    searches: int
    no_results: int
    opened: int
    corrected: int
    correction_abandoned: int
    best_bet: str = ""


def summary(documents: QuerySet | None = None) -> dict[str, list[QueryRow]]:
    """The four lists the coordinator acts on, over the retention period. Best bets are named
    only for documents in `documents` (those the viewer may see)."""
    since = timezone.localdate() - datetime.timedelta(days=retention_days())
    totals = (
        SearchQueryDay.objects.filter(day__gte=since)
        .values("query")
        .annotate(
            s=Sum("searches"),
            n=Sum("no_results"),
            o=Sum("opened"),
            c=Sum("corrected"),
            a=Sum("correction_abandoned"),
        )
    )
    bets = BestBet.objects.all()
    if documents is not None:
        bets = bets.filter(document__in=documents)
    bets = dict(bets.values_list("query", "document__reference"))

    def rows(queryset) -> list[QueryRow]:
        return [
            QueryRow(r["query"], r["s"], r["n"], r["o"], r["c"], r["a"], bets.get(r["query"], ""))
            for r in queryset[:LISTED]
        ]

    return {
        "top": rows(totals.order_by("-s", "query")),
        "no_results": rows(totals.filter(n__gt=0).order_by("-n", "query")),
        "not_opened": rows(totals.filter(o=0, s__gt=F("n")).order_by("-s", "query")),
        "abandoned": rows(totals.filter(a__gt=0).order_by("-a", "query")),
    }


# -- the coordinator's actions ---------------------------------------------------------------


def add_to_glossary(query: str, name: str) -> GlossaryTerm:
    """Make `query` another name for the glossary term called `name` (its term, expansion
    or an alias), or a new term `name` with `query` as its alias."""
    query, name = normalise(query), " ".join(name.split())[:80]
    term = GlossaryTerm.objects.filter(
        Q(term__iexact=name) | Q(expansion__iexact=name)
    ).first() or next((t for t in GlossaryTerm.objects.all() if name.lower() in t.names), None)
    if term is None:
        term = GlossaryTerm(term=name, aliases=query)
    elif query not in term.names:
        term.aliases = ", ".join([*term.alias_list, query])
    term.save()  # the post_save signal refreshes every engine's synonyms
    return term


def set_best_bet(query: str, document) -> BestBet:
    bet, _ = BestBet.objects.update_or_create(
        query=normalise(query), defaults={"document": document}
    )
    return bet


def best_bet_for(query: str, documents) -> int | None:
    """The id of the document `query` is pointed at, if it is among `documents` (the
    searcher's scope)."""
    document_id = (
        BestBet.objects.filter(query=normalise(query)).values_list("document_id", flat=True)
    ).first()
    if document_id is None or not documents.filter(pk=document_id).exists():
        return None
    return document_id
