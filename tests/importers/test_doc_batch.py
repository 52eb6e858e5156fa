"""Legacy .doc files in a batch share one LibreOffice run (a fake soffice counts its runs)."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest
from django.core.management import call_command

from importers.package import OLE2_MAGIC
from importers.samples import para, raw_docx


def fake_doc(n: int) -> bytes:
    return OLE2_MAGIC + b"\0" * 504 + "WordDocument".encode("utf-16-le") + bytes([n]) * 600


@pytest.fixture
def fake_soffice(tmp_path, settings):
    """A soffice that 'converts' every file it is given into the same small .docx and
    records each time it is started."""
    template = tmp_path / "template.docx"
    template.write_bytes(raw_docx(para("Converted from a legacy file.")))
    runs = tmp_path / "runs.log"
    script = tmp_path / "soffice"
    script.write_text(
        "#!/bin/sh\n"
        f'echo run >> "{runs}"\n'
        'out=""; grab=0\n'
        'for arg in "$@"; do\n'
        '  if [ "$grab" = 1 ]; then out="$arg"; grab=0; continue; fi\n'
        '  case "$arg" in --outdir) grab=1;; *.doc) mkdir -p "$out";'
        f' cp "{template}" "$out/$(basename "$arg" .doc).docx";; esac\n'
        "done\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    settings.IMPORTER_SOFFICE = str(script)
    return runs


@pytest.mark.django_db
def test_doc_files_in_a_batch_start_libreoffice_once(tmp_path, fake_soffice):
    folder = tmp_path / "docs"
    folder.mkdir()
    for n in range(5):
        (folder / f"old-{n}.doc").write_bytes(fake_doc(n))
    out = io.StringIO()
    call_command("import_word", str(folder), "--dry-run", stdout=out)
    assert "5 created, 0 updated, 0 unchanged, 0 failed of 5" in out.getvalue()
    assert Path(fake_soffice).read_text().count("run") == 1
    assert "FAILED" not in out.getvalue()
