"""Nothing left behind by the importer: a second "Create draft" answers as the first did,
previews never confirmed expire, and the files of an import that never committed (killed
mid-file) are swept away."""

from __future__ import annotations

import datetime
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from importers import cleanup
from importers.models import ImportRecord, PendingImport
from importers.samples import LEGACY_DEMO, legacy_procedure
from procedures.models import DocumentPage, LibraryDocument, SectionPage, private_storage
from tests.importers.test_parsing import png
from tests.importers.test_safety import image_docx

REPO = Path(__file__).resolve().parents[2]


def legacy_file(reference: str = "LEG-311") -> bytes:
    spec = LEGACY_DEMO[1][1]
    return legacy_procedure(type(spec)(**{**spec.__dict__, "reference": reference}))


def upload(client, reference: str = "LEG-311"):
    section = SectionPage.objects.get(slug="operational-policy")
    response = client.post(
        reverse("importers:upload"),
        {"file": SimpleUploadedFile("f.docx", legacy_file(reference)), "section": section.pk},
    )
    assert response.status_code == 200
    return response.context["confirm"].initial["token"]


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def stored_files(*folders: str) -> set[str]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return {
        str(path.relative_to(root))
        for folder in folders
        for path in (root / folder).rglob("*")
        if path.is_file()
    }


@pytest.mark.django_db
def test_a_second_create_draft_answers_as_the_first_did(client_for):
    client = client_for("coordinator")
    token = upload(client)
    first = client.post(reverse("importers:create"), {"token": token})
    second = client.post(reverse("importers:create"), {"token": token})
    page = DocumentPage.objects.get(reference="LEG-311")
    assert first.status_code == second.status_code == 302
    assert (
        first["Location"]
        == second["Location"]
        == reverse("wagtailadmin_pages:edit", args=[page.pk])
    )
    # (messages pile up in the session until a page shows them: compare the last ones)
    assert messages_of(first)[-1] == messages_of(second)[-1]
    assert "LEG-311 created as a draft" in messages_of(second)[-1]
    assert ImportRecord.objects.filter(page=page).count() == 1


@pytest.mark.django_db
def test_someone_elses_preview_looks_expired(client_for):
    token = upload(client_for("coordinator"))
    response = client_for("owner").post(reverse("importers:create"), {"token": token})
    assert response.status_code == 302 and response["Location"] == reverse("importers:upload")
    assert messages_of(response) == ["That upload has expired. Upload the file again."]
    assert not DocumentPage.objects.filter(reference="LEG-311").exists()


@pytest.mark.django_db
def test_previews_never_confirmed_expire_after_a_day(client_for):
    assert settings.IMPORT_PREVIEW_MAX_AGE == 24 * 3600
    client = client_for("coordinator")
    token = upload(client)
    pending = PendingImport.objects.get(token=token)
    assert private_storage().exists(pending.path)
    # An upload whose request failed after writing its file: no row.
    stray = private_storage().save(f"{cleanup.UPLOAD_DIR}/stray.upload", io.BytesIO(b"x" * 10))
    old = (timezone.now() - datetime.timedelta(hours=25)).timestamp()
    os.utime(private_storage().path(stray), (old, old))

    # Within the day nothing but the stray file goes.
    cleanup.sweep()
    assert private_storage().exists(pending.path) and not private_storage().exists(stray)

    # A day later the preview has expired: confirming it is refused, and the next upload
    # (anyone's) sweeps its file and row away.
    PendingImport.objects.filter(pk=pending.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=24, minutes=1)
    )
    response = client.post(reverse("importers:create"), {"token": token})
    assert messages_of(response)[-1] == "That upload has expired. Upload the file again."
    upload(client_for("owner"), "LEG-312")
    assert not PendingImport.objects.filter(pk=pending.pk).exists()
    assert not private_storage().exists(pending.path)
    assert not DocumentPage.objects.filter(reference="LEG-311").exists()


