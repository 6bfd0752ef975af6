"""Response deadlines: once a recommendation is published, each stakeholder it asks to act owes a
response within RESPONSE_DEADLINE_MONTHS calendar months (default two, as the UK government undertakes
for committee reports).

The date is counted from when the stakeholder was asked: the publication date, or the day a
stakeholder was made a target of an already published recommendation. It is set once: publishing
again, editing the recommendation or re-running the start never moves a due date (the Chair edits one
by hand on the implementation status, which history records).

Kept below `services` (which calls it on publication and on every later edit of the targets) and
above the models; `recommendations.implementation` uses it too."""

import calendar
import datetime

from django.conf import settings

from editing.services import actor, audited_save
from recommendations.models import ImplementationStatus, Recommendation


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole calendar months, clamped to the end of a shorter month:
    31 Dec + 2 → 28 (or 29) Feb, 31 Jan + 2 → 31 Mar, 15 Nov + 2 → 15 Jan."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def response_due(requested_on: datetime.date) -> datetime.date:
    return add_months(requested_on, settings.RESPONSE_DEADLINE_MONTHS)


def response_deadline_fill(*, implementation: ImplementationStatus, on: datetime.date) -> bool:
    """Give an unsaved or loaded status its due date if its recommendation is published and it has
    none yet. Returns whether it changed (the caller saves)."""
    if implementation.recommendation.status != Recommendation.Status.PUBLISHED:
        return False
    if implementation.response_requested_on or implementation.response_due:
        return False
    implementation.response_requested_on = on
    implementation.response_due = response_due(on)
    return True


def response_deadlines_start(*, recommendation: Recommendation, by, on: datetime.date) -> list:
    """Every target stakeholder of a published recommendation gets a due date counted from `on`,
    unless it already has one. Creates the implementation status where there is none yet. Returns
    the statuses changed or created. Call inside the caller's transaction."""
    if recommendation.status != Recommendation.Status.PUBLISHED:
        return []
    existing = {row.stakeholder_id: row for row in recommendation.implementation.all()}
    changed = []
    for stakeholder in recommendation.target_stakeholders.all():
        row = existing.get(stakeholder.pk) or ImplementationStatus(
            recommendation=recommendation, stakeholder=stakeholder
        )
        row.recommendation = recommendation
        if response_deadline_fill(implementation=row, on=on):
            row.updated_by = actor(by)
            audited_save(row, by=by, reason=f"response due {row.response_due:%d %b %Y}")
            changed.append(row)
    return changed
