"""Demo glossary: terms both services use, written for this project (see DOMAIN.md), held as
data in `demo_glossary.toml`.

`load_demo_glossary()` is idempotent (keyed by term) and called by `build_demo_library()`."""

from __future__ import annotations

import tomllib
from pathlib import Path

from django.db import transaction

from .models import GlossaryTerm

GLOSSARY_FILE = Path(__file__).with_name("demo_glossary.toml")


def demo_terms() -> list[dict[str, str]]:
    """{term, expansion, aliases, service, definition} for each demo term."""
    with GLOSSARY_FILE.open("rb") as file:
        return tomllib.load(file)["terms"]


def load_demo_glossary() -> int:
    """Create missing demo terms; returns how many were created."""
    created = 0
    with transaction.atomic():
        existing = set(GlossaryTerm.objects.values_list("term", flat=True))
        for term in demo_terms():
            if term["term"] in existing:
                continue
            GlossaryTerm.objects.create(**term)
            created += 1
    return created
