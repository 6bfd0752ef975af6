import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evidence.models import EvidenceItem
from meetings.models import ActionPoint, AgendaItem, Attendance, ExternalAttendee, Meeting
from tests.factories import (
    ActionPointFactory,
    AgendaItemFactory,
    AttendanceFactory,
    DecisionFactory,
    EvidenceItemFactory,
    ExternalAttendeeFactory,
    MeetingFactory,
    RecommendationFactory,
    UserFactory,
)

CHANGELIST = reverse("admin:meetings_meeting_changelist")
ACTIONS = reverse("admin:meetings_actionpoint_changelist")


def _meeting_at(offset: datetime.timedelta, **kwargs) -> Meeting:
    start = timezone.now() + offset
    return MeetingFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2), **kwargs)


def _add_agenda(meeting: Meeting, count: int, start: int) -> None:
    for n in range(start, start + count):
        item = AgendaItemFactory(meeting=meeting, order=n)
        item.evidence.add(EvidenceItemFactory())
        item.recommendations.add(RecommendationFactory())


def _management(prefix: str, total: int = 0, initial: int = 0) -> dict:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial)}


def meeting_form(meeting: Meeting | None = None, **overrides) -> dict:
    start = timezone.localtime(meeting.starts_at) if meeting else datetime.datetime(2024, 6, 19, 17)
    end = timezone.localtime(meeting.ends_at) if meeting else datetime.datetime(2024, 6, 19, 19)
    data = {
        "title": meeting.title if meeting else "Working Party Meeting: Redress",
        "starts_at_0": f"{start:%Y-%m-%d}",
        "starts_at_1": f"{start:%H:%M:%S}",
        "ends_at_0": f"{end:%Y-%m-%d}",
        "ends_at_1": f"{end:%H:%M:%S}",
        "format": Meeting.Format.HYBRID,
        "location": "Meeting room 2, London",
        "join_link": "https://meet.example.org/wp",
        "status": Meeting.Status.PLANNED,
        "agenda_notes": "",
        "minutes": "",
        **_management("agenda_items"),
        **_management("attendance"),
        **_management("action_points"),
        **_management("decisions"),
        **_management("external_attendees"),
    }
    return data | overrides


@pytest.mark.django_db
def test_change_page_queries_do_not_grow_with_agenda_items(secretariat_client, django_assert_num_queries):
    """session, user, meeting (+ evidence count subquery), permissions (2); agenda items with their
    evidence and recommendations (3, prefetched); attendance with members; the member choices (once
    for all rows); external attendees; action points with recommendations; the owner choices (once);
    decisions with recommendations. Selected evidence and recommendations are labelled from the
    prefetched rows."""
    meeting = _meeting_at(-datetime.timedelta(days=1))
    _add_agenda(meeting, 5, start=1)
    for user in UserFactory.create_batch(3):
        AttendanceFactory(meeting=meeting, member=user)
        ActionPointFactory(meeting=meeting, owner=user, recommendation=RecommendationFactory())
    DecisionFactory(meeting=meeting, recommendation=RecommendationFactory())
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    secretariat_client.get(url)  # warm the content-type cache
    ExternalAttendeeFactory.create_batch(2, meeting=meeting)
    with django_assert_num_queries(14) as small:
        response = secretariat_client.get(url)
    assert response.content.decode().count('name="agenda_items-') > 5
    _add_agenda(meeting, 45, start=6)
    ExternalAttendeeFactory.create_batch(20, meeting=meeting)
    with django_assert_num_queries(len(small.captured_queries)):
        response = secretariat_client.get(url)
    text = response.content.decode()
    assert text.count('<option value="') > 50
    assert 'id="id_agenda_items-49-order"' in text
    # Each agenda item still shows the evidence and recommendation selected on it.
    first = meeting.agenda_items.get(order=1)
    assert str(first.evidence.get()) in text
    assert str(first.recommendations.get()) in text


@pytest.mark.django_db
def test_changelist_queries_do_not_grow_with_meetings(secretariat_client, django_assert_num_queries):
    """session, user, permissions (2), theme filter choices, count, page of meetings with theme and
    evidence count, date hierarchy (2)."""
    for n in range(5):
        _meeting_at(datetime.timedelta(days=n))
    with django_assert_num_queries(9) as small:
        assert secretariat_client.get(CHANGELIST).status_code == 200
    for n in range(45):
        _meeting_at(datetime.timedelta(days=n + 5))
    with django_assert_num_queries(len(small.captured_queries)):
        response = secretariat_client.get(CHANGELIST)
    assert response.content.count(b'class="action-select"') == 50


