"""Dual coding: an item assigned to two coders, each coder's own theme applications, and the
secretariat's resolution of where they disagreed.

A coder's codes live here, never in the item's or excerpt's shared themes, until the assignment is
resolved: that is what keeps each coder from seeing the other's work."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class DualCodingAssignment(models.Model):
    """One evidence item given to two coders to code independently."""

    item = models.ForeignKey("evidence.EvidenceItem", on_delete=models.CASCADE, related_name="dual_codings")
    coder_a = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    coder_b = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField()
    a_finished_at = models.DateTimeField(null=True, blank=True)
    b_finished_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "dual-coding assignment"
        ordering = ["-assigned_at", "-id"]
        permissions = [
            ("code_dualcodingassignment", "Can code items assigned to them for dual coding"),
            ("resolve_dualcodingassignment", "Can resolve dual-coding conflicts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(coder_a=models.F("coder_b")), name="dual_coding_two_different_coders"
            ),
            models.UniqueConstraint(
                fields=["item"],
                condition=models.Q(resolved_at__isnull=True),
                name="dual_coding_one_open_per_item",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} – {self.coder_a} and {self.coder_b}"

    def is_coder(self, user) -> bool:
        return user.pk in (self.coder_a_id, self.coder_b_id)

    def finished_at(self, user):
        if user.pk == self.coder_a_id:
            return self.a_finished_at
        return self.b_finished_at if user.pk == self.coder_b_id else None

    @property
    def both_finished(self) -> bool:
        return self.a_finished_at is not None and self.b_finished_at is not None

    @property
    def status(self) -> str:
        if self.resolved_at:
            return "resolved"
        if self.both_finished:
            return "both finished"
        if self.a_finished_at or self.b_finished_at:
            return "one finished"
        return "coding"


class CodingDecision(models.Model):
    """One coder applied one theme to the item (excerpt empty) or to one of its excerpts."""

    assignment = models.ForeignKey(DualCodingAssignment, on_delete=models.CASCADE, related_name="decisions")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey("evidence.Theme", on_delete=models.CASCADE, related_name="+")
    excerpt = models.ForeignKey(
        "evidence.Excerpt", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    coded_at = models.DateTimeField()

    # No unique constraint: the services replace a coder's set as a whole, and a theme merge
    # (evidence.theme_services) may turn two of a coder's themes into one; readers take sets.

    def __str__(self) -> str:
        where = f"excerpt {self.excerpt_id}" if self.excerpt_id else "item"
        return f"{self.coder} applied {self.theme_id} to {where}"


class ResolvedCode(models.Model):
    """The secretariat's decision on one disagreement: is the theme applied to the unit or not."""

    assignment = models.ForeignKey(DualCodingAssignment, on_delete=models.CASCADE, related_name="resolutions")
    theme = models.ForeignKey("evidence.Theme", on_delete=models.CASCADE, related_name="+")
    excerpt = models.ForeignKey(
        "evidence.Excerpt", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied = models.BooleanField()

    def __str__(self) -> str:
        return f"{self.theme_id} {'applied' if self.applied else 'not applied'}"
