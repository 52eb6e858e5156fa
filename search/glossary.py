"""The shared glossary as search synonyms, cached per process and invalidated on change."""

from __future__ import annotations

import logging

from django.core.cache import cache

from .query import Synonyms

logger = logging.getLogger(__name__)
VERSION_KEY = "library_search:glossary-version"
_local: dict[str, object] = {"version": None, "synonyms": None}


def synonym_groups() -> list[list[str]]:
    from .models import GlossaryTerm

    return [term.names for term in GlossaryTerm.objects.all()]


def synonyms() -> Synonyms:
    """Current glossary synonyms. The cache version lets every process notice an edit."""
    version = cache.get(VERSION_KEY, 0)
    if _local["synonyms"] is None or _local["version"] != version:
        _local["synonyms"] = Synonyms(synonym_groups())
        _local["version"] = version
    return _local["synonyms"]  # type: ignore[return-value]


def changed() -> None:
    """A term was added, edited or deleted: refresh caches and push synonyms to the engine."""
    from django.db import transaction

    from .engines import get_engine

    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)
    _local["synonyms"] = None

    def push() -> None:
        try:
            get_engine().glossary_changed()
        except Exception:
            logger.exception(
                "Search: could not update the engine's synonyms; "
                "run `manage.py rebuild_section_index` to re-sync once it answers"
            )

    transaction.on_commit(push)
