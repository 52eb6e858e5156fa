"""The search's facts and facets: each matched document re-checked against the live rows with
what filtering, facets and sorting need (`read_facts`, one query), and the facet counts with
their links (`count_facets`)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter
from typing import NamedTuple

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.db.models.expressions import RawSQL

from procedures.models import DocumentStatus, DocumentType, SectionPage, Service

from .engines import Matches
from .request import FACETS, SearchRequest


class Facts(NamedTuple):
    """What filtering, facets and sorting need of one matched document (a named tuple: made
    for up to 500 matches per search, where a frozen dataclass cost twice as much)."""

    service: str
    type: str
    section: str
    status: str
    updated: datetime | None

    def passes(self, chosen: dict[str, str], skip: str | None = None) -> bool:
        """Every chosen filter (but `skip`) holds."""
        return all(getattr(self, name) == value for name, value in chosen.items() if name != skip)


@dataclass
class FacetValue:
    facet: str
    value: str
    label: str
    count: int
    selected: bool
    request: SearchRequest = field(repr=False, compare=False)

    @property
    def url(self) -> str:
        """The search with this value chosen, or cleared when it is the one chosen (made when
        the page shows it: the API has no use for it)."""
        return self.request.link(**{self.facet: "" if self.selected else self.value})


def with_ids(documents: QuerySet, ids: Sequence[int]) -> QuerySet:
    """`documents.filter(pk__in=ids)` with the ids sent as one parameter. An IN list of 500
    placeholders took longer to build (Django and psycopg handle each value) than to run."""
    meta = documents.model._meta
    ids = [int(pk) for pk in ids]
    # Our own table and column names; the ids go as a parameter.
    column = f'"{meta.db_table}"."{meta.pk.column}"'
    params: tuple[object, ...]
    if connection.vendor == "postgresql":
        sql, params = f"{column} = ANY(%s)", (ids,)
    elif connection.vendor == "sqlite":
        sql, params = f"{column} IN (SELECT value FROM json_each(%s))", (json.dumps(ids),)  # noqa: S608
    else:
        return documents.filter(pk__in=ids)
    condition = RawSQL(sql, params, output_field=BooleanField())  # noqa: S611
    return documents.filter(condition)


def read_facts(
    documents: QuerySet, matches: Matches, request: SearchRequest
) -> tuple[dict[int, Facts], list[SectionPage]]:
    """Each match among `documents` (engines that index a copy of the permissions may be
    behind) with its facts, in one query; and the library sections they sit in.

    Timestamps cost more to read than to find (500 of them took half this query's time), so
    "withdrawn" comes as a flag and the update time only when sorting by it."""
    fields = ["pk", "service", "document_type", "path", "depth", "withdrawn"]
    fields += ["superseded_by_id", "live"]
    if request.sort == "updated":
        fields.append("last_published_at")
    rows = list(
        with_ids(documents, [pk for pk, _score in matches])
        .order_by()
        .annotate(withdrawn=ExpressionWrapper(Q(withdrawn_at__isnull=False), BooleanField()))
        .values_list(*fields)
    )
    parents = {path[: (depth - 1) * 4] for _pk, _service, _type, path, depth, *_ in rows}
    sections = sections_at(parents, request.filters.section)
    section_by_path = {section.path: str(section.pk) for section in sections}
    facts = {
        pk: Facts(
            service,
            doc_type,
            section_by_path.get(path[: (depth - 1) * 4], ""),
            DocumentStatus.of(withdrawn=withdrawn, superseded=bool(superseded_id), live=live),
            updated[0] if updated else None,
        )
        for pk, service, doc_type, path, depth, withdrawn, superseded_id, live, *updated in rows
    }
    return facts, sections


def sections_at(paths: set[str], selected: str) -> list[SectionPage]:
    """The live library sections at `paths` (the matched documents' parents) and the one
    the searcher filtered by, in tree order: the facet needs no others, and reading every
    section cost more than the rest of the facets at 100,000 sections."""
    condition = Q(path__in=sorted(paths))
    if selected.isdigit():
        condition |= Q(pk=int(selected))
    sections = SectionPage.objects.live().filter(condition).order_by()
    fields = ("id", "path", "depth", "url_path", "title", "locale_id")
    return sorted(sections.only(*fields), key=lambda section: section.path)


def facet_labels(sections: list[SectionPage]) -> dict[str, dict[str, str]]:
    return {
        "service": dict(Service.choices),
        "type": dict(DocumentType.choices),
        "status": {k: v for k, v in DocumentStatus.choices if k != DocumentStatus.DRAFT},
        "section": {str(section.pk): section.title for section in sections},
    }


def count_facets(
    facts: dict[int, Facts], sections: list[SectionPage], request: SearchRequest
) -> dict[str, list[FacetValue]]:
    """For each facet, its values with how many documents each finds given the other
    filters, and the link that chooses it (or clears it when chosen)."""
    selected = request.filters.as_dict()
    chosen = request.filters.selected()
    labels = facet_labels(sections)
    facets: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        value_of = attrgetter(name)
        if chosen:
            counts = Counter(
                value_of(fact) for fact in facts.values() if fact.passes(chosen, skip=name)
            )
        else:
            counts = Counter(map(value_of, facts.values()))
        facets[name] = [
            FacetValue(
                facet=name,
                value=value,
                label=labels[name].get(value, value),
                count=counts[value],
                selected=selected[name] == value,
                request=request,
            )
            for value in labels[name]
            if counts[value] or selected[name] == value
        ]
    return facets
