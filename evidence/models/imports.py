from django.conf import settings
from django.db import models


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
