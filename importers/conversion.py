"""One Word file converted in memory: open, parse, extract metadata, map, check images. No
database, so it runs in worker processes and in dry runs; bounded in time by `time_limit`.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .bounds import WordImportError, limits
from .images import check_images
from .mapper import MappedBody, map_items
from .metadata import Metadata, extract_metadata
from .package import SourceFile, open_package
from .word import Image, ParsedDocument, parse_package

WORD_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm", ".doc", ".dot")


@dataclass
class Conversion:
    """A converted file, ready to be written (or only reported, in a dry run)."""

    name: str
    content_hash: str
    parsed: ParsedDocument
    meta: Metadata
    body: MappedBody
    converted_from: str = ""
    seconds: float = 0.0
    source_path: str = ""  # the file's full path (command line only; uploads have none)

    @property
    def warnings(self) -> list[tuple[str, str]]:
        return self.parsed.warnings + self.body.warnings


# -- time limit --------------------------------------------------------------------------


@contextlib.contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Raise WordImportError if the block takes longer than `seconds` (main thread only)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise WordImportError(
            f"Converting {what} took longer than {seconds:g}s and was stopped; the file may be "
            "malformed or far larger than a procedure should be."
        )

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# -- conversion (no database) ------------------------------------------------------------


def convert(source: bytes | SourceFile, name: str) -> Conversion:
    """Parse, extract metadata and map a Word file: its bytes, or a seekable binary file (an
    upload streamed to disk is read member by member, never as one piece). Images are not
    stored."""
    with no_cyclic_gc():
        return _convert(source, name)


@contextlib.contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Conversion allocates millions of short-lived objects (element proxies, segments, items)
    that form no reference cycles; the cyclic collector's repeated passes over the growing item
    lists cost a third of a large file's time. Reference counting frees them as before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _convert(source: bytes | SourceFile, name: str) -> Conversion:
    started = time.perf_counter()
    package = open_package(source, name)
    parsed = parse_package(package)
    meta = extract_metadata(parsed, name)
    check_images([item for item in parsed.items if isinstance(item, Image)], limits())
    body = map_items(parsed.items)
    if not body.blocks:
        dropped = "; ".join(message for _, message in parsed.warnings[:3])
        raise WordImportError(
            "The document has no content to import (no text, tables or images in its body)"
            + (f"; what it had was dropped: {dropped}" if dropped else ".")
        )
    return Conversion(
        name=name,
        content_hash=content_hash(source),
        parsed=parsed,
        meta=meta,
        body=body,
        converted_from=package.converted_from,
        seconds=time.perf_counter() - started,
    )


def content_hash(source: bytes | SourceFile) -> str:
    """The file's SHA-256, read from a file in 1 MB chunks."""
    if isinstance(source, bytes):
        return hashlib.sha256(source).hexdigest()
    digest = hashlib.sha256()
    source.seek(0)
    for chunk in iter(lambda: source.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def convert_path(path: str, timeout: float = 0) -> Conversion:
    file = Path(path)
    size = file.stat().st_size
    cap = limits().max_file_bytes
    if size > cap:
        raise WordImportError(
            f"The file is {size:,} bytes (limit {cap:,}). Split it or compress its images in "
            "Word, then retry."
        )
    with time_limit(timeout, file.name), file.open("rb") as handle:
        conversion = convert(handle, file.name)
    conversion.source_path = str(file.resolve())
    return conversion


def find_word_files(paths: list[str]) -> list[Path]:
    """Files named on the command line (whatever their suffix: content decides) and, in
    folders, every file with a Word suffix, recursively, skipping Word's ~$ lock files."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for candidate in sorted(path.rglob("*")):
                if (
                    candidate.is_file()
                    and candidate.suffix.lower() in WORD_SUFFIXES
                    and not candidate.name.startswith("~$")
                ):
                    found.append(candidate)
        else:
            found.append(path)
    return found
