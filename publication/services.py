"""Writes of the publication app: decisions and redactions, each atomic and audited (one history row,
who and why), and the re-anchoring of redactions after an item's text changed."""

from django.core.exceptions import ValidationError
from django.db import transaction

from editing.services import audited_delete, audited_save
from evidence.models import EvidenceItem, SurveyAnswer
from publication import redaction as spans
from publication.models import PublicationDecision, Redaction
from publication.selectors import exposure, requested_exposure

Outcome = PublicationDecision.Outcome
OVERRIDE_PERMISSION = "publication.override_publicationdecision"


def decision_check(*, item: EvidenceItem, outcome: str, reason: str, by) -> bool:
    """May `by` decide `outcome` for `item`? Returns whether it overrides the submitter's request;
    raises ValidationError when it may not: more exposure than asked for needs the chair's
    override permission and a reason. Equal or less exposure: anyone managing decisions."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why this decision was taken."})
    overrides = exposure(outcome) > requested_exposure(item)
    if overrides and not (by is not None and by.has_perm(OVERRIDE_PERMISSION)):
        raise ValidationError(
            {
                "outcome": (
                    f"{item.reference}: the submitter asked for {_request_label(item)}. Publishing more "
                    "than that needs the Chair, with a recorded reason; choose an outcome that exposes "
                    "no more than was asked for."
                )
            }
        )
    return overrides


def _request_label(item: EvidenceItem) -> str:
    if item.confidentiality == EvidenceItem.Confidentiality.CONFIDENTIAL:
        return "confidentiality"
    return "anonymity"


@transaction.atomic
def decision_record(
    *, decision: PublicationDecision, by, expected_version: int | None = None
) -> PublicationDecision:
    """Create or change the publication decision of `decision.item` (outcome and reason set by the
    caller), recording who decided and whether it overrides the submitter's request."""
    item = EvidenceItem.objects.select_related("submitter").get(pk=decision.item_id)
    decision.overrides_request = decision_check(
        item=item, outcome=decision.outcome, reason=decision.reason, by=by
    )
    decision.decided_by = by if by is not None and by.is_authenticated else None
    why = f"{decision.get_outcome_display()}" + (" (chair override)" if decision.overrides_request else "")
    return audited_save(decision, by=by, reason=why, expected_version=expected_version)


@transaction.atomic
def decision_delete(*, decision: PublicationDecision, by, expected_version: int | None = None) -> None:
    """Remove a decision: the item is no longer published (no decision, no publication)."""
    audited_delete(decision, by=by, reason="decision removed", expected_version=expected_version)


def _locate(redaction: Redaction) -> tuple[SurveyAnswer | None, tuple[int, int]]:
    """The passage (body or answer) holding the redaction's quoted text, and the span in it."""
    item = redaction.item
    span = spans.find_span(item.body, redaction.quoted_text, redaction.occurrence)
    if span is not None:
        return None, span
    for answer in item.answers.order_by("question__order", "pk"):
        span = spans.find_span(answer.answer, redaction.quoted_text, redaction.occurrence)
        if span is not None:
            return answer, span
    raise ValidationError(
        {
            "quoted_text": (
                f"This text is not in {item.reference} (its body or survey answers)"
                + (f" {redaction.occurrence} times" if redaction.occurrence > 1 else "")
                + ". Copy the exact passage from the item."
            )
        }
    )


def _check_reason(redaction: Redaction) -> None:
    if redaction.reason_id and redaction.reason.needs_note and not redaction.note.strip():
        raise ValidationError({"note": f"Say why: the reason “{redaction.reason}” needs a note."})


def redaction_validate(*, redaction: Redaction) -> tuple[SurveyAnswer | None, tuple[int, int]]:
    """Raise ValidationError unless the redaction has its note (when its reason needs one) and its
    text is in the item; return where it is."""
    _check_reason(redaction)
    return _locate(redaction)


@transaction.atomic
def redaction_save(*, redaction: Redaction, by, expected_version: int | None = None) -> Redaction:
    """Mark (or mark again) a span: located by its quoted text in the item's body, else its answers.
    The stored quoted text becomes the source's exact text; a marked span needs no review."""
    answer, (start, end) = redaction_validate(redaction=redaction)
    source = answer.answer if answer else redaction.item.body
    redaction.answer, redaction.start, redaction.end = answer, start, end
    redaction.quoted_text = source[start:end]
    redaction.needs_review = False
    if redaction._state.adding:
        redaction.created_by = by if by is not None and by.is_authenticated else None
    why = "redacted" if redaction._state.adding else "redaction changed"
    return audited_save(redaction, by=by, reason=why, expected_version=expected_version)


@transaction.atomic
def redaction_delete(*, redaction: Redaction, by, expected_version: int | None = None) -> None:
    audited_delete(redaction, by=by, reason="redaction removed", expected_version=expected_version)


@transaction.atomic
def redactions_reanchor(*, item_id: int, by=None) -> list[Redaction]:
    """After the text of an item changed: each redaction still covering its quoted text stays; one
    whose text moved follows it; one whose text is gone (or ambiguous) is flagged for review. Only
    rows that change are saved (audited). Returns the redactions flagged."""
    flagged = []
    redactions = Redaction.objects.filter(item_id=item_id).select_related("item", "answer")
    for redaction in redactions:
        source = redaction.answer.answer if redaction.answer_id else redaction.item.body
        span = spans.reanchor(
            source, redaction.start, redaction.end, redaction.quoted_text, redaction.occurrence
        )
        if span == (redaction.start, redaction.end) and not redaction.needs_review:
            continue
        if span is None:
            if redaction.needs_review:
                continue
            redaction.needs_review = True
            flagged.append(redaction)
            why = "text changed: needs review"
        else:
            redaction.start, redaction.end = span
            redaction.needs_review = False
            why = "text moved: re-anchored"
        audited_save(redaction, by=by, reason=why, clean=False)
    return flagged