@pytest.mark.django_db
def test_upcoming_and_past_filter(secretariat_client):
    _meeting_at(datetime.timedelta(days=7), title="Next month's meeting")
    _meeting_at(-datetime.timedelta(days=7), title="Last week's meeting")
    upcoming = secretariat_client.get(CHANGELIST, {"when": "upcoming"}).content.decode()
    past = secretariat_client.get(CHANGELIST, {"when": "past"}).content.decode()
    assert "Next month&#x27;s meeting" in upcoming and "Last week&#x27;s meeting" not in upcoming
    assert "Last week&#x27;s meeting" in past and "Next month&#x27;s meeting" not in past


@pytest.mark.django_db
def test_mark_held_action_goes_through_the_service_and_reports_refusals(secretariat_client, secretariat_user):
    past = _meeting_at(-datetime.timedelta(days=1), title="Yesterday")
    future = _meeting_at(datetime.timedelta(days=7), title="Next week")
    response = secretariat_client.post(
        CHANGELIST, {"action": "mark_held", "_selected_action": [past.pk, future.pk]}, follow=True
    )
    text = response.content.decode()
    assert "1 meeting(s) marked as held." in text
    assert "mark it as held once it has taken place" in text
    past.refresh_from_db()
    future.refresh_from_db()
    assert (past.status, future.status) == (Meeting.Status.HELD, Meeting.Status.PLANNED)
    assert past.history.first().history_user == secretariat_user


@pytest.mark.django_db
def test_one_click_from_a_meeting_to_the_evidence_presented_there(secretariat_client):
    meeting = _meeting_at(-datetime.timedelta(days=1))
    presented = EvidenceItemFactory(
        kind=EvidenceItem.Kind.ORAL_EVIDENCE, meeting=meeting, title="Oral evidence from a contract manager"
    )
    EvidenceItemFactory(title="Unrelated written submission")
    page = secretariat_client.get(
        reverse("admin:meetings_meeting_change", args=[meeting.pk])
    ).content.decode()
    link = f"/admin/evidence/evidenceitem/?meeting__id__exact={meeting.pk}"
    assert f'<a href="{link}">1 evidence item</a>' in page
    assert link in secretariat_client.get(CHANGELIST).content.decode()
    evidence = secretariat_client.get(link).content.decode()
    assert presented.reference in evidence
    assert "Unrelated written submission" not in evidence


