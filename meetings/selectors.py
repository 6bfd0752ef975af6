"""Reads shared by the admin, the dashboard and the calendar feed."""

import datetime

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from meetings.models import ActionPoint, AgendaItem, Meeting


def upcoming_meetings(*, now: datetime.datetime | None = None) -> QuerySet[Meeting]:
    """Planned meetings that have not yet ended (one in progress still counts), soonest first."""
    now = now or timezone.now()
    return (
        Meeting.objects.filter(status=Meeting.Status.PLANNED, ends_at__gte=now)
        .select_related("theme")
        .order_by("starts_at")
    )


def overdue_action_points(*, today: datetime.date | None = None) -> QuerySet[ActionPoint]:
    """Open action points whose due date has passed, most overdue first, with meeting and owner."""
    today = today or timezone.localdate()
    return (
        ActionPoint.objects.filter(done=False, due__lt=today)
        .select_related("meeting", "owner", "recommendation")
        .order_by("due", "id")
    )


def meetings_for_calendar() -> QuerySet[Meeting]:
    """Every meeting with its agenda and `sequence` (edits so far), for iCalendar export.

    Cancelled meetings stay in the feed with STATUS:CANCELLED so subscribed calendars drop them."""
    edits = (
        Meeting.history.model.objects.filter(id=OuterRef("pk"))
        .order_by()
        .values("id")
        .annotate(n=Count("history_id"))
        .values("n")
    )
    return (
        Meeting.objects.annotate(
            sequence=Coalesce(Subquery(edits, output_field=IntegerField()), 1) - 1,
        )
        .prefetch_related(Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order", "id")))
        .order_by("starts_at")
    )
