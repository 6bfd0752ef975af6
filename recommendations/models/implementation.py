"""Implementation tracking after the report: where each target stakeholder stands on each
recommendation, and the outreach done to move them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from editing.models import Versioned
from evidence.text import clip
from recommendations.models.core import Recommendation


class ImplementationStatus(Versioned):
    """One recommendation × one stakeholder it asks to act."""

    class State(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_DIALOGUE = "in_dialogue", "In dialogue"
        ACCEPTED = "accepted", "Accepted"
        PARTIALLY_IMPLEMENTED = "partially_implemented", "Partially implemented"
        IMPLEMENTED = "implemented", "Implemented"
        REJECTED = "rejected", "Rejected"

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="implementation"
    )
    stakeholder = models.ForeignKey(
        "evidence.Organisation", on_delete=models.PROTECT, related_name="implementation_statuses"
    )
    status = models.CharField(max_length=30, choices=State.choices, default=State.NOT_STARTED, db_index=True)
    progress = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(100)], help_text="Per cent implemented, 0-100."
    )
    notes = models.TextField(blank=True)
    # The stakeholder's formal response to the published report (recommendations/deadlines.py).
    response_requested_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the stakeholder was asked to respond: the publication date, or the day it "
        "was made a target of an already published recommendation.",
    )
    response_due = models.DateField(
        null=True, blank=True, db_index=True, help_text="When the stakeholder's response is due."
    )
    response_received_on = models.DateField(
        null=True, blank=True, help_text="When the stakeholder's response arrived."
    )
    response_summary = models.TextField(blank=True, help_text="What the response said.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation__chapter__order", "recommendation__position", "stakeholder__name"]
        verbose_name = "implementation status"
        verbose_name_plural = "implementation statuses"
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "stakeholder"],
                name="implementation_unique_per_stakeholder",
                violation_error_message="This stakeholder already has a status for this recommendation.",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="implementation_progress_max_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation.number} – {self.stakeholder.name}: {self.get_status_display()}"

    def clean(self):
        errors = {}
        if self.status == self.State.IMPLEMENTED and self.progress != 100:
            errors["progress"] = "An implemented recommendation is 100% done; set progress to 100."
        if self.status == self.State.NOT_STARTED and self.progress:
            errors["progress"] = "Nothing has started yet; set progress to 0 or choose another status."
        if self.status != self.State.IMPLEMENTED and self.progress == 100:
            errors["status"] = "Progress is 100%: mark it implemented, or lower the progress."
        if self.response_summary.strip() and not self.response_received_on:
            errors["response_received_on"] = "Say when the response was received."
        if self.response_received_on and self.response_received_on > timezone.localdate():
            errors["response_received_on"] = "A response cannot be received in the future."
        requested, due = self.response_requested_on, self.response_due
        if requested and due and due < requested:
            errors["response_due"] = "The response cannot be due before it was asked for."
        if errors:
            raise ValidationError(errors)

    @property
    def response_overdue(self) -> bool:
        return bool(
            self.response_due and not self.response_received_on and self.response_due < timezone.localdate()
        )


class ResponseReminder(models.Model):
    """One reminder email about overdue responses, at most one a day (`remind_overdue_responses`)."""

    sent_on = models.DateField(unique=True)
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0, help_text="How many overdue responses it listed.")

    class Meta:
        ordering = ["-sent_on"]

    def __str__(self) -> str:
        return f"Reminder of {self.sent_on:%d %b %Y}: {self.overdue} overdue"


class OutreachEntry(Versioned):
    """One contact with a stakeholder about a recommendation: the implementation timeline."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"
        MEETING = "meeting", "Meeting"
        PHONE = "phone", "Phone call"
        EVENT = "event", "Event / roundtable"
        CONSULTATION = "consultation", "Consultation response"
        PARLIAMENT = "parliament", "Parliamentary engagement"
        OTHER = "other", "Other"

    implementation = models.ForeignKey(
        ImplementationStatus, on_delete=models.CASCADE, related_name="outreach"
    )
    date = models.DateField(default=timezone.localdate)
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.EMAIL)
    summary = models.TextField()
    next_step = models.TextField(blank=True)
    follow_up_on = models.DateField(null=True, blank=True, help_text="When to chase the next step.")
    follow_up_done = models.BooleanField(
        default=False, help_text="Ticked automatically when a later contact is recorded."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "outreach entry"
        verbose_name_plural = "outreach entries"
        indexes = [models.Index(fields=["follow_up_done", "follow_up_on"], name="outreach_follow_up")]

    def __str__(self) -> str:
        return f"{self.date:%d %b %Y} {self.get_channel_display()}: {clip(self.summary, 60)}"

    @property
    def follow_up_overdue(self) -> bool:
        return bool(
            self.follow_up_on and not self.follow_up_done and self.follow_up_on < timezone.localdate()
        )

    def clean(self):
        errors = {}
        if self.follow_up_on and self.date and self.follow_up_on < self.date:
            errors["follow_up_on"] = "The follow-up cannot be before the contact itself."
        if self.follow_up_on and not self.next_step.strip():
            errors["next_step"] = "Say what the follow-up is for."
        if errors:
            raise ValidationError(errors)
