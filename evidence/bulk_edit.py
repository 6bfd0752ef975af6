"""Bulk edit of evidence items: set, add or remove codes and set kind or confidentiality on many items
at once, all or nothing, with one history row per changed item and a check that nobody changed the
items since the form was shown."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from editing.services import audited_save
from evidence.models import EvidenceItem

RELATIONS = ("themes", "sectors", "public_bodies", "providers")
CHOICES = ("kind", "confidentiality")
ADD, REMOVE, SET = "add", "remove", "set"
REASON_LENGTH = 100  # simple-history's change-reason column


@dataclass
class BulkChanges:
    """What to do to every selected item. `relations` maps a relation to (ADD|REMOVE|SET, objects)."""

    kind: str = ""
    confidentiality: str = ""
    relations: dict[str, tuple[str, Iterable]] = field(default_factory=dict)


@dataclass
class ItemChange:
    item: EvidenceItem
    changes: list[str]


def edit_token(item: EvidenceItem) -> str:
    """What the form remembers of each item, to tell whether someone saved it meanwhile: its version
    (editing.models.Versioned), which every audited save and workflow step bumps."""
    return str(item.version)


def _check_unchanged(items: list[EvidenceItem], seen: dict[int, str]) -> None:
    changed = [item.reference for item in items if seen.get(item.pk) != edit_token(item)]
    if changed:
        raise ValidationError(
            f"Changed by someone else since you opened this form: {', '.join(changed)}. Nothing was "
            "changed; the form now shows the items as they are: check them and apply again.",
            code="stale",
        )


def _names(objects) -> str:
    return ", ".join(sorted(str(obj) for obj in objects))


def _planned(item: EvidenceItem, changes: BulkChanges) -> tuple[list[str], dict[str, set]]:
    """Apply the field changes to `item` (unsaved); return what changed and the relations' targets."""
    described, targets = [], {}
    for name in CHOICES:
        new = getattr(changes, name)
        if new and getattr(item, name) != new:
            old_label = getattr(item, f"get_{name}_display")()
            setattr(item, name, new)
            described.append(f"{name.capitalize()}: {old_label} → {getattr(item, f'get_{name}_display')()}")
    for name, (mode, objects) in changes.relations.items():
        current, objects = set(getattr(item, name).all()), set(objects)
        target = {ADD: current | objects, REMOVE: current - objects, SET: objects}[mode]
        if target != current:
            label = EvidenceItem._meta.get_field(name).verbose_name.capitalize()
            parts = [f"+ {_names(target - current)}"] if target - current else []
            parts += [f"− {_names(current - target)}"] if current - target else []
            described.append(f"{label}: {'; '.join(parts)}")
            targets[name] = target
    return described, targets


@transaction.atomic
def evidence_bulk_edit(
    *, item_ids: Iterable[int], seen: dict[int, str], changes: BulkChanges, by
) -> list[ItemChange]:
    """Change every item or none: a stale item or one the change would make invalid (e.g. a survey
    response made a news article while it still names its survey) refuses the whole edit."""
    items = list(
        EvidenceItem.objects.select_for_update()
        .filter(pk__in=list(item_ids))
        .prefetch_related(*RELATIONS)
        .order_by("reference")
    )
    _check_unchanged(items, seen)
    plans, errors = [], []
    for item in items:
        described, targets = _planned(item, changes)
        if not described:
            continue
        try:
            item.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors.append(f"{item.reference}: {' '.join(error.messages)}")
        plans.append((item, described, targets))
    if errors:
        raise ValidationError([*errors, "Nothing was changed."], code="invalid")
    for item, described, targets in plans:
        reason = f"bulk edit: {'; '.join(described)}"[:REASON_LENGTH]
        audited_save(item, by=by, reason=reason, clean=False, **targets)
    return [ItemChange(item, described) for item, described, _ in plans]
