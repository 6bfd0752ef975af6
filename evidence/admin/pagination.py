from django.core.paginator import Paginator
from django.db import connection
from django.db.models import QuerySet
from django.utils.functional import cached_property

EXACT_BELOW = 10_000


class EstimatedCountPaginator(Paginator):
    """On PostgreSQL, an unfiltered list of many rows takes its size from the planner's statistics
    (pg_class.reltuples, kept by autovacuum/ANALYZE) instead of COUNT(*), which reads the whole
    table. Filtered lists, small tables and other databases count exactly."""

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if connection.vendor == "postgresql" and isinstance(queryset, QuerySet) and not queryset.query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [queryset.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] >= EXACT_BELOW:
                return row[0]
        return super().count
