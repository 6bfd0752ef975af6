import datetime

import pytest
from django.core.exceptions import ValidationError

from recommendations.implementation import services
from recommendations.models import ImplementationStatus, OutreachEntry, Recommendation
from tests.factories import (
    ImplementationStatusFactory,
    OrganisationFactory,
    OutreachEntryFactory,
    RecommendationFactory,
)

State = ImplementationStatus.State


@pytest.mark.django_db
def test_saving_a_status_records_who_and_why(secretariat_user):
    rec = RecommendationFactory(status=Recommendation.Status.PUBLISHED)
    body = OrganisationFactory(name="Cabinet Office")
    rec.target_stakeholders.add(body)
    row = services.implementation_save(
        implementation=ImplementationStatus(
            recommendation=rec, stakeholder=body, status=State.ACCEPTED, progress=20
        ),
        by=secretariat_user,
    )
    history = row.history.get()
    assert (history.history_user, history.history_change_reason) == (
        secretariat_user,
        "status → Accepted, 20%",
    )
    assert row.updated_by == secretariat_user


@pytest.mark.django_db
def test_a_stakeholder_the_recommendation_does_not_target_is_refused(secretariat_user):
    rec = RecommendationFactory(status=Recommendation.Status.PUBLISHED)
    with pytest.raises(ValidationError) as error:
        services.implementation_save(
            implementation=ImplementationStatus(
                recommendation=rec, stakeholder=OrganisationFactory(name="HMRC")
            ),
            by=secretariat_user,
        )
    assert "HMRC is not a target stakeholder" in str(error.value.message_dict["stakeholder"])
    assert not ImplementationStatus.objects.exists()


@pytest.mark.django_db
def test_unagreed_recommendations_are_not_tracked(secretariat_user):
    rec = RecommendationFactory(status=Recommendation.Status.DRAFT)
    body = OrganisationFactory()
    rec.target_stakeholders.add(body)
    with pytest.raises(ValidationError, match="once it is agreed"):
        services.implementation_save(
            implementation=ImplementationStatus(recommendation=rec, stakeholder=body), by=secretariat_user
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "progress", "field"),
    [
        (State.IMPLEMENTED, 80, "progress"),
        (State.NOT_STARTED, 10, "progress"),
        (State.ACCEPTED, 100, "status"),
    ],
)
def test_status_and_progress_must_agree(secretariat_user, status, progress, field):
    row = ImplementationStatusFactory()
    row.status, row.progress = status, progress
    with pytest.raises(ValidationError) as error:
        services.implementation_save(implementation=row, by=secretariat_user)
    assert field in error.value.message_dict


@pytest.mark.django_db
def test_start_creates_one_not_started_row_per_target_stakeholder(secretariat_user):
    rec = RecommendationFactory(status=Recommendation.Status.IN_REPORT)
    rec.target_stakeholders.add(
        OrganisationFactory(name="Ministry of Justice"), OrganisationFactory(name="DWP")
    )
    ImplementationStatusFactory(recommendation=rec, stakeholder__name="Ministry of Justice")
    RecommendationFactory(status=Recommendation.Status.DRAFT).target_stakeholders.add(OrganisationFactory())
    created = services.implementation_start(recommendations=Recommendation.objects.all(), by=secretariat_user)
    assert [(row.stakeholder.name, row.status) for row in created] == [("DWP", State.NOT_STARTED)]
    assert ImplementationStatus.objects.count() == 2


@pytest.mark.django_db
def test_recording_a_contact_closes_earlier_follow_ups(secretariat_user):
    earlier = OutreachEntryFactory(
        date=datetime.date(2024, 5, 1), next_step="Chase for a reply", follow_up_on=datetime.date(2024, 6, 1)
    )
    later = services.outreach_record(
        entry=OutreachEntry(
            implementation=earlier.implementation,
            date=datetime.date(2024, 6, 3),
            channel=OutreachEntry.Channel.MEETING,
            summary="Met the policy team.",
        ),
        by=secretariat_user,
    )
    earlier.refresh_from_db()
    assert earlier.follow_up_done and not earlier.follow_up_overdue
    assert earlier.history.first().history_change_reason == "followed up on 03 Jun 2024"
    assert later.created_by == secretariat_user


@pytest.mark.django_db
def test_a_follow_up_needs_a_next_step_and_cannot_precede_the_contact(secretariat_user):
    row = ImplementationStatusFactory()
    entry = OutreachEntry(
        implementation=row,
        date=datetime.date(2024, 5, 1),
        summary="Call",
        follow_up_on=datetime.date(2024, 4, 1),
    )
    with pytest.raises(ValidationError) as error:
        services.outreach_record(entry=entry, by=secretariat_user)
    assert set(error.value.message_dict) == {"follow_up_on", "next_step"}
    assert not OutreachEntry.objects.exists()
