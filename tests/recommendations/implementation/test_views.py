import pytest
from django.urls import reverse

from recommendations.models import ImplementationStatus, Recommendation
from tests.factories import ImplementationStatusFactory, OrganisationFactory, RecommendationFactory

PROGRESS = reverse("recommendations:progress")
State = ImplementationStatus.State


@pytest.mark.django_db
def test_progress_needs_a_login(client):
    assert client.get(PROGRESS).status_code == 302


@pytest.mark.django_db
def test_progress_per_recommendation_counts_untracked_stakeholders_as_not_started(member_client):
    row = ImplementationStatusFactory(
        recommendation__title="Publish contract performance data",
        stakeholder__name="Cabinet Office",
        status=State.IMPLEMENTED,
        progress=100,
    )
    row.recommendation.target_stakeholders.add(OrganisationFactory(name="Crown Commercial Service"))
    RecommendationFactory(status=Recommendation.Status.DRAFT, title="Not agreed yet")
    html = member_client.get(PROGRESS).content.decode()
    assert "Publish contract performance data" in html and "Not agreed yet" not in html
    assert '<td>Cabinet Office</td><td class="state-implemented">Implemented</td><td>100%</td>' in html
    assert (
        '<td>Crown Commercial Service</td><td class="state-not_started">Not started</td><td>0%</td>' in html
    )
    assert "In progress" in html and 'aria-label="50% implemented"' in html


def _grow(n: int):
    for _ in range(n):
        row = ImplementationStatusFactory()
        row.recommendation.target_stakeholders.add(OrganisationFactory())


@pytest.mark.django_db
def test_progress_queries_do_not_grow(member_client, django_assert_num_queries):
    """session, user, recommendations, their stakeholders, their statuses (+stakeholder), counts."""
    _grow(3)
    with django_assert_num_queries(6):
        member_client.get(PROGRESS)
    _grow(27)
    with django_assert_num_queries(6):
        response = member_client.get(PROGRESS)
    assert response.content.decode().count('class="recommendation"') == 30
