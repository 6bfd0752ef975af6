"""Every write to implementation tracking: atomic, validated and recorded in history."""

from django.core.exceptions import ValidationError
from django.db import transaction

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
    *, implementation: ImplementationStatus, by, reason: str = ""
) -> ImplementationStatus:
    """Create or edit one recommendation × stakeholder status."""
    implementation_validate(implementation=implementation)
    implementation.full_clean()
    implementation.updated_by = by if by and by.is_authenticated else None
    implementation._history_user = implementation.updated_by
    implementation._change_reason = reason or (
        f"status → {implementation.get_status_display()}, {implementation.progress}%"
    )
    implementation.save()
    return implementation


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
    entry.created_by = by if by and by.is_authenticated else None
    entry.full_clean()
    entry._history_user = entry.created_by
    entry._change_reason = "contact recorded"
    entry.save()
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
        earlier._history_user = entry.created_by
        earlier._change_reason = f"followed up on {entry.date:%d %b %Y}"
        earlier.save(update_fields=["follow_up_done"])
    return entry


@transaction.atomic
def outreach_update(*, entry: OutreachEntry, by, reason: str = "edited") -> OutreachEntry:
    entry.full_clean()
    entry._history_user = by
    entry._change_reason = reason
    entry.save()
    return entry
