"""Every write that matters to evidence: atomic, validated and recorded in history."""

import hashlib
import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.text import slugify

from evidence import importing, workflow
from evidence.models import (
    EvidenceItem,
    Excerpt,
    ImportBatch,
    Organisation,
    Submitter,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
)
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
def evidence_transition(*, item: EvidenceItem, to: str, by, reason: str = "") -> EvidenceItem:
    """Move an item along received → triaged → reviewed → cited | excluded."""
    current = EvidenceItem.objects.select_for_update().values_list("status", flat=True).get(pk=item.pk)
    workflow.check(current, to, reason=reason)
    item.status = to
    item.status_reason = reason.strip() if to == EvidenceItem.Status.EXCLUDED else item.status_reason
    item._history_user = by
    item._change_reason = reason.strip() or f"status → {EvidenceItem.Status(to).label}"
    item.save(update_fields=["status", "status_reason", "updated_at"])
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


def survey_responses_plan(
    *, survey, content: bytes, filename: str, by, file_format: str | None = None, on_checked=None
):
    """Read and check every row of a survey export; writes nothing. Raises importing.ImportRefused when
    the file as a whole cannot be read."""
    table = importing.read_table(content, filename=filename, file_format=file_format)
    plan = importing.plan_import(table, survey=survey, by=by, filename=filename, progress=on_checked)
    plan.sha256 = hashlib.sha256(content).hexdigest()
    return plan


def survey_responses_write(*, plan, by, on_written=None):
    """Write a checked plan with no errors: all its new responses in one transaction."""
    if not plan.ok:
        raise ValueError("A plan with errors is never written.")
    try:
        importing.write_plan(plan, by=by, progress=on_written)
    except IntegrityError:
        raise importing.ImportRefused(
            "Another import wrote some of these responses (or their submitters) since the file was checked; "
            "nothing was written by this one. Check the file again: responses already imported are skipped."
        ) from None
    return plan


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
    plan = survey_responses_plan(
        survey=survey,
        content=content,
        filename=filename,
        by=by,
        file_format=file_format,
        on_checked=on_checked,
    )
    if plan.ok and not dry_run:
        survey_responses_write(plan=plan, by=by, on_written=on_written)
    return plan


@transaction.atomic
def survey_questions_add(*, survey, texts: list[str], by) -> list[SurveyQuestion]:
    """Add questions to `survey` in the given order (a file's column order), coded on from the survey's
    last code: after q7 come q8, q9…"""
    existing = list(survey.questions.values_list("code", "order"))
    prefix, number = _last_code(code for code, _ in existing)
    order = max((order for _, order in existing), default=0)
    taken = {code for code, _ in existing}
    added = []
    for text in texts:
        number += 1
        while f"{prefix}{number}" in taken:
            number += 1
        order += 1
        question = SurveyQuestion(survey=survey, code=f"{prefix}{number}", text=text.strip(), order=order)
        question.full_clean()
        question._history_user = by
        question._change_reason = "added from an imported file's columns"
        question.save()
        added.append(question)
    return added


def _last_code(codes) -> tuple[str, int]:
    """("q", 7) for codes q1…q7; ("q", 0) when no code ends in a number."""
    numbered = [(int(match[2]), match[1]) for code in codes if (match := re.match(r"^(.*?)(\d+)$", code))]
    if not numbered:
        return "q", 0
    number, prefix = max(numbered)
    return prefix, number


def survey_questions_from_file(*, survey, content: bytes, filename: str, by, file_format=None) -> list:
    """Add the file's columns that are neither questions of `survey` nor respondent columns (nor a
    survey tool's bookkeeping, such as "Start time") as its questions."""
    table = importing.read_table(content, filename=filename, file_format=file_format)
    columns = importing.map_columns(table.headers, list(survey.questions.all()))
    return survey_questions_add(survey=survey, texts=[c.header for c in columns.question_candidates], by=by)


@transaction.atomic
def survey_create(*, name: str, by) -> Survey:
    """A new survey named `name`, its slug made from the name (numbered if taken)."""
    base = slugify(name)[:70] or "survey"
    slug, n = base, 1
    while Survey.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    survey = Survey(name=name.strip(), slug=slug)
    survey.full_clean()
    survey._history_user = by
    survey.save()
    return survey


def import_batch_undo_refusals(batch: ImportBatch) -> list[str]:
    """Why `batch` cannot be undone, one reason a line (none: it can). Once any of its items has been
    worked on (moved on from Received, excerpted, edited, linked or cited anywhere) undo would lose
    that work, so it is refused."""
    if batch.undone_at:
        return [f"This import was already undone on {timezone.localtime(batch.undone_at):%d/%m/%Y %H:%M}."]
    items = batch.items.all()
    reasons = []
    moved = items.exclude(status=EvidenceItem.Status.RECEIVED).values_list("reference", flat=True)
    if moved:
        reasons.append(f"{len(moved)} item(s) have moved on from Received ({_some(moved)}).")
    edited = (
        EvidenceItem.history.filter(import_batch_id=batch.pk)
        .exclude(history_type="+")
        .values_list("reference", flat=True)
        .distinct()
    )
    if edited:
        reasons.append(f"{len(edited)} item(s) were edited after the import ({_some(edited)}).")
    for relation in EvidenceItem._meta.related_objects:
        model = relation.related_model
        if model is SurveyAnswer:  # the answers are part of the import
            continue
        using = model._default_manager.filter(**{f"{relation.field.name}__import_batch": batch})
        if using.exists():
            reasons.append(
                f"Some of its items have {model._meta.verbose_name_plural} (e.g. {using.first()})."
            )
    return reasons


def _some(references) -> str:
    references = list(references[:4])
    return ", ".join(references[:3]) + (", …" if len(references) > 3 else "")


@transaction.atomic
def import_batch_undo(*, batch: ImportBatch, by) -> ImportBatch:
    """Remove every item of `batch` (answers and theme links with them) and the submitters and
    organisations it created that nothing else uses, in one transaction. Their history is kept, with a
    deletion row each naming who undid the import; the batch stays, marked undone."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    reasons = import_batch_undo_refusals(batch)
    if reasons:
        raise ValidationError(reasons)
    reason = f"import undone: {batch.file_name}"[:100]
    removed = _delete_audited(list(batch.items.all()), by=by, reason=reason)
    _delete_audited(
        list(_unused(Submitter.objects.filter(pk__in=batch.created_submitter_ids))), by=by, reason=reason
    )
    _delete_audited(
        list(_unused(Organisation.objects.filter(pk__in=batch.created_organisation_ids))),
        by=by,
        reason=reason,
    )
    batch.undone_at, batch.undone_by = timezone.now(), by
    batch._history_user, batch._change_reason = by, f"undone: {removed} item(s) removed"
    batch.save(update_fields=["undone_at", "undone_by"])
    return batch


def _unused(queryset):
    """`queryset` narrowed to rows nothing refers to (related_objects leaves out history rows)."""
    for relation in queryset.model._meta.related_objects:
        queryset = queryset.filter(**{f"{relation.name}__isnull": True})
    return queryset.distinct()


def _delete_audited(objects: list, *, by, reason: str) -> int:
    """Delete `objects` with their cascades in a few queries; simple-history writes each one's deletion
    row from the instances given here, so they carry the user and reason."""
    if not objects:
        return 0
    for obj in objects:
        obj._history_user, obj._change_reason = by, reason
    collector = Collector(using=router.db_for_write(type(objects[0])))
    collector.collect(objects)
    collector.delete()
    return len(objects)
