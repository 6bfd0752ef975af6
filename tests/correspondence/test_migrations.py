"""The data migration seeding the four letters: forwards, backwards, and idempotent (an edited
template is never overwritten)."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from correspondence.letters import TEMPLATES

BEFORE = [("correspondence", "0001_initial")]
AFTER = [("correspondence", "0002_seed_templates")]
seeding = importlib.import_module("correspondence.migrations.0002_seed_templates")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_seed_templates_forwards_backwards_and_again_without_overwriting_edits():
    try:
        apps = _migrate(BEFORE)
        EmailTemplate = apps.get_model("post_office", "EmailTemplate")
        assert not EmailTemplate.objects.filter(name__in=TEMPLATES).exists()

        apps = _migrate(AFTER)
        EmailTemplate = apps.get_model("post_office", "EmailTemplate")
        assert sorted(EmailTemplate.objects.values_list("name", flat=True)) == sorted(TEMPLATES)
        chaser = EmailTemplate.objects.get(name="chaser")
        assert "{{ name }}" in chaser.content and chaser.subject
        assert "{{ report_url }}" in EmailTemplate.objects.get(name="thank_you").content
        EmailTemplate.objects.filter(name="chaser").update(subject="Edited by the secretariat")

        seeding.seed(apps, None)  # again: nothing added, nothing overwritten
        assert EmailTemplate.objects.count() == 4
        assert EmailTemplate.objects.get(name="chaser").subject == "Edited by the secretariat"
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
