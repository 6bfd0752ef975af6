from recommendations.models.core import Chapter, EvidenceLink, Recommendation
from recommendations.models.transitions import RecommendationTransition

__all__ = ["Chapter", "EvidenceLink", "Recommendation", "RecommendationTransition"]
