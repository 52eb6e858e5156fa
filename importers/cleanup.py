"""Nothing left behind by imports: files of imports that never committed, and previews that
were never confirmed.

Two kinds of leftover, and how each is found:

- **An import that did not commit.** Rows roll back with the transaction, but files written to
  storage do not. An import that fails in the ordinary way deletes its own files
  (`importer.StoredFiles`); one that is killed (SIGKILL, OOM killer, power cut) cannot. So an
  import first names each file it is about to write in a *journal* (a small JSON file under
  `import-journal/` in private storage, written before the file itself), and deletes the
  journal once its transaction has committed. A journal still there belongs to an import
  that is still running, or to one that never committed. `sweep()` deletes the files of every
  journal whose process has gone (same host, process id no longer running) or that is older
  than `IMPORT_JOURNAL_MAX_AGE` (one hour by default: longer than any import's time limit),
  keeping any file a document or image row refers to (its transaction did commit).
- **A preview never confirmed.** An upload waits in `import-uploads/` for its uploader to press
  "Create draft" (`PendingImport`). Previews expire `IMPORT_PREVIEW_MAX_AGE` after the upload
  (24 hours by default): `sweep()` deletes their files and rows, and any upload file with no
  row that is older than that (an upload whose request failed).

`sweep()` runs on its own: at the start of every `manage.py import_word` run and on every
upload in the admin; `manage.py sweep_imports` runs it by hand (or from cron).
"""

from __future__ import annotations

import contextlib
import datetime
import json
import logging
import os
import re
import socket
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from procedures.models import private_storage

from .models import PendingImport

logger = logging.getLogger(__name__)

JOURNAL_DIR = "import-journal"
UPLOAD_DIR = "import-uploads"


def preview_max_age() -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, "IMPORT_PREVIEW_MAX_AGE", 24 * 3600))


def journal_max_age() -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, "IMPORT_JOURNAL_MAX_AGE", 3600))


def _storage():
    return private_storage()


def _process_started(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux), so a recycled process id is
    not taken for the process that wrote a journal; "" where /proc is not available."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[19]


def _is_running(pid: int, started: str) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not started or _process_started(pid) in ("", started)


class Journal:
    """The files one import is writing, named before each is written (see the module doc)."""

    def __init__(self) -> None:
        self.storage = _storage()
        self.name = f"{JOURNAL_DIR}/{uuid.uuid4().hex}.json"
        self.claimed: list[str] = []
        self.written: list[str] = []
        self.open = False

    def _flush(self) -> None:
        path = Path(self.storage.path(self.name))
        path.parent.mkdir(parents=True, exist_ok=True)
        record = {
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "started": _process_started(os.getpid()),
            "created": time.time(),
            "claimed": self.claimed,
            "written": self.written,
        }
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(record))
        os.replace(temporary, path)  # never a half-written journal
        self.open = True

    def claim(self, name: str) -> None:
        """About to write `name` (the storage may pick a free variant of it)."""
        self.claimed.append(name)
        self._flush()

    def wrote(self, name: str) -> None:
        self.written.append(name)
        self._flush()

    def close(self) -> None:
        """The import committed (or cleaned up after itself): nothing to sweep."""
        if self.open:
            with contextlib.suppress(OSError):
                Path(self.storage.path(self.name)).unlink()
            self.open = False


def _referenced(names: set[str]) -> set[str]:
    """Those of `names` that a document, image or rendition row points at."""
    image_model = get_image_model()
    rendition_model = image_model.get_rendition_model()
    found: set[str] = set()
    for model in (get_document_model(), image_model, rendition_model):
        found.update(model.objects.filter(file__in=names).values_list("file", flat=True))
    return found


def _variants(storage: Any, claimed: str, since: float) -> set[str]:
    """`claimed` and the free variants the storage may have given it (`name_AbC1234.ext`),
    written since the journal was started."""
    directory, base = os.path.split(claimed)
    stem, extension = os.path.splitext(base)
    pattern = re.compile(re.escape(stem) + r"(_[A-Za-z0-9]{7})?" + re.escape(extension) + "$")
    try:
        _, files = storage.listdir(directory)
    except OSError:
        return set()
    names = set()
    for file_name in files:
        name = f"{directory}/{file_name}" if directory else file_name
        if pattern.match(file_name):
            with contextlib.suppress(OSError):
                if os.path.getmtime(storage.path(name)) >= since - 1:
                    names.add(name)
    return names


@dataclass
class SweepReport:
    journals: int = 0
    files: int = 0
    previews: int = 0
    bytes: int = 0

    def __str__(self) -> str:
        return (
            f"{self.files} file(s) of imports that did not commit, {self.previews} expired "
            f"preview(s) ({self.bytes:,} bytes) removed; {self.journals} journal(s) closed."
        )


def _delete(storage: Any, name: str, report: SweepReport, dry_run: bool) -> None:
    with contextlib.suppress(OSError):
        report.bytes += storage.size(name)
        if not dry_run:
            storage.delete(name)


def sweep_journals(report: SweepReport, dry_run: bool = False, now: float | None = None) -> None:
    storage = _storage()
    now = now or time.time()
    host = socket.gethostname()
    try:
        _, journal_files = storage.listdir(JOURNAL_DIR)
    except OSError:
        return
    for file_name in journal_files:
        if not file_name.endswith(".json"):
            continue
        path = Path(storage.path(f"{JOURNAL_DIR}/{file_name}"))
        try:
            record = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        age = now - record.get("created", 0)
        alive = record.get("host") == host and _is_running(record["pid"], record.get("started"))
        if alive and age < journal_max_age().total_seconds():
            continue  # still importing
        candidates = set(record.get("written", []))
        for claimed in record.get("claimed", []):
            candidates |= _variants(storage, claimed, record.get("created", 0))
        keep = _referenced(candidates) if candidates else set()
        for name in sorted(candidates - keep):
            if storage.exists(name):
                _delete(storage, name, report, dry_run)
                report.files += 1
        report.journals += 1
        if not dry_run:
            with contextlib.suppress(OSError):
                path.unlink()
        logger.info("Import journal %s swept: %d file(s) left by an import that did not commit",
                    file_name, len(candidates - keep))  # fmt: skip


def sweep_previews(report: SweepReport, dry_run: bool = False, now=None) -> None:
    storage = _storage()
    cutoff = (now or timezone.now()) - preview_max_age()
    expired = PendingImport.objects.filter(created_at__lt=cutoff)
    for pending in expired:
        if pending.path and storage.exists(pending.path):
            _delete(storage, pending.path, report, dry_run)
        if pending.confirmed_at is None:
            report.previews += 1
    if not dry_run:
        expired.delete()
    try:
        _, files = storage.listdir(UPLOAD_DIR)
    except OSError:
        return
    known = set(PendingImport.objects.values_list("path", flat=True))
    for file_name in files:
        name = f"{UPLOAD_DIR}/{file_name}"
        if name in known:
            continue
        with contextlib.suppress(OSError):
            modified = storage.get_modified_time(name)
            if modified < cutoff:
                _delete(storage, name, report, dry_run)
                report.previews += 1


def sweep(dry_run: bool = False) -> SweepReport:
    """Remove what imports left behind (see the module doc). Safe to run at any time, from any
    number of processes at once."""
    report = SweepReport()
    sweep_journals(report, dry_run)
    sweep_previews(report, dry_run)
    return report
