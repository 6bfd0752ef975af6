"""What the recommendations app adds to the evidence app's registries (called from its ready())."""

from evidence.datasets import ExportDataset, export_dataset_register
from evidence.scrubbing import scrub_target_register
from recommendations.models import EvidenceLink, Recommendation
from recommendations.resources import EvidenceLinkResource, RecommendationResource


def register() -> None:
    export_dataset_register(
        ExportDataset(
            "recommendations",
            resource=lambda show_confidential, **kwargs: RecommendationResource(**kwargs),
            queryset=lambda: Recommendation.objects.all(),
        )
    )
    export_dataset_register(
        ExportDataset(
            "links",
            resource=lambda show_confidential, **kwargs: EvidenceLinkResource(
                show_confidential=show_confidential, **kwargs
            ),
            queryset=lambda: EvidenceLink.objects.order_by("pk"),
        )
    )
    # Members' notes on a link may quote the submitter.
    scrub_target_register(model=EvidenceLink, fields=("note",), item_lookup="evidence_id")
