from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from editing.models import Versioned
from evidence.text import clip

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Enter a colour as #rrggbb, e.g. #1f77b4.")


class Theme(Versioned):
    """One code of the hierarchical codebook used to tag evidence and excerpts."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(blank=True)
    colour = models.CharField(max_length=7, default="#4c6ef5", validators=[hex_colour])
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="theme_name_unique_in_parent"),
            models.CheckConstraint(condition=~models.Q(parent=models.F("pk")), name="theme_not_own_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def clean(self):
        ancestor, seen = self.parent, set()
        while ancestor is not None:
            if ancestor.pk == self.pk or ancestor.pk in seen:
                raise ValidationError({"parent": "A theme cannot sit under itself or its own sub-themes."})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class Survey(Versioned):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True, help_text="Used on the command line: --survey SLUG")
    description = models.TextField(blank=True)
    opens_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__isnull=True)
                | models.Q(opens_on__isnull=True)
                | models.Q(closes_on__gte=models.F("opens_on")),
                name="survey_closes_after_opens",
                violation_error_message="The survey cannot close before it opens.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SurveyQuestion(Versioned):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(max_length=40, help_text="Short stable code, e.g. q3.")
    text = models.TextField(
        help_text="The question as worded in the survey; import matches column headers to it."
    )
    order = models.PositiveSmallIntegerField(default=0)
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["survey", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="question_code_unique_in_survey"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {clip(self.text, 80)}"
