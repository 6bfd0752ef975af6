from recommendations.models.core import Chapter, EvidenceLink, Recommendation
from recommendations.models.implementation import ImplementationStatus, OutreachEntry, ResponseReminder
from recommendations.models.transitions import RecommendationTransition

__all__ = [
    "Chapter",
    "EvidenceLink",
    "ImplementationStatus",
    "OutreachEntry",
    "Recommendation",
    "RecommendationTransition",
    "ResponseReminder",
]
