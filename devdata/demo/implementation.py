"""Demo implementation tracking for seed_demo: runs after the demo recommendations and their target
stakeholders (devdata/demo/stakeholders.py) and does nothing until some are agreed.

The rows walk the whole scale (in dialogue, accepted, partially implemented, implemented, rejected;
the rest stay not started), each with a contact on its timeline. One contact was followed up (its
follow-up closed by a later contact); exactly one follow-up is overdue. Dates are relative to the
day the demo is loaded, so "overdue" stays true of one entry only. Idempotent: statuses are only set
on rows still "not started", and only while no outreach is recorded yet."""

import datetime

from django.utils import timezone

from recommendations.implementation import services
from recommendations.implementation.services import TRACKABLE
from recommendations.models import ImplementationStatus, OutreachEntry, Recommendation

State = ImplementationStatus.State
Channel = OutreachEntry.Channel
# (status, progress, [(days ago, channel, summary, next step, follow-up in days from today or None)])
STORYLINE = [
    (State.IN_DIALOGUE, 10, [
        (60, Channel.LETTER, "Sent the report asking for a meeting.",
         "Chase the private office for a meeting date.", -7),  # the overdue follow-up
    ]),
    (State.ACCEPTED, 30, [
        (90, Channel.EMAIL, "Sent the report and asked who leads on it.",
         "Ask for a meeting with officials.", -60),
        (50, Channel.MEETING, "Officials accepted the recommendation in principle.",
         "Send draft guidance wording.", 14),
    ]),
    (State.PARTIALLY_IMPLEMENTED, 60, [
        (40, Channel.CONSULTATION, "Responded to the consultation on revised contract terms.", "", None),
    ]),
    (State.IMPLEMENTED, 100, [
        (30, Channel.MEETING, "Guidance now requires quality scoring for assessment contracts.", "", None),
    ]),
    (State.REJECTED, 0, [
        (20, Channel.EMAIL, "Declined to act before the spending review.",
         "Raise again with the select committee.", 90),
    ]),
]  # fmt: skip


def seed(*, by) -> list[ImplementationStatus]:
    recommendations = Recommendation.objects.filter(status__in=TRACKABLE).prefetch_related(
        "target_stakeholders"
    )
    services.implementation_start(recommendations=recommendations, by=by)
    if OutreachEntry.objects.exists():
        return []  # the storyline has been told (or real outreach is recorded): leave it
    rows = list(
        ImplementationStatus.objects.filter(status=State.NOT_STARTED)
        .select_related("recommendation", "stakeholder")
        .order_by("recommendation__number", "stakeholder__name")
    )
    today = timezone.localdate()
    for row, (state, progress, contacts) in zip(rows, STORYLINE, strict=False):
        row.status, row.progress = state, progress
        services.implementation_save(implementation=row, by=by, reason="demo")
        for days_ago, channel, summary, next_step, follow_up in contacts:
            services.outreach_record(
                entry=OutreachEntry(
                    implementation=row,
                    date=today - datetime.timedelta(days=days_ago),
                    channel=channel,
                    summary=summary,
                    next_step=next_step,
                    follow_up_on=today + datetime.timedelta(days=follow_up)
                    if follow_up is not None
                    else None,
                ),
                by=by,
            )
    return rows[: len(STORYLINE)]
