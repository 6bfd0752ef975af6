"""Every write that matters to recommendations: atomic, validated and recorded in history."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from recommendations import selectors, workflow
from recommendations.models import EvidenceLink, Recommendation, RecommendationTransition


class VersionConflict(ValidationError):
    """Someone else saved the recommendation after the editor loaded it."""

    def __init__(self, *, current_version: int, changes: list[selectors.Change], changed_by=None):
        self.current_version, self.changes, self.changed_by = current_version, changes, changed_by
        super().__init__(conflict_message(changes=changes, changed_by=changed_by), code="version_conflict")


def conflict_message(*, changes: list[selectors.Change], changed_by=None) -> str:
    who = f" ({changed_by})" if changed_by else ""
    summary = "; ".join(f"{change.label}: “{change.old}” → “{change.new}”" for change in changes)
    return (
        f"Someone else{who} saved this recommendation while you were editing it, so your changes were "
        f"not saved. What they changed: {summary or 'evidence links or stakeholders'}. Your edits are "
        "still in the form: compare them with the changes above and save again to keep yours."
    )


def _audit(obj, by, reason: str) -> None:
    obj._history_user = by if by and by.is_authenticated else None
    obj._change_reason = reason[:100]


@transaction.atomic
def recommendation_create(
    *, recommendation: Recommendation, by, target_stakeholders: Iterable = ()
) -> Recommendation:
    if recommendation.pk:
        raise ValueError("recommendation_create takes a new recommendation; use recommendation_update.")
    recommendation.status = Recommendation.Status.IDEA
    recommendation.version = 1
    recommendation.full_clean()
    _audit(recommendation, by, "created")
    recommendation.save()
    if target_stakeholders:
        recommendation.target_stakeholders.set(target_stakeholders)
    return recommendation


@transaction.atomic
def recommendation_update(
    *,
    recommendation: Recommendation,
    by,
    expected_version: int,
    target_stakeholders: Iterable | None = None,
    reason: str = "edited",
) -> Recommendation:
    """Save edits made to a recommendation loaded at `expected_version`.

    The conditional UPDATE claims the next version only if nobody saved in between; it also holds
    the row lock until commit, so a second editor waits and then sees the conflict. Status is
    changed only by `recommendation_transition`."""
    claimed = Recommendation.objects.filter(pk=recommendation.pk, version=expected_version).update(
        version=expected_version + 1
    )
    if not claimed:
        changes, current = selectors.recommendation_changes_since(
            recommendation_id=recommendation.pk, version=expected_version
        )
        raise VersionConflict(
            current_version=current.version if current else expected_version,
            changes=changes,
            changed_by=current.history_user if current else None,
        )
    recommendation.status = Recommendation.objects.values_list("status", flat=True).get(pk=recommendation.pk)
    recommendation.version = expected_version + 1
    recommendation.full_clean()
    _audit(recommendation, by, reason)
    recommendation.save()
    if target_stakeholders is not None:
        recommendation.target_stakeholders.set(target_stakeholders)
    return recommendation


@transaction.atomic
def recommendation_delete(*, recommendation: Recommendation, by) -> None:
    """Delete a recommendation with its links and workflow steps (the Chair's permission)."""
    _audit(recommendation, by, "deleted")
    recommendation.delete()


@transaction.atomic
def recommendation_transition(
    *, recommendation: Recommendation, to: str, by, reason: str = ""
) -> Recommendation:
    """Move a recommendation one workflow step, recording who, when and why."""
    current = Recommendation.objects.select_for_update().values("status", "version").get(pk=recommendation.pk)
    supporting = selectors.supporting_evidence_count(recommendation=recommendation)
    workflow.check(current["status"], to, user=by, supporting=supporting, reason=reason)
    reason = reason.strip()
    recommendation.status = to
    recommendation.version = current["version"] + 1
    _audit(recommendation, by, reason or f"status → {Recommendation.Status(to).label}")
    recommendation.save(update_fields=["status", "version", "updated_at"])
    RecommendationTransition.objects.create(
        recommendation=recommendation,
        from_status=current["status"],
        to_status=to,
        by=by if by and by.is_authenticated else None,
        at=timezone.now(),
        reason=reason,
    )
    return recommendation


def _check_may_tag(by) -> None:
    if by is not None and not by.has_perm("recommendations.add_evidencelink"):
        raise ValidationError("You do not have permission to tag evidence to recommendations.")


@transaction.atomic
def evidence_link_create(*, link: EvidenceLink, by) -> EvidenceLink:
    """Tag an evidence item (or one of its excerpts) to a recommendation."""
    _check_may_tag(by)
    link.tagged_by = by if by and by.is_authenticated else None
    link.full_clean()
    _audit(link, by, "tagged")
    link.save()
    return link


@transaction.atomic
def evidence_link_update(*, link: EvidenceLink, by) -> EvidenceLink:
    """Save a changed stance, strength, note or excerpt; the tagger becomes whoever last judged it."""
    link.tagged_by = by if by and by.is_authenticated else link.tagged_by
    link.full_clean()
    _audit(link, by, "re-tagged")
    link.save()
    return link


@transaction.atomic
def evidence_link_delete(*, link: EvidenceLink, by) -> None:
    _audit(link, by, "untagged")
    link.delete()


@transaction.atomic
def evidence_tag(
    *, items: Iterable, recommendation: Recommendation, stance: str, strength: int, by, note: str = ""
) -> tuple[list[EvidenceLink], list]:
    """Tag several evidence items (whole items, no excerpt) to one recommendation.

    Returns (links created, items already tagged to it, left as they were)."""
    _check_may_tag(by)
    items = list(items)
    already = set(
        EvidenceLink.objects.filter(
            recommendation=recommendation, excerpt__isnull=True, evidence__in=items
        ).values_list("evidence_id", flat=True)
    )
    created, skipped = [], []
    for item in items:
        if item.pk in already:
            skipped.append(item)
            continue
        link = EvidenceLink(
            recommendation=recommendation, evidence=item, stance=stance, strength=strength, note=note
        )
        created.append(evidence_link_create(link=link, by=by))
    return created, skipped
