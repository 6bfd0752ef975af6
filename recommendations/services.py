"""Every write that matters to recommendations: atomic, validated and recorded in history."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from editing.services import actor, audited_delete, audited_save
from recommendations import deadlines, selectors, workflow
from recommendations.models import EvidenceLink, Recommendation, RecommendationTransition

# Once agreed, these change only through the Chair, as a recorded workflow step with a reason.
AGREED_WORDING = ["text", "rationale", "number", "chapter"]
LOCKED_STATUSES = [
    Recommendation.Status.AGREED,
    Recommendation.Status.IN_REPORT,
    Recommendation.Status.PUBLISHED,
]


def wording_check(*, recommendation: Recommendation, stored: dict, by, amend_reason: str) -> list[str]:
    """The agreed-wording fields this edit changes; refused unless the Chair gives a reason.

    `stored` holds the saved status and AGREED_WORDING values (chapter as `chapter_id`)."""
    if stored["status"] not in LOCKED_STATUSES:
        return []
    changed = [
        name
        for name in AGREED_WORDING
        if getattr(recommendation, Recommendation._meta.get_field(name).attname)
        != stored[Recommendation._meta.get_field(name).attname]
    ]
    if not changed:
        return []
    labels = ", ".join(Recommendation._meta.get_field(name).verbose_name for name in changed)
    status = Recommendation.Status(stored["status"]).label.lower()
    if not (by and by.has_perm(workflow.APPROVE_PERMISSION)):
        message = (
            f"This recommendation is {status}: its agreed {labels} can only be amended by the Chair, "
            "who records why. Ask the Chair, or leave this field as it was."
        )
        raise ValidationError(dict.fromkeys(changed, message), code="agreed_wording")
    if not amend_reason.strip():
        raise ValidationError(
            {"amend_reason": f"Say why the agreed {labels} is being amended (recorded as a workflow step)."},
            code="reason_required",
        )
    return changed


def stored_wording(recommendation: Recommendation) -> dict:
    names = ["status", *(Recommendation._meta.get_field(n).attname for n in AGREED_WORDING)]
    return Recommendation.objects.values(*names).get(pk=recommendation.pk)


@transaction.atomic
def recommendation_create(
    *, recommendation: Recommendation, by, target_stakeholders: Iterable = ()
) -> Recommendation:
    if recommendation.pk:
        raise ValueError("recommendation_create takes a new recommendation; use recommendation_update.")
    recommendation.status = Recommendation.Status.IDEA
    return audited_save(recommendation, by=by, reason="created", target_stakeholders=target_stakeholders)


@transaction.atomic
def recommendation_update(
    *,
    recommendation: Recommendation,
    by,
    expected_version: int | None = None,
    amend_reason: str = "",
    reason: str = "edited",
    **m2m: Iterable,
) -> Recommendation:
    """Save edits made to a recommendation loaded at `expected_version` (see editing.services).

    Status changes only by `recommendation_transition`. Once agreed, the wording, number and chapter
    change only by the Chair with `amend_reason`, recorded as a workflow step."""
    stored = stored_wording(recommendation)
    amended = wording_check(recommendation=recommendation, stored=stored, by=by, amend_reason=amend_reason)
    recommendation.status = stored["status"]
    if amended:
        reason = f"amend agreed wording: {amend_reason.strip()}"
    audited_save(recommendation, by=by, reason=reason, expected_version=expected_version, **m2m)
    # A stakeholder made a target after publication is asked from today (nobody else's date moves).
    deadlines.response_deadlines_start(recommendation=recommendation, by=by, on=timezone.localdate())
    if amended:
        RecommendationTransition.objects.create(
            recommendation=recommendation,
            from_status=stored["status"],
            to_status=stored["status"],
            by=actor(by),
            at=timezone.now(),
            reason=f"Amended agreed wording ({', '.join(amended)}): {amend_reason.strip()}",
        )
    return recommendation


@transaction.atomic
def recommendation_delete(*, recommendation: Recommendation, by) -> None:
    """Delete a recommendation with its links and workflow steps (the Chair's permission)."""
    audited_delete(recommendation, by=by)


@transaction.atomic
def recommendation_transition(
    *,
    recommendation: Recommendation,
    to: str,
    by,
    reason: str = "",
    expected_version: int | None = None,
    on: datetime.date | None = None,
) -> Recommendation:
    """Move a recommendation one workflow step, recording who, when and why. Version-checked: a step
    taken from a stale page (or list) is refused with what changed meanwhile.

    Publishing gives each target stakeholder a response due date counted from `on` (default today;
    data loads pass the report's publication day)."""
    current = Recommendation.objects.select_for_update().values("status", "version").get(pk=recommendation.pk)
    supporting = selectors.supporting_evidence_count(recommendation=recommendation)
    workflow.check(current["status"], to, user=by, supporting=supporting, reason=reason)
    reason = reason.strip()
    recommendation.status = to
    audited_save(
        recommendation,
        by=by,
        reason=reason or f"status → {Recommendation.Status(to).label}",
        expected_version=expected_version,
        update_fields=["status", "updated_at"],
        clean=False,
    )
    RecommendationTransition.objects.create(
        recommendation=recommendation,
        from_status=current["status"],
        to_status=to,
        by=actor(by),
        at=timezone.now(),
        reason=reason,
    )
    if to == Recommendation.Status.PUBLISHED:
        deadlines.response_deadlines_start(
            recommendation=recommendation, by=by, on=on or timezone.localdate()
        )
    return recommendation


def _check_may_tag(by) -> None:
    if by is not None and not by.has_perm("recommendations.add_evidencelink"):
        raise ValidationError("You do not have permission to tag evidence to recommendations.")


@transaction.atomic
def evidence_link_create(*, link: EvidenceLink, by) -> EvidenceLink:
    """Tag an evidence item (or one of its excerpts) to a recommendation."""
    _check_may_tag(by)
    link.tagged_by = actor(by)
    return audited_save(link, by=by, reason="tagged")


@transaction.atomic
def evidence_link_update(*, link: EvidenceLink, by, expected_version: int | None = None) -> EvidenceLink:
    """Save a changed stance, strength, note or excerpt; the tagger becomes whoever last judged it."""
    link.tagged_by = actor(by) or link.tagged_by
    return audited_save(link, by=by, reason="re-tagged", expected_version=expected_version)


@transaction.atomic
def evidence_link_delete(*, link: EvidenceLink, by, expected_version: int | None = None) -> None:
    audited_delete(link, by=by, reason="untagged", expected_version=expected_version)


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
