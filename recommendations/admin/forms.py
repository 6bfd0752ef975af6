from django import forms
from django.core.exceptions import ValidationError

from recommendations import selectors, services, workflow
from recommendations.models import EvidenceLink, Recommendation


class RecommendationForm(forms.ModelForm):
    """The admin form, carrying the version it was loaded at (optimistic locking)."""

    class Meta:
        model = Recommendation
        fields = ["number", "title", "chapter", "text", "rationale", "target_stakeholders", "lead_member"]
        fields += ["version"]
        widgets = {"version": forms.HiddenInput}

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "version" in cleaned:
            # Inside the admin's transaction: the lock makes a second editor wait until the first
            # has committed, then see the conflict here with everything they typed still in the form.
            current = (
                Recommendation.objects.select_for_update()
                .values_list("version", flat=True)
                .get(pk=self.instance.pk)
            )
            if current != cleaned["version"]:
                changes, record = selectors.recommendation_changes_since(
                    recommendation_id=self.instance.pk, version=cleaned["version"]
                )
                self.data = self.data.copy()
                self.data["version"] = current
                raise ValidationError(
                    services.conflict_message(
                        changes=changes, changed_by=record.history_user if record else None
                    ),
                    code="version_conflict",
                )
        return cleaned


class EvidenceLinkForm(forms.ModelForm):
    """Choosing an excerpt is enough: its evidence item is filled in."""

    class Meta:
        model = EvidenceLink
        fields = ["evidence", "excerpt", "stance", "strength", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 1, "cols": 30})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "evidence" in self.fields:
            self.fields["evidence"].required = False

    def clean(self):
        cleaned = super().clean()
        if "evidence" in self.fields and not cleaned.get("evidence"):
            excerpt = cleaned.get("excerpt")
            if excerpt is None:
                self.add_error("evidence", "Choose an evidence item or one of its excerpts.")
            else:
                cleaned["evidence"] = excerpt.item
                self.instance.evidence = excerpt.item
        return cleaned


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label="Move to")
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Why: recorded with the step (required to withdraw).",
    )

    def __init__(self, *args, recommendation: Recommendation, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [
            (status.value, status.label) for status in workflow.targets_for(recommendation.status, user)
        ]


class TagEvidenceForm(forms.Form):
    recommendation = forms.ModelChoiceField(
        queryset=Recommendation.objects.exclude(status=Recommendation.Status.WITHDRAWN),
        help_text="Withdrawn recommendations are not listed.",
    )
    stance = forms.ChoiceField(choices=EvidenceLink.Stance.choices, initial=EvidenceLink.Stance.SUPPORTS)
    strength = forms.TypedChoiceField(
        choices=[(1, "1 – weak"), (2, "2 – moderate"), (3, "3 – strong")], coerce=int, initial=2
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 60}))
