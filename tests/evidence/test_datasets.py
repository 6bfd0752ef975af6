import pytest

from evidence.datasets import ExportDataset, export_dataset_register, export_datasets
from evidence.models import EvidenceItem


def test_evidence_datasets_come_first_then_those_other_apps_register():
    assert list(export_datasets()) == ["evidence", "submitters", "recommendations", "links"]
    assert export_datasets()["submitters"].identities_only


def test_a_name_registered_twice_is_refused():
    again = ExportDataset(
        "links", resource=lambda show_confidential, **kwargs: None, queryset=EvidenceItem.objects.none
    )
    with pytest.raises(ValueError, match="'links' is registered twice"):
        export_dataset_register(again)
