import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from meetings import services
from meetings.calendar import feed_token
from meetings.models import Meeting
from tests.factories import AgendaItemFactory, MeetingFactory, UserFactory

LONDON = ZoneInfo("Europe/London")
FEED = reverse("meetings:calendar")


def _meeting(start: datetime.datetime, **kwargs) -> Meeting:
    return MeetingFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2), **kwargs)


def _events(response) -> list:
    return Calendar.from_ical(response.content).walk("VEVENT")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("london_start", "utc_start"),
    [
        # British Summer Time (UTC+1): 17:00 in London is 16:00 UTC.
        (
            datetime.datetime(2024, 6, 19, 17, tzinfo=LONDON),
            datetime.datetime(2024, 6, 19, 16, tzinfo=datetime.UTC),
        ),
        # Greenwich Mean Time: 17:00 in London is 17:00 UTC.
        (
            datetime.datetime(2023, 11, 22, 17, tzinfo=LONDON),
            datetime.datetime(2023, 11, 22, 17, tzinfo=datetime.UTC),
        ),
    ],
    ids=["summer", "winter"],
)
def test_meeting_ics_carries_the_dst_correct_utc_instant(member_client, london_start, utc_start):
    meeting = _meeting(london_start)
    response = member_client.get(reverse("meetings:meeting_ics", args=[meeting.pk]))
    [event] = _events(response)
    assert event.decoded("dtstart") == utc_start
    assert event.decoded("dtstart").utcoffset() == datetime.timedelta(0)
    assert event.decoded("dtend") == utc_start + datetime.timedelta(hours=2)
    assert b"DTSTART:" + utc_start.strftime("%Y%m%dT%H%M%SZ").encode() in response.content


@pytest.mark.django_db
def test_meeting_ics_is_a_calendar_download_with_place_link_and_agenda(member_client):
    meeting = _meeting(
        datetime.datetime(2023, 11, 22, 17, tzinfo=LONDON),
        title="Working Party Meeting: Accountability",
        location="Meeting room 2, London",
        join_link="https://meet.example.org/oaj",
    )
    AgendaItemFactory(meeting=meeting, order=1, title="Oversight of contracts")
    response = member_client.get(reverse("meetings:meeting_ics", args=[meeting.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="working-party-meeting-accountability-2023-11-22.ics"'
    )
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["version"]) == "2.0" and calendar["prodid"]
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Working Party Meeting: Accountability"
    assert str(event["location"]) == "Meeting room 2, London"
    assert str(event["url"]) == "https://meet.example.org/oaj"
    assert "Join online: https://meet.example.org/oaj" in str(event["description"])
    assert "1. Oversight of contracts" in str(event["description"])
    assert str(event["status"]) == "CONFIRMED"
    assert event["dtstamp"]
    assert b"\r\n" in response.content


@pytest.mark.django_db
def test_a_virtual_meeting_puts_its_join_link_as_the_location(member_client):
    meeting = _meeting(
        datetime.datetime(2023, 10, 18, 17, tzinfo=LONDON), format=Meeting.Format.VIRTUAL, location=""
    )
    [event] = _events(member_client.get(reverse("meetings:meeting_ics", args=[meeting.pk])))
    assert str(event["location"]) == meeting.join_link


@pytest.mark.django_db
def test_uid_is_stable_across_exports_and_edits_and_sequence_counts_edits(member_client, secretariat_user):
    meeting = _meeting(datetime.datetime(2023, 11, 22, 17, tzinfo=LONDON))
    url = reverse("meetings:meeting_ics", args=[meeting.pk])
    [first] = _events(member_client.get(url))
    meeting.starts_at += datetime.timedelta(hours=1)
    meeting.ends_at += datetime.timedelta(hours=1)
    services.meeting_save(meeting=meeting, by=secretariat_user, reason="moved an hour later")
    [second] = _events(member_client.get(url))
    assert str(first["uid"]) == str(second["uid"]) == f"meeting-{meeting.pk}@justice-wp"
    assert second["sequence"] == first["sequence"] + 1
    assert second.decoded("dtstart") == datetime.datetime(2023, 11, 22, 18, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_calendar_feed_lists_every_meeting_and_marks_cancellations(member_client):
    held = _meeting(datetime.datetime(2023, 11, 22, 17, tzinfo=LONDON), status=Meeting.Status.HELD)
    cancelled = _meeting(datetime.datetime(2024, 1, 17, 17, tzinfo=LONDON), status=Meeting.Status.CANCELLED)
    response = member_client.get(FEED)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="working-party-meetings.ics"' in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]) == "Working party meetings"
    statuses = {str(event["uid"]): str(event["status"]) for event in calendar.walk("VEVENT")}
    assert statuses == {
        f"meeting-{held.pk}@justice-wp": "CONFIRMED",
        f"meeting-{cancelled.pk}@justice-wp": "CANCELLED",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["calendar", "meeting_ics"])
def test_calendar_downloads_need_a_login(client, url_name):
    meeting = MeetingFactory()
    url = reverse(f"meetings:{url_name}", args=[meeting.pk] if url_name == "meeting_ics" else [])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert b"BEGIN:VCALENDAR" not in response.content


@pytest.mark.django_db
def test_a_user_without_a_role_cannot_download_meetings(client):
    client.force_login(UserFactory())
    assert client.get(FEED).status_code == 403


@pytest.mark.django_db
def test_the_personal_feed_link_works_without_a_session_until_the_password_changes(client, member_user):
    MeetingFactory(title="Subscribed meeting")
    url = f"{FEED}?token={feed_token(member_user)}"
    response = client.get(url)
    assert response.status_code == 200
    assert [str(event["summary"]) for event in _events(response)] == ["Subscribed meeting"]

    member_user.set_password("another-long-password-2")
    member_user.save()
    refused = client.get(url)
    assert refused.status_code == 403
    assert "no longer valid" in refused.content.decode()


@pytest.mark.django_db
def test_a_feed_link_stops_working_when_the_account_is_deactivated(client, member_user):
    url = f"{FEED}?token={feed_token(member_user)}"
    member_user.is_active = False
    member_user.save()
    assert client.get(url).status_code == 403
    assert client.get(f"{FEED}?token=forged").status_code == 403


@pytest.mark.django_db
def test_calendar_feed_queries_do_not_grow_with_meetings(member_client, django_assert_num_queries):
    """session, user, user and group permissions (2), meetings with their edit count (subquery),
    agenda items (prefetch)."""
    for n in range(5):
        AgendaItemFactory(meeting=MeetingFactory(), order=n)
    with django_assert_num_queries(6):
        small = member_client.get(FEED)
    for n in range(45):
        AgendaItemFactory(meeting=MeetingFactory(), order=n)
    with django_assert_num_queries(6):
        large = member_client.get(FEED)
    assert (len(_events(small)), len(_events(large))) == (5, 50)


@pytest.mark.django_db
def test_meeting_ics_queries_do_not_grow_with_agenda_items(member_client, django_assert_num_queries):
    """session, user, user and group permissions (2), the meeting with its edit count, agenda items."""
    meeting = MeetingFactory()
    AgendaItemFactory.create_batch(5, meeting=meeting)
    url = reverse("meetings:meeting_ics", args=[meeting.pk])
    with django_assert_num_queries(6):
        member_client.get(url)
    AgendaItemFactory.create_batch(45, meeting=meeting)
    with django_assert_num_queries(6):
        response = member_client.get(url)
    assert str(_events(response)[0]["description"]).count("Agenda item") == 50
