from django import forms

from coding.selectors import coder_choices


class AssignForm(forms.Form):
    coder_a = forms.ModelChoiceField(queryset=None, label="First coder")
    coder_b = forms.ModelChoiceField(queryset=None, label="Second coder")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("coder_a", "coder_b"):
            self.fields[name].queryset = coder_choices()

    def clean(self):
        data = super().clean()
        if data.get("coder_a") and data.get("coder_a") == data.get("coder_b"):
            raise forms.ValidationError("Choose two different coders: dual coding needs two people.")
        return data
