import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings import services
from meetings.models import Attendance, Meeting
from tests.factories import ActionPointFactory, MeetingFactory, UserFactory


def _past_meeting(**kwargs) -> Meeting:
    start = timezone.now() - datetime.timedelta(days=1)
    return MeetingFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2), **kwargs)


@pytest.mark.django_db
def test_mark_held_records_who_and_why_in_history(secretariat_user):
    meeting = _past_meeting()
    services.meeting_mark_held(meeting=meeting, by=secretariat_user)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    latest = meeting.history.first()
    assert (latest.history_user, latest.history_change_reason) == (secretariat_user, "marked as held")


@pytest.mark.django_db
def test_a_meeting_cannot_be_marked_held_before_it_starts(secretariat_user):
    meeting = MeetingFactory()  # next week
    with pytest.raises(ValidationError, match="mark it as held once it has taken place"):
        services.meeting_mark_held(meeting=meeting, by=secretariat_user)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


@pytest.mark.django_db
def test_a_cancelled_meeting_cannot_be_marked_held(secretariat_user):
    meeting = _past_meeting(status=Meeting.Status.CANCELLED)
    with pytest.raises(ValidationError, match="this one is cancelled"):
        services.meeting_mark_held(meeting=meeting, by=secretariat_user)


@pytest.mark.django_db
def test_meeting_save_refuses_end_before_start_and_saves_nothing(secretariat_user):
    start = timezone.now()
    meeting = MeetingFactory.build(starts_at=start, ends_at=start - datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="must end after it starts"):
        services.meeting_save(meeting=meeting, by=secretariat_user)
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_ticking_an_action_stamps_when_and_unticking_reopens_it(secretariat_user):
    action = ActionPointFactory()
    services.action_point_complete(action=action, by=secretariat_user)
    action.refresh_from_db()
    assert action.done and action.done_at is not None
    assert action.history.first().history_change_reason == "done"

    action.done = False
    services.action_point_save(action=action, by=secretariat_user)
    action.refresh_from_db()
    assert (action.done, action.done_at) == (False, None)
    assert action.history.first().history_change_reason == "reopened"


@pytest.mark.django_db
def test_recording_attendance_twice_corrects_the_one_row(secretariat_user):
    meeting, member = MeetingFactory(), UserFactory()
    services.attendance_record(
        meeting=meeting, member=member, status=Attendance.Status.PRESENT, by=secretariat_user
    )
    services.attendance_record(
        meeting=meeting, member=member, status=Attendance.Status.APOLOGIES, by=secretariat_user
    )
    assert list(meeting.attendance.values_list("member", "status")) == [
        (member.pk, Attendance.Status.APOLOGIES)
    ]
