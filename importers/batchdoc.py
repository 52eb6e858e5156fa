"""Legacy .doc files of a batch converted by ONE LibreOffice process.

Starting LibreOffice costs 1.5 to 3 s; converting one more file in a process already running
costs a fraction of that. `preconverted(paths)` copies every legacy .doc of the batch into a
private temporary folder under its content hash, converts them all with one `soffice
--convert-to` run (in chunks, with a time limit that grows with the chunk), and points
`JPL_IMPORT_PRECONVERTED` at the folder so `package.convert_with_libreoffice` - in this
process and in `--jobs` workers - takes the converted file instead of starting LibreOffice
again. A file the batch could not convert falls back to its own conversion, with its own error.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess  # runs LibreOffice on copies of the files, with a timeout
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .package import (
    OLE2_MAGIC,
    PRECONVERTED_ENV,
    describe_ole2,
    doc_is_encrypted,
    limits,
    soffice_path,
)

ENV = PRECONVERTED_ENV
CHUNK = 100


def is_legacy_doc(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            if handle.read(8) != OLE2_MAGIC:
                return False
        data = path.read_bytes()
    except OSError:
        return False
    return describe_ole2(data) == "doc" and not doc_is_encrypted(data)


def convert_folder(sources: list[Path], out: Path, profile: Path) -> None:
    binary = soffice_path()
    if not binary:
        return
    lim = limits()
    for start in range(0, len(sources), CHUNK):
        chunk = sources[start : start + CHUNK]
        command = [
            binary,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            *map(str, chunk),
        ]
        with contextlib.suppress(subprocess.TimeoutExpired, OSError):
            subprocess.run(  # noqa: S603 - fixed argument list, no shell
                command,
                capture_output=True,
                timeout=lim.convert_timeout_seconds + 5 * len(chunk),
                check=False,
                env={**os.environ, "HOME": str(profile.parent)},
                stdin=subprocess.DEVNULL,
            )


@contextlib.contextmanager
def preconverted(paths: list[Path]) -> Iterator[int]:
    """Convert the batch's legacy .doc files in one LibreOffice run; yields how many."""
    docs = [path for path in paths if is_legacy_doc(path)]
    if len(docs) < 2 or not soffice_path() or os.environ.get(ENV):
        yield 0
        return
    with tempfile.TemporaryDirectory(prefix="jpl-doc-batch-") as tmp:
        folder = Path(tmp)
        sources = folder / "src"
        sources.mkdir()
        copies = []
        for path in docs:
            data = path.read_bytes()
            copy = sources / f"{hashlib.sha256(data).hexdigest()}.doc"
            copy.write_bytes(data)
            copies.append(copy)
        convert_folder(sorted(set(copies)), folder / "out", folder / "profile")
        os.environ[ENV] = str(folder / "out")
        try:
            yield len(list((folder / "out").glob("*.docx")))
        finally:
            os.environ.pop(ENV, None)
