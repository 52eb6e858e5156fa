"""`manage.py sweep_imports`: remove what Word imports left behind (see importers.cleanup).

It also runs on its own (at the start of every import_word run and on every admin upload);
run it from cron if imports are rare and disk matters."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from importers import cleanup


class Command(BaseCommand):
    help = (
        "Delete files of Word imports that did not commit (killed mid-file) and previews "
        "never confirmed within IMPORT_PREVIEW_MAX_AGE seconds."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would go; delete nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = cleanup.sweep(dry_run=options["dry_run"])
        prefix = "Dry run: would be removed: " if options["dry_run"] else "Removed: "
        self.stdout.write(prefix + str(report))
