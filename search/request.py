"""A search as asked: who, for what, with which filters, sort and page (`SearchRequest`),
read from the search page's query string and written back into its links."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.http import urlencode

PER_PAGE = 20
MAX_QUERY_LENGTH = 200
SORTS = {"relevance": "Relevance", "updated": "Last updated"}
FACETS = ("service", "section", "type", "status")


@dataclass(frozen=True)
class Filters:
    service: str = ""
    section: str = ""
    type: str = ""
    status: str = ""

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> Filters:
        return cls(**{name: (params.get(name) or "").strip()[:40] for name in FACETS})

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in FACETS}

    def selected(self) -> dict[str, str]:
        """Only the filters set."""
        return {name: value for name, value in self.as_dict().items() if value}


@dataclass(frozen=True)
class SearchRequest:
    """One search: who asks (`user`), the text as typed, and the options of the page's query
    string. `correct_spelling` is False when the searcher turned a correction down ("Search
    instead for ...")."""

    user: Any
    query: str
    filters: Filters = field(default_factory=Filters)
    include_old: bool = False
    sort: str = "relevance"
    page_number: int = 1
    per_page: int = PER_PAGE
    correct_spelling: bool = True

    @classmethod
    def from_params(cls, user, params: Mapping[str, str]) -> SearchRequest:
        """From the search page's (or the API's) query string; anything malformed reads as
        the default."""
        try:
            page_number = int(params.get("page") or 1)
        except ValueError:
            page_number = 1
        sort = params.get("sort") or "relevance"
        return cls(
            user=user,
            query=(params.get("q") or "").strip()[:MAX_QUERY_LENGTH],
            filters=Filters.from_params(params),
            include_old=params.get("include") == "all",
            sort=sort if sort in SORTS else "relevance",
            page_number=page_number,
            correct_spelling=params.get("as_typed") != "1",
        )

    def link(self, **changes: str | int) -> str:
        """The query string of this search with `changes` (a filter set, or cleared with "",
        another page), as the search page's links carry it."""
        params: dict[str, str | int] = {"q": self.query, "sort": self.sort}
        if self.include_old:
            params["include"] = "all"
        params.update(self.filters.selected())
        params.update(changes)
        return "?" + urlencode({name: value for name, value in params.items() if value != ""})

    def as_typed_link(self) -> str:
        """This query with spelling correction turned down."""
        return "?" + urlencode({"q": self.query, "as_typed": "1"})
