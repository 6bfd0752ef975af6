from django.core.management.base import BaseCommand, CommandError

from justice_wp import backups


class Command(BaseCommand):
    help = "Back up the database (pg_dump -Fc on PostgreSQL, VACUUM INTO on SQLite) to a new file."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="File to write (default: $BACKUP_DIR/justice-wp-<time>).")

    def handle(self, *args, output=None, **options):
        try:
            path = backups.backup(output)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backed up to {path}"))
        for table, (count, checksum) in backups.fingerprint().items():
            self.stdout.write(f"  {table:<16} {count:>8} rows  checksum {checksum}")
