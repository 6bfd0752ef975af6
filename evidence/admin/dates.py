from django.db import connection
from django.db.models import QuerySet

KINDS = {"year", "month", "day"}


class SkipScanDatesQuerySet(QuerySet):
    """`dates()` for the admin's date hierarchy that costs one index probe per period listed.

    Django's version is SELECT DISTINCT date_trunc(...) over every matching row: 100,000 items read
    to list two years. On PostgreSQL this walks the index instead (a "loose index scan"): the latest
    date, then the latest date before that period, and so on. Same dates, same single query."""

    def dates(self, field_name, kind, order="ASC"):
        if connection.vendor != "postgresql" or kind not in KINDS:
            return super().dates(field_name, kind, order)
        inner_sql, params = self.order_by().values(field_name).query.sql_with_params()
        column = connection.ops.quote_name(field_name)
        direction = "DESC" if order == "DESC" else "ASC"
        sql = f"""
            WITH RECURSIVE filtered AS NOT MATERIALIZED ({inner_sql}),
            periods(period) AS (
                SELECT date_trunc(%s, MAX({column}))::date FROM filtered
                UNION ALL
                SELECT (SELECT date_trunc(%s, MAX({column}))::date FROM filtered WHERE {column} < period)
                FROM periods WHERE period IS NOT NULL
            )
            SELECT period FROM periods WHERE period IS NOT NULL ORDER BY period {direction}
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, kind, kind])
            return [row[0] for row in cursor.fetchall()]


def with_skip_scan_dates(queryset: QuerySet) -> QuerySet:
    return SkipScanDatesQuerySet(model=queryset.model, query=queryset.query.chain(), using=queryset.db)
