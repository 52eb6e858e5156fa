"""What `import_word --jobs N` runs in its worker processes: conversion only, no database.

Workers are started with 'spawn', so they share no database connection with the command;
this module imports nothing from Django models until Django is set up in the worker.

Workers die with the command, however it ends (Ctrl-C, SIGTERM, SIGKILL, a crash): each worker
asks Linux to send it SIGTERM when its parent dies (`prctl(PR_SET_PDEATHSIG)`), and, where
that is not available, a watcher thread notices that its parent has gone within a second.
A worker ending that way first ends whatever it started (LibreOffice, for a .doc file). Workers
stay in the command's process group, so Ctrl-C still reaches them directly.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

import django

from .bounds import one_file

PR_SET_PDEATHSIG = 1
PARENT_POLL_SECONDS = 1.0


def _children() -> list[int]:
    """Processes this one started (Linux: from /proc; none found elsewhere)."""
    me, found = str(os.getpid()), []
    for entry in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError):
            if entry.read_text().rsplit(")", 1)[1].split()[1] == me:
                found.append(int(entry.parent.name))
    return found


def _end(*_: object) -> None:
    """End this worker and whatever it started (LibreOffice for a .doc file), at once."""
    for pid in _children():
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    os._exit(1)


def _ask_for_death_signal() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent_pid: int) -> None:
    while True:
        time.sleep(PARENT_POLL_SECONDS)
        if os.getppid() != parent_pid:
            _end()


def die_with_parent(parent_pid: int) -> None:
    """Make sure this process ends when `parent_pid` (the command) does."""
    signal.signal(signal.SIGTERM, _end)
    _ask_for_death_signal()
    # Belt and braces: the death signal is Linux only, and a parent that died before it was
    # asked for would never send it.
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    if os.getppid() != parent_pid:
        _end()


def setup(parent_pid: int | None = None) -> None:
    if parent_pid is not None:
        die_with_parent(parent_pid)
    django.setup()


def convert_or_error(path: str, timeout: float) -> Any:
    """The conversion of `path`, or the error message for the user."""
    # Imported here, not at the top: a worker imports this module before Django is set up
    # (`setup` runs in the worker), and the conversion's modules need the app registry.
    from .conversion import convert_path  # noqa: PLC0415 - see above

    conversion, error = one_file(lambda: convert_path(path, timeout))
    return error or conversion
