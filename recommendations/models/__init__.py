from recommendations.models.core import Chapter, EvidenceLink, Recommendation

__all__ = ["Chapter", "EvidenceLink", "Recommendation"]
