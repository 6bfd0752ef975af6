import pytest

from recommendations.models import EvidenceLink, Recommendation
from recommendations.selectors import recommendations_with_stance_counts, thin_evidence
from tests.factories import EvidenceItemFactory, EvidenceLinkFactory, RecommendationFactory


@pytest.mark.django_db
def test_stance_counts_count_distinct_evidence_items():
    rec = RecommendationFactory()
    item = EvidenceItemFactory(body="quote one and quote two")
    EvidenceLinkFactory(recommendation=rec, evidence=item)
    excerpt = item.excerpts.create(quote="quote two")
    EvidenceLinkFactory(recommendation=rec, evidence=item, excerpt=excerpt)
    EvidenceLinkFactory(recommendation=rec, stance=EvidenceLink.Stance.CONTRADICTS)
    counted = recommendations_with_stance_counts().get(pk=rec.pk)
    assert (counted.supporting, counted.contradicting, counted.context) == (1, 1, 0)


@pytest.mark.django_db
def test_thin_evidence_lists_live_recommendations_below_the_threshold(settings):
    settings.THIN_EVIDENCE_THRESHOLD = 2
    thin = RecommendationFactory()
    EvidenceLinkFactory(recommendation=thin)
    strong = RecommendationFactory()
    EvidenceLinkFactory.create_batch(2, recommendation=strong)
    RecommendationFactory(status=Recommendation.Status.WITHDRAWN)
    assert list(thin_evidence()) == [thin]
    assert set(thin_evidence(threshold=3)) == {thin, strong}
