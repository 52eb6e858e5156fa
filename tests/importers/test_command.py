"""Importing writes drafts safely and repeatably: `manage.py import_word`, one transaction per
file, the original attached with its hash, imported version history, a JSON report, and every
file of the shared development corpus either imported (keeping >= 99% of its text) or refused
with a clear error."""

from __future__ import annotations

import io
import json
from pathlib import Path

import mammoth
import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import OutputWrapper
from wagtail.images import get_image_model

from importers import importer
from importers.importer import FileResult, Options, convert, import_path
from importers.management.commands.import_word import Progress
from importers.models import ImportRecord
from importers.package import WordImportError
from importers.samples import LEGACY_DEMO, legacy_procedure, para, raw_docx
from importers.textcheck import reference_text, retention
from procedures.access import is_cleared_for
from procedures.models import DocumentPage, DocumentVersion, LibraryDocument, SectionPage
from tests.importers.test_parsing import png
from tests.importers.test_safety import huge_png, image_docx

REPO_ROOT = Path(__file__).resolve().parents[2]
# CI keeps ../shared beside the checkout; a git worktree may sit one folder deeper.
CORPUS = next(
    (
        parent / "shared" / "corpus" / "dev"
        for parent in REPO_ROOT.parents
        if (parent / "shared" / "corpus" / "dev").is_dir()
    ),
    (REPO_ROOT / ".." / "shared" / "corpus" / "dev").resolve(),
)
CORPUS_FILES = sorted(CORPUS.rglob("*.docx")) if CORPUS.is_dir() else []

pytestmark = pytest.mark.django_db


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def legacy(**changes) -> bytes:
    spec = LEGACY_DEMO[0][1]
    # LEG-101 is in the demo library already; these tests import their own document.
    return legacy_procedure(type(spec)(**{**spec.__dict__, "reference": "LEG-201", **changes}))


@pytest.fixture
def section(db) -> SectionPage:
    return SectionPage.objects.get(slug="operational-policy")


def run_command(*args: str) -> str:
    out = io.StringIO()
    call_command("import_word", *args, stdout=out)
    return out.getvalue()


def test_import_creates_a_draft_with_original_history_and_blocks(tmp_path, section, users):
    path = write(tmp_path, "flooding.docx", legacy())
    output = run_command(str(path), "--section", section.slug, "--user", "coordinator")
    assert "1 created" in output
    page = DocumentPage.objects.get(reference="LEG-201")
    assert not page.live and page.has_unpublished_changes
    assert page.get_parent().pk == section.pk
    assert page.title == "Joint response to flooding incidents"
    assert page.owner_role == "Head of Joint Operations"
    assert [b.block_type for b in page.body][:3] == ["heading", "text", "heading"]
    record = ImportRecord.objects.get(page=page)
    original = page.attachments.get().document
    assert original == record.original
    assert original.file_hash and len(record.content_hash) == 64
    assert "private" in original.file.path
    versions = DocumentVersion.objects.filter(page=page).order_by("major", "minor")
    assert [(v.label, v.imported) for v in versions] == [
        ("1.0", True), ("2.0", True), ("2.1", True)]  # fmt: skip
    assert versions[0].change_summary == "First issue."
    assert page.get_latest_revision().user == users["coordinator"]


def test_same_file_again_changes_nothing(tmp_path, section):
    path = write(tmp_path, "flooding.docx", legacy())
    run_command(str(path), "--section", section.slug)
    page = DocumentPage.objects.get(reference="LEG-201")
    revisions = page.revisions.count()
    output = run_command(str(path), "--section", section.slug)
    assert "0 created, 0 updated, 1 unchanged" in output
    assert page.revisions.count() == revisions
    assert LibraryDocument.objects.filter(title__startswith="LEG-201").count() == 1


def test_changed_file_becomes_a_new_draft_revision(tmp_path, section):
    run_command(str(write(tmp_path, "v1.docx", legacy())), "--section", section.slug)
    page = DocumentPage.objects.get(reference="LEG-201")
    page.save_revision().publish()
    changed = legacy(safety="Never drive through flood water.", version="2.2")
    output = run_command(str(write(tmp_path, "v2.docx", changed)), "--section", section.slug)
    assert "1 updated" in output
    page.refresh_from_db()
    assert page.live  # the published version is untouched
    assert page.has_unpublished_changes
    draft = page.get_latest_revision_as_object()
    assert "Never drive through flood water." in json.dumps(draft.body.get_prep_value())
    assert "Never drive" not in json.dumps(page.body.get_prep_value())
    assert DocumentVersion.objects.filter(page=page, major=2, minor=2, imported=True).exists()


