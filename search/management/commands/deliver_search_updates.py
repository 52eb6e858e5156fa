"""Deliver pending search index updates now (the worker does this on its own)."""

from django.core.management.base import BaseCommand

from search.delivery import deliver_due
from search.outbox import summary


class Command(BaseCommand):
    help = "Send every due outbox row to the search cluster once (normally the worker's job)."

    def handle(self, *args, **options):
        counts = deliver_due()
        state = summary()
        self.stdout.write(
            f"Delivered {counts['delivered']}, failed {counts['failed']}; "
            f"{state['pending']} still pending."
        )
