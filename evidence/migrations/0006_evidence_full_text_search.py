"""Full-text search over evidence items, on PostgreSQL only (SQLite keeps the admin's icontains).

A stored generated tsvector column rather than an expression index: queries name the column, so the
GIN index is used whatever SQL the ORM writes around it, and titles weigh more than summaries,
summaries more than bodies. The column is not a model field: Django never writes it.

Submitter name/email searches stay substring matches (people search for part of a name); trigram
indexes (pg_trgm) let PostgreSQL answer them without reading every submitter. Creating the
extension needs a role allowed to (the database owner on PostgreSQL 13+, pg_trgm being trusted)."""

from django.db import migrations

COLUMN_SQL = """
ALTER TABLE evidence_evidenceitem ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')
) STORED
"""
INDEX_SQL = "CREATE INDEX evidence_item_search_gin ON evidence_evidenceitem USING gin (search_vector)"
TRIGRAM_SQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # UPPER(): Django's icontains compares UPPER(column) LIKE UPPER(%term%).
    "CREATE INDEX submitter_name_trgm ON evidence_submitter USING gin (UPPER(name) gin_trgm_ops)",
    "CREATE INDEX submitter_email_trgm ON evidence_submitter USING gin (UPPER(email) gin_trgm_ops)",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(COLUMN_SQL)
        schema_editor.execute(INDEX_SQL)
        for statement in TRIGRAM_SQL:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS submitter_email_trgm")
        schema_editor.execute("DROP INDEX IF EXISTS submitter_name_trgm")
        schema_editor.execute("DROP INDEX IF EXISTS evidence_item_search_gin")
        schema_editor.execute("ALTER TABLE evidence_evidenceitem DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("evidence", "0005_import_upload")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
