from django.core.management.base import BaseCommand

from evidence.uploads import IMPORT_UPLOAD_MAX_AGE, import_uploads_purge


class Command(BaseCommand):
    help = (
        "Delete uploaded survey exports left between preview and confirm for longer than "
        f"{IMPORT_UPLOAD_MAX_AGE.total_seconds() / 3600:.0f} hours. Run it regularly (e.g. hourly from cron)."
    )

    def handle(self, *args, **options):
        deleted = import_uploads_purge()
        self.stdout.write(self.style.SUCCESS(f"{deleted} abandoned upload(s) deleted."))
