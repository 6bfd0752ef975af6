from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from editing.models import Versioned

recommendation_number = RegexValidator(r"^\d+\.\d+$", "Use chapter.position, e.g. 3.2.")


class Chapter(models.Model):
    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    introduction = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "number"]

    def __str__(self) -> str:
        return f"Chapter {self.number}: {self.title}"


class Recommendation(Versioned):
    class Status(models.TextChoices):
        IDEA = "idea", "Idea"
        DRAFT = "draft", "Draft"
        UNDER_DISCUSSION = "under_discussion", "Under discussion"
        AGREED = "agreed", "Agreed"
        IN_REPORT = "in_report", "In report"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    number = models.CharField(max_length=10, unique=True, validators=[recommendation_number])
    position = models.PositiveSmallIntegerField(
        default=0, editable=False, help_text="Position within the chapter, derived from the number."
    )
    title = models.CharField(max_length=300)
    text = models.TextField(help_text="The recommendation as it would read in the report.")
    rationale = models.TextField(blank=True)
    chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="recommendations")
    target_stakeholders = models.ManyToManyField(
        "evidence.Organisation",
        blank=True,
        related_name="recommendations_targeted",
        help_text="Whom the recommendation asks to act.",
    )
    lead_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IDEA, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    evidence = models.ManyToManyField(
        "evidence.EvidenceItem", through="EvidenceLink", related_name="recommendations"
    )
    history = HistoricalRecords(excluded_fields=["position"], m2m_fields=[target_stakeholders])

    class Meta:
        ordering = ["chapter__order", "chapter__number", "position"]
        permissions = [("approve_recommendation", "Can agree and publish recommendations (the Chair)")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def clean(self):
        if self.number and recommendation_number.regex.match(self.number):
            chapter_part, position = self.number.split(".")
            self.position = int(position)
            if self.chapter_id and int(chapter_part) != self.chapter.number:
                raise ValidationError(
                    {
                        "number": f"Recommendation numbers in chapter {self.chapter.number} start with "
                        f"{self.chapter.number}., e.g. {self.chapter.number}.1."
                    }
                )


class EvidenceLink(Versioned):
    """A member's judgement that a piece of evidence bears on a recommendation."""

    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        CONTRADICTS = "contradicts", "Contradicts"
        CONTEXT = "context", "Context"

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="links")
    evidence = models.ForeignKey("evidence.EvidenceItem", on_delete=models.PROTECT, related_name="links")
    excerpt = models.ForeignKey(
        "evidence.Excerpt", null=True, blank=True, on_delete=models.PROTECT, related_name="links"
    )
    stance = models.CharField(max_length=20, choices=Stance.choices, default=Stance.SUPPORTS, db_index=True)
    strength = models.PositiveSmallIntegerField(
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text="1 = weak, 2 = moderate, 3 = strong.",
    )
    note = models.TextField(blank=True)
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tagged_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "evidence"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "evidence", "excerpt"],
                condition=models.Q(excerpt__isnull=False),
                name="link_unique_with_excerpt",
                violation_error_message="This excerpt is already tagged to this recommendation.",
            ),
            models.UniqueConstraint(
                fields=["recommendation", "evidence"],
                condition=models.Q(excerpt__isnull=True),
                name="link_unique_without_excerpt",
                violation_error_message="This evidence item is already tagged to this recommendation.",
            ),
            models.CheckConstraint(
                condition=models.Q(strength__gte=1, strength__lte=3), name="link_strength_1_to_3"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation.number} ← {self.evidence.reference} ({self.get_stance_display()})"

    def clean(self):
        if self.excerpt_id and self.evidence_id and self.excerpt.item_id != self.evidence_id:
            raise ValidationError({"excerpt": "This excerpt comes from a different evidence item."})
