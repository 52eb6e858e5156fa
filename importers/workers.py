"""What `import_word --jobs N` runs in its worker processes: conversion only, no database.

Workers are started with 'spawn', so they share no database connection with the command;
this module imports nothing from Django models until Django is set up in the worker."""

from __future__ import annotations

from typing import Any


def setup() -> None:
    import django

    django.setup()


def convert_or_error(path: str, timeout: float) -> Any:
    """The conversion of `path`, or the error message for the user."""
    from .importer import convert_path
    from .package import WordImportError

    try:
        return convert_path(path, timeout)
    except WordImportError as exc:
        return str(exc)
    except (OSError, MemoryError, RecursionError) as exc:
        return f"Could not read the file: {exc}"
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop the batch
        return f"Unexpected error ({type(exc).__name__}: {exc}). Please report it with the file."
