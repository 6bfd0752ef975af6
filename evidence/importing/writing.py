"""Write a validated ImportPlan: one transaction, bulk inserts, one history row per created object.

On PostgreSQL the bulk rows go through COPY (importing.copying); elsewhere through bulk_create. Both
write the same rows, history included (tests/evidence/test_importing_copy.py compares them)."""

from django.db import connection, transaction

from evidence.importing import copying
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
    retention_assign(plan.new_submitters)
    if copy_supported():
        return _copy_plan(plan, by=by, reason=reason, progress=progress)
    if plan.new_organisations:
        _history_create(Organisation, plan.new_organisations, by=by, reason=reason)
    if plan.new_submitters:
        _history_create(Submitter, plan.new_submitters, by=by, reason=reason)
    items = _prepare_items(plan, _batch_create(plan, by=by, reason=reason))
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


def copy_supported() -> bool:
    """COPY on PostgreSQL; bulk_create elsewhere (tests switch this off to compare the two)."""
    return connection.vendor == "postgresql"


def _prepare_items(plan: ImportPlan, batch) -> list[EvidenceItem]:
    responses = plan.responses
    items = []
    for response, reference in zip(responses, references_allocate(count=len(responses)), strict=True):
        response.item.reference = reference
        response.item.submitter = response.submitter
        response.item.import_batch = batch
        items.append(response.item)
    return items


def _copy_plan(plan: ImportPlan, *, by, reason: str, progress=None) -> int:
    """The same rows as the bulk_create path, through COPY with ids reserved from the sequences."""
    responses = plan.responses
    user_id = _history_user_id(by, responses[0].item)
    _copy_created(Organisation, plan.new_organisations, user_id=user_id, reason=reason)
    _copy_created(Submitter, plan.new_submitters, user_id=user_id, reason=reason)
    items = _prepare_items(plan, _batch_create(plan, by=by, reason=reason))
    history_ids = _copy_created(
        EvidenceItem, items, user_id=user_id, reason=reason, history_ids=True, progress=progress
    )
    _copy_themes(
        [(response.item.pk, theme.pk) for response in responses for theme in response.themes],
        dict(zip((item.pk for item in items), history_ids, strict=True)),
    )
    copying.copy_rows(
        SurveyAnswer._meta.db_table,
        ["item_id", "question_id", "answer"],
        (
            (response.item.pk, question.pk, text)
            for response in responses
            for question, text in response.answers
        ),
    )
    plan.written = len(items)
    return plan.written


def _copy_themes(links, history_by_item) -> None:
    """Theme links (item id, theme id), and the same links on each item's creation history row."""
    if not links:
        return
    through = EvidenceItem.themes.through
    link_ids = copying.ids_reserve(through, len(links))
    copying.copy_rows(
        through._meta.db_table,
        ["id", "evidenceitem_id", "theme_id"],
        ((pk, item_id, theme_id) for pk, (item_id, theme_id) in zip(link_ids, links, strict=True)),
    )
    copying.copy_rows(
        EvidenceItem.history.model.themes.model._meta.db_table,
        ["id", "evidenceitem_id", "theme_id", "history_id"],
        (
            (pk, item_id, theme_id, history_by_item[item_id])
            for pk, (item_id, theme_id) in zip(link_ids, links, strict=True)
        ),
    )


def _history_user_id(by, item):
    """The user simple-history records when given `by`: else the request's logged-in user, if any."""
    user = by or EvidenceItem.history.model.get_default_history_user(item)
    return user.pk if user is not None else None


def _copy_created(model, objects, *, user_id, reason: str, history_ids: bool = False, progress=None):
    """COPY `objects` with reserved ids, then their "+" history rows; returns the history ids when
    asked to reserve them (rows that refer to the history rows need them)."""
    if not objects:
        return []
    for obj, pk in zip(objects, copying.ids_reserve(model, len(objects)), strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, connection.alias
    maker = copying.RowMaker(model)
    copying.copy_rows(model._meta.db_table, maker.columns, _counted(map(maker.row, objects), progress))
    history = model.history.model
    ids = copying.ids_reserve(history, len(objects)) if history_ids else None
    history_maker = copying.history_maker(model)
    copying.copy_rows(
        history._meta.db_table,
        copying.history_columns(history_maker, with_history_id=history_ids),
        copying.history_rows(objects, history_maker, history_ids=ids, user_id=user_id, reason=reason),
    )
    return ids or []


def _counted(rows, progress):
    """Pass `rows` through, reporting every BATCH of them to `progress`."""
    if progress is None:
        yield from rows
        return
    count = 0
    for row in rows:
        yield row
        count += 1
        if count == BATCH:
            progress(count)
            count = 0
    if count:
        progress(count)


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
