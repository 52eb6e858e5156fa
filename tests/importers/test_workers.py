"""`import_word --jobs N` leaves no worker behind, however the command ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from importers.samples import para, raw_docx

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="reads the process table from /proc (Linux)"
)


def descendants(pid: int) -> dict[int, str]:
    """Live (not zombie) processes below `pid`: pid -> command line."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z":
            parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = {}, {pid}
    while frontier:
        children = {child for child, parent in parents.items() if parent in frontier}
        frontier = children - set(found)
        for child in frontier:
            try:
                found[child] = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
    return {pid: cmd.decode(errors="replace") for pid, cmd in found.items()}


def alive(pids) -> set[int]:
    still = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            still.add(pid)
    return still


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_jobs_workers_end_with_the_command(tmp_path, how):
    folder = tmp_path / "files"
    folder.mkdir()
    body = "".join(para(f"Step {i}: check the cordon and the rendezvous.") for i in range(400))
    for number in range(120):
        (folder / f"doc-{number:03}.docx").write_bytes(raw_docx(body))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jpl_site.settings.test",
        # The workers convert without a database; the command's own lookups fail per file,
        # which keeps it busy handing out work, as a real run is.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }
    command = subprocess.Popen(
        [sys.executable, "manage.py", "import_word", str(folder), "--jobs", "2", "--dry-run",
         "--quiet"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    everything_below: dict[int, str] = {}
    try:
        deadline = time.monotonic() + 120
        workers: dict[int, str] = {}
        while time.monotonic() < deadline and command.poll() is None:
            workers = {pid: cmd for pid, cmd in descendants(command.pid).items() if "spawn" in cmd}
            if len(workers) >= 2:
                break
            time.sleep(0.1)
        assert len(workers) >= 2, f"no workers seen; exit code {command.poll()}"
        time.sleep(1.0)  # let them get to work
        everything_below = descendants(command.pid)
        command.send_signal(how)
        command.wait(timeout=30)
        deadline = time.monotonic() + 10
        while alive(everything_below) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(everything_below), {
            pid: everything_below[pid] for pid in alive(everything_below)
        }
    finally:
        if command.poll() is None:
            command.kill()
        for pid in alive(everything_below):  # never leave a failed test's workers running
            os.kill(pid, signal.SIGKILL)
