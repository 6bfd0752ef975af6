"""People at a meeting who have no account: witnesses giving oral evidence, observers and guests.

A witness may be vulnerable: `protected` hides their name and organisation from everyone who may not
see submitters' identities (members); the secretariat and the chair see them (meetings/admin/inlines.py,
the rule of evidence/privacy.py)."""

from django.db import models
from simple_history.models import HistoricalRecords

from editing.models import Versioned
from meetings.models.meeting import Meeting

PROTECTED_LABEL = "Protected witness"


class ExternalAttendee(Versioned):
    class Role(models.TextChoices):
        WITNESS = "witness", "Witness (gives evidence)"
        OBSERVER = "observer", "Observer"
        GUEST = "guest", "Guest"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="external_attendees")
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.WITNESS)
    attended = models.BooleanField(default=True)
    protected = models.BooleanField(
        default=False,
        help_text="A vulnerable witness: name and organisation hidden from members.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "role", "name", "id"]
        verbose_name = "external attendee"

    def __str__(self) -> str:
        # Shown beside each inline row and on delete pages, whoever looks: never a protected name.
        return f"{PROTECTED_LABEL if self.protected else self.name} ({self.get_role_display()})"