def test_a_failing_file_leaves_nothing_and_the_batch_goes_on(tmp_path, section, monkeypatch):
    good = write(tmp_path, "a-good.docx", raw_docx(para("A good procedure.")))
    bad = write(tmp_path, "b-bad.docx", legacy())
    broken = write(tmp_path, "c-broken.docx", b"not a word file")
    images_before = get_image_model().objects.count()
    documents_before = LibraryDocument.objects.count()
    stored = []
    original_attach = importer.attach_original

    def attach_then_fail(data, conversion, reference, files, user):
        document = original_attach(data, conversion, reference, files, user)
        stored.append(Path(document.file.path))
        if reference == "LEG-201":
            raise RuntimeError("disk full")
        return document

    monkeypatch.setattr(importer, "attach_original", attach_then_fail)
    report = tmp_path / "report.json"
    with pytest.raises(CommandError, match="2 of 3 file"):
        run_command(str(tmp_path), "--section", section.slug, "--report", str(report))
    assert not DocumentPage.objects.filter(reference="LEG-201").exists()
    assert LibraryDocument.objects.count() == documents_before + 1
    assert get_image_model().objects.count() == images_before
    assert stored[0].exists() and not stored[1].exists()  # the failed file's original is gone
    results = {Path(r["path"]).name: r for r in json.loads(report.read_text())}
    assert results["a-good.docx"]["outcome"] == "created"
    assert results["b-bad.docx"]["outcome"] == "failed"
    assert "disk full" in results["b-bad.docx"]["error"]
    assert "not a Word document" in results["c-broken.docx"]["error"]
    assert str(bad) in results["b-bad.docx"]["path"] and good.exists() and broken.exists()


def test_report_holds_one_object_per_file(tmp_path, section):
    write(tmp_path, "flooding.docx", legacy())
    report = tmp_path / "out.json"
    run_command(str(tmp_path), "--section", section.slug, "--report", str(report))
    (entry,) = json.loads(report.read_text())
    assert entry["outcome"] == "created"
    assert entry["reference"] == "LEG-201"
    assert entry["page_id"] == DocumentPage.objects.get(reference="LEG-201").pk
    assert entry["blocks"]["heading"] >= 4 and entry["blocks"]["steps"] == 1
    assert entry["body_characters"] > 500
    assert entry["error"] == ""
    assert all(set(w) == {"where", "message"} for w in entry["warnings"])


def test_dry_run_writes_nothing(tmp_path):
    write(tmp_path, "flooding.docx", legacy())
    pages, records = DocumentPage.objects.count(), ImportRecord.objects.count()
    documents = LibraryDocument.objects.count()
    output = run_command(str(tmp_path), "--dry-run")
    assert "Dry run (nothing written): 1 created" in output
    assert (DocumentPage.objects.count(), ImportRecord.objects.count()) == (pages, records)
    assert LibraryDocument.objects.count() == documents


def test_new_document_without_section_fails_clearly(tmp_path):
    write(tmp_path, "flooding.docx", legacy())
    with pytest.raises(CommandError):
        output = run_command(str(tmp_path))
        assert "--section" in output


def test_progress_lines_limit_and_fail_fast(tmp_path, section):
    for n in range(3):
        write(tmp_path, f"{n}-broken.docx", b"garbage")
    with pytest.raises(CommandError, match="1 of 1"):
        run_command(str(tmp_path), "--fail-fast", "--section", section.slug)
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 of 2"):
        call_command("import_word", str(tmp_path), "--limit", "2", "--dry-run", stdout=out)
    assert "[1/2] FAILED" in out.getvalue() and "[2/2] FAILED" in out.getvalue()


def test_service_and_owner_role_options(tmp_path, section):
    data = raw_docx(para("A procedure without a front sheet."))
    write(tmp_path, "plain.docx", data)
    run_command(str(tmp_path), "--section", section.slug, "--service", "fire",
                "--owner-role", "Head of Prevention", "--reference-prefix", "FRS")  # fmt: skip
    page = ImportRecord.objects.get(source_name="plain.docx").page
    assert page.reference.startswith("FRS-")
    assert (page.service, page.owner_role) == ("fire", "Head of Prevention")


def test_jobs_convert_in_parallel(tmp_path, section):
    for n in range(2):
        write(tmp_path, f"{n}.docx", legacy(reference=f"LEG-40{n}"))
    write(tmp_path, "x-broken.docx", b"garbage")
    report = tmp_path / "report.json"
    with pytest.raises(CommandError, match="1 of 3"):
        run_command(str(tmp_path), "--jobs", "2", "--section", section.slug, "--report",
                    str(report))  # fmt: skip
    outcomes = [entry["outcome"] for entry in json.loads(report.read_text())]
    assert outcomes == ["created", "created", "failed"]
    assert DocumentPage.objects.filter(reference__in=["LEG-400", "LEG-401"]).count() == 2


