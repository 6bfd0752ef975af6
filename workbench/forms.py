from django import forms

from evidence.models import Theme
from recommendations.models import EvidenceLink, Recommendation


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, theme):
        return str(theme)


class CodingForm(forms.Form):
    """Code one passage: themes, and optionally a recommendation it bears on.

    With JavaScript the passage comes from a mouse selection (block + offsets, filled in by the
    reader's script); without it, the quote is pasted into the text box."""

    quote = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Select the passage in the text (or paste it here exactly as written).",
    )
    block = forms.CharField(required=False, widget=forms.HiddenInput)
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    themes = ThemeChoiceField(
        queryset=Theme.objects.select_related("parent"), required=False, widget=forms.CheckboxSelectMultiple
    )
    recommendation = forms.ModelChoiceField(
        queryset=Recommendation.objects.exclude(status=Recommendation.Status.WITHDRAWN),
        required=False,
        help_text="Optional: tag this passage to a recommendation.",
    )
    stance = forms.ChoiceField(
        choices=EvidenceLink.Stance.choices, initial=EvidenceLink.Stance.SUPPORTS, required=False
    )
    strength = forms.TypedChoiceField(
        choices=[(1, "1 – weak"), (2, "2 – moderate"), (3, "3 – strong")],
        coerce=int,
        initial=2,
        required=False,
        empty_value=2,
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, may_tag: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_tag:
            for name in ("recommendation", "stance", "strength"):
                del self.fields[name]

    def clean_stance(self):
        return self.cleaned_data["stance"] or EvidenceLink.Stance.SUPPORTS
