import pytest
from django.core.management import call_command
from django.urls import reverse

from recommendations.models import EvidenceLink, Recommendation, RecommendationTransition
from recommendations.selectors import thin_evidence

Status = Recommendation.Status


@pytest.mark.django_db
def test_seed_demo_creates_tagged_recommendations_once():
    call_command("seed_demo")
    counts = (
        Recommendation.objects.count(),
        EvidenceLink.objects.count(),
        RecommendationTransition.objects.count(),
    )
    call_command("seed_demo")
    assert (
        Recommendation.objects.count(),
        EvidenceLink.objects.count(),
        RecommendationTransition.objects.count(),
    ) == counts
    assert counts[0] >= 6
    assert Recommendation.objects.values("chapter").distinct().count() >= 3
    assert Recommendation.objects.filter(status=Status.AGREED).count() >= 2
    assert thin_evidence().exists()
    assert EvidenceLink.objects.filter(excerpt__isnull=False).exists()
    assert EvidenceLink.objects.filter(stance=EvidenceLink.Stance.CONTRADICTS).exists()
    agreeing = RecommendationTransition.objects.filter(to_status=Status.AGREED)
    assert set(agreeing.values_list("by__username", flat=True)) == {"chair"}
    assert set(EvidenceLink.objects.values_list("tagged_by__username", flat=True)) == {"member"}


@pytest.mark.django_db
def test_matrix_renders_the_demo_recommendations(client):
    call_command("seed_demo")
    client.login(username="member", password="justice-demo-2023")
    page = client.get(reverse("recommendations:matrix")).content.decode()
    for rec in Recommendation.objects.all():
        assert rec.title.replace("'", "&#x27;") in page
    assert "Jo Reader" not in page  # the anonymous testimony's author
    assert "Alex Tenant" not in page
