"""iCalendar (RFC 5545) export of meetings, and the signed per-user feed token.

Times are written in UTC (`…Z`): every client converts them to the viewer's zone, so a meeting at
17:00 London time is right in both GMT and BST without shipping VTIMEZONE rules."""

import datetime
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core import signing
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from icalendar import Calendar, Event

from meetings.models import Meeting

PRODID = "-//JUSTICE//Outsourcing and Administrative Justice Working Party//EN"
UID_DOMAIN = "justice-wp"
FEED_SALT = "meetings.calendar-feed"

ICS_STATUS = {
    Meeting.Status.PLANNED: "CONFIRMED",
    Meeting.Status.HELD: "CONFIRMED",
    Meeting.Status.CANCELLED: "CANCELLED",
}


def meeting_uid(meeting: Meeting) -> str:
    """Stable across exports and edits, so re-importing updates the event instead of duplicating it."""
    return f"meeting-{meeting.pk}@{UID_DOMAIN}"


def _description(meeting: Meeting) -> str:
    parts = [f"Format: {meeting.get_format_display()}"]
    if meeting.join_link:
        parts.append(f"Join online: {meeting.join_link}")
    if meeting.location:
        parts.append(f"Venue: {meeting.location}")
    agenda = [f"{item.order}. {item.title}" for item in meeting.agenda_items.all()]
    if agenda:
        parts.append("Agenda:\n" + "\n".join(agenda))
    if meeting.agenda_notes:
        parts.append(meeting.agenda_notes)
    return "\n\n".join(parts)


def _event(meeting: Meeting, stamp: datetime.datetime) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", stamp)
    event.add("sequence", getattr(meeting, "sequence", 0))
    event.add("summary", meeting.title)
    event.add("dtstart", meeting.starts_at.astimezone(datetime.UTC))
    event.add("dtend", meeting.ends_at.astimezone(datetime.UTC))
    event.add("status", ICS_STATUS[meeting.status])
    # Outlook and Google show LOCATION prominently; a virtual-only meeting's place is its link.
    location = meeting.location or meeting.join_link
    if location:
        event.add("location", location)
    if meeting.join_link:
        event.add("url", meeting.join_link)
    event.add("description", _description(meeting))
    return event


def calendar_bytes(meetings: Iterable[Meeting], *, name: str | None = None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for meeting in meetings:
        calendar.add_component(_event(meeting, stamp))
    return calendar.to_ical()


def _password_fingerprint(user) -> str:
    # Changing the password changes the fingerprint, which revokes every feed link issued before.
    return salted_hmac(FEED_SALT, user.password).hexdigest()[:16]


def feed_token(user) -> str:
    """A secret token for the user's calendar subscription (calendar apps cannot log in)."""
    return signing.dumps({"u": user.pk, "p": _password_fingerprint(user)}, salt=FEED_SALT, compress=True)


def user_from_feed_token(token: str):
    """The active user the token was issued to, or None if it is forged or revoked."""
    try:
        data = signing.loads(token, salt=FEED_SALT)
        user = get_user_model().objects.get(pk=data["u"], is_active=True)
    except (signing.BadSignature, KeyError, TypeError, get_user_model().DoesNotExist):
        return None
    if not constant_time_compare(data.get("p", ""), _password_fingerprint(user)):
        return None
    return user
