"""manage.py export_evidence --format csv|xlsx|json -o FILE [--dataset ...] [--include-identities]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evidence.models import EvidenceItem, Submitter
from evidence.resources import EvidenceItemResource, SubmitterResource
from justice_wp.exporting import export_bytes
from recommendations.models import EvidenceLink, Recommendation
from recommendations.resources import EvidenceLinkResource, RecommendationResource


class Command(BaseCommand):
    help = (
        "Export evidence items (default), submitters, recommendations or evidence links to CSV, XLSX or "
        "JSON. Cells that a spreadsheet would run as formulas are prefixed with '."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx", "json"], required=True)
        parser.add_argument("-o", "--output", type=Path, required=True)
        parser.add_argument(
            "--dataset", choices=["evidence", "submitters", "recommendations", "links"], default="evidence"
        )
        parser.add_argument(
            "--include-identities",
            action="store_true",
            help=(
                "Name submitters who asked for anonymity or did not consent, and include the text of "
                "confidential evidence and its excerpts (secretariat use only)."
            ),
        )

    def handle(self, *args, format, output: Path, dataset, include_identities, **options):
        if dataset == "submitters" and not include_identities:
            raise CommandError("The submitters export is personal data: add --include-identities to confirm.")
        logged = {"log_path": "manage.py export_evidence"}  # in the access log, as there is no request
        resource, queryset = {
            "evidence": (
                EvidenceItemResource(show_identities=include_identities, **logged),
                EvidenceItem.objects.order_by("reference"),
            ),
            "submitters": (SubmitterResource(**logged), Submitter.objects.order_by("pk")),
            "recommendations": (RecommendationResource(**logged), Recommendation.objects.all()),
            "links": (
                EvidenceLinkResource(show_confidential=include_identities, **logged),
                EvidenceLink.objects.order_by("pk"),
            ),
        }[dataset]
        content = export_bytes(resource, queryset, format)
        try:
            output.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stdout.write(self.style.SUCCESS(f"Exported {queryset.count()} {dataset} row(s) to {output}."))
