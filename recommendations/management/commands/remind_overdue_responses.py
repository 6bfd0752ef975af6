"""Email the secretariat the list of overdue stakeholder responses; run daily from cron.

manage.py remind_overdue_responses [--dry-run] [--today YYYY-MM-DD]
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from recommendations.implementation.reminders import overdue_reminder_send


class Command(BaseCommand):
    help = "Email the Secretariat the overdue stakeholder responses (at most once a day)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be sent; send nothing.")
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, default=None, help="Date to count from (testing)."
        )

    def handle(self, *args, dry_run=False, today=None, **options):
        today = today or timezone.localdate()
        result = overdue_reminder_send(today=today, dry_run=dry_run)
        for row in result.overdue:
            self.stdout.write(
                f"{row.recommendation.number} — {row.stakeholder.name}: due {row.response_due:%Y-%m-%d}"
            )
        if result.skipped:
            self.stdout.write(f"Nothing sent: {result.skipped}.")
        elif dry_run:
            self.stdout.write(
                f"Dry run: would email {len(result.recipients)} secretariat user(s) "
                f"about {len(result.overdue)} overdue response(s)."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Emailed {len(result.recipients)} secretariat user(s) about "
                    f"{len(result.overdue)} overdue response(s)."
                )
            )
