"""What happens at a meeting: its agenda, who attended, what was decided and who does what next."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from editing.models import Versioned
from evidence.text import clip
from meetings.models.meeting import Meeting


class AgendaItem(Versioned):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=300)
    presenter = models.CharField(
        max_length=200, blank=True, help_text="Who introduces the item (a member or an external witness)."
    )
    notes = models.TextField(blank=True)
    evidence = models.ManyToManyField(
        "evidence.EvidenceItem",
        blank=True,
        related_name="agenda_items",
        help_text="Evidence to be heard or discussed under this item.",
    )
    recommendations = models.ManyToManyField(
        "recommendations.Recommendation",
        blank=True,
        related_name="agenda_items",
        help_text="Recommendations to be discussed under this item.",
    )
    history = HistoricalRecords(m2m_fields=[evidence, recommendations])

    class Meta:
        ordering = ["meeting", "order", "id"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Attendance(Versioned):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PRESENT)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "member__last_name", "member__first_name", "member__username"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                name="attendance_unique_per_member",
                violation_error_message="This member's attendance is already recorded for this meeting; "
                "change the existing row instead.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_status_display()}"


class ActionPoint(Versioned):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_points")
    text = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="action_points"
    )
    due = models.DateField(null=True, blank=True, db_index=True)
    done = models.BooleanField(default=False, db_index=True)
    done_at = models.DateTimeField(null=True, blank=True, editable=False)
    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_points",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["done", "due", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done=False) | models.Q(done_at__isnull=False),
                name="action_point_done_has_time",
            ),
        ]

    def __str__(self) -> str:
        return clip(self.text, 70)

    @property
    def is_overdue(self) -> bool:
        return not self.done and self.due is not None and self.due < timezone.localdate()

    def clean(self):
        meeting = getattr(self, "meeting", None)  # unset while the admin's add form validates
        if (
            self.due
            and meeting
            and meeting.starts_at
            and self.due < timezone.localtime(meeting.starts_at).date()
        ):
            raise ValidationError({"due": "An action cannot fall due before the meeting that set it."})


class Decision(Versioned):
    class Outcome(models.TextChoices):
        AGREED = "agreed", "Agreed"
        AGREED_AMENDED = "agreed_amended", "Agreed with amendments"
        DEFERRED = "deferred", "Deferred"
        REJECTED = "rejected", "Rejected"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(help_text="What was decided, as it will read in the minutes.")
    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.AGREED)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {clip(self.text, 60)}"
