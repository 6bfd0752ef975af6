"""Demo implementation tracking for seed_demo: runs after the demo recommendations and does nothing
until some are agreed. Idempotent: statuses are only set on rows still "not started"."""

import datetime

from recommendations.implementation import services
from recommendations.implementation.services import TRACKABLE
from recommendations.models import ImplementationStatus, OutreachEntry, Recommendation

State = ImplementationStatus.State
# (status, progress, channel, summary, next step, follow-up offset in days) for successive rows.
STORYLINE = [
    (State.IN_DIALOGUE, 10, OutreachEntry.Channel.LETTER, "Sent the report asking for a meeting.",
     "Chase the private office for a meeting date.", 21),
    (State.ACCEPTED, 30, OutreachEntry.Channel.MEETING, "Officials accepted the recommendation in principle.",
     "Send draft guidance wording.", 30),
    (State.PARTIALLY_IMPLEMENTED, 60, OutreachEntry.Channel.CONSULTATION,
     "Responded to the consultation on revised contract terms.", "", None),
    (State.REJECTED, 0, OutreachEntry.Channel.EMAIL, "Declined to act before the spending review.",
     "Raise again with the select committee.", 90),
]  # fmt: skip


def seed(*, by) -> list[ImplementationStatus]:
    recommendations = Recommendation.objects.filter(status__in=TRACKABLE).prefetch_related(
        "target_stakeholders"
    )
    services.implementation_start(recommendations=recommendations, by=by)
    rows = list(
        ImplementationStatus.objects.filter(status=State.NOT_STARTED).select_related("recommendation")
    )
    start = datetime.date(2024, 5, 1)
    for row, (state, progress, channel, summary, next_step, follow_up) in zip(rows, STORYLINE, strict=False):
        row.status, row.progress = state, progress
        services.implementation_save(implementation=row, by=by, reason="demo")
        services.outreach_record(
            entry=OutreachEntry(
                implementation=row,
                date=start,
                channel=channel,
                summary=summary,
                next_step=next_step,
                follow_up_on=start + datetime.timedelta(days=follow_up) if follow_up else None,
            ),
            by=by,
        )
    return rows
