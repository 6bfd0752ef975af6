import pytest
from django.contrib.auth.models import Group

from recommendations.models import EvidenceLink, Recommendation
from recommendations.selectors import recommendations_with_stance_counts, thin_evidence, traceability_matrix
from tests.factories import EvidenceItemFactory, EvidenceLinkFactory, RecommendationFactory, ThemeFactory


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


@pytest.mark.django_db
def test_matrix_counts_distinct_items_per_theme_and_stance():
    oversight, transparency = ThemeFactory(name="Oversight"), ThemeFactory(name="Transparency")
    rec = RecommendationFactory()
    both = EvidenceItemFactory(body="one passage and another")
    both.themes.add(oversight, transparency)
    EvidenceLinkFactory(recommendation=rec, evidence=both)
    EvidenceLinkFactory(recommendation=rec, evidence=both, excerpt=both.excerpts.create(quote="another"))
    against = EvidenceItemFactory()
    against.themes.add(oversight)
    EvidenceLinkFactory(recommendation=rec, evidence=against, stance=EvidenceLink.Stance.CONTRADICTS)
    untagged_theme = EvidenceItemFactory()
    EvidenceLinkFactory(recommendation=rec, evidence=untagged_theme)

    matrix = traceability_matrix(recommendations=[rec], by="theme")
    cells = dict(zip([label for _, label in matrix.columns], matrix.rows[0].cells, strict=True))
    assert cells["Oversight"] == (1, 1)
    assert cells["Transparency"] == (1, 0)
    kinds = traceability_matrix(recommendations=[rec], by="kind")
    by_kind = dict(zip([key for key, _ in kinds.columns], kinds.rows[0].cells, strict=True))
    assert by_kind["written_submission"] == (2, 1)


@pytest.mark.django_db
def test_chair_alone_holds_the_approval_permission():
    def holds(role):
        return Group.objects.get(name=role).permissions.filter(codename="approve_recommendation").exists()

    assert holds("Chair")
    assert not holds("Member")
    assert not holds("Secretariat")
