"""Inline forms that render in a fixed number of queries however many rows the meeting has.

Django's autocomplete widgets look up the labels of their selected values with one query per form,
and a plain <select> evaluates its choices once per form. Here the labels come from the rows the
inline already loaded (select_related / prefetch_related) and the <select> choices are built once
per formset and shared."""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.forms.models import BaseInlineFormSet


class _KnownLabelsMixin:
    """Autocomplete widget that trusts labels handed to it instead of querying for them."""

    known_labels: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if self.known_labels is None or any(v not in self.known_labels for v in selected):
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        for v in selected:
            options.append(self.create_option(name, v, self.known_labels[v], True, len(options)))
        return [(None, options, 0)]


class KnownLabelsSelect(_KnownLabelsMixin, AutocompleteSelect):
    pass


class KnownLabelsSelectMultiple(_KnownLabelsMixin, AutocompleteSelectMultiple):
    pass


def _labels(instance, name: str) -> dict[str, str]:
    if instance.pk is None:
        return {}
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return {str(obj.pk): str(obj) for obj in getattr(instance, name).all()}
    obj = getattr(instance, name)
    return {} if obj is None else {str(obj.pk): str(obj)}


class SharedChoicesFormSet(BaseInlineFormSet):
    """Hands each form the labels of its own related rows and one shared copy of select choices."""

    autocomplete_names: tuple[str, ...] = ()
    select_names: tuple[str, ...] = ()

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # The parent as edited (and, on the add page, not yet saved), so the row's clean() can
        # check against the meeting's new times without a query.
        setattr(form.instance, self.fk.name, self.instance)
        self._share(form)
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        self._share(form)
        return form

    def _share(self, form) -> None:
        for name in self.autocomplete_names:
            if name in form.fields:
                widget = form.fields[name].widget
                getattr(widget, "widget", widget).known_labels = _labels(form.instance, name)
        if not hasattr(self, "_shared_choices"):
            self._shared_choices = {
                # iter(): list() would ask the ModelChoiceIterator for its length, a COUNT query.
                name: list(iter(form.fields[name].choices))
                for name in self.select_names
                if name in form.fields
            }
        for name, choices in self._shared_choices.items():
            form.fields[name].choices = choices


class FastInlineMixin:
    """For inlines: autocomplete_fields render from loaded rows; `shared_select_fields` share choices."""

    shared_select_fields: tuple[str, ...] = ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownLabelsSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownLabelsSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        base = type(
            "SharedChoicesFormSet",
            (SharedChoicesFormSet,),
            {
                "autocomplete_names": tuple(self.get_autocomplete_fields(request)),
                "select_names": self.shared_select_fields,
            },
        )
        return super().get_formset(request, obj, formset=base, **kwargs)


class FastTabularInline(FastInlineMixin, admin.TabularInline):
    pass


class FastStackedInline(FastInlineMixin, admin.StackedInline):
    pass
