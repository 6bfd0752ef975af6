from recommendations.models.core import Chapter, EvidenceLink, Recommendation
from recommendations.models.implementation import ImplementationStatus, OutreachEntry

__all__ = ["Chapter", "EvidenceLink", "ImplementationStatus", "OutreachEntry", "Recommendation"]
