"""Rebuild the search section table (and the configured engine) from published documents."""

from django.core.management.base import BaseCommand

from search.indexing import rebuild


class Command(BaseCommand):
    help = "Re-create search sections for every published document; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be indexed, change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        counts = rebuild(progress=lambda message: self.stdout.write(message), dry_run=dry_run)
        verb = "Would index" if dry_run else "Indexed"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {counts['sections']} sections of {counts['documents']} documents; "
                f"{counts['removed']} unpublished document(s) "
                f"{'would be ' if dry_run else ''}removed from the index."
            )
        )
