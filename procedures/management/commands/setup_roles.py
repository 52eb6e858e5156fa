from django.core.management.base import BaseCommand

from procedures.models import LibraryHomePage
from procedures.roles import ensure_roles


class Command(BaseCommand):
    help = "Create the library's groups and permissions (idempotent)."

    def handle(self, *args, **options):
        home = LibraryHomePage.objects.first()
        groups = ensure_roles(home)
        self.stdout.write(self.style.SUCCESS(f"{len(groups)} groups in place."))
        if home is None:
            self.stdout.write("No library home yet: page permissions will be granted later.")
