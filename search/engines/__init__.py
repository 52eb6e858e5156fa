"""Search engines behind one small interface, chosen by settings alone.

`get_engine()` returns the Elasticsearch engine when `ELASTICSEARCH_URL` is set (the
OpenSearch engine if also `ELASTICSEARCH_FLAVOUR = "opensearch"`), and otherwise the engine
for the default database (SQLite FTS5 or PostgreSQL full-text).
Views only ever talk to `SearchEngine`; none of them knows which engine is configured."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.db import connection

from .base import (
    SECTIONS_PER_DOCUMENT,
    EngineUnavailable,
    Matches,
    Scope,
    SearchEngine,
    SectionHit,
    fallback_notice,
)
from .elasticsearch import ElasticsearchEngine
from .opensearch import OpenSearchEngine
from .postgres import PostgresEngine
from .sqlite import SqliteEngine


@cache
def _engine_for(vendor: str, es_url: str, flavour: str) -> SearchEngine:
    if es_url and flavour == "opensearch":
        return OpenSearchEngine.from_settings()
    if es_url:
        return ElasticsearchEngine.from_settings()
    return database_engine(vendor)


def database_engine(vendor: str | None = None) -> SearchEngine:
    vendor = vendor or connection.vendor
    if vendor == "postgresql":
        return PostgresEngine()
    if vendor == "sqlite":
        return SqliteEngine()
    raise NotImplementedError(f"No full-text search engine for the {vendor} database.")


def get_engine() -> SearchEngine:
    return _engine_for(
        connection.vendor,
        getattr(settings, "ELASTICSEARCH_URL", "") or "",
        getattr(settings, "ELASTICSEARCH_FLAVOUR", "elasticsearch"),
    )


def external_engine() -> ElasticsearchEngine | None:
    """The configured engine if it is an external one, whose updates travel through the
    outbox (None for the database engines)."""
    engine = get_engine()
    return engine if isinstance(engine, ElasticsearchEngine) else None


def reset_engine_cache() -> None:
    _engine_for.cache_clear()


__all__ = [
    "SECTIONS_PER_DOCUMENT",
    "EngineUnavailable",
    "Matches",
    "Scope",
    "SearchEngine",
    "SectionHit",
    "database_engine",
    "external_engine",
    "fallback_notice",
    "get_engine",
    "reset_engine_cache",
]
