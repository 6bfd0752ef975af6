from django.conf import settings
from django.db import models
from django.utils import timezone

from recommendations.models.core import Recommendation


class RecommendationTransition(models.Model):
    """One step of a recommendation's workflow: the audit trail of who moved it, when and why."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=Recommendation.Status.choices)
    to_status = models.CharField(max_length=20, choices=Recommendation.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["recommendation", "at", "id"]
        get_latest_by = ["at", "id"]

    def __str__(self) -> str:
        return (
            f"{self.recommendation.number}: {self.get_from_status_display()} → {self.get_to_status_display()}"
        )
