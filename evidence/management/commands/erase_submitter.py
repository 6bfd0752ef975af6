from django.core.management.base import BaseCommand, CommandError

from evidence.models import Submitter
from evidence.privacy_services import submitter_erase


class Command(BaseCommand):
    help = (
        "Right to erasure: remove a submitter's personal data (including history), keep their evidence "
        "anonymised, and record the erasure (ids only) so it can be re-applied after a restore."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "submitter_id", type=int, metavar="ID", help="The submitter's id (see the admin URL)."
        )

    def handle(self, *args, submitter_id, **options):
        submitter = Submitter.objects.filter(pk=submitter_id).first()
        if submitter is None:
            raise CommandError(f"No submitter has id {submitter_id}; check the id in the admin's URL.")
        already = submitter.erased_at is not None
        submitter_erase(submitter=submitter, by=None)
        items = submitter.evidence_items.count()
        state = "was already erased; any remaining traces were removed" if already else "erased"
        self.stdout.write(
            self.style.SUCCESS(
                f"Submitter #{submitter_id} {state}; {items} evidence item(s) kept, anonymised."
            )
        )
