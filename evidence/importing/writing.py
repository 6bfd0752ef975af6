"""Write a validated ImportPlan: one transaction, bulk inserts, one history row per created object."""

from django.db import transaction

from evidence.importing.plan import ImportPlan
from evidence.models import EvidenceItem, ImportBatch, Organisation, Submitter, SurveyAnswer
from evidence.references import references_allocate
from evidence.retention import retention_assign

BATCH = 1000


def _history_create(model, objects, *, by, reason: str):
    """Bulk-create `objects` and their "+" history rows; returns the history rows (with ids)."""
    model.objects.bulk_create(objects, batch_size=BATCH)
    return model.history.bulk_history_create(
        objects, batch_size=BATCH, default_user=by, default_change_reason=reason
    )


@transaction.atomic
def write_plan(plan: ImportPlan, *, by, progress=None) -> int:
    """Caller guarantees plan.ok. References are reserved in one block, so they run consecutively."""
    by = by if by is not None and by.is_authenticated else None
    reason = f"imported from {plan.filename or 'survey export'}"[:100]
    responses = plan.responses
    if not responses:
        return 0
    if plan.new_organisations:
        _history_create(Organisation, plan.new_organisations, by=by, reason=reason)
    if plan.new_submitters:
        retention_assign(plan.new_submitters)
        _history_create(Submitter, plan.new_submitters, by=by, reason=reason)
    batch = _batch_create(plan, by=by, reason=reason)
    items = []
    for response, reference in zip(responses, references_allocate(count=len(responses)), strict=True):
        response.item.reference = reference
        response.item.submitter = response.submitter
        response.item.import_batch = batch
        items.append(response.item)
    history_rows = []
    for start in range(0, len(items), BATCH):
        history_rows += _history_create(EvidenceItem, items[start : start + BATCH], by=by, reason=reason)
        if progress:
            progress(len(items[start : start + BATCH]))
    _write_themes(responses, history_rows)
    SurveyAnswer.objects.bulk_create(
        [
            SurveyAnswer(item=response.item, question=question, answer=text)
            for response in responses
            for question, text in response.answers
        ],
        batch_size=BATCH,
    )
    plan.written = len(items)
    return plan.written


def _batch_create(plan: ImportPlan, *, by, reason: str) -> ImportBatch:
    batch = ImportBatch(
        survey=plan.survey,
        file_name=(plan.filename or "survey export")[:255],
        sha256=plan.sha256,
        imported_by=by,
        responses=len(plan.responses),
        skipped=len(plan.already_imported),
        new_submitters=len(plan.new_submitters),
        new_organisations=len(plan.new_organisations),
        created_submitter_ids=[submitter.pk for submitter in plan.new_submitters],
        created_organisation_ids=[organisation.pk for organisation in plan.new_organisations],
    )
    batch._history_user, batch._change_reason = by, reason
    batch.save()
    plan.batch = batch
    return batch


def _write_themes(responses, history_rows) -> None:
    """Theme links, and the same links on each item's creation history row (as simple-history
    records them when themes are set through the ORM)."""
    through = EvidenceItem.themes.through
    links = [
        through(evidenceitem_id=response.item.pk, theme_id=theme.pk)
        for response in responses
        for theme in response.themes
    ]
    if not links:
        return
    history_through = type(history_rows[0]).themes.model
    history_by_item = {row.id: row for row in history_rows}
    through.objects.bulk_create(links, batch_size=BATCH)
    history_through.objects.bulk_create(
        [
            history_through(
                id=link.pk,
                history=history_by_item[link.evidenceitem_id],
                evidenceitem_id=link.evidenceitem_id,
                theme_id=link.theme_id,
            )
            for link in links
        ],
        batch_size=BATCH,
    )
