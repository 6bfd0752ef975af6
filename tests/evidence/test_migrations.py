import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("evidence", "0010_erasure_review")]
AFTER = [("evidence", "0012_exclusion_reason_required")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_exclusion_reasons_migration_keeps_typed_reasons_as_notes_of_other_and_reverses():
    apps = _migrate(BEFORE)
    EvidenceItem = apps.get_model("evidence", "EvidenceItem")
    excluded = EvidenceItem.objects.create(
        reference="OAJ-9001", title="Chatter", status="excluded", status_reason="Off-topic chatter"
    )
    kept = EvidenceItem.objects.create(reference="OAJ-9002", title="Evidence", status="triaged")
    try:
        apps = _migrate(AFTER)
        EvidenceItem = apps.get_model("evidence", "EvidenceItem")
        names = list(apps.get_model("evidence", "ExclusionReason").objects.values_list("name", "needs_note"))
        assert ("Out of scope", False) in names and ("Other", True) in names
        migrated = EvidenceItem.objects.get(pk=excluded.pk)
        assert (migrated.exclusion_reason.name, migrated.status_reason) == ("Other", "Off-topic chatter")
        assert EvidenceItem.objects.get(pk=kept.pk).exclusion_reason is None
        duplicate = apps.get_model("evidence", "ExclusionReason").objects.get(name="Duplicate")
        EvidenceItem.objects.filter(pk=kept.pk).update(status="excluded", exclusion_reason=duplicate)

        apps = _migrate(BEFORE)
        EvidenceItem = apps.get_model("evidence", "EvidenceItem")
        assert EvidenceItem.objects.get(pk=excluded.pk).status_reason == "Off-topic chatter"
        assert EvidenceItem.objects.get(pk=kept.pk).status_reason == "Duplicate"  # the old rule wants text
    finally:
        _migrate(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )  # the test database's tables are flushed after
