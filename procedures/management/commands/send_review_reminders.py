"""Daily (cron): e-mail owners whose reviews fall due, and the coordinator about overdue
documents and documents whose owner has left. Running it twice in a day sends nothing twice."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from procedures.reviews import SUBJECTS, plan_reminders, send_reminder


class Command(BaseCommand):
    help = "E-mail review reminders to document owners and the policy coordinator."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Show who would be e-mailed; send nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        today = timezone.localdate()
        reminders = plan_reminders(today)
        if not reminders:
            self.stdout.write("No reminders to send today.")
            return
        sent = 0
        for reminder in reminders:
            refs = ", ".join(page.reference for page in reminder.pages)
            line = f"{SUBJECTS[reminder.kind]} -> {reminder.recipient.email}: {refs}"
            if dry_run:
                self.stdout.write(f"Would send: {line}")
                continue
            if send_reminder(reminder, today):
                sent += 1
                self.stdout.write(f"Sent: {line}")
            else:
                self.stdout.write(f"Already sent today: {line}")
        if dry_run:
            self.stdout.write(f"Dry run: {len(reminders)} e-mail(s) would be sent.")
        else:
            self.stdout.write(self.style.SUCCESS(f"{sent} e-mail(s) sent."))
