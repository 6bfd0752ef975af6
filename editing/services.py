"""The one way an edited row is written: validated, version-checked, one history row, atomic."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models, transaction
from simple_history.utils import get_m2m_field_name

from editing.conflicts import FieldChange, changes_since
from editing.models import Versioned


class VersionConflict(ValidationError):
    """Someone else saved the row after the editor (or the action) loaded it."""

    def __init__(self, *, obj: models.Model, expected_version: int, current_version: int | None):
        self.obj, self.expected_version, self.current_version = obj, expected_version, current_version
        self.changes: list[FieldChange] = []
        if current_version is not None:
            self.changes, _ = changes_since(type(obj), obj.pk, expected_version)
        super().__init__(conflict_message(obj=obj, changes=self.changes), code="version_conflict")


def conflict_message(*, obj: models.Model, changes: list[FieldChange]) -> str:
    what = f"{obj._meta.verbose_name} “{obj}”"
    if not changes:
        return f"Someone else saved the {what} while you were working on it, so nothing was saved."
    summary = "; ".join(f"{change.label} → “{change.theirs}” ({change.saved})" for change in changes)
    return (
        f"Someone else saved the {what} while you were working on it, so nothing was saved. "
        f"Their changes: {summary}."
    )


def actor(by):
    """The user to record, or None for anonymous and system writes."""
    return by if by is not None and by.is_authenticated else None


def version_claim(obj: Versioned, *, expected_version: int | None = None) -> None:
    """Claim the next version of `obj`, or raise VersionConflict if someone saved since
    `expected_version` (default: the version `obj` was loaded at).

    A conditional UPDATE: it also row-locks until commit, so a second writer waits for the first and
    then finds the version moved on."""
    expected = obj.version if expected_version is None else expected_version
    manager = type(obj)._base_manager
    if not manager.filter(pk=obj.pk, version=expected).update(version=expected + 1):
        current = manager.filter(pk=obj.pk).values_list("version", flat=True).first()
        raise VersionConflict(obj=obj, expected_version=expected, current_version=current)
    obj.version = expected + 1


def _history_manager(obj):
    name = getattr(obj._meta, "simple_history_manager_attribute", None)
    return getattr(type(obj), name) if name else None


def _record_m2m(record, obj) -> None:
    """Snapshot the many-to-many rows onto `record`, as simple-history does on a plain save."""
    for field in getattr(record, "_history_m2m_fields", ()):
        history_through = getattr(type(record), field.name).model
        through = getattr(obj, field.name).through
        names = [f.attname for f in through._meta.fields]
        rows = through.objects.filter(**{get_m2m_field_name(field): obj}).values(*names)
        history_through.objects.bulk_create([history_through(history=record, **row) for row in rows])


@transaction.atomic
def audited_save(
    obj: models.Model,
    *,
    by,
    reason: str,
    expected_version: int | None = None,
    update_fields: Iterable[str] | None = None,
    clean: bool = True,
    **m2m: Iterable,
) -> models.Model:
    """Validate and save `obj` with exactly one history row (who, why, its many-to-many values).

    Versioned rows claim the next version first (see version_claim); new ones start at 1. Keyword
    arguments beyond these set many-to-many fields (`themes=[...]`) inside the same history row."""
    creating = obj._state.adding
    if clean:
        obj.full_clean()
    if isinstance(obj, Versioned):
        if creating:
            obj.version = 1
        else:
            version_claim(obj, expected_version=expected_version)
            update_fields = None if update_fields is None else {*update_fields, "version"}
    history = _history_manager(obj)
    obj._history_user = actor(by)
    obj._change_reason = reason[:100]
    if not m2m or history is None:
        obj.save(update_fields=update_fields)
        for name, values in m2m.items():
            getattr(obj, name).set(values)
        return obj
    # Saved silently, then one history row written by hand once the many-to-many values are set:
    # otherwise simple-history writes a row for the save and one more per many-to-many change.
    obj.skip_history_when_saving = True
    try:
        obj.save(update_fields=update_fields)
        for name, values in m2m.items():
            getattr(obj, name).set(values)
    finally:
        del obj.skip_history_when_saving
    [record] = history.bulk_history_create([obj], update=not creating, default_user=actor(by))
    _record_m2m(record, obj)
    return obj


@transaction.atomic
def audited_delete(
    obj: models.Model, *, by, reason: str = "deleted", expected_version: int | None = None
) -> None:
    """Delete `obj` with one history row; a versioned row changed since it was loaded is refused."""
    if isinstance(obj, Versioned):
        version_claim(obj, expected_version=expected_version)
    obj._history_user = actor(by)
    obj._change_reason = reason[:100]
    obj.delete()
