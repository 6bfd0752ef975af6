"""Every write that matters to meetings: atomic, validated and recorded in history."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from meetings.models import ActionPoint, AgendaItem, Attendance, Decision, Meeting


def _audited_save(obj: models.Model, *, by, reason: str) -> None:
    obj.full_clean()
    obj._history_user = by if by and by.is_authenticated else None
    obj._change_reason = reason
    obj.save()


@transaction.atomic
def meeting_save(*, meeting: Meeting, by, reason: str = "") -> Meeting:
    """Create or edit a meeting (times are stored in UTC and shown in Europe/London)."""
    _audited_save(meeting, by=by, reason=reason or ("edited" if meeting.pk else "created"))
    return meeting


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, by, now: datetime.datetime | None = None) -> Meeting:
    """Record that a planned meeting took place. Refused before it starts and for cancelled meetings."""
    now = now or timezone.now()
    current = Meeting.objects.select_for_update().values_list("status", flat=True).get(pk=meeting.pk)
    if current != Meeting.Status.PLANNED:
        raise ValidationError(
            "Only a planned meeting can be marked as held; "
            f"this one is {Meeting.Status(current).label.lower()}.",
            code="not_planned",
        )
    if meeting.starts_at > now:
        raise ValidationError(
            f"This meeting starts on {timezone.localtime(meeting.starts_at):%-d %b %Y at %H:%M}; "
            "mark it as held once it has taken place.",
            code="not_started",
        )
    meeting.status = Meeting.Status.HELD
    meeting._history_user = by if by and by.is_authenticated else None
    meeting._change_reason = "marked as held"
    meeting.save(update_fields=["status"])
    return meeting


@transaction.atomic
def agenda_item_save(*, item: AgendaItem, by) -> AgendaItem:
    """Save an agenda item's own fields; its evidence and recommendations are set by the caller."""
    _audited_save(item, by=by, reason="agenda edited" if item.pk else "added to agenda")
    return item


@transaction.atomic
def attendance_save(*, attendance: Attendance, by) -> Attendance:
    _audited_save(attendance, by=by, reason=f"attendance: {attendance.get_status_display().lower()}")
    return attendance


@transaction.atomic
def attendance_record(*, meeting: Meeting, member, status: str, by) -> Attendance:
    """Record (or correct) one member's attendance: one row per member and meeting."""
    attendance = Attendance.objects.select_for_update().filter(meeting=meeting, member=member).first()
    if attendance is None:
        attendance = Attendance(meeting=meeting, member=member)
    elif attendance.status == status:
        return attendance
    attendance.status = status
    return attendance_save(attendance=attendance, by=by)


@transaction.atomic
def action_point_save(*, action: ActionPoint, by) -> ActionPoint:
    """Save an action point; ticking or unticking `done` stamps or clears when it was done."""
    if action.done and action.done_at is None:
        action.done_at = timezone.now()
        reason = "done"
    elif not action.done and action.done_at is not None:
        action.done_at = None
        reason = "reopened"
    else:
        reason = "edited" if action.pk else "created"
    _audited_save(action, by=by, reason=reason)
    return action


@transaction.atomic
def action_point_complete(*, action: ActionPoint, by) -> ActionPoint:
    if action.done:
        return action
    action.done = True
    return action_point_save(action=action, by=by)


@transaction.atomic
def decision_save(*, decision: Decision, by) -> Decision:
    _audited_save(decision, by=by, reason="decision edited" if decision.pk else "decision recorded")
    return decision


@transaction.atomic
def meeting_part_delete(*, obj: AgendaItem | Attendance | ActionPoint | Decision, by) -> None:
    """Remove an agenda item, attendance row, action or decision, recording who removed it."""
    obj._history_user = by if by and by.is_authenticated else None
    obj._change_reason = "removed"
    obj.delete()
