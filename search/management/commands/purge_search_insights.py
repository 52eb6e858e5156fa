"""Delete search-insight counts older than SEARCH_INSIGHTS_DAYS (default 90). Idempotent; run
it daily (the insights page also purges when it is opened)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from search import insights
from search.models import SearchQueryDay


class Command(BaseCommand):
    help = "Delete search-insight counts older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")

    def handle(self, *args, dry_run=False, **options):
        days = insights.retention_days()
        if dry_run:
            cutoff = timezone.localdate() - datetime.timedelta(days=days)
            count = SearchQueryDay.objects.filter(day__lt=cutoff).count()
            self.stdout.write(f"Would delete {count} rows older than {days} days.")
            return
        self.stdout.write(f"Deleted {insights.purge()} rows older than {days} days.")
