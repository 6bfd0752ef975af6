"""Writes around survey imports other than the import itself (evidence.services.survey_responses_*):
questions and surveys made from a file's columns, and undoing an import batch. Atomic and audited."""

import re

from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.text import slugify

from evidence import importing
from evidence.models import (
    EvidenceItem,
    ImportBatch,
    Organisation,
    Submitter,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
)


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
