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
