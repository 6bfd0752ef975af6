"""Every write that matters to meetings: atomic, validated and recorded in history."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from editing.services import audited_delete, audited_save
from meetings.models import ActionPoint, AgendaItem, Attendance, Decision, ExternalAttendee, Meeting


@transaction.atomic
def meeting_save(*, meeting: Meeting, by, reason: str = "") -> Meeting:
    """Create or edit a meeting (times are stored in UTC and shown in Europe/London)."""
    return audited_save(meeting, by=by, reason=reason or ("edited" if meeting.pk else "created"))


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
    return audited_save(meeting, by=by, reason="marked as held", update_fields=["status"], clean=False)


@transaction.atomic
def agenda_item_save(*, item: AgendaItem, by, **m2m: Iterable) -> AgendaItem:
    """Save an agenda item; keywords set its evidence and recommendations (in the same history row)."""
    return audited_save(item, by=by, reason="agenda edited" if item.pk else "added to agenda", **m2m)


@transaction.atomic
def attendance_save(*, attendance: Attendance, by) -> Attendance:
    return audited_save(attendance, by=by, reason=f"attendance: {attendance.get_status_display().lower()}")


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
    return audited_save(action, by=by, reason=reason)


@transaction.atomic
def action_point_complete(*, action: ActionPoint, by) -> ActionPoint:
    if action.done:
        return action
    action.done = True
    return action_point_save(action=action, by=by)


@transaction.atomic
def decision_save(*, decision: Decision, by) -> Decision:
    return audited_save(decision, by=by, reason="decision edited" if decision.pk else "decision recorded")


@transaction.atomic
def external_attendee_save(*, attendee: ExternalAttendee, by) -> ExternalAttendee:
    """Record a witness, observer or guest who has no account (history hides nothing: only the
    secretariat and the chair, who may see protected names, open it)."""
    return audited_save(attendee, by=by, reason="attendee edited" if attendee.pk else "attendee added")


@transaction.atomic
def meeting_part_delete(
    *, obj: AgendaItem | Attendance | ActionPoint | Decision | ExternalAttendee, by
) -> None:
    """Remove an agenda item, attendance row, action or decision, recording who removed it."""
    audited_delete(obj, by=by, reason="removed")
