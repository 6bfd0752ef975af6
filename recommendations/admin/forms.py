from django import forms
from django.core.exceptions import ValidationError

from editing.forms import VersionedModelForm
from recommendations import services, workflow
from recommendations.models import EvidenceLink, Recommendation


class RecommendationForm(VersionedModelForm):
    """The admin form: carries its version (optimistic locking) and, once the recommendation is
    agreed, refuses new wording unless the Chair says why (`amend_reason`)."""

    amend_reason = forms.CharField(
        label="Reason for amending agreed wording",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="Chair only, once agreed: why the text, rationale, number or chapter changes. "
        "Recorded as a workflow step.",
    )

    class Meta:
        model = Recommendation
        fields = ["number", "title", "chapter", "text", "rationale", "target_stakeholders", "lead_member"]
        fields += ["version"]

    user = None  # set by the admin on the form class it builds per request

    def _post_clean(self):
        super()._post_clean()
        if self.instance.pk and not self.errors:
            try:
                services.wording_check(
                    recommendation=self.instance,
                    stored=services.stored_wording(self.instance),
                    by=self.user,
                    amend_reason=self.cleaned_data.get("amend_reason", ""),
                )
            except ValidationError as error:
                self._update_errors(error)


class EvidenceLinkForm(VersionedModelForm):
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


class _StepField(forms.ChoiceField):
    """Offers the steps this user may take, but accepts any workflow state so that a forced value
    (a hand-made ?to= or POST) gets the reason it is refused, not "Select a valid choice"."""

    def valid_value(self, value):
        return value in Recommendation.Status.values


class TransitionForm(forms.Form):
    to = _StepField(label="Move to")
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Why: recorded with the step (required to withdraw).",
    )

    def __init__(self, *args, recommendation: Recommendation, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.recommendation, self.user = recommendation, user
        self.fields["to"].choices = [
            (status.value, status.label) for status in workflow.targets_for(recommendation.status, user)
        ]

    def clean_to(self):
        target = self.cleaned_data["to"]
        Status = Recommendation.Status
        if target not in workflow.allowed_targets(self.recommendation.status):
            options = ", ".join(s.label for s in workflow.targets_for(self.recommendation.status, self.user))
            raise ValidationError(
                f"{self.recommendation.number} cannot move from {Status(self.recommendation.status).label} "
                f"to {Status(target).label}. Next steps open to you: {options or 'none'}."
            )
        if not workflow.may_take(self.user, target):
            if target in workflow.CHAIR_ONLY:
                raise ValidationError(workflow.chair_only_message(target))
            raise ValidationError("You do not have permission to change recommendations.")
        return target


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
