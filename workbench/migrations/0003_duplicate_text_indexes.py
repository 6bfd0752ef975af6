"""Indexes for finding duplicate evidence text, on PostgreSQL only.

An MD5 expression index answers "same text" (the list filter compares hashes, not whole bodies); a
trigram GIN index answers "nearly the same text" (`body % …` with pg_trgm, which migration
evidence/0006 installs). SQLite compares the hashes without an index."""

from django.db import migrations

INDEXES = [
    "CREATE INDEX evidence_body_md5 ON evidence_evidenceitem (md5(body))",
    "CREATE INDEX evidence_body_trgm ON evidence_evidenceitem USING gin (body gin_trgm_ops)",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for statement in INDEXES:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS evidence_body_trgm")
        schema_editor.execute("DROP INDEX IF EXISTS evidence_body_md5")


class Migration(migrations.Migration):
    dependencies = [
        ("workbench", "0002_duplicate_pairs"),
        ("evidence", "0006_evidence_full_text_search"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
