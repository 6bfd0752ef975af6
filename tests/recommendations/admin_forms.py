"""Build the POST data a browser would send for an admin change form, from the rendered page."""

from django import forms
from django.db.models.fields.files import FieldFile
from django.utils import timezone


def _initial(form, name, field):
    value = form.initial.get(name, field.initial)
    if callable(value):
        value = value()
    if hasattr(value, "pk"):
        value = value.pk
    if isinstance(value, list | tuple | set) or hasattr(value, "all"):
        value = [getattr(v, "pk", v) for v in (value.all() if hasattr(value, "all") else value)]
    if value is None or isinstance(value, FieldFile):  # a browser re-sends no file
        return [] if isinstance(field, forms.ModelMultipleChoiceField) else ""
    return value


def _put(data: dict, form, name: str, field) -> None:
    value = _initial(form, name, field)
    key = form.add_prefix(name)
    if isinstance(field, forms.SplitDateTimeField) and value:
        local = timezone.localtime(value)
        data[f"{key}_0"], data[f"{key}_1"] = f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"
    else:
        data[key] = value


def change_form_data(response) -> dict:
    """Field values and inline management forms as rendered on `response` (an admin change page)."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        _put(data, form, name, field)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        for name, field in formset.management_form.fields.items():
            data[f"{formset.prefix}-{name}"] = formset.management_form.initial.get(name, field.initial)
        for subform in formset.forms:
            for name, field in subform.fields.items():
                _put(data, subform, name, field)
    return {key: value for key, value in data.items() if value is not None}
