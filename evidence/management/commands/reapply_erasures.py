from django.core.management.base import BaseCommand

from evidence.privacy_services import erasures_reapply


class Command(BaseCommand):
    help = (
        "Re-apply every recorded erasure (database ledger and ERASURE_LEDGER_FILE) whose personal data is "
        "present again, e.g. after restoring a backup. Safe to run any number of times."
    )

    def handle(self, *args, **options):
        ids = erasures_reapply()
        listed = ", ".join(f"#{pk}" for pk in ids) or "none"
        self.stdout.write(self.style.SUCCESS(f"{len(ids)} erasure(s) re-applied: {listed}."))
