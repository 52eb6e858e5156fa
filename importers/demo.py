"""Demo documents imported from generated legacy Word files (references LEG-...), so the demo
library shows what the importer makes of a typical old procedure: front sheet, numbered
headings, steps, a table, a safety box, version history and tracked changes left in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from procedures.models import DocumentPage, SectionPage

from .importer import Options, convert, import_conversion
from .samples import build_legacy_files


def import_legacy_demo(
    sections: dict[str, SectionPage],
    user: Any = None,
    progress: Callable[[str], None] = lambda message: None,
) -> int:
    """Import each generated legacy file not yet in the library; returns how many it made."""
    created = 0
    for section_slug, name, data in build_legacy_files():
        conversion = convert(data, name)
        if DocumentPage.objects.filter(reference=conversion.meta.reference).exists():
            continue
        options = Options(section=sections[section_slug], user=user, owner_role="")
        result = import_conversion(conversion, data, options, name)
        if result.error:
            raise RuntimeError(f"Demo import of {name} failed: {result.error}")
        created += 1
        progress(f"{result.reference} {result.title} (imported from {name})")
    return created
