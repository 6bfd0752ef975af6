from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class ReadMark(models.Model):
    """That one person has read one evidence item: the personal queue is what they have not."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey("evidence.EvidenceItem", on_delete=models.CASCADE, related_name="read_marks")
    first_seen_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "item"], name="read_mark_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user} read {self.item_id} (last {self.last_seen_at:%Y-%m-%d %H:%M})"


class DuplicatePair(models.Model):
    """The secretariat's decision about two items flagged as possible duplicates, so a pair judged
    "not a duplicate" stops being flagged. Stored once per pair, lower id first."""

    class Verdict(models.TextChoices):
        DUPLICATE = "duplicate", "Duplicate"
        NOT_DUPLICATE = "not_duplicate", "Not a duplicate"

    first = models.ForeignKey("evidence.EvidenceItem", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("evidence.EvidenceItem", on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="duplicate_pair_once"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="duplicate_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} / {self.second_id}: {self.get_verdict_display()}"

    def other(self, item_id: int) -> int:
        return self.second_id if item_id == self.first_id else self.first_id


class SuggestionAcceptance(models.Model):
    """Who accepted which suggested theme or recommendation for an item, and why it was suggested."""

    item = models.ForeignKey("evidence.EvidenceItem", on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(
        "evidence.Theme", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    recommendation = models.ForeignKey(
        "recommendations.Recommendation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=300)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(theme__isnull=True) ^ models.Q(recommendation__isnull=True),
                name="suggestion_accepts_one_thing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.theme or self.recommendation} accepted by {self.accepted_by}"
