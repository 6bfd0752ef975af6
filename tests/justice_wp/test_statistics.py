"""The dashboard's whole-inquiry figures: kept for a few seconds, cleared by every write this server
sees, and refreshed within DASHBOARD_STATISTICS_SECONDS after writes it does not see."""

import time

import pytest
from django.urls import reverse

from evidence.models import EvidenceItem
from recommendations.models import EvidenceLink
from tests.factories import EvidenceItemFactory, EvidenceLinkFactory, RecommendationFactory

DASHBOARD = reverse("dashboard")


def figures(client) -> tuple[int, int]:
    """(evidence items, recommendations with thin evidence) as the dashboard shows them."""
    context = client.get(DASHBOARD).context
    return context["evidence"]["total"].count, context["thin"]["count"]


@pytest.mark.django_db
def test_a_second_view_reads_no_statistics_and_a_write_refreshes_them(
    secretariat_client, django_assert_num_queries
):
    """The cached view skips the evidence totals, surveys, themes, exclusion reasons and thin evidence
    (5 of 16 queries)."""
    EvidenceItemFactory.create_batch(2)
    secretariat_client.get(DASHBOARD)
    with django_assert_num_queries(11):
        assert figures(secretariat_client) == (2, 0)

    recommendation = RecommendationFactory()  # no supporting evidence yet: thin
    assert figures(secretariat_client) == (2, 1)
    EvidenceLinkFactory.create_batch(2, recommendation=recommendation, stance=EvidenceLink.Stance.SUPPORTS)
    assert figures(secretariat_client) == (4, 0)  # the links' two new items, and no longer thin


@pytest.mark.django_db
def test_writes_without_signals_show_within_the_configured_seconds(secretariat_client, settings, monkeypatch):
    settings.DASHBOARD_STATISTICS_SECONDS = 15
    EvidenceItemFactory()
    assert figures(secretariat_client)[0] == 1
    EvidenceItem.objects.bulk_create(
        [EvidenceItem(reference="OAJ-9000", title="Bulk", received_on="2023-11-01")]
    )

    assert figures(secretariat_client)[0] == 1  # as another app server (or a bulk import) left it
    later = time.time() + 16
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", lambda: later)
    assert figures(secretariat_client)[0] == 2
