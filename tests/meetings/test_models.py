import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from meetings.models import ActionPoint, Attendance, Meeting
from tests.factories import ActionPointFactory, AttendanceFactory, MeetingFactory, UserFactory

LONDON = ZoneInfo("Europe/London")


def _meeting(**overrides) -> Meeting:
    fields = {
        "title": "Working Party Meeting: Oversight",
        "starts_at": datetime.datetime(2023, 11, 22, 17, tzinfo=LONDON),
        "ends_at": datetime.datetime(2023, 11, 22, 19, tzinfo=LONDON),
        "format": Meeting.Format.HYBRID,
        "location": "Meeting room 2, London",
        "join_link": "https://meet.example.org/wp",
    }
    return Meeting(**fields | overrides)


@pytest.mark.django_db
@pytest.mark.parametrize("ends_hour", [17, 16])
def test_a_meeting_that_ends_at_or_before_its_start_is_refused(ends_hour):
    meeting = _meeting(ends_at=datetime.datetime(2023, 11, 22, ends_hour, tzinfo=LONDON))
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert error.value.message_dict["ends_at"] == ["The meeting must end after it starts."]


@pytest.mark.django_db
def test_the_database_refuses_end_before_start_even_without_validation():
    meeting = _meeting(ends_at=datetime.datetime(2023, 11, 22, 16, tzinfo=LONDON))
    with pytest.raises(IntegrityError), transaction.atomic():
        meeting.save()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("meeting_format", "cleared", "message"),
    [
        (Meeting.Format.HYBRID, "join_link", "A virtual or hybrid meeting needs a join link."),
        (Meeting.Format.IN_PERSON, "location", "An in-person or hybrid meeting needs a location."),
    ],
)
def test_a_meeting_needs_the_place_its_format_implies(meeting_format, cleared, message):
    meeting = _meeting(format=meeting_format, **{cleared: ""})
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert error.value.message_dict[cleared] == [message]


@pytest.mark.django_db
def test_attendance_is_recorded_once_per_member_and_meeting():
    first = AttendanceFactory()
    duplicate = Attendance(meeting=first.meeting, member=first.member, status=Attendance.Status.APOLOGIES)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "already recorded for this meeting" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    assert AttendanceFactory(member=first.member).meeting != first.meeting  # another meeting is fine


@pytest.mark.django_db
def test_an_action_cannot_fall_due_before_its_meeting():
    meeting = MeetingFactory()
    action = ActionPoint(
        meeting=meeting,
        text="Write to the council",
        owner=UserFactory(),
        due=meeting.starts_at.date() - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert error.value.message_dict["due"] == ["An action cannot fall due before the meeting that set it."]


@pytest.mark.django_db
def test_an_open_action_past_its_due_date_is_overdue():
    meeting = MeetingFactory(
        starts_at=datetime.datetime(2023, 11, 22, 17, tzinfo=LONDON),
        ends_at=datetime.datetime(2023, 11, 22, 19, tzinfo=LONDON),
    )
    late = ActionPointFactory(meeting=meeting, due=datetime.date(2023, 12, 6))
    done = ActionPointFactory(meeting=meeting, due=datetime.date(2023, 12, 6), done=True)
    undated = ActionPointFactory(meeting=meeting, due=None)
    assert (late.is_overdue, done.is_overdue, undated.is_overdue) == (True, False, False)
