from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from editing.models import Versioned


class Meeting(Versioned):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        VIRTUAL = "virtual", "Virtual"
        HYBRID = "hybrid", "Hybrid"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    title = models.CharField(max_length=200)
    theme = models.ForeignKey(
        "evidence.Theme", null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    starts_at = models.DateTimeField(db_index=True, help_text="Europe/London time.")
    ends_at = models.DateTimeField(help_text="Europe/London time.")
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.HYBRID)
    location = models.CharField(max_length=300, blank=True)
    join_link = models.URLField(max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED, db_index=True)
    agenda_notes = models.TextField(blank=True)
    minutes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message="The meeting must end after it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%d %b %Y})"

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The meeting must end after it starts."
        if self.format in (self.Format.VIRTUAL, self.Format.HYBRID) and not self.join_link:
            errors["join_link"] = "A virtual or hybrid meeting needs a join link."
        if self.format in (self.Format.IN_PERSON, self.Format.HYBRID) and not self.location:
            errors["location"] = "An in-person or hybrid meeting needs a location."
        if errors:
            raise ValidationError(errors)