@pytest.mark.django_db
def test_secretariat_records_a_meeting_with_agenda_attendance_and_actions(
    secretariat_client, secretariat_user
):
    member = UserFactory(username="morgan", role="Member")
    evidence = EvidenceItemFactory()
    data = meeting_form(
        **_management("agenda_items", total=1),
        **{
            "agenda_items-0-order": "1",
            "agenda_items-0-title": "Oversight of contracts",
            "agenda_items-0-presenter": "Chair",
            "agenda_items-0-evidence": [evidence.pk],
            "agenda_items-0-notes": "",
        },
        **_management("attendance", total=1),
        **{"attendance-0-member": member.pk, "attendance-0-status": Attendance.Status.APOLOGIES},
        **_management("action_points", total=1),
        **{
            "action_points-0-text": "Write to the council",
            "action_points-0-owner": member.pk,
            "action_points-0-due": "2024-07-01",
            "action_points-0-done": "on",
        },
    )
    response = secretariat_client.post(reverse("admin:meetings_meeting_add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    meeting = Meeting.objects.get()
    assert timezone.localtime(meeting.starts_at).hour == 17
    assert meeting.starts_at.astimezone(datetime.UTC).hour == 16  # June: British Summer Time
    item = AgendaItem.objects.get()
    assert list(item.evidence.all()) == [evidence]
    assert meeting.attendance.get().status == Attendance.Status.APOLOGIES
    action = ActionPoint.objects.get()
    assert action.done_at is not None  # ticked in the inline: stamped by the service
    assert action.history.get().history_user == secretariat_user
    assert {row.history_user for row in item.history.all()} == {secretariat_user}
    assert [link.evidenceitem for link in item.history.first().evidence.all()] == [evidence]


@pytest.mark.django_db
def test_admin_refuses_end_before_start_and_saves_nothing(secretariat_client):
    response = secretariat_client.post(
        reverse("admin:meetings_meeting_add"), meeting_form(ends_at_1="16:00:00")
    )
    assert response.status_code == 200
    assert "The meeting must end after it starts." in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_admin_refuses_an_action_due_before_the_new_meeting_and_saves_nothing(secretariat_client):
    rows = {
        **_management("action_points", total=1),
        "action_points-0-text": "Write to the council",
        "action_points-0-owner": UserFactory(username="morgan").pk,
        "action_points-0-due": "2024-06-18",  # the meeting is on 19 June
    }
    response = secretariat_client.post(reverse("admin:meetings_meeting_add"), meeting_form(**rows))
    assert response.status_code == 200
    assert "An action cannot fall due before the meeting that set it." in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_admin_refuses_the_same_member_twice_in_attendance(secretariat_client):
    member = UserFactory(username="morgan")
    rows = {
        **_management("attendance", total=2),
        "attendance-0-member": member.pk,
        "attendance-0-status": Attendance.Status.PRESENT,
        "attendance-1-member": member.pk,
        "attendance-1-status": Attendance.Status.ABSENT,
    }
    response = secretariat_client.post(reverse("admin:meetings_meeting_add"), meeting_form(**rows))
    assert response.status_code == 200
    assert "Please correct the duplicate data for member" in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_overdue_filter_lists_open_actions_past_their_due_date(secretariat_client):
    meeting = _meeting_at(-datetime.timedelta(days=60))
    today = timezone.localdate()
    ActionPointFactory(meeting=meeting, text="Overdue letter", due=today - datetime.timedelta(days=3))
    ActionPointFactory(
        meeting=meeting, text="Finished letter", due=today - datetime.timedelta(days=3), done=True
    )
    ActionPointFactory(meeting=meeting, text="Future letter", due=today + datetime.timedelta(days=3))
    text = secretariat_client.get(ACTIONS, {"progress": "overdue"}).content.decode()
    assert "Overdue letter" in text
    assert "Finished letter" not in text and "Future letter" not in text


@pytest.mark.django_db
def test_mark_done_action_stamps_each_action(secretariat_client, secretariat_user):
    actions = ActionPointFactory.create_batch(2)
    response = secretariat_client.post(
        ACTIONS, {"action": "mark_done", "_selected_action": [a.pk for a in actions]}, follow=True
    )
    assert "2 action point(s) marked as done." in response.content.decode()
    assert ActionPoint.objects.filter(done=True, done_at__isnull=False).count() == 2
    assert {a.history.first().history_user for a in ActionPoint.objects.all()} == {secretariat_user}


@pytest.mark.django_db
def test_members_can_read_but_not_change_meetings(member_client):
    meeting = _meeting_at(-datetime.timedelta(days=1))
    AgendaItemFactory(meeting=meeting, title="Transparency of performance data")
    page = member_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    assert page.status_code == 200
    assert "Transparency of performance data" in page.content.decode()
    response = member_client.post(
        reverse("admin:meetings_meeting_change", args=[meeting.pk]), meeting_form(meeting)
    )
    assert response.status_code == 403


def _with_witnesses():
    meeting = _meeting_at(-datetime.timedelta(days=1))
    ExternalAttendeeFactory(meeting=meeting, name="Dana Open", organisation="Law Centre North")
    ExternalAttendeeFactory(
        meeting=meeting, name="Vera Hidden", organisation="Parents' group", protected=True
    )
    return meeting


@pytest.mark.django_db
def test_secretariat_records_external_attendees_inline(secretariat_client, secretariat_user):
    data = meeting_form(
        **_management("external_attendees", total=2),
        **{
            "external_attendees-0-name": "Sam Witness",
            "external_attendees-0-organisation": "Disability Law Service",
            "external_attendees-0-role": ExternalAttendee.Role.WITNESS,
            "external_attendees-0-attended": "on",
            "external_attendees-0-protected": "on",
            "external_attendees-1-name": "Olu Observer",
            "external_attendees-1-role": ExternalAttendee.Role.OBSERVER,
        },
    )
    response = secretariat_client.post(reverse("admin:meetings_meeting_add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    witness, observer = ExternalAttendee.objects.order_by("name").reverse()
    assert (witness.name, witness.protected, witness.attended) == ("Sam Witness", True, True)
    assert (observer.role, observer.attended) == (ExternalAttendee.Role.OBSERVER, False)
    assert witness.history.get().history_user == secretariat_user
    page = secretariat_client.get(reverse("admin:meetings_meeting_change", args=[witness.meeting_id]))
    assert "Sam Witness" in page.content.decode()


@pytest.mark.django_db
def test_members_never_see_a_protected_witness(member_client):
    meeting = _with_witnesses()
    html = member_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).content.decode()
    assert "Dana Open" in html and "Law Centre North" in html
    assert "Vera Hidden" not in html and "Parents&#x27; group" not in html and "Parents' group" not in html
    assert "Protected witness" in html
    assert 'name="external_attendees-0-name"' not in html  # read-only for members
    assert member_client.get(CHANGELIST + "?q=Vera").context["cl"].result_count == 0
    probe = member_client.get(CHANGELIST + "?external_attendees__name__startswith=V")
    assert probe.status_code != 200 or not probe.context.get("cl")  # refused, whatever the names


@pytest.mark.django_db
def test_secretariat_sees_protected_names(secretariat_client):
    meeting = _with_witnesses()
    page = secretariat_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    assert "Vera Hidden" in page.content.decode()
