"""Every write that matters to evidence: atomic, validated and recorded in history."""

import hashlib
from collections.abc import Iterable
from copy import copy

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from editing.services import actor, audited_delete, audited_save
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
    *, item: EvidenceItem, by, document: documents.DocumentText | None = None, **m2m: Iterable
) -> EvidenceItem:
    """Log a new, unsaved evidence item: assign its reference, validate, save, audit.

    Keyword arguments set its themes, sectors, public_bodies and providers (in its history row). An
    attached document's text fills an empty body (`document` when the caller has read it already
    to validate the upload; otherwise it is read here)."""
    if item.pk:
        raise ValueError("evidence_log takes a new item; use evidence_update for existing ones.")
    _fill_body(item, document)
    item.full_clean(exclude=["reference"])
    item.reference = references_allocate(count=1)[0]
    item.status = EvidenceItem.Status.RECEIVED
    item.created_by = actor(by)
    return audited_save(item, by=by, reason="logged", clean=False, **m2m)


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
    *,
    item: EvidenceItem,
    by,
    expected_version: int | None = None,
    reason: str = "edited",
    document: documents.DocumentText | None = None,
    **m2m: Iterable,
) -> EvidenceItem:
    """Save edits to an item loaded at `expected_version`. Reference and status are not editable
    here. A new attachment is read (and refused if damaged); its text fills the body if it is empty."""
    stored = EvidenceItem.objects.values("reference", "status").get(pk=item.pk)
    if item.reference != stored["reference"]:
        raise ValidationError({"reference": "A reference number never changes once assigned."})
    item.status = stored["status"]
    _fill_body(item, document)
    return audited_save(item, by=by, reason=reason, expected_version=expected_version, **m2m)


@transaction.atomic
def evidence_transition(
    *,
    item: EvidenceItem,
    to: str,
    by,
    reason: str = "",
    exclusion_reason=None,
    expected_version: int | None = None,
) -> EvidenceItem:
    """Move an item along received → triaged → reviewed → cited | excluded (version-checked).
    Excluding takes an `exclusion_reason` from the managed list; `reason` is the note (required
    for "Other")."""
    current = EvidenceItem.objects.select_for_update().values_list("status", flat=True).get(pk=item.pk)
    workflow.check(current, to, reason=reason, exclusion_reason=exclusion_reason)
    item.status = to
    if to == EvidenceItem.Status.EXCLUDED:
        item.exclusion_reason, item.status_reason = exclusion_reason, reason.strip()
    note = f"excluded: {exclusion_reason}" if to == EvidenceItem.Status.EXCLUDED else ""
    return audited_save(
        item,
        by=by,
        reason=" – ".join(filter(None, [note, reason.strip()]))
        or f"status → {EvidenceItem.Status(to).label}",
        expected_version=expected_version,
        update_fields=["status", "exclusion_reason", "status_reason", "updated_at"],
        clean=False,
    )


@transaction.atomic
def submitter_create(*, submitter: Submitter, by) -> Submitter:
    """Log a new submitter; without a retention date they get the default one (evidence.retention)."""
    retention_assign([submitter])
    return audited_save(submitter, by=by, reason="logged")


def excerpt_create(*, excerpt: Excerpt, by, **m2m: Iterable) -> Excerpt:
    excerpt.created_by = actor(by)
    return audited_save(excerpt, by=by, reason="quoted", **m2m)


@transaction.atomic
def excerpt_update(*, excerpt: Excerpt, by, expected_version: int | None = None, **m2m: Iterable) -> Excerpt:
    return audited_save(excerpt, by=by, reason="edited", expected_version=expected_version, **m2m)


@transaction.atomic
def excerpt_delete(*, excerpt: Excerpt, by, expected_version: int | None = None) -> None:
    """Remove an excerpt; refused while recommendations cite it (their links protect it)."""
    audited_delete(excerpt, by=by, reason="removed", expected_version=expected_version)


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
