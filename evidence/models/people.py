from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from editing.models import Versioned

# How a submitter who may not be named is shown outside the secretariat (exports, report, pages).
ANONYMOUS = "Anonymous respondent"


class Organisation(models.Model):
    class Kind(models.TextChoices):
        PUBLIC_BODY = "public_body", "Public body"
        PRIVATE_PROVIDER = "private_provider", "Private provider"
        CHARITY = "charity", "Charity"
        ACADEMIC = "academic", "Academic"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER, db_index=True)
    website = models.URLField(blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Sector(models.Model):
    """A field of public service (welfare benefits, probation, social care...)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Submitter(Versioned):
    """A person or organisation who gave evidence. Personal data lives here, apart from evidence."""

    class Role(models.TextChoices):
        INDIVIDUAL = "individual", "Individual"
        PRACTITIONER = "practitioner", "Practitioner"
        ORGANISATION = "organisation", "Organisation"

    class Experience(models.TextChoices):
        PERSONAL = "personal", "Personal"
        PROFESSIONAL = "professional", "Professional"
        BOTH = "both", "Both"

    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="submitters"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.INDIVIDUAL)
    experience = models.CharField(max_length=20, choices=Experience.choices, blank=True)
    anonymity_requested = models.BooleanField(
        default=False, help_text="The submitter asked not to be named anywhere outside the secretariat."
    )
    consent_to_publish = models.BooleanField(
        default=False, help_text="The submitter agreed to be named in the report's list of contributors."
    )
    vulnerable = models.BooleanField(
        default=False, help_text="Extra care: never named, contact only through the secretariat."
    )
    retention_until = models.DateField(
        null=True, blank=True, help_text="Personal data is purged after this date (apply_retention)."
    )
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="submitter_email_unique_ci",
                violation_error_message="A submitter with this email already exists.",
            ),
        ]

    def __str__(self) -> str:
        if self.erased_at:
            return f"Erased submitter #{self.pk}"
        return self.name or self.email or f"Submitter #{self.pk}"

    @property
    def identity_protected(self) -> bool:
        """True when only the secretariat may see who this is."""
        return self.anonymity_requested or self.vulnerable or not self.consent_to_publish

    @property
    def public_name(self) -> str:
        """How the submitter may be named outside the secretariat."""
        if self.identity_protected or self.erased_at:
            return ANONYMOUS
        return self.name or (self.organisation.name if self.organisation_id else ANONYMOUS)