@pytest.mark.django_db
def test_the_sweep_command_says_what_it_removed(client_for):
    token = upload(client_for("coordinator"))
    PendingImport.objects.filter(token=token).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    out = io.StringIO()
    call_command("sweep_imports", "--dry-run", stdout=out)
    assert "1 expired preview(s)" in out.getvalue() and "would be" in out.getvalue()
    assert PendingImport.objects.filter(token=token).exists()
    call_command("sweep_imports", stdout=out)
    assert not PendingImport.objects.filter(token=token).exists()


@pytest.mark.django_db
def test_a_journal_left_by_a_dead_process_loses_its_uncommitted_files_only(tmp_path):
    storage = private_storage()
    kept = LibraryDocument.objects.exclude(file="").first()  # a committed import's original
    orphan = storage.save("documents/imports/leg-999.docx", io.BytesIO(b"half an import"))
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    journal = Path(storage.path(f"{cleanup.JOURNAL_DIR}/dead.json"))
    journal.parent.mkdir(parents=True, exist_ok=True)
    journal.write_text(json.dumps({
        "host": os.uname().nodename, "pid": dead.pid, "started": "", "created": time.time(),
        "claimed": ["documents/imports/leg-999.docx"], "written": [kept.file.name, orphan],
    }))  # fmt: skip
    # A live process's journal (this one's) is left alone.
    live = cleanup.Journal()
    live.claim("documents/imports/leg-998.docx")
    live_file = storage.save("documents/imports/leg-998.docx", io.BytesIO(b"in progress"))

    report = cleanup.sweep()
    assert not storage.exists(orphan) and not journal.exists()
    assert storage.exists(kept.file.name)  # a row refers to it: that import committed
    assert storage.exists(live_file) and report.files == 1
    live.close()


# -- killed mid-file --------------------------------------------------------------------------

KILLED_IMPORT = textwrap.dedent(
    """
    import os, sys, time
    import django
    from django.conf import settings

    os.environ["DJANGO_SETTINGS_MODULE"] = "jpl_site.settings.test"
    settings.PRIVATE_MEDIA_ROOT = sys.argv[1]
    django.setup()
    from django.core.management import call_command
    from importers import importer

    def start_workflow_then_hang(page, user):  # the files are written; the commit never comes
        open(sys.argv[2], "w").close()
        time.sleep(600)

    importer.start_workflow = start_workflow_then_hang
    call_command("import_word", sys.argv[3], "--section", "operational-policy")
    """
)


@pytest.mark.postgres_only
def test_an_import_killed_mid_file_leaves_no_file_after_the_sweep(fresh_demo_library, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("The killed import runs in another process: it needs a shared database.")
    word = tmp_path / "with-image.docx"
    word.write_bytes(image_docx(png()))
    folders = ("documents/imports", "original_images")
    before = stored_files(*folders)
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
        f"{database['NAME']}",
    }
    script = tmp_path / "killed_import.py"
    script.write_text(KILLED_IMPORT)
    counts = []
    for attempt in range(2):  # killed twice: the retry must not add a second copy
        ready = tmp_path / f"ready-{attempt}"
        child = subprocess.Popen(
            [sys.executable, str(script), str(settings.PRIVATE_MEDIA_ROOT), str(ready), str(word)],
            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while not ready.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready.exists(), child.stderr.read().decode()[-3000:]
        child.send_signal(signal.SIGKILL)
        child.wait()
        left = stored_files(*folders) - before
        # Killed mid-file: its original and its image are in storage, and nothing committed.
        assert {name.split("/")[0] for name in left} == {"documents", "original_images"}, left
        counts.append(len(left))
    assert counts[0] == counts[1]  # the retry swept the first attempt's files before starting
    assert not ImportRecord.objects.filter(source_name=str(word)).exists()
    report = cleanup.sweep()
    assert report.files == counts[1]
    assert stored_files(*folders) == before
