from django.core.management.base import BaseCommand

from evidence.privacy_services import retention_apply


class Command(BaseCommand):
    help = "Erase the personal data of every submitter whose retention_until date has passed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would be erased; change nothing."
        )

    def handle(self, *args, dry_run, **options):
        ids = retention_apply(dry_run=dry_run)
        listed = ", ".join(f"#{pk}" for pk in ids) or "none"
        if dry_run:
            self.stdout.write(
                f"Dry run: {len(ids)} submitter(s) past their retention date would be erased: {listed}."
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"{len(ids)} submitter(s) erased: {listed}."))
