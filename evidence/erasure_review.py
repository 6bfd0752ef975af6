"""What an erasure leaves for a person to check (ErasureReview): notes that name the erased person by
one word of their name, and attachments, whose content is not read.

A single word such as a surname is not replaced automatically: "Price", "Bishop" or "Long" may be
an ordinary word in the same note, and a wrong replacement would silently damage evidence."""

import re

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from evidence.models import ErasureReview, EvidenceItem

CHANGE_REASON = "history_change_reason"


def rows_mentioning(queryset, fields: list[str], strings: list[str]):
    """Rows of `queryset` with any of `strings` in any of `fields` (case-insensitive)."""
    condition = Q()
    for field in fields:
        for value in strings:
            condition |= Q(**{f"{field}__icontains": value})
    return queryset.filter(condition)


def _flag(submitter_id: int, model, object_id: int, field: str, reason: str, history_id=None) -> None:
    ErasureReview.objects.get_or_create(
        submitter_id=submitter_id,
        content_type=ContentType.objects.get_for_model(model),
        object_id=object_id,
        history_id=history_id,
        field=field,
        defaults={"reason": reason},
    )


def name_words_flag(*, submitter_id: int, words: list[str], targets) -> None:
    """Flag every field of `targets` ((model, text fields, condition) as used by the erasure), live
    and historical, change notes included, where a word of the name appears on its own."""
    if not words:
        return
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(word) for word in words) + r")\b", re.IGNORECASE)
    reason = ErasureReview.Reason.NAME_WORD
    for model, fields, condition in targets:
        for obj in rows_mentioning(model.objects.filter(condition), fields, words):
            for field in fields:
                if pattern.search(getattr(obj, field) or ""):
                    _flag(submitter_id, model, obj.pk, field, reason)
        history = getattr(model, "history", None)
        if history is None:
            continue
        for row in rows_mentioning(history.filter(condition), [*fields, CHANGE_REASON], words):
            for field in [*fields, CHANGE_REASON]:
                if pattern.search(getattr(row, field) or ""):
                    _flag(submitter_id, model, row.id, field, reason, history_id=row.history_id)


def attachments_flag(*, submitter_id: int, item_ids) -> None:
    """An attachment may name the person inside the file (a signed letter): someone must look."""
    for pk in (
        EvidenceItem.objects.filter(pk__in=item_ids).exclude(attachment="").values_list("pk", flat=True)
    ):
        _flag(submitter_id, EvidenceItem, pk, "attachment", ErasureReview.Reason.ATTACHMENT)


@transaction.atomic
def erasure_review_resolve(*, review: ErasureReview, resolution: str, by) -> ErasureReview:
    """Record that a person checked the flagged place and what they did."""
    review.resolution = resolution
    review.resolved_at = review.resolved_at or timezone.now()
    review.resolved_by = by
    review.full_clean()
    review.save(update_fields=["resolution", "resolved_at", "resolved_by"])
    return review
