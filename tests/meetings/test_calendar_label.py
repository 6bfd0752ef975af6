"""Issue 20: the meeting's calendar link says what it does."""

import pytest
from django.urls import reverse

from tests.factories import MeetingFactory


@pytest.mark.django_db
def test_the_calendar_link_says_add_to_calendar(member_client):
    meeting = MeetingFactory()
    ics = reverse("meetings:meeting_ics", args=[meeting.pk])
    pages = [
        member_client.get(reverse("admin:meetings_meeting_changelist")).content.decode(),
        member_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).content.decode(),
    ]
    assert any(f'<a href="{ics}">Add to calendar (.ics)</a>' in html for html in pages)
    assert not any(f'<a href="{ics}">.ics</a>' in html for html in pages)
