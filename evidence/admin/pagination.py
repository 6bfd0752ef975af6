from django.core.paginator import Paginator
from django.db import connection
from django.db.models import QuerySet
from django.utils.functional import cached_property

EXACT_BELOW = 10_000


class EstimatedCountPaginator(Paginator):
    """On PostgreSQL, an unfiltered list of many rows takes its size from the planner's statistics
    (pg_class.reltuples, kept by autovacuum/ANALYZE) instead of COUNT(*), which reads the whole
    table. Small tables (and never-analysed ones, reltuples -1) are counted exactly in the same
    query, so the page costs one query whatever the size. Filtered lists and SQLite count exactly."""

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if not (
            connection.vendor == "postgresql"
            and isinstance(queryset, QuerySet)
            and not queryset.query.where
            and not queryset.query.distinct
        ):
            return super().count
        table = connection.ops.quote_name(queryset.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT CASE WHEN reltuples >= %s THEN reltuples::bigint "
                f"ELSE (SELECT COUNT(*) FROM {table}) END FROM pg_class WHERE oid = %s::regclass",
                [EXACT_BELOW, queryset.model._meta.db_table],
            )
            return cursor.fetchone()[0]
