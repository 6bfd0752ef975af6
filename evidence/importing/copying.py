"""PostgreSQL bulk writes with COPY (psycopg 3): rows reach the server as one stream per table instead of
INSERTs of 1,000 rows, each built and parsed. Ids are reserved from the tables' sequences first, so the
rows that refer to new rows (history, answers, theme links) can be written in the same way.

Rows are what `bulk_create` would insert: the model's concrete fields, auto_now(_add) dates filled in,
foreign keys taken from related objects saved earlier in the same write."""

import time
from operator import attrgetter

from django.db import connection, models
from django.utils import timezone

# Field types whose attribute value psycopg writes as is (no get_db_prep_save needed).
PLAIN = (
    models.AutoField,
    models.BigAutoField,
    models.BigIntegerField,
    models.BooleanField,
    models.CharField,
    models.DateField,  # DateTimeField is a DateField
    models.IntegerField,
    models.TextField,
)


def ids_reserve(model, count: int, *, column: str | None = None) -> list[int]:
    """`count` new ids from the sequence behind `model`'s primary key (or `column`), in one query."""
    if not count:
        return []
    table = model._meta.db_table
    column = column or model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_rows(table: str, columns: list[str], rows) -> int:
    """COPY `rows` (tuples in `columns` order) into `table` in the current transaction. The statement
    appears in connection.queries (tests count it) like any other query."""
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(column) for column in columns)}) FROM STDIN"
    started, count = time.monotonic(), 0
    connection.ensure_connection()
    with connection.wrap_database_errors, connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    if connection.queries_logged:
        connection.queries_log.append(
            {"sql": f"{sql} -- {count} rows", "time": f"{time.monotonic() - started:.3f}"}
        )
    return count


class RowMaker:
    """Builds the tuple `bulk_create` would insert for each object of `model` (its concrete fields, or
    `fields`). With `fill`, sets the auto dates and the foreign keys from related objects first (as
    `bulk_create` does); without, reads the values as they are (history rows of written objects)."""

    def __init__(self, model, *, fields=None, fill: bool = True):
        fields = list(model._meta.concrete_fields if fields is None else fields)
        self.auto_dates = [
            field
            for field in fields
            if fill and isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add)
        ]
        self.relations = [field for field in fields if fill and field.is_relation]
        self.prepared = [field for field in fields if not field.is_relation and not isinstance(field, PLAIN)]
        special = {*self.auto_dates, *self.relations, *self.prepared}
        ordered = [field for field in fields if field not in special]
        ordered += self.auto_dates + self.relations + self.prepared
        self.columns = [field.column for field in ordered]
        self._get = attrgetter(*(field.attname for field in ordered))
        self._single = len(ordered) == 1

    def row(self, obj) -> tuple:
        if self.auto_dates:
            now = timezone.now()
            for field in self.auto_dates:  # as pre_save on an add, auto_now_add included
                setattr(obj, field.attname, now)
        for field in self.relations:
            if getattr(obj, field.attname) is None and field.is_cached(obj):
                related = field.get_cached_value(obj)
                if related is not None:
                    if related.pk is None:  # as bulk_create refuses it: the row would lose the link
                        raise ValueError(f"{field.name} of {obj!r} is not saved yet.")
                    setattr(obj, field.attname, related.pk)
        values = (self._get(obj),) if self._single else self._get(obj)
        if self.prepared:
            values = values[: -len(self.prepared)] + tuple(
                field.get_db_prep_save(getattr(obj, field.attname), connection) for field in self.prepared
            )
        return values


def history_maker(model) -> RowMaker:
    """Reads the fields django-simple-history tracks for `model` (its history table's own columns)."""
    return RowMaker(model, fields=model.history.model.tracked_fields, fill=False)


def history_rows(objects, maker: RowMaker, *, history_ids, user_id, reason: str):
    """The "+" rows simple-history's bulk_history_create writes for `objects` (already written): the
    tracked fields' values, the time (taken per row, as it does), user and reason; `history_ids`
    (reserved) or None to let the sequence number them."""
    ids = iter(history_ids) if history_ids is not None else None
    for obj in objects:
        extra = (timezone.now(), reason, "+", user_id)
        if ids is not None:
            extra += (next(ids),)
        yield maker.row(obj) + extra


def history_columns(maker: RowMaker, *, with_history_id: bool) -> list[str]:
    columns = [*maker.columns, "history_date", "history_change_reason", "history_type", "history_user_id"]
    return [*columns, "history_id"] if with_history_id else columns
