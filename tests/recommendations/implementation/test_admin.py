import datetime

import pytest
from django.urls import reverse

from recommendations.models import ImplementationStatus, OutreachEntry, Recommendation
from tests.factories import (
    ImplementationStatusFactory,
    OrganisationFactory,
    OutreachEntryFactory,
    RecommendationFactory,
)

State = ImplementationStatus.State
CHANGELIST = reverse("admin:recommendations_implementationstatus_changelist")
ADD = reverse("admin:recommendations_implementationstatus_add")


def form(rec, stakeholder, **overrides):
    data = {
        "recommendation": rec.pk,
        "stakeholder": stakeholder.pk,
        "status": State.IN_DIALOGUE,
        "progress": "10",
        "notes": "",
        "outreach-TOTAL_FORMS": "1",
        "outreach-INITIAL_FORMS": "0",
        "outreach-0-date": "2024-05-01",
        "outreach-0-channel": OutreachEntry.Channel.LETTER,
        "outreach-0-summary": "Sent the report to the permanent secretary.",
        "outreach-0-next_step": "Chase for a meeting.",
        "outreach-0-follow_up_on": "2024-05-22",
    }
    return data | overrides


@pytest.mark.django_db
def test_secretariat_records_a_status_and_a_contact_in_one_form(secretariat_client, secretariat_user):
    rec = RecommendationFactory(status=Recommendation.Status.PUBLISHED)
    body = OrganisationFactory(name="Ministry of Justice")
    rec.target_stakeholders.add(body)
    response = secretariat_client.post(ADD, form(rec, body))
    assert response.status_code == 302, response.content.decode()[:2000]
    row = ImplementationStatus.objects.get()
    entry = row.outreach.get()
    assert (row.status, row.progress, row.updated_by) == (State.IN_DIALOGUE, 10, secretariat_user)
    assert entry.created_by == secretariat_user and entry.follow_up_overdue


@pytest.mark.django_db
def test_a_stakeholder_not_targeted_is_refused_on_the_form_and_nothing_is_saved(secretariat_client):
    rec = RecommendationFactory(status=Recommendation.Status.PUBLISHED)
    response = secretariat_client.post(ADD, form(rec, OrganisationFactory(name="HMRC")))
    assert response.status_code == 200
    assert "HMRC is not a target stakeholder" in response.content.decode()
    assert not ImplementationStatus.objects.exists() and not OutreachEntry.objects.exists()


@pytest.mark.django_db
def test_members_can_read_but_not_change_implementation(member_client):
    row = ImplementationStatusFactory()
    assert member_client.get(CHANGELIST).status_code == 200
    assert (
        member_client.post(
            reverse("admin:recommendations_implementationstatus_change", args=[row.pk])
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_overdue_filter_lists_only_overdue_follow_ups(secretariat_client):
    overdue = OutreachEntryFactory(next_step="Chase", follow_up_on=datetime.date(2024, 6, 1))
    OutreachEntryFactory(next_step="Later", follow_up_on=datetime.date(2099, 6, 1))
    OutreachEntryFactory(next_step="Done", follow_up_on=datetime.date(2024, 6, 1), follow_up_done=True)
    response = secretariat_client.get(CHANGELIST, {"follow_up": "overdue"})
    assert [row.pk for row in response.context["cl"].result_list] == [overdue.implementation_id]
    assert "01 Jun 2024 (overdue)" in response.content.decode()


@pytest.mark.django_db
def test_changelist_queries_do_not_grow(secretariat_client, django_assert_num_queries):
    """session, user, permissions (2), chapter filter choices, count, page of rows with recommendation,
    stakeholder and last-contact / next-follow-up annotations."""
    for _ in range(3):
        OutreachEntryFactory()
    with django_assert_num_queries(8) as small:
        secretariat_client.get(CHANGELIST)
    for _ in range(27):
        OutreachEntryFactory()
    with django_assert_num_queries(len(small.captured_queries)):
        response = secretariat_client.get(CHANGELIST)
    assert response.content.count(b'class="action-select"') == 30
