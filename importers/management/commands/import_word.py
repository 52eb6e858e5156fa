"""`manage.py import_word PATH...`: import legacy Word files as draft library documents.

Each file is converted and written in its own transaction: a failing file leaves nothing
behind and the batch goes on. Files are recognised by content; folders are searched
recursively. The command exits non-zero if any file failed.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser

from importers import batchdoc, cleanup, workers
from importers.conversion import find_word_files
from importers.importer import FileResult, Options, import_conversion, import_path
from procedures.models import SectionPage, Service


class Progress:
    """A progress bar on a terminal, plain lines otherwise (logs, CI)."""

    def __init__(self, stdout: Any, total: int, quiet: bool = False) -> None:
        self.stdout = stdout
        self.total = total
        self.quiet = quiet
        self.tty = hasattr(stdout, "isatty") and stdout.isatty()
        self.started = time.monotonic()
        self.done = 0

    def update(self, result: FileResult) -> None:
        self.done += 1
        label = result.outcome if not result.error else "FAILED"
        name = Path(result.path).name
        if self.tty:
            width = 30
            filled = int(width * self.done / max(self.total, 1))
            rate = self.done / max(time.monotonic() - self.started, 1e-6)
            bar = "#" * filled + "." * (width - filled)
            line = f"\r[{bar}] {self.done}/{self.total} {rate:.1f} files/s {label:9} {name[:40]}"
            self.stdout.write(line.ljust(110), ending="")
            self.stdout.flush()
            if result.error:
                self.stdout.write(f"\n  {result.path}: {result.error}")
        elif not self.quiet or result.error:
            ref = f" {result.reference}" if result.reference else ""
            suffix = f": {result.error}" if result.error else ""
            self.stdout.write(f"[{self.done}/{self.total}] {label}{ref} {result.path}{suffix}")

    def finish(self) -> None:
        if self.tty:
            self.stdout.write("")


class Command(BaseCommand):
    help = (
        "Import legacy Word files (.docx, .docm, .dotx; .doc through LibreOffice) as draft "
        "documents. Give files or folders (searched recursively)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Word files or folders")
        parser.add_argument(
            "--dry-run", action="store_true", help="Convert and report, write nothing"
        )
        parser.add_argument("--section", help="Section (slug or id) that new documents go under")
        parser.add_argument(
            "--service",
            choices=[c for c, _ in Service.choices],
            help="Owning service for every file (else from the front sheet)",
        )
        parser.add_argument(
            "--owner-role", default="", help="Owning role for files whose front sheet names none"
        )
        parser.add_argument("--user", help="Username recorded as the revisions' author")
        parser.add_argument(
            "--access-group",
            action="append",
            default=[],
            dest="access_groups",
            help="Group that may see OFFICIAL-SENSITIVE documents (repeatable)",
        )
        parser.add_argument(
            "--confirm-lower-marking",
            action="store_true",
            help="Allow a file to revise an OFFICIAL-SENSITIVE document with a lower marking "
            "(refused otherwise)",
        )
        parser.add_argument("--report", metavar="FILE", help="Write a JSON report here")
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="Convert in this many processes (writes stay serial)",
        )
        parser.add_argument("--limit", type=int, default=0, help="Import only the first N files")
        parser.add_argument(
            "--timeout",
            type=float,
            default=120.0,
            help="Seconds allowed to convert one file (default 120)",
        )
        parser.add_argument(
            "--reference-prefix",
            default="IMP",
            help="Prefix of references given to files that have none (IMP)",
        )
        parser.add_argument(
            "--fail-fast",
            action="store_true",
            help="Stop at the first file that fails (by default the batch goes on)",
        )
        parser.add_argument("--quiet", action="store_true",
                            help="Print only failures and the summary")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        files = find_word_files(options["paths"])
        missing = [path for path in files if not path.exists()]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(map(str, missing))}")
        if options["limit"]:
            files = files[: options["limit"]]
        if not files:
            raise CommandError("No Word files found in the paths given.")
        import_options = Options(
            section=self.section(options["section"]),
            service=options["service"] or "",
            owner_role=options["owner_role"],
            user=self.user(options["user"]),
            dry_run=options["dry_run"],
            reference_prefix=options["reference_prefix"].upper(),
            timeout=options["timeout"],
            access_groups=self.groups(options["access_groups"]),
            confirm_lower_marking=options["confirm_lower_marking"],
        )
        if not import_options.dry_run and import_options.section is None:
            self.stdout.write(
                "No --section given: files for documents already in the library will be "
                "revised; new documents will fail until a section is given."
            )
        if not import_options.dry_run:
            swept = cleanup.sweep()  # what earlier runs, killed mid-file, left behind
            if swept.files:
                self.stdout.write(f"Before importing: {swept}")
        progress = Progress(self.stdout, len(files), options["quiet"])
        results: list[FileResult] = []
        # Legacy .doc files share one LibreOffice run instead of starting one each.
        with batchdoc.preconverted(files):
            for result in self.run(files, import_options, options["jobs"]):
                results.append(result)
                progress.update(result)
                if result.error and options["fail_fast"]:
                    break
        progress.finish()
        if options["report"]:
            self.write_report(options["report"], results)
        self.summary(results, len(files), import_options.dry_run)
        failed = sum(1 for result in results if result.error)
        if failed:
            raise CommandError(f"{failed} of {len(results)} file(s) failed (see above).")

    def run(self, files: list[Path], options: Options, jobs: int) -> Iterator[FileResult]:
        if jobs <= 1 or len(files) < 2:
            for path in files:
                yield import_path(path, options)
            return
        # 'spawn': workers share no database connection (or anything else) with this process.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            initializer=workers.setup,
            initargs=(os.getpid(),),  # workers end when this process does, however it ends
        ) as pool:
            outcomes = pool.map(workers.convert_or_error, [str(p) for p in files],
                                [options.timeout] * len(files))  # fmt: skip
            for path, outcome in zip(files, outcomes, strict=True):
                started = time.perf_counter()
                if isinstance(outcome, str):
                    yield FileResult(path=str(path), error=outcome, dry_run=options.dry_run)
                    continue
                data = b"" if options.dry_run else path.read_bytes()
                yield import_conversion(outcome, data, options, str(path), started)

    def section(self, value: str | None) -> SectionPage | None:
        if not value:
            return None
        sections = SectionPage.objects.all()
        found = (
            sections.filter(pk=int(value)).first()
            if value.isdigit()
            else sections.filter(slug=value).first()
        )
        if found is None:
            known = ", ".join(sections.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No section {value!r}. Sections: {known}.")
        return found

    def groups(self, names: list[str]) -> list[Group]:
        groups = list(Group.objects.filter(name__in=names))
        missing = set(names) - {group.name for group in groups}
        if missing:
            known = ", ".join(Group.objects.values_list("name", flat=True))
            raise CommandError(f"No group {', '.join(sorted(missing))}. Groups: {known}.")
        return groups

    def user(self, username: str | None) -> Any:
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        return user

    def write_report(self, path: str, results: list[FileResult]) -> None:
        target = Path(path)
        temporary = target.with_name(target.name + ".tmp")
        temporary.write_text(json.dumps([r.as_json() for r in results], indent=2, default=str))
        os.replace(temporary, target)
        self.stdout.write(f"Report written to {target}")

    def summary(self, results: list[FileResult], total: int, dry_run: bool) -> None:
        counts = Counter("failed" if r.error else r.outcome for r in results)
        prefix = "Dry run (nothing written): " if dry_run else ""
        parts = [f"{counts.get(k, 0)} {k}" for k in ("created", "updated", "unchanged", "failed")]
        skipped = total - len(results)
        tail = f", {skipped} not attempted (--fail-fast)" if skipped else ""
        self.stdout.write(f"{prefix}{', '.join(parts)} of {total} file(s){tail}.")
        for result in results:
            if result.error:
                self.stdout.write(f"  FAILED {result.path}: {result.error}")
