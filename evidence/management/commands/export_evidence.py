"""manage.py export_evidence --format csv|xlsx|json -o FILE [--dataset ...] [--include-identities]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evidence.datasets import export_datasets
from justice_wp.exporting import export_bytes


class Command(BaseCommand):
    help = (
        "Export evidence items (default), submitters, recommendations or evidence links to CSV, XLSX or "
        "JSON. Cells that a spreadsheet would run as formulas are prefixed with '."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx", "json"], required=True)
        parser.add_argument("-o", "--output", type=Path, required=True)
        parser.add_argument("--dataset", choices=list(export_datasets()), default="evidence")
        parser.add_argument(
            "--include-identities",
            action="store_true",
            help=(
                "Name submitters who asked for anonymity or did not consent, and include the text of "
                "confidential evidence and its excerpts (secretariat use only)."
            ),
        )

    def handle(self, *args, format, output: Path, dataset, include_identities, **options):
        chosen = export_datasets()[dataset]
        if chosen.identities_only and not include_identities:
            raise CommandError(f"The {dataset} export is personal data: add --include-identities to confirm.")
        # In the access log, as there is no request.
        resource = chosen.resource(include_identities, log_path="manage.py export_evidence")
        queryset = chosen.queryset()
        content = export_bytes(resource, queryset, format)
        try:
            output.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stdout.write(self.style.SUCCESS(f"Exported {queryset.count()} {dataset} row(s) to {output}."))
