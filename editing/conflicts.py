"""What changed between the version an editor loaded and the one saved since, field by field.

Which fields changed is decided from fingerprints of the values the editor's page was built from
(carried in the form), so it holds even where history was rewritten (erasure). Who changed each and
when is read from the model's history (every audited save writes one row carrying its version)."""

import datetime as dt
import zlib
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from django.core.files import File
from django.db import models
from django.utils import timezone

UNSEEN = ("version", "updated_at", "created_at", "position")


@dataclass(frozen=True)
class FieldChange:
    """One field someone else changed: their value, who saved it and when, and what this editor has."""

    name: str
    label: str
    theirs: str
    saved_by: str
    saved_at: datetime | None
    yours: str | None = None
    you_changed: bool = False

    @property
    def saved(self) -> str:
        when = f" at {timezone.localtime(self.saved_at):%-d %b %Y %H:%M}" if self.saved_at else ""
        return f"saved by {self.saved_by}{when}"


def _m2m_field(model, name):
    field = model._meta.get_field(name)
    return field if field.many_to_many and not field.auto_created else None


def record_value(record, field: models.Field):
    """A comparable value of `field` as stored in a history record."""
    if field.many_to_many:
        through = getattr(record, field.name, None)
        if through is None:  # the field's history is not tracked
            return None
        target = field.m2m_reverse_field_name() + "_id"
        return frozenset(getattr(row, target) for row in through.all())
    if field.is_relation:
        return getattr(record, field.attname)
    return normalise(getattr(record, field.attname))


def submitted_value(field: models.Field, value):
    """The same comparable value for what an editor submitted (a form's cleaned value)."""
    if field.many_to_many:
        return frozenset(getattr(obj, "pk", obj) for obj in value or ())
    if field.is_relation:
        return getattr(value, "pk", value)
    if isinstance(field, models.FileField):
        return value.name if isinstance(value, File) else value
    return normalise(value)


def normalise(value):
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    if isinstance(value, File):
        return value.name or ""
    if isinstance(value, datetime):
        # A form shows whole seconds in local time; the database keeps microseconds in UTC.
        return value.astimezone(dt.UTC).replace(microsecond=0)
    return value


def fingerprint(field: models.Field, value) -> str:
    """A short stable digest of a value as a form holds it (initial or cleaned)."""
    comparable = submitted_value(field, value)
    if isinstance(comparable, frozenset):
        comparable = sorted(comparable)
    return f"{zlib.crc32(repr(comparable).encode()):08x}"


def last_changed_by(model, pk, since_version: int, names) -> dict:
    """{field name: history record that last changed it} for saves after `since_version`; fields
    whose history does not show the change (it was rewritten) get the latest record."""
    records = list(
        model.history.filter(id=pk, version__gte=since_version)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    if not records:
        return {}
    fields = [model._meta.get_field(name) for name in names]
    found = {}
    for previous, record in pairwise(records):
        for field in fields:
            if record_value(record, field) != record_value(previous, field):
                found[field.name] = record
    return {name: found.get(name, records[-1]) for name in names}


def display(field: models.Field, value) -> str:
    """How a comparable value reads on the conflict page."""
    if value in (None, "", frozenset()):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.many_to_many or field.is_relation:
        ids = value if field.many_to_many else [value]
        related = field.related_model._base_manager.filter(pk__in=ids)
        return ", ".join(sorted(str(obj) for obj in related)) or "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%-d %b %Y %H:%M}"
    return str(value)


def edited_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.get_fields()
        if field.concrete
        and field.editable
        and not field.primary_key
        and field.name not in UNSEEN
        and (not field.many_to_many or _m2m_field(model, field.name))
    ]


def changes_since(model, pk, version: int) -> tuple[list[FieldChange], dict]:
    """Fields saved by others after `version`, each with the last person who changed it, and the
    values at `version` itself (the base an editor's own changes are measured from)."""
    records = list(
        model.history.filter(id=pk, version__gte=version)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    base = [record for record in records if record.version == version]
    if not base:
        return [], {}
    fields = edited_fields(model)
    start = records.index(base[-1])
    previous = {field.name: record_value(base[-1], field) for field in fields}
    base_values = dict(previous)
    changed = {}
    for record in records[start + 1 :]:
        for field in fields:
            value = record_value(record, field)
            if value != previous[field.name]:
                changed[field.name] = (field, value, record)
            previous[field.name] = value
    changes = [
        FieldChange(
            name=name,
            label=str(field.verbose_name).capitalize(),
            theirs=display(field, value),
            saved_by=str(record.history_user or "someone"),
            saved_at=record.history_date,
        )
        for name, (field, value, record) in changed.items()
        if value != base_values[name]
    ]
    return changes, base_values
