from django.conf import settings
from django.db import models
from django.utils import timezone


class AccessLogEntry(models.Model):
    """Who viewed or exported confidential data, and when. Holds ids only, never the data."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        EXPORT = "export", "Exported"
        DOWNLOAD = "download", "Downloaded"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    what = models.CharField(max_length=100, help_text="Model label or export name, e.g. evidence.submitter.")
    object_ids = models.JSONField(default=list, blank=True)
    path = models.CharField(max_length=300, blank=True, help_text="Request path, without the query string.")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "access log entry"
        verbose_name_plural = "access log"

    def __str__(self) -> str:
        return f"{self.user or 'system'} {self.get_action_display().lower()} {self.what} {self.object_ids}"


class ErasureRecord(models.Model):
    """Ledger of erasures (ids only) so they can be re-applied after restoring a backup."""

    class Reason(models.TextChoices):
        REQUEST = "request", "Erasure request"
        RETENTION = "retention", "Retention period ended"

    submitter_id = models.PositiveBigIntegerField(unique=True)
    reason = models.CharField(max_length=20, choices=Reason.choices, default=Reason.REQUEST)
    erased_at = models.DateTimeField(default=timezone.now)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reapplied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-erased_at"]

    def __str__(self) -> str:
        return (
            f"Submitter #{self.submitter_id} erased {self.erased_at:%Y-%m-%d} ({self.get_reason_display()})"
        )


class ErasureReview(models.Model):
    """A place an erasure could not clean without guessing, for a person to check: a note naming the
    erased submitter by one word of their name (which may also be an ordinary word), or an
    attachment whose content nobody has read. Holds ids and field names only."""

    class Reason(models.TextChoices):
        NAME_WORD = "name_word", "Mentions a word of the erased name"
        ATTACHMENT = "attachment", "Attachment content not checked"

    submitter_id = models.PositiveBigIntegerField(db_index=True)
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    history_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="Set when the text is in a past version (the object's history)."
    )
    field = models.CharField(max_length=100)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    flagged_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.TextField(
        blank=True,
        help_text="What you did, without personal data: e.g. “surname replaced”, “not about the submitter”.",
    )

    class Meta:
        ordering = ["-flagged_at", "id"]

    def __str__(self) -> str:
        where = f"{self.content_type.model} #{self.object_id}"
        if self.history_id:
            where += f" (past version {self.history_id})"
        return f"Erased submitter #{self.submitter_id}: {where} {self.field}"