def test_images_become_wagtail_images_and_enormous_images_placeholders(tmp_path, section):
    result = import_path(write(tmp_path, "img.docx", image_docx(png())), Options(section=section))
    assert result.outcome == "created", result.error
    page = DocumentPage.objects.get(pk=result.page_id)
    image_block = next(b for b in page.body if b.block_type == "image")
    assert image_block.value["image"].title == "Map"
    assert image_block.value["alt_text"] == "Map"
    before = get_image_model().objects.count()
    result = import_path(write(tmp_path, "huge.docx", image_docx(huge_png(100_000, 100_000))),
                         Options(section=section))  # fmt: skip
    # An enormous image is a warning and a placeholder, never a failed file or a stored bomb.
    assert result.outcome == "created", result.error
    assert any("pixels" in w["message"] for w in result.warnings)
    assert get_image_model().objects.count() == before


@pytest.mark.skipif(not CORPUS_FILES, reason=f"The shared corpus is not at {CORPUS}")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.name for p in CORPUS_FILES])
def test_corpus_file_imports_with_its_text_or_fails_clearly(path):
    data = path.read_bytes()
    try:
        converted = convert(data, path.name)
    except WordImportError as exc:
        message = str(exc)
        assert len(message) > 30 and message[0].isupper()
        # Refusals are for files with nothing a reader could use.
        assert "no content" in message or "damaged" in message
        assert retention(reference_text(data), "") == 1.0 or "no content" not in message
        return
    imported = " ".join(converted.body.text_parts + converted.meta.consumed_text)
    assert retention(reference_text(data), imported) >= 0.99
    raw = mammoth.extract_raw_text(io.BytesIO(data)).value
    assert retention(raw, imported) >= 0.99


def test_demo_library_holds_documents_imported_from_legacy_files(library):
    page = DocumentPage.objects.get(reference="LEG-101")
    assert not page.live  # imported documents are drafts awaiting approval
    latest = page.get_latest_revision_as_object()
    kinds = [block.block_type for block in latest.body]
    assert {"heading", "steps", "table", "callout", "text"} <= set(kinds)
    numbers = [b.value["number"] for b in latest.body if b.block_type == "heading"]
    assert numbers[:2] == ["1", "1.1"]
    text = json.dumps(latest.body.get_prep_value())
    assert "This applies to both services." in text  # tracked insertion accepted
    assert "police staff only" not in text  # tracked deletion dropped
    assert page.versions.filter(imported=True).count() == 3
    assert ImportRecord.objects.filter(page=page).exists()


def test_sensitive_documents_get_the_access_groups_given(tmp_path, section, users):
    write(tmp_path, "s.docx", legacy(marking="OFFICIAL-SENSITIVE", reference="LEG-205"))
    run_command(str(tmp_path), "--section", section.slug,
                "--access-group", "Joint Operations Planning Team")  # fmt: skip
    page = DocumentPage.objects.get(reference="LEG-205")
    assert page.is_sensitive
    assert [g.name for g in page.access_groups.all()] == ["Joint Operations Planning Team"]
    assert is_cleared_for(users["planner"], page)
    assert not is_cleared_for(users["police.officer"], page)


def test_files_are_recognised_by_content_not_name(tmp_path, section):
    named_oddly = write(tmp_path, "procedure.bin", raw_docx(para("Recognised by content.")))
    result = import_path(named_oddly, Options(section=section))
    assert result.outcome == "created", result.error
    disguised = write(tmp_path, "notes.docx", b"%PDF-1.4 not word")
    assert "not a Word document" in import_path(disguised, Options(section=section)).error


def test_progress_bar_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    progress = Progress(OutputWrapper(stream), total=4)
    progress.update(FileResult(path="a.docx", outcome="created", reference="LEG-001"))
    progress.update(FileResult(path="b.docx", error="The file is empty."))
    progress.finish()
    output = stream.getvalue()
    assert "\r[#######" in output and "2/4" in output
    assert "b.docx: The file is empty." in output


def test_images_browsers_cannot_show_are_dropped_with_a_warning(tmp_path, section):
    data = image_docx(b"\x01\x00\x00\x00 EMF-like data")
    result = import_path(write(tmp_path, "emf.docx", data), Options(section=section))
    assert result.outcome == "created", result.error
    assert any("cannot show" in w["message"] for w in result.warnings)
    page = DocumentPage.objects.get(pk=result.page_id)
    assert "image" not in [block.block_type for block in page.body]
