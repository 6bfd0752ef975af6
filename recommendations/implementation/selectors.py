"""Reads for implementation tracking: the progress page and the dashboard."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.utils import timezone

from evidence.models import Organisation
from recommendations.implementation.services import TRACKABLE
from recommendations.models import ImplementationStatus, OutreachEntry, Recommendation

State = ImplementationStatus.State


@dataclass
class StakeholderProgress:
    name: str
    status: str
    status_label: str
    progress: int


@dataclass
class RecommendationProgress:
    recommendation: Recommendation
    stakeholders: list[StakeholderProgress]

    @property
    def progress(self) -> int:
        """Mean progress over every stakeholder asked to act (untracked ones count as 0)."""
        if not self.stakeholders:
            return 0
        return round(sum(s.progress for s in self.stakeholders) / len(self.stakeholders))

    @property
    def summary(self) -> str:
        states = {s.status for s in self.stakeholders}
        if not states or states == {State.NOT_STARTED}:
            return State.NOT_STARTED.label
        if states == {State.IMPLEMENTED}:
            return State.IMPLEMENTED.label
        if states == {State.REJECTED}:
            return State.REJECTED.label
        return "In progress"


def progress_by_recommendation() -> list[RecommendationProgress]:
    """Agreed-or-later recommendations in report order, each with every target stakeholder's status
    (3 queries: recommendations, stakeholders, statuses)."""
    recommendations = (
        Recommendation.objects.filter(status__in=TRACKABLE)
        .select_related("chapter")
        .order_by("chapter__order", "chapter__number", "position", "number")
        .prefetch_related(
            Prefetch("target_stakeholders", queryset=Organisation.objects.order_by("name")),
            Prefetch("implementation", queryset=ImplementationStatus.objects.select_related("stakeholder")),
        )
    )
    result = []
    for recommendation in recommendations:
        tracked = {row.stakeholder_id: row for row in recommendation.implementation.all()}
        rows = []
        for organisation in recommendation.target_stakeholders.all():
            row = tracked.pop(organisation.pk, None)
            rows.append(_progress(organisation, row))
        rows.extend(_progress(row.stakeholder, row) for row in tracked.values())
        result.append(RecommendationProgress(recommendation=recommendation, stakeholders=rows))
    return result


def _progress(organisation, row: ImplementationStatus | None) -> StakeholderProgress:
    if row is None:
        return StakeholderProgress(organisation.name, State.NOT_STARTED, State.NOT_STARTED.label, 0)
    return StakeholderProgress(organisation.name, row.status, row.get_status_display(), row.progress)


def implementation_counts() -> dict:
    """Stakeholder statuses by state and the mean progress, in one query."""
    totals = ImplementationStatus.objects.aggregate(
        total=Count("pk"),
        average=Avg("progress"),
        **{state: Count("pk", filter=Q(status=state)) for state in State.values},
    )
    return {
        "total": totals["total"],
        "average": round(totals["average"] or 0),
        "by_state": [(state, state.label, totals[state.value]) for state in State],
    }


def overdue_follow_ups() -> QuerySet[OutreachEntry]:
    return (
        OutreachEntry.objects.filter(follow_up_done=False, follow_up_on__lt=timezone.localdate())
        .select_related("implementation__recommendation", "implementation__stakeholder")
        .order_by("follow_up_on", "pk")
    )


def response_state_q(state: str, *, today: datetime.date) -> Q:
    """Statuses whose stakeholder response is `state`: overdue (due before today, nothing received),
    due_soon (due today or within RESPONSE_DUE_SOON_DAYS, nothing received), received, not_requested."""
    waiting = Q(response_received_on__isnull=True, response_due__isnull=False)
    soon = today + datetime.timedelta(days=settings.RESPONSE_DUE_SOON_DAYS)
    return {
        "overdue": waiting & Q(response_due__lt=today),
        "due_soon": waiting & Q(response_due__gte=today, response_due__lte=soon),
        "received": Q(response_received_on__isnull=False),
        "not_requested": Q(response_due__isnull=True, response_received_on__isnull=True),
    }[state]


def overdue_responses(*, today: datetime.date | None = None) -> QuerySet[ImplementationStatus]:
    """Stakeholder responses past their due date and not received, longest overdue first (1 query)."""
    today = today or timezone.localdate()
    return (
        ImplementationStatus.objects.filter(response_state_q("overdue", today=today))
        .select_related("recommendation", "stakeholder")
        .order_by("response_due", "recommendation__number", "stakeholder__name", "pk")
    )
