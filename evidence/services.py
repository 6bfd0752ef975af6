"""Every write that matters to evidence: atomic, validated and recorded in history."""

import hashlib
from collections.abc import Iterable
from copy import copy

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from evidence import documents, importing, workflow
from evidence.models import (
    EvidenceItem,
    Excerpt,
    Submitter,
)
from evidence.references import references_allocate
from evidence.retention import retention_assign


@transaction.atomic
def evidence_log(
    *,
    item: EvidenceItem,
    by,
    themes: Iterable = (),
    sectors: Iterable = (),
    public_bodies: Iterable = (),
    providers: Iterable = (),
    document: documents.DocumentText | None = None,
) -> EvidenceItem:
    """Log a new, unsaved evidence item: assign its reference, validate, save, audit.

    An attached document's text fills an empty body (`document` when the caller has read it already
    to validate the upload; otherwise it is read here)."""
    if item.pk:
        raise ValueError("evidence_log takes a new item; use evidence_update for existing ones.")
    _fill_body(item, document)
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


def _fill_body(item: EvidenceItem, document: documents.DocumentText | None) -> None:
    document = document or documents.document_for_item(item)
    if document is not None and not item.body.strip():
        item.body = document.text


@transaction.atomic
def evidence_log_documents(*, uploads: list, template: EvidenceItem, by, themes: Iterable = ()) -> list:
    """One item per uploaded document, each a copy of `template` (kind, dates, submitter...) titled
    after its file name. `uploads` are (file, DocumentText or None) pairs. All or none are logged."""
    items = []
    for upload, document in uploads:
        item = copy(template)
        item.title = documents.title_from_filename(upload.name)
        item.attachment = upload
        items.append(evidence_log(item=item, by=by, themes=themes, document=document))
    return items


@transaction.atomic
def evidence_update(
    *, item: EvidenceItem, by, reason: str = "edited", document: documents.DocumentText | None = None
) -> EvidenceItem:
    """Save edits to an existing item. Reference and status are not editable here. A new attachment
    is read (and refused if damaged); its text fills the body if the body is empty."""
    stored = EvidenceItem.objects.select_for_update().values("reference", "status").get(pk=item.pk)
    if item.reference != stored["reference"]:
        raise ValidationError({"reference": "A reference number never changes once assigned."})
    item.status = stored["status"]
    _fill_body(item, document)
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
def submitter_create(*, submitter: Submitter, by) -> Submitter:
    """Log a new submitter; without a retention date they get the default one (evidence.retention)."""
    retention_assign([submitter])
    submitter.full_clean()
    submitter._history_user = by if by and by.is_authenticated else None
    submitter._change_reason = "logged"
    submitter.save()
    return submitter


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
