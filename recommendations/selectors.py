"""Reads shared by the matrix, the dashboard and the report."""

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from recommendations.models import EvidenceLink, Recommendation

Stance = EvidenceLink.Stance


def recommendations_with_stance_counts() -> QuerySet[Recommendation]:
    """Recommendations with `supporting`, `contradicting` and `context` link counts (distinct items)."""
    return Recommendation.objects.select_related("chapter").annotate(
        supporting=Count("links__evidence", filter=Q(links__stance=Stance.SUPPORTS), distinct=True),
        contradicting=Count("links__evidence", filter=Q(links__stance=Stance.CONTRADICTS), distinct=True),
        context=Count("links__evidence", filter=Q(links__stance=Stance.CONTEXT), distinct=True),
    )


def thin_evidence(*, threshold: int | None = None) -> QuerySet[Recommendation]:
    """Live recommendations supported by fewer than `threshold` distinct evidence items."""
    threshold = settings.THIN_EVIDENCE_THRESHOLD if threshold is None else threshold
    return (
        recommendations_with_stance_counts()
        .exclude(status=Recommendation.Status.WITHDRAWN)
        .filter(supporting__lt=threshold)
    )
