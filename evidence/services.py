"""Every write that matters to evidence: atomic, validated and recorded in history."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from evidence import importing, workflow
from evidence.models import EvidenceItem, Excerpt
from evidence.references import references_allocate


@transaction.atomic
def evidence_log(
    *,
    item: EvidenceItem,
    by,
    themes: Iterable = (),
    sectors: Iterable = (),
    public_bodies: Iterable = (),
    providers: Iterable = (),
) -> EvidenceItem:
    """Log a new, unsaved evidence item: assign its reference, validate, save, audit."""
    if item.pk:
        raise ValueError("evidence_log takes a new item; use evidence_update for existing ones.")
    item.full_clean(exclude=["reference"])
    item.reference = references_allocate(count=1)[0]
    item.status = EvidenceItem.Status.RECEIVED
    item.created_by = by if by and by.is_authenticated else None
    item._history_user = item.created_by
    item._change_reason = "logged"
    item.save()
    for field, values in (
        ("themes", themes),
        ("sectors", sectors),
        ("public_bodies", public_bodies),
        ("providers", providers),
    ):
        if values:
            getattr(item, field).set(values)
    return item


@transaction.atomic
def evidence_update(*, item: EvidenceItem, by, reason: str = "edited") -> EvidenceItem:
    """Save edits to an existing item. Reference and status are not editable here."""
    stored = EvidenceItem.objects.select_for_update().values("reference", "status").get(pk=item.pk)
    if item.reference != stored["reference"]:
        raise ValidationError({"reference": "A reference number never changes once assigned."})
    item.status = stored["status"]
    item.full_clean()
    item._history_user = by
    item._change_reason = reason
    item.save()
    return item


@transaction.atomic
def evidence_transition(
    *, item: EvidenceItem, to: str, by, reason: str = "", exclusion_reason=None
) -> EvidenceItem:
    """Move an item along received → triaged → reviewed → cited | excluded. Excluding takes an
    `exclusion_reason` from the managed list; `reason` is the note (required for "Other")."""
    current = EvidenceItem.objects.select_for_update().values_list("status", flat=True).get(pk=item.pk)
    workflow.check(current, to, reason=reason, exclusion_reason=exclusion_reason)
    item.status = to
    if to == EvidenceItem.Status.EXCLUDED:
        item.exclusion_reason, item.status_reason = exclusion_reason, reason.strip()
    item._history_user = by
    note = f"excluded: {exclusion_reason}" if to == EvidenceItem.Status.EXCLUDED else ""
    item._change_reason = (
        " – ".join(filter(None, [note, reason.strip()])) or f"status → {EvidenceItem.Status(to).label}"
    )
    item.save(update_fields=["status", "exclusion_reason", "status_reason", "updated_at"])
    return item


@transaction.atomic
def excerpt_create(*, excerpt: Excerpt, by, themes: Iterable = ()) -> Excerpt:
    excerpt.created_by = by if by and by.is_authenticated else None
    excerpt.full_clean()
    excerpt._history_user = excerpt.created_by
    excerpt.save()
    if themes:
        excerpt.themes.set(themes)
    return excerpt


def survey_responses_import(
    *,
    survey,
    content: bytes,
    filename: str,
    by,
    dry_run: bool = False,
    file_format: str | None = None,
    on_checked=None,
    on_written=None,
):
    """Import a survey export into `survey`: every row is validated first; then all new responses are
    written in one transaction, or none if any row has an error (returned in plan.errors).

    Raises importing.ImportRefused when the file as a whole cannot be read."""
    table = importing.read_table(content, filename=filename, file_format=file_format)
    plan = importing.plan_import(table, survey=survey, by=by, filename=filename, progress=on_checked)
    if plan.ok and not dry_run:
        try:
            importing.write_plan(plan, by=by, progress=on_written)
        except IntegrityError:
            raise importing.ImportRefused(
                "Another import wrote some of these responses at the same moment; nothing was written "
                "by this one. Run it again: responses already imported are skipped."
            ) from None
    return plan
