"""Exports of recommendations and evidence links (admin Export and export_evidence)."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from justice_wp.exporting import export_bytes
from recommendations.models import EvidenceLink, Recommendation
from recommendations.resources import EvidenceLinkResource, RecommendationResource
from tests.factories import EvidenceLinkFactory, OrganisationFactory, RecommendationFactory


def rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.django_db
def test_recommendations_export_through_the_admin(member_client):
    recommendation = RecommendationFactory(number="3.2", title="-Publish performance data")
    recommendation.target_stakeholders.add(OrganisationFactory(name="Cabinet Office"))
    EvidenceLinkFactory(recommendation=recommendation, evidence__title="x")
    data = {"format": "0", "resource": "0"}
    data |= {f"recommendationresource_{field}": "on" for field in RecommendationResource().get_export_order()}
    response = member_client.post(reverse("admin:recommendations_recommendation_export"), data)
    [row] = rows(response.content)
    assert (row["number"], row["title"], row["chapter"], row["target_stakeholders"]) == (
        "3.2",
        "'-Publish performance data",
        "3",
        "Cabinet Office",
    )
    assert row["evidence"].endswith("(supports)")


@pytest.mark.django_db
def test_links_export_from_the_command(tmp_path):
    link = EvidenceLinkFactory(note="@attention: strong evidence", strength=3)
    out = tmp_path / "links.csv"
    call_command("export_evidence", "--format", "csv", "-o", str(out), "--dataset", "links")
    [row] = rows(out.read_bytes())
    assert (row["recommendation"], row["evidence"], row["stance"], row["strength"], row["note"]) == (
        link.recommendation.number,
        link.evidence.reference,
        "Supports",
        "3",
        "'@attention: strong evidence",
    )


@pytest.mark.django_db
def test_recommendation_and_link_export_queries_do_not_grow(django_assert_num_queries):
    """Recommendations: rows with chapter and lead member joined, stakeholders and links(+evidence)
    prefetched, page count. Links: one query with recommendation, evidence, excerpt, tagger joined."""
    for _ in range(3):
        EvidenceLinkFactory()
    with django_assert_num_queries(5):
        export_bytes(RecommendationResource(), Recommendation.objects.all(), "csv")
    with django_assert_num_queries(1):
        export_bytes(EvidenceLinkResource(), EvidenceLink.objects.order_by("pk"), "csv")
    for _ in range(20):
        EvidenceLinkFactory()
    with django_assert_num_queries(5):
        assert len(rows(export_bytes(RecommendationResource(), Recommendation.objects.all(), "csv"))) == 23
    with django_assert_num_queries(1):
        assert (
            len(rows(export_bytes(EvidenceLinkResource(), EvidenceLink.objects.order_by("pk"), "csv"))) == 23
        )
