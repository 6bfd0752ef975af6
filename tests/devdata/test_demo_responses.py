import datetime

import pytest
from django.core.management import call_command

from recommendations.implementation.selectors import overdue_responses
from recommendations.models import ImplementationStatus, Recommendation


@pytest.mark.django_db
def test_seed_demo_publishes_one_recommendation_with_an_overdue_and_a_received_response():
    call_command("seed_demo")
    call_command("seed_demo")
    published = Recommendation.objects.get(number="3.2")
    assert published.status == Recommendation.Status.PUBLISHED
    rows = {
        row.stakeholder.name: row for row in ImplementationStatus.objects.filter(recommendation=published)
    }
    assert set(rows) == {"Cabinet Office", "Local Government Association"}
    for row in rows.values():
        assert (row.response_requested_on, row.response_due) == (
            datetime.date(2024, 4, 24),
            datetime.date(2024, 6, 24),
        )
    assert rows["Cabinet Office"].response_received_on == datetime.date(2024, 6, 18)
    assert (
        rows["Cabinet Office"].history.filter(history_change_reason__startswith="response received").count()
        == 1
    )
    overdue = overdue_responses(today=datetime.date(2024, 7, 1))
    assert [row.stakeholder.name for row in overdue] == ["Local Government Association"]
