from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from editing.models import Versioned
from evidence import excerpts
from evidence.models.codebook import Survey, SurveyQuestion, Theme
from evidence.models.people import Organisation, Sector, Submitter
from evidence.text import clip
from evidence.validators import AttachmentTypeValidator, MaxFileSizeValidator, validate_not_future


class ReferenceCounter(models.Model):
    """Last reference number handed out; incremented atomically by evidence.services."""

    name = models.CharField(max_length=20, primary_key=True)
    value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"


class EvidenceItem(Versioned):
    class Kind(models.TextChoices):
        SURVEY_RESPONSE = "survey_response", "Survey response"
        WRITTEN_SUBMISSION = "written_submission", "Written submission"
        ORAL_EVIDENCE = "oral_evidence", "Oral evidence"
        MEETING_NOTE = "meeting_note", "Meeting note"
        NEWS_ARTICLE = "news_article", "News article"
        BLOG_TESTIMONY = "blog_testimony", "Blog / testimony"
        REPORT_RESEARCH = "report_research", "Report / research"
        FOI_RESPONSE = "foi_response", "FOI response"
        CASE_STUDY = "case_study", "Case study"
        OTHER = "other", "Other"

    class Confidentiality(models.TextChoices):
        PUBLISHABLE = "publishable", "Publishable"
        ANONYMISED = "anonymised", "Publish anonymised"
        CONFIDENTIAL = "confidential", "Confidential"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        TRIAGED = "triaged", "Triaged"
        REVIEWED = "reviewed", "Reviewed"
        CITED = "cited", "Cited"
        EXCLUDED = "excluded", "Excluded"

    reference = models.CharField(max_length=20, unique=True, editable=False)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=30, choices=Kind.choices, db_index=True)
    survey = models.ForeignKey(
        Survey, null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )
    external_id = models.CharField(
        max_length=200, blank=True, help_text="Response id from the survey tool; makes re-imports idempotent."
    )
    submitter = models.ForeignKey(
        Submitter, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence_items"
    )
    received_on = models.DateField(
        default=timezone.localdate, validators=[validate_not_future], db_index=True
    )
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="Full text of the evidence.")
    source_url = models.URLField(max_length=500, blank=True)
    attachment = models.FileField(
        upload_to="evidence/%Y/%m/",
        blank=True,
        validators=[AttachmentTypeValidator(), MaxFileSizeValidator()],
    )
    sectors = models.ManyToManyField(Sector, blank=True, related_name="evidence_items")
    public_bodies = models.ManyToManyField(
        Organisation, blank=True, related_name="evidence_as_public_body", help_text="Bodies that outsourced."
    )
    providers = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="evidence_as_provider",
        help_text="Contractors delivering the service.",
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="evidence_items")
    confidentiality = models.CharField(
        max_length=20, choices=Confidentiality.choices, default=Confidentiality.ANONYMISED, db_index=True
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    exclusion_reason = models.ForeignKey(
        "evidence.ExclusionReason",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
        help_text="Why the item was excluded (required to exclude).",
    )
    status_reason = models.TextField(
        blank=True, help_text="Note on the exclusion (required for a reason such as “Other”)."
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evidence_items",
        help_text="Meeting at which this was presented (oral evidence, meeting notes).",
    )
    import_batch = models.ForeignKey(
        "evidence.ImportBatch",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="items",
        help_text="The survey import that created this item.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[themes, sectors, public_bodies, providers])

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "external_id"],
                condition=~models.Q(external_id=""),
                name="evidence_external_id_unique_in_survey",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="excluded") | models.Q(exclusion_reason__isnull=False),
                name="evidence_exclusion_has_listed_reason",
                violation_error_message="Choose a reason for excluding this item.",
            ),
        ]
        indexes = [models.Index(fields=["status", "-received_on"], name="evidence_status_received")]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}"

    @property
    def is_late(self) -> bool:
        return self.received_on is not None and self.received_on > settings.EVIDENCE_DEADLINE

    def clean(self):
        errors = {}
        if self.kind == self.Kind.SURVEY_RESPONSE and not self.survey_id:
            errors["survey"] = "A survey response must say which survey it answers."
        if self.survey_id and self.kind != self.Kind.SURVEY_RESPONSE:
            errors["survey"] = "Only survey responses belong to a survey; clear it or change the kind."
        if self.status == self.Status.EXCLUDED:
            if self.exclusion_reason_id is None:
                errors["exclusion_reason"] = "Choose a reason for excluding this item."
            elif self.exclusion_reason.needs_note and not self.status_reason.strip():
                errors["status_reason"] = f"Say why: the reason “{self.exclusion_reason}” needs a note."
        if errors:
            raise ValidationError(errors)


class SurveyAnswer(models.Model):
    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="answers")
    answer = models.TextField()

    class Meta:
        ordering = ["item", "question__order"]
        constraints = [
            models.UniqueConstraint(fields=["item", "question"], name="answer_unique_per_question"),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {clip(self.answer, 60)}"


class Excerpt(Versioned):
    """A passage of an evidence item: the unit members cite in recommendations."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="excerpts")
    quote = models.TextField()
    start_offset = models.PositiveIntegerField(
        null=True, blank=True, editable=False, help_text="Where the quote starts in the body (computed)."
    )
    end_offset = models.PositiveIntegerField(
        null=True, blank=True, editable=False, help_text="Where the quote ends in the body (computed)."
    )
    page = models.CharField(max_length=20, blank=True, help_text="Page or paragraph in the source.")
    note = models.TextField(blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="excerpts")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["item", "start_offset", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_offset__isnull=True)
                | models.Q(end_offset__isnull=True)
                | models.Q(end_offset__gt=models.F("start_offset")),
                name="excerpt_end_after_start",
                violation_error_message="The excerpt must end after it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.reference}: “{clip(self.quote, 70)}”"

    def clean(self):
        """The quote must be a passage of the item (its body or a survey answer). The stored quote
        becomes the source's exact text, and the offsets (into the body) are computed, never typed."""
        if not self.item_id or not self.quote:
            return
        body = self.item.body
        span = excerpts.locate(self.quote, body)
        if span is not None:
            self.quote, (self.start_offset, self.end_offset) = body[span[0] : span[1]], span
            return
        for answer in self.item.answers.values_list("answer", flat=True):
            span = excerpts.locate(self.quote, answer)
            if span is not None:
                self.quote, self.start_offset, self.end_offset = answer[span[0] : span[1]], None, None
                return
        raise ValidationError(
            {
                "quote": f"This quote is not in the text of {self.item.reference} (its body or survey "
                "answers). Copy the passage from the item: spaces, line breaks and straight or curly "
                "quote marks may differ, nothing else."
            }
        )
