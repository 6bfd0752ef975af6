from django.db import models


class Versioned(models.Model):
    """A row people edit together: every audited save claims the next version, so a save made from
    a stale copy is detected (see editing.services.version_claim) instead of silently winning."""

    version = models.PositiveIntegerField(
        default=1, help_text="Bumped on every save; guards concurrent edits."
    )

    class Meta:
        abstract = True
