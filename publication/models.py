"""Publication decisions and redactions. Both are audited (simple-history) and written only through
publication.services; the public pages read them through publication.selectors.published_items()."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from editing.models import Versioned
from evidence.models import EvidenceItem, SurveyAnswer


class RedactionReason(models.Model):
    """Why a span is redacted: a managed list. A reason marked `needs_note` ("Other") asks for a note."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True, help_text="When to use this reason.")
    needs_note = models.BooleanField(default=False, help_text="Ask for a note with this reason.")
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True, help_text="Offered when redacting.")

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class PublicationDecision(Versioned):
    """Whether and how one evidence item is published — decided by the secretariat or the chair,
    separately from what the submitter asked for (`EvidenceItem.confidentiality`,
    `Submitter.anonymity_requested`). More exposure than asked for needs the chair and a reason
    (`overrides_request` records it)."""

    class Outcome(models.TextChoices):
        PUBLISH_FULL = "full", "Publish in full"
        PUBLISH_ANONYMISED = "anonymised", "Publish anonymised"
        WITHHOLD = "withhold", "Withhold"

    item = models.OneToOneField(EvidenceItem, on_delete=models.CASCADE, related_name="publication_decision")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, db_index=True)
    reason = models.TextField(help_text="Why this decision (required; more so for an override).")
    overrides_request = models.BooleanField(
        default=False,
        editable=False,
        help_text="Publishes more than the submitter asked for (chair only, with a reason).",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_at", "-id"]
        permissions = [
            ("override_publicationdecision", "Can publish more than a submitter asked for (with a reason)"),
        ]

    def __str__(self) -> str:
        return f"{self.item.reference}: {self.get_outcome_display()}"


class Redaction(Versioned):
    """A span of an item's text (its body, or one survey answer) left out of what is published.

    `quoted_text` is the original span: private, like the text it came from. When the text is edited
    the span is found again by its quoted text; when it cannot be, `needs_review` is set and the item
    stays off the public pages until someone marks the span again."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="redactions")
    answer = models.ForeignKey(
        SurveyAnswer,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="redactions",
        editable=False,
        help_text="The survey answer the span is in (empty: the body).",
    )
    reason = models.ForeignKey(RedactionReason, on_delete=models.PROTECT, related_name="redactions")
    note = models.TextField(blank=True, help_text="Required for a reason such as “Other”.")
    quoted_text = models.TextField(
        help_text="The exact text to redact, copied from the item's body or one of its survey answers."
    )
    occurrence = models.PositiveSmallIntegerField(
        default=1, help_text="Which occurrence of this text in that passage (1 = the first)."
    )
    start = models.PositiveIntegerField(editable=False, default=0)
    end = models.PositiveIntegerField(editable=False, default=0)
    needs_review = models.BooleanField(
        default=False,
        editable=False,
        db_index=True,
        help_text="The text changed and the span could not be found again: mark it again.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "answer", "start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="redaction_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        where = "answer" if self.answer_id else "body"
        return f"{self.item.reference}: redaction in the {where} ({self.reason})"
