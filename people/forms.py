"""The Chair's person form (no superuser, staff or permission fields: a role is all it gives) and the
invitee's set-password form."""

from django import forms
from django.contrib.auth.forms import SetPasswordForm

from people.models import Person, Role
from people.services import person_role


class PersonForm(forms.ModelForm):
    role = forms.ChoiceField(choices=Role.choices, help_text="What they may do (README, Roles).")

    class Meta:
        model = Person
        fields = ["first_name", "last_name", "email", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        if self.instance.pk:
            self.initial.setdefault("role", person_role(self.instance))

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        others = Person.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("Someone with this email address already has an account.")
        return email


class InvitationAcceptForm(SetPasswordForm):
    """New password twice, checked by AUTH_PASSWORD_VALIDATORS (12 characters at least)."""
