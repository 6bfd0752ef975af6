import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from devdata.demo.meetings import ACCOUNTABILITY_TITLE, TENDER_TITLE
from meetings import selectors
from meetings.models import ActionPoint, AgendaItem, Attendance, Decision, Meeting


def _counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Meeting, AgendaItem, Attendance, ActionPoint, Decision))


@pytest.mark.django_db
def test_demo_accountability_meeting_downloads_at_17_00_utc(client):
    call_command("seed_demo")
    assert client.login(username="member", password="justice-demo-2023")
    meeting = Meeting.objects.get(title=ACCOUNTABILITY_TITLE)
    response = client.get(reverse("meetings:meeting_ics", args=[meeting.pk]))
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("dtstart") == datetime.datetime(2023, 11, 22, 17, tzinfo=datetime.UTC)
    assert event.decoded("dtend") == datetime.datetime(2023, 11, 22, 19, tzinfo=datetime.UTC)
    assert "Oversight" in str(event["description"])


@pytest.mark.django_db
def test_demo_meetings_have_agenda_attendance_and_actions_and_reseeding_adds_nothing():
    call_command("seed_demo")
    counts = _counts()
    call_command("seed_demo")
    assert _counts() == counts

    accountability = Meeting.objects.get(title=ACCOUNTABILITY_TITLE)
    agenda = [item.title for item in accountability.agenda_items.all()]
    assert any(title.startswith("Oversight") for title in agenda)
    assert any(title.startswith("Transparency") for title in agenda)
    assert any(title.startswith("Enforcement of contracts") for title in agenda)
    linked = AgendaItem.evidence.through.objects.filter(agendaitem__meeting=accountability).count()
    assert linked >= 3
    assert dict(accountability.attendance.values_list("member__username", "status")) == {
        "chair": "present",
        "member": "apologies",
        "secretariat": "present",
    }
    assert selectors.overdue_action_points().filter(meeting=accountability).exists()

    tender = Meeting.objects.get(title=TENDER_TITLE)
    # 18 October 2023 was British Summer Time: 17:00 in London is 16:00 UTC.
    assert tender.starts_at == datetime.datetime(2023, 10, 18, 16, tzinfo=datetime.UTC)
    assert selectors.upcoming_meetings().count() == 1
