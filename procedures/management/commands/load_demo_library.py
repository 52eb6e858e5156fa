from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from procedures.demo import content
from procedures.demo.builder import build_demo_library, missing_parts


class Command(BaseCommand):
    help = "Build the demo library: sections, documents, groups and demo accounts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DEBUG off. Demo accounts have a published password.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the documents and accounts that would be created; change nothing.",
        )

    def handle(self, *args, **options):
        if options["dry_run"]:
            missing = missing_parts()
            for kind in ("documents", "accounts"):
                names = missing[kind]
                self.stdout.write(
                    f"Would create {len(names)} {kind}"
                    + (f": {', '.join(names)}" if names else ".")
                )
            return
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "Refusing to load demo accounts with DEBUG off: their password is published. "
                "Pass --allow-production if this really is a throwaway install."
            )
        total = len(content.DOCUMENTS)
        done = 0

        def progress(message: str) -> None:
            nonlocal done
            done += 1
            self.stdout.write(f"  [{done:>3}/{total}] {message}")

        result = build_demo_library(progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo library ready: {result['documents_created']} documents created, "
                f"{result['documents_total']} in the library."
            )
        )
        self.stdout.write("\nDemo accounts (password for all: %s)" % content.DEMO_PASSWORD)
        for account in content.USERS:
            self.stdout.write(f"  {account['username']:<16} {account['role']}")
