"""The shared glossary as search synonyms, cached per process and invalidated on change."""

from __future__ import annotations

import logging

from django.core.cache import cache

from . import outbox
from .engines import external_engine
from .models import GlossaryTerm
from .query import Synonyms

logger = logging.getLogger(__name__)
VERSION_KEY = "library_search:glossary-version"
_local: dict[str, object] = {"version": None, "synonyms": None}


def synonyms() -> Synonyms:
    """Current glossary synonyms. The cache version lets every process notice an edit."""
    version = cache.get(VERSION_KEY, 0)
    if _local["synonyms"] is None or _local["version"] != version:
        _local["synonyms"] = Synonyms(GlossaryTerm.synonym_groups())
        _local["version"] = version
    return _local["synonyms"]  # type: ignore[return-value]


def changed() -> None:
    """A term was added, edited or deleted: refresh caches and push synonyms to the engine."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)
    _local["synonyms"] = None
    # External engines get the new synonyms through the outbox (retried until delivered).
    if external_engine() is not None:
        outbox.record_glossary()
