import pytest

from devdata.demo import implementation as demo_implementation
from recommendations.models import ImplementationStatus, OutreachEntry, Recommendation
from tests.factories import OrganisationFactory, RecommendationFactory


@pytest.mark.django_db
def test_demo_does_nothing_before_any_recommendation_is_agreed(secretariat_user):
    RecommendationFactory(status=Recommendation.Status.DRAFT).target_stakeholders.add(OrganisationFactory())
    assert demo_implementation.seed(by=secretariat_user) == []
    assert not ImplementationStatus.objects.exists()


@pytest.mark.django_db
def test_demo_tracks_every_target_stakeholder_once(secretariat_user):
    rec = RecommendationFactory(status=Recommendation.Status.PUBLISHED)
    rec.target_stakeholders.add(
        OrganisationFactory(name="Ministry of Justice"), OrganisationFactory(name="DWP")
    )
    demo_implementation.seed(by=secretariat_user)
    demo_implementation.seed(by=secretariat_user)
    assert sorted(ImplementationStatus.objects.values_list("stakeholder__name", "status")) == [
        ("DWP", ImplementationStatus.State.IN_DIALOGUE),
        ("Ministry of Justice", ImplementationStatus.State.ACCEPTED),
    ]
    assert OutreachEntry.objects.count() == 3  # the accepted row: a contact and its follow-up
