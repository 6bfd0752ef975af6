"""The intake options (evidence.intake) on an evidence item's add page: one checkbox each, applied
to the item once it is logged (e.g. "Email the submitter an acknowledgement")."""

from django import forms
from django.contrib import messages

from evidence.intake import intake_options


class IntakeOptionsAdminMixin:
    def _intake_names(self, request, obj) -> list[str]:
        return [option.name for option in intake_options(request.user)] if obj is None else []

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        names = self._intake_names(request, obj)
        return [*fieldsets, ("On logging", {"fields": names})] if names else fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        names = self._intake_names(request, obj)
        if names and kwargs.get("fields") is not None:
            kwargs["fields"] = [name for name in kwargs["fields"] if name not in names]
        form = super().get_form(request, obj, change, **kwargs)
        for option in intake_options(request.user) if names else ():
            form.base_fields[option.name] = forms.BooleanField(
                required=False, initial=option.initial_on_log, label=option.label, help_text=option.help_text
            )
        return form

    def intake_apply(self, request, item, form) -> None:
        """After logging `item`: apply the options ticked on `form`, and say what they did."""
        for option in intake_options(request.user):
            if form.cleaned_data.get(option.name) and (note := option.apply(items=[item], by=request.user)):
                self.message_user(request, note, messages.INFO)
