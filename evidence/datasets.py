"""The datasets `manage.py export_evidence --dataset NAME` can write, registered by the apps that own them.

evidence may not import the apps built on it, so an app adds its own datasets (recommendations: its
recommendations and evidence links) from its AppConfig.ready()."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from evidence.models import EvidenceItem, Submitter
from evidence.resources import EvidenceItemResource, SubmitterResource


@dataclass(frozen=True)
class ExportDataset:
    name: str
    # Called with `show_confidential` (the command's --include-identities) and the resource's keyword
    # arguments (the access-log path); returns the resource to export through.
    resource: Callable
    queryset: Callable[[], QuerySet]
    # Personal data through and through: refused unless --include-identities confirms it.
    identities_only: bool = False


_datasets: dict[str, ExportDataset] = {}


def export_dataset_register(dataset: ExportDataset) -> None:
    if dataset.name in _datasets:
        raise ValueError(f"Export dataset {dataset.name!r} is registered twice.")
    _datasets[dataset.name] = dataset


def export_datasets() -> dict[str, ExportDataset]:
    """Registered datasets by name, in registration order (evidence's own first)."""
    return dict(_datasets)


export_dataset_register(
    ExportDataset(
        "evidence",
        resource=lambda show_confidential, **kwargs: EvidenceItemResource(
            show_identities=show_confidential, **kwargs
        ),
        queryset=lambda: EvidenceItem.objects.order_by("reference"),
    )
)
export_dataset_register(
    ExportDataset(
        "submitters",
        resource=lambda show_confidential, **kwargs: SubmitterResource(**kwargs),
        queryset=lambda: Submitter.objects.order_by("pk"),
        identities_only=True,
    )
)
