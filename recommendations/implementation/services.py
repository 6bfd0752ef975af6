"""Every write to implementation tracking: atomic, validated and recorded in history."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from editing.services import actor, audited_delete, audited_save
from recommendations import deadlines
from recommendations.models import ImplementationStatus, OutreachEntry, Recommendation

# Only recommendations the working party has agreed are worth chasing with stakeholders.
TRACKABLE = [
    Recommendation.Status.AGREED,
    Recommendation.Status.IN_REPORT,
    Recommendation.Status.PUBLISHED,
]


def implementation_validate(*, implementation: ImplementationStatus) -> None:
    """Refuse tracking an unagreed recommendation or a stakeholder it does not target."""
    recommendation = implementation.recommendation
    if recommendation.status not in TRACKABLE:
        raise ValidationError(
            {
                "recommendation": f"Recommendation {recommendation.number} is "
                f"{recommendation.get_status_display().lower()}; track implementation once it is agreed."
            }
        )
    if not recommendation.target_stakeholders.filter(pk=implementation.stakeholder_id).exists():
        raise ValidationError(
            {
                "stakeholder": f"{implementation.stakeholder} is not a target stakeholder of recommendation "
                f"{recommendation.number}; add it to the recommendation's target stakeholders first."
            }
        )


@transaction.atomic
def implementation_save(
    *, implementation: ImplementationStatus, by, reason: str = "", expected_version: int | None = None
) -> ImplementationStatus:
    """Create or edit one recommendation × stakeholder status (edits are version-checked)."""
    implementation_validate(implementation=implementation)
    if implementation._state.adding:
        deadlines.response_deadline_fill(implementation=implementation, on=timezone.localdate())
    implementation.updated_by = actor(by)
    return audited_save(
        implementation,
        by=by,
        reason=reason or f"status → {implementation.get_status_display()}, {implementation.progress}%",
        expected_version=expected_version,
    )


@transaction.atomic
def implementation_response_record(
    *,
    implementation: ImplementationStatus,
    received_on: datetime.date,
    summary: str,
    by,
    expected_version: int | None = None,
) -> ImplementationStatus:
    """Record the stakeholder's response to the published recommendation (it is no longer overdue)."""
    implementation.response_received_on, implementation.response_summary = received_on, summary
    implementation.updated_by = actor(by)
    return audited_save(
        implementation,
        by=by,
        reason=f"response received {received_on:%d %b %Y}",
        expected_version=expected_version,
    )


@transaction.atomic
def implementation_start(*, recommendations, by) -> list[ImplementationStatus]:
    """Create a "not started" row for every target stakeholder of the given recommendations that has
    none yet, so nobody the report asks to act is forgotten. Returns the rows created."""
    created = []
    for recommendation in recommendations:
        if recommendation.status not in TRACKABLE:
            continue
        existing = set(recommendation.implementation.values_list("stakeholder_id", flat=True))
        for stakeholder in recommendation.target_stakeholders.all():
            if stakeholder.pk not in existing:
                created.append(
                    implementation_save(
                        implementation=ImplementationStatus(
                            recommendation=recommendation, stakeholder=stakeholder
                        ),
                        by=by,
                        reason="tracking started",
                    )
                )
    return created


@transaction.atomic
def outreach_record(*, entry: OutreachEntry, by) -> OutreachEntry:
    """Record a contact. Earlier open follow-ups with the same stakeholder on the same recommendation
    are closed: this contact is the follow-up."""
    if entry.pk:
        raise ValueError("outreach_record takes a new entry; use outreach_update for existing ones.")
    entry.created_by = actor(by)
    audited_save(entry, by=by, reason="contact recorded")
    for earlier in (
        OutreachEntry.objects.select_for_update()
        .filter(
            implementation=entry.implementation_id,
            follow_up_done=False,
            follow_up_on__isnull=False,
            date__lte=entry.date,
        )
        .exclude(pk=entry.pk)
    ):
        earlier.follow_up_done = True
        audited_save(
            earlier,
            by=by,
            reason=f"followed up on {entry.date:%d %b %Y}",
            update_fields=["follow_up_done"],
            clean=False,
        )
    return entry


@transaction.atomic
def outreach_update(
    *, entry: OutreachEntry, by, reason: str = "edited", expected_version: int | None = None
) -> OutreachEntry:
    return audited_save(entry, by=by, reason=reason, expected_version=expected_version)


@transaction.atomic
def outreach_delete(*, entry: OutreachEntry, by, expected_version: int | None = None) -> None:
    audited_delete(entry, by=by, reason="removed", expected_version=expected_version)
