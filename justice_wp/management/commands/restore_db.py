from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from justice_wp import backups


class Command(BaseCommand):
    help = (
        "Replace the database's contents with a backup from backup_db (all or nothing), then re-apply "
        "recorded erasures so people erased since the backup stay erased. Stop the app servers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A file written by backup_db / `make backup`.")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="Do not ask to confirm."
        )

    def handle(self, *args, file, interactive=True, **options):
        if interactive:
            answer = input(f"This replaces every row in the database with {file}. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled: nothing was changed.")
        try:
            backups.restore(file)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {file}"))
        # A backup predates any erasure made since it was taken: re-applying the erasure ledger after
        # every restore keeps erased people erased.
        if "reapply_erasures" in get_commands():
            call_command("reapply_erasures", stdout=self.stdout, stderr=self.stderr)
        else:
            self.stderr.write(
                self.style.WARNING(
                    "WARNING: reapply_erasures is not installed, so erasures made after this backup "
                    "were NOT re-applied: erase those submitters again before reopening the service."
                )
            )
        for table, (count, checksum) in backups.fingerprint().items():
            self.stdout.write(f"  {table:<16} {count:>8} rows  checksum {checksum}")
