"""The library's core: page models, the access rule, the approval workflow."""

from __future__ import annotations

from typing import TYPE_CHECKING

# Named apart from this package's own `apps` submodule, which would shadow it.
from django.apps import apps as app_registry

if TYPE_CHECKING:
    from .models import DocumentPage


def get_document_page_model() -> type[DocumentPage]:
    """The `DocumentPage` class, from the app registry (as `wagtail.documents.get_document_model`
    does): for the modules the page models themselves import (the access rule, the approval
    rules, publication), which therefore cannot import the models."""
    return app_registry.get_model("procedures", "DocumentPage")
