from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple

from evidence.models import EvidenceItem


def use_autocomplete(form, admin_site, *names: str) -> None:
    """Give fields of an admin page's own form (named after EvidenceItem's relations) the admin's
    autocomplete widget, as the item's page has: a plain select would list every organisation."""
    for name in names:
        field = form.fields[name]
        model_field = EvidenceItem._meta.get_field(name)
        widget = AutocompleteSelectMultiple if model_field.many_to_many else AutocompleteSelect
        field.widget = widget(model_field, admin_site)
        field.widget.choices = field.choices
