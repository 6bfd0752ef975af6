"""Response deadlines: due dates from publication dates, stakeholders added later, the overdue list,
the admin filter and the reminder command. Dates are passed explicitly; nothing sleeps."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from recommendations import deadlines, services
from recommendations.implementation import services as implementation_services
from recommendations.implementation.reminders import overdue_reminder_send
from recommendations.implementation.selectors import overdue_responses
from recommendations.models import ImplementationStatus, Recommendation, ResponseReminder
from tests.factories import (
    EvidenceLinkFactory,
    ImplementationStatusFactory,
    OrganisationFactory,
    RecommendationFactory,
    UserFactory,
)

Status = Recommendation.Status
D = datetime.date
CHANGELIST = reverse("admin:recommendations_implementationstatus_changelist")


@pytest.mark.parametrize(
    ("start", "months", "due"),
    [
        (D(2024, 4, 15), 2, D(2024, 6, 15)),
        (D(2024, 1, 31), 2, D(2024, 3, 31)),
        (D(2023, 12, 31), 2, D(2024, 2, 29)),  # leap year: clamped to the month's end
        (D(2024, 12, 31), 2, D(2025, 2, 28)),
        (D(2024, 11, 30), 2, D(2025, 1, 30)),  # over the year end
        (D(2024, 3, 31), 1, D(2024, 4, 30)),
        (D(2024, 5, 10), 14, D(2025, 7, 10)),
    ],
)
def test_calendar_months_are_added_and_clamped(start, months, due):
    assert deadlines.add_months(start, months) == due


def test_the_period_follows_the_setting(settings):
    settings.RESPONSE_DEADLINE_MONTHS = 3
    assert deadlines.response_due(D(2024, 4, 30)) == D(2024, 7, 30)


def published(*stakeholders, number="9.1"):
    rec = RecommendationFactory(number=number, status=Status.PUBLISHED)
    rec.target_stakeholders.add(*stakeholders)
    return rec


@pytest.mark.django_db
def test_publication_gives_each_target_a_due_date_two_months_on(chair_user):
    moj, council = OrganisationFactory(name="Ministry of Justice"), OrganisationFactory(name="A council")
    rec = published(moj, council)
    already = ImplementationStatusFactory(
        recommendation=rec, stakeholder=moj, status="not_started", progress=0
    )
    changed = deadlines.response_deadlines_start(recommendation=rec, by=chair_user, on=D(2024, 4, 30))
    assert len(changed) == 2
    rows = {row.stakeholder.name: row for row in rec.implementation.select_related("stakeholder")}
    for row in rows.values():
        assert (row.response_requested_on, row.response_due) == (D(2024, 4, 30), D(2024, 6, 30))
    already.refresh_from_db()
    assert already.response_due == D(2024, 6, 30)
    assert already.history.first().history_change_reason == "response due 30 Jun 2024"
    assert rows["A council"].history.first().history_user == chair_user


@pytest.mark.django_db
def test_publishing_through_the_workflow_sets_the_due_dates(chair_user):
    rec = RecommendationFactory(status=Status.IN_REPORT)
    body = OrganisationFactory()
    rec.target_stakeholders.add(body)
    services.recommendation_transition(recommendation=rec, to=Status.PUBLISHED, by=chair_user)
    row = ImplementationStatus.objects.get(recommendation=rec, stakeholder=body)
    today = timezone.localdate()
    assert (row.response_requested_on, row.response_due) == (today, deadlines.add_months(today, 2))


@pytest.mark.django_db
def test_nothing_is_due_before_publication(chair_user):
    rec = RecommendationFactory(status=Status.UNDER_DISCUSSION)
    EvidenceLinkFactory(recommendation=rec, stance="supports")
    rec.target_stakeholders.add(OrganisationFactory())
    services.recommendation_transition(recommendation=rec, to=Status.AGREED, by=chair_user)
    assert deadlines.response_deadlines_start(recommendation=rec, by=chair_user, on=D(2024, 4, 30)) == []
    assert not ImplementationStatus.objects.filter(response_due__isnull=False).exists()


@pytest.mark.django_db
def test_starting_again_never_moves_a_due_date(chair_user):
    body = OrganisationFactory()
    rec = published(body)
    deadlines.response_deadlines_start(recommendation=rec, by=chair_user, on=D(2024, 4, 30))
    assert deadlines.response_deadlines_start(recommendation=rec, by=chair_user, on=D(2024, 9, 1)) == []
    row = ImplementationStatus.objects.get()
    assert row.response_due == D(2024, 6, 30) and row.history.count() == 1


@pytest.mark.django_db
def test_a_stakeholder_added_after_publication_is_due_from_the_day_it_was_added(chair_user):
    first, later = OrganisationFactory(name="First"), OrganisationFactory(name="Later")
    rec = published(first)
    deadlines.response_deadlines_start(recommendation=rec, by=chair_user, on=D(2024, 4, 30))
    rec.target_stakeholders.add(later)
    deadlines.response_deadlines_start(recommendation=rec, by=chair_user, on=D(2024, 5, 20))
    dues = dict(rec.implementation.values_list("stakeholder__name", "response_due"))
    assert dues == {"First": D(2024, 6, 30), "Later": D(2024, 7, 20)}


@pytest.mark.django_db
def test_editing_a_published_recommendation_to_add_a_target_gives_it_a_due_date(chair_user):
    first, later = OrganisationFactory(name="First"), OrganisationFactory(name="Later")
    rec = published(first)
    deadlines.response_deadlines_start(recommendation=rec, by=chair_user, on=D(2024, 4, 30))
    services.recommendation_update(recommendation=rec, by=chair_user, target_stakeholders=[first, later])
    today = timezone.localdate()
    dues = dict(rec.implementation.values_list("stakeholder__name", "response_due"))
    assert dues == {"First": D(2024, 6, 30), "Later": deadlines.add_months(today, 2)}


@pytest.mark.django_db
def test_overdue_list_is_computed_from_the_due_dates(chair_user):
    a, b, c = (OrganisationFactory(name=n) for n in ("Alpha", "Bravo", "Charlie"))
    rec = published(a, b)
    deadlines.response_deadlines_start(recommendation=rec, by=chair_user, on=D(2024, 4, 30))
    rec.target_stakeholders.add(c)
    deadlines.response_deadlines_start(recommendation=rec, by=chair_user, on=D(2024, 6, 15))
    bravo = ImplementationStatus.objects.get(stakeholder=b)
    implementation_services.implementation_response_record(
        implementation=bravo, received_on=D(2024, 6, 20), summary="Accepted in part.", by=chair_user
    )
    assert list(overdue_responses(today=D(2024, 6, 30))) == []  # due on the 30th: not yet overdue
    assert [r.stakeholder.name for r in overdue_responses(today=D(2024, 7, 1))] == ["Alpha"]
    assert [r.stakeholder.name for r in overdue_responses(today=D(2024, 8, 16))] == ["Alpha", "Charlie"]


@pytest.mark.django_db
def test_recording_a_response_is_audited_and_validated(chair_user):
    row = ImplementationStatusFactory(response_due=D(2024, 6, 30))
    implementation_services.implementation_response_record(
        implementation=row, received_on=D(2024, 6, 20), summary="We accept it.", by=chair_user
    )
    assert row.history.first().history_change_reason == "response received 20 Jun 2024"
    row.response_received_on = None
    with pytest.raises(ValidationError, match="Say when the response was received"):
        row.full_clean()
    row.response_received_on = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="future"):
        row.full_clean()


@pytest.mark.django_db
def test_a_status_created_by_hand_after_publication_gets_its_due_date(secretariat_user):
    body = OrganisationFactory()
    rec = published(body)
    row = implementation_services.implementation_save(
        implementation=ImplementationStatus(recommendation=rec, stakeholder=body), by=secretariat_user
    )
    assert row.response_due == deadlines.add_months(timezone.localdate(), 2)


def _four_states():
    today = timezone.localdate()
    return {
        "overdue": ImplementationStatusFactory(response_due=today - datetime.timedelta(days=1)),
        "due_soon": ImplementationStatusFactory(response_due=today + datetime.timedelta(days=5)),
        "received": ImplementationStatusFactory(
            response_due=today - datetime.timedelta(days=9), response_received_on=today
        ),
        "not_requested": ImplementationStatusFactory(),
    }


@pytest.mark.django_db
def test_the_response_filter_on_the_admin_list(secretariat_client):
    rows = _four_states()
    later = ImplementationStatusFactory(response_due=timezone.localdate() + datetime.timedelta(days=60))
    for state, row in rows.items():
        response = secretariat_client.get(CHANGELIST, {"response": state})
        assert response.status_code == 200
        assert [obj.pk for obj in response.context["cl"].result_list] == [row.pk], state
    everything = secretariat_client.get(CHANGELIST)
    assert len(everything.context["cl"].result_list) == 5 and later
    assert "(overdue)" in everything.content.decode()
    assert secretariat_client.get(CHANGELIST, {"response": "nonsense"}).status_code == 200


@pytest.mark.django_db
def test_member_sees_the_filter_but_cannot_record_a_response(member_client):
    row = _four_states()["overdue"]
    assert member_client.get(CHANGELIST, {"response": "overdue"}).status_code == 200
    change = reverse("admin:recommendations_implementationstatus_change", args=[row.pk])
    member_client.post(change, {"response_received_on": "2024-01-01", "version": row.version})
    row.refresh_from_db()
    assert row.response_received_on is None


@pytest.mark.django_db
def test_the_admin_list_queries_do_not_grow(secretariat_client, django_assert_num_queries):
    """session, user, permissions (2: user, groups), count (filtered), count (all), page of statuses
    (recommendation and stakeholder joined), chapter choices of the filter."""
    today = timezone.localdate()
    ImplementationStatusFactory.create_batch(3, response_due=today - datetime.timedelta(days=2))
    with django_assert_num_queries(8):
        secretariat_client.get(CHANGELIST, {"response": "overdue"})
    ImplementationStatusFactory.create_batch(30, response_due=today - datetime.timedelta(days=2))
    with django_assert_num_queries(8):
        response = secretariat_client.get(CHANGELIST, {"response": "overdue"})
    assert response.context["cl"].result_count == 33


@pytest.mark.django_db
def test_dashboard_lists_overdue_responses_with_links(member_client):
    rows = _four_states()
    html = member_client.get(reverse("dashboard")).content.decode()
    assert "1 overdue stakeholder response<" in html
    assert f"{CHANGELIST}?response=overdue" in html
    overdue = rows["overdue"]
    assert reverse("admin:recommendations_implementationstatus_change", args=[overdue.pk]) in html
    assert f"{overdue.recommendation.number} · {overdue.stakeholder.name}" in html
    assert rows["due_soon"].stakeholder.name not in html


@pytest.mark.django_db
def test_dashboard_says_when_nothing_is_overdue(member_client):
    assert "No overdue stakeholder responses" in member_client.get(reverse("dashboard")).content.decode()


# ---- the reminder command ----


@pytest.fixture
def overdue_world(db, chair_user):
    UserFactory(username="sec-a", email="a@wp.example.org", role="Secretariat")
    UserFactory(username="sec-b", email="b@wp.example.org", role="Secretariat")
    UserFactory(username="sec-gone", email="gone@wp.example.org", role="Secretariat", is_active=False)
    UserFactory(username="mem-x", email="mem@wp.example.org", role="Member")
    rec = published(OrganisationFactory(name="Home Office"), OrganisationFactory(name="A council"))
    deadlines.response_deadlines_start(recommendation=rec, by=chair_user, on=D(2024, 4, 30))
    return rec


def run(*args) -> str:
    out = StringIO()
    call_command("remind_overdue_responses", *args, stdout=out)
    return out.getvalue()


def test_reminder_emails_the_active_secretariat_once_a_day(overdue_world):
    output = run("--today", "2024-07-03")
    assert "Emailed 2 secretariat user(s) about 2 overdue response(s)" in output
    [message] = mail.outbox
    assert sorted(message.to) == ["a@wp.example.org", "b@wp.example.org"]
    assert "2 overdue" in message.subject
    assert "9.1" in message.body and "Home Office: due 30 Jun 2024 (3 days overdue)" in message.body
    row = ImplementationStatus.objects.get(stakeholder__name="Home Office")
    assert f"/admin/recommendations/implementationstatus/{row.pk}/change/" in message.body
    assert ResponseReminder.objects.get().sent_on == D(2024, 7, 3)

    assert "Nothing sent: already reminded on 03 Jul 2024" in run("--today", "2024-07-03")
    assert len(mail.outbox) == 1
    run("--today", "2024-07-04")
    assert len(mail.outbox) == 2


def test_reminder_dry_run_sends_and_records_nothing(overdue_world):
    output = run("--today", "2024-07-03", "--dry-run")
    assert "Home Office: due 2024-06-30" in output and "Dry run: would email 2" in output
    assert mail.outbox == [] and not ResponseReminder.objects.exists()


def test_no_reminder_when_nothing_is_overdue(overdue_world):
    assert "no response is overdue" in run("--today", "2024-06-30")
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_reminder_already_recorded_for_the_day_sends_nothing(overdue_world):
    ResponseReminder.objects.create(sent_on=D(2024, 7, 3))
    result = overdue_reminder_send(today=D(2024, 7, 3))
    assert not result.sent and mail.outbox == []
