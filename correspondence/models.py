"""The correspondence log (which email went to which submitter, by whom) and email opt-outs.

The emails themselves are django-post-office's `Email` rows (the outbox); a `Correspondence` row
links one to the submitter it was written to. The templates are post_office's `EmailTemplate`,
given history here."""

from django.conf import settings
from django.db import models
from post_office.models import STATUS, EmailTemplate
from simple_history import register

from evidence.models import EvidenceItem, Submitter

# The secretariat edits templates: every change is kept (history table in this app).
register(EmailTemplate, app="correspondence", table_name="correspondence_historicalemailtemplate")


class Kind(models.TextChoices):
    """The letters the secretariat sends; each is the EmailTemplate of the same name."""

    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
    CONSENT = "consent_confirmation", "Consent confirmation"
    CHASER = "chaser", "Chaser"
    THANKS = "thank_you", "Thank-you with the report link"


STATUS_LABELS = {
    STATUS.queued: "queued",
    STATUS.requeued: "queued (retrying)",
    STATUS.sent: "sent",
    STATUS.failed: "failed",
}


class Correspondence(models.Model):
    """One email queued to a submitter: what, when, by whom. Its status is the outbox email's."""

    submitter = models.ForeignKey(Submitter, on_delete=models.CASCADE, related_name="correspondence")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    # Null once the email itself is deleted (erasure removes it with the personal data it holds).
    email = models.OneToOneField(
        "post_office.Email", null=True, blank=True, on_delete=models.SET_NULL, related_name="correspondence"
    )
    item = models.ForeignKey(
        EvidenceItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="correspondence"
    )
    template_name = models.CharField(max_length=255)
    queued_at = models.DateTimeField(auto_now_add=True, db_index=True)
    queued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-queued_at", "-pk"]
        verbose_name = "correspondence"
        verbose_name_plural = "correspondence"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to submitter #{self.submitter_id}"

    @property
    def status(self) -> str:
        if self.email_id is None:
            return "removed from the outbox"
        return STATUS_LABELS.get(self.email.status, "sending")


class OptOut(models.Model):
    """A submitter asked not to be emailed. Lifting it keeps the row (who, when, why)."""

    submitter = models.ForeignKey(Submitter, on_delete=models.CASCADE, related_name="opt_outs")
    reason = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = "email opt-out"
        constraints = [
            models.UniqueConstraint(
                fields=["submitter"],
                condition=models.Q(lifted_at__isnull=True),
                name="correspondence_one_active_optout",
                violation_error_message="This submitter has already opted out of email.",
            )
        ]

    def __str__(self) -> str:
        state = "lifted" if self.lifted_at else "active"
        return f"Opt-out of submitter #{self.submitter_id} ({state})"
