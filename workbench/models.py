from django.conf import settings
from django.db import models


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
