"""Meeting reads used by the dashboard.

Minimal versions on the report branch so the dashboard runs; the meetings branch owns this module
and its versions replace these on merge."""

from django.db.models import QuerySet
from django.utils import timezone

from meetings.models import Meeting


def upcoming_meetings() -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(starts_at__gte=timezone.now())
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
    )


def overdue_action_points() -> QuerySet:
    """Action points arrive with the meetings branch; until then there are none to be overdue."""
    return Meeting.objects.none()
