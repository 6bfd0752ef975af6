from django.db import models


class ExclusionReason(models.Model):
    """Why evidence was excluded: a managed list, so exclusions can be tallied (the evidence flow
    on the dashboard and in the report's Annex C). A reason marked `needs_note` ("Other") asks for
    a note on each item instead."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True, help_text="When to use this reason.")
    needs_note = models.BooleanField(
        default=False, help_text="Ask for a note when excluding with this reason (e.g. “Other”)."
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Position in lists and in the flow.")
    active = models.BooleanField(default=True, help_text="Offered when excluding evidence.")

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name
