"""What one Word file may cost, and the error a file that cannot be imported raises."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings

T = TypeVar("T")


class WordImportError(Exception):
    """A file that cannot be imported; the message says why and what to do about it."""


@dataclass(frozen=True)
class Limits:
    """Bounds on what one file may cost. Override with the IMPORTER_LIMITS setting (a dict)."""

    max_file_bytes: int = 100 * 1024 * 1024
    max_members: int = 5000
    max_total_uncompressed: int = 400 * 1024 * 1024
    max_xml_part_bytes: int = 60 * 1024 * 1024
    max_member_ratio: int = 200  # uncompressed/compressed, for members over 1 MB
    max_image_bytes: int = 20 * 1024 * 1024
    max_image_pixels: int = 64_000_000
    convert_timeout_seconds: int = 120


def limits() -> Limits:
    return Limits(**getattr(settings, "IMPORTER_LIMITS", {}))


def failure_message(exc: BaseException) -> str:
    """What the user reads about a file that failed."""
    if isinstance(exc, WordImportError):
        return str(exc)
    if isinstance(exc, (OSError, MemoryError, RecursionError)):
        return f"Could not read the file: {exc}"
    return (
        f"Unexpected error ({type(exc).__name__}: {exc}); nothing was saved for this file. "
        "Please report it with the file."
    )


def one_file(action: Callable[[], T]) -> tuple[T | None, str]:
    """Run one file's work: (its result, "") or (None, why it failed). The one place where one
    bad file is kept from stopping a batch, an upload or a worker."""
    try:
        return action(), ""
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop the batch
        return None, failure_message(exc)
