"""The dashboard's figures over the whole inquiry, kept for a few seconds rather than aggregated over
every row on every view (at 100k items those aggregates were most of the dashboard's time).

Every save or delete of the models they count clears them in this process at once; other app servers
(and bulk writes, which send no signals) see new figures within `DASHBOARD_STATISTICS_SECONDS`."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from evidence.models import EvidenceItem, ExclusionReason, Survey, Theme
from evidence.selectors import EvidenceFlow, EvidenceStatistics, evidence_flow, evidence_statistics
from recommendations.models import EvidenceLink, Recommendation
from recommendations.selectors import thin_evidence

CACHE_KEY = "justice_wp:dashboard-statistics"
COUNTED = (EvidenceItem, ExclusionReason, Survey, Theme, EvidenceLink, Recommendation)


@dataclass
class DashboardStatistics:
    evidence: EvidenceStatistics
    flow: EvidenceFlow
    thin: list[Recommendation]
    taken_at: datetime.datetime


def dashboard_statistics() -> DashboardStatistics:
    statistics = cache.get(CACHE_KEY)
    if statistics is None:
        evidence = evidence_statistics()
        statistics = DashboardStatistics(
            evidence=evidence,
            flow=evidence_flow(evidence),
            thin=list(thin_evidence()),
            taken_at=timezone.now(),
        )
        cache.set(CACHE_KEY, statistics, settings.DASHBOARD_STATISTICS_SECONDS)
    return statistics


def statistics_changed(**kwargs) -> None:
    cache.delete(CACHE_KEY)


def connect_signals() -> None:
    for model in COUNTED:
        uid = f"justice_wp.statistics.{model._meta.label_lower}"
        post_save.connect(statistics_changed, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(statistics_changed, sender=model, dispatch_uid=f"{uid}.delete")
    m2m_changed.connect(
        statistics_changed, sender=EvidenceItem.themes.through, dispatch_uid="justice_wp.statistics.themes"
    )
