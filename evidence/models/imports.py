from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class ImportUpload(models.Model):
    """An uploaded survey export kept between the preview and the confirm step of the admin import.

    Stored in the database (not a temp folder) so the confirm request may land on any app server."""

    survey = models.ForeignKey("evidence.Survey", on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    file_format = models.CharField(max_length=10, blank=True)
    content = models.BinaryField()
    # The checked plan and its preview summary (evidence.importing.cache): views do not re-read the file.
    plan_cache = models.BinaryField(null=True, editable=False)
    preview_cache = models.BinaryField(null=True, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.filename} → {self.survey_id}"


class ImportBatch(models.Model):
    """One confirmed import of a survey export: the file, who imported it when, what it created. Its
    items link back to it; undoing it removes them (and the submitters and organisations it created)."""

    survey = models.ForeignKey("evidence.Survey", on_delete=models.PROTECT, related_name="import_batches")
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True, help_text="Fingerprint of the file's bytes.")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now, db_index=True)
    responses = models.PositiveIntegerField(default=0, help_text="Evidence items created.")
    skipped = models.PositiveIntegerField(default=0, help_text="Responses already imported, skipped.")
    new_submitters = models.PositiveIntegerField(default=0)
    new_organisations = models.PositiveIntegerField(default=0)
    # What undo removes besides the items (if nothing else uses them by then).
    created_submitter_ids = models.JSONField(default=list, editable=False)
    created_organisation_ids = models.JSONField(default=list, editable=False)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.file_name} ({timezone.localtime(self.imported_at):%d/%m/%Y %H:%M})"
