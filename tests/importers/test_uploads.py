"""A large Word upload streams to disk and is read part by part, never whole: four 69 MB
uploads at once took one worker to 642 MB when each was read into memory (and copied)."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.urls import reverse

from importers import views
from importers.models import ImportRecord
from importers.samples import LEGACY_DEMO, legacy_procedure
from procedures.models import DocumentPage, SectionPage

pytestmark = pytest.mark.django_db


def large_docx(reference: str) -> bytes:
    """A real Word file made large by eight 1 MB parts nothing refers to (stored, as big
    embedded images would be)."""
    spec = LEGACY_DEMO[1][1]
    buffer = io.BytesIO(legacy_procedure(type(spec)(**{**spec.__dict__, "reference": reference})))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_STORED) as archive:
        for number in range(8):
            archive.writestr(f"customXml/filler{number}.bin", os.urandom(1024 * 1024))
    return buffer.getvalue()


class ReadSpy:
    """A file that records the size of every read made through it."""

    def __init__(self, file, reads: list[int]):
        self._file, self._reads = file, reads

    def read(self, size: int = -1) -> bytes:
        data = self._file.read(size)
        self._reads.append(len(data))
        return data

    def __getattr__(self, name):
        return getattr(self._file, name)


def test_a_large_upload_streams_to_disk_and_is_never_read_whole(client_for, monkeypatch):
    data = large_docx("LEG-777")
    assert len(data) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    sources: list[type] = []
    reads: list[int] = []
    convert = views.convert

    def spying_convert(source, name):
        sources.append(type(source))
        return convert(ReadSpy(source, reads), name)

    monkeypatch.setattr(views, "convert", spying_convert)
    client = client_for("coordinator")
    section = SectionPage.objects.get(slug="operational-policy").pk
    preview = client.post(
        reverse("importers:upload"),
        {"file": SimpleUploadedFile("radio.docx", data), "section": section},
    )
    assert preview.status_code == 200 and "LEG-777" in preview.content.decode()
    assert sources == [TemporaryUploadedFile]  # on disk, not in the worker's memory
    token = preview.context["confirm"].initial["token"]
    created = client.post(reverse("importers:create"), {"token": token})
    assert created.status_code == 302
    assert len(sources) == 2  # the preview, then the stored upload at "Create draft"
    # Member by member (and the hash in 1 MB chunks): no read came near the whole file.
    assert reads and max(reads) <= 1024 * 1024 + 4096 < len(data) / 4, max(reads)
    page = DocumentPage.objects.get(reference="LEG-777")
    original = ImportRecord.objects.get(page=page).original
    assert original.file.size == len(data)  # kept whole on disk, copied in chunks
