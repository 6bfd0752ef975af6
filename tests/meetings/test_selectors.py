import datetime

import pytest
from django.utils import timezone

from meetings import selectors
from meetings.models import Meeting
from tests.factories import ActionPointFactory, MeetingFactory


def _meeting_at(offset: datetime.timedelta, **kwargs) -> Meeting:
    start = timezone.now() + offset
    return MeetingFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2), **kwargs)


@pytest.mark.django_db
def test_upcoming_meetings_are_planned_not_finished_and_soonest_first(django_assert_num_queries):
    """One query: meetings with their theme joined."""
    later = _meeting_at(datetime.timedelta(days=30))
    sooner = _meeting_at(datetime.timedelta(days=3))
    in_progress = _meeting_at(-datetime.timedelta(hours=1))
    _meeting_at(-datetime.timedelta(days=3))  # finished
    _meeting_at(datetime.timedelta(days=5), status=Meeting.Status.CANCELLED)
    with django_assert_num_queries(1):
        upcoming = [(meeting, meeting.theme) for meeting in selectors.upcoming_meetings()]
    assert [meeting for meeting, _ in upcoming] == [in_progress, sooner, later]


@pytest.mark.django_db
def test_overdue_action_points_are_open_and_past_due(django_assert_num_queries):
    """One query: action points with meeting, owner and recommendation joined."""
    meeting = _meeting_at(-datetime.timedelta(days=60))
    today = timezone.localdate()
    oldest = ActionPointFactory(meeting=meeting, due=today - datetime.timedelta(days=30))
    recent = ActionPointFactory(meeting=meeting, due=today - datetime.timedelta(days=1))
    ActionPointFactory(meeting=meeting, due=today)  # due today: not yet overdue
    ActionPointFactory(meeting=meeting, due=today - datetime.timedelta(days=10), done=True)
    ActionPointFactory(meeting=meeting, due=None)
    with django_assert_num_queries(1):
        overdue = [
            (action, action.meeting.title, action.owner.username)
            for action in selectors.overdue_action_points()
        ]
    assert [action for action, *_ in overdue] == [oldest, recent]
