"""The admin side of editing together: versioned change forms and inlines, the conflict page, and
inline formsets saved through services."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets
from django.http import HttpResponseRedirect

from editing.forms import VersionedModelForm
from editing.services import VersionConflict, audited_delete, audited_save


def form_m2m(form) -> dict:
    """The many-to-many values a model form collected, to be saved with the object's history row."""
    return {
        field.name: form.cleaned_data[field.name]
        for field in form._meta.model._meta.many_to_many
        if field.name in form.cleaned_data and field.name in form.fields
    }


class AuditedAdminMixin:
    """Every admin write through a service: the object with its many-to-many values in one history
    row, deletions (also of a selection) and inline formsets. Override `save_object`,
    `delete_object` and `inline_services` to call an app's own services."""

    def save_object(self, request, obj, form, change, **m2m):
        audited_save(obj, by=request.user, reason="edited" if change else "created", **m2m)

    def delete_object(self, request, obj):
        audited_delete(obj, by=request.user)

    def inline_services(self, formset) -> dict:
        """create/update/delete callables for `formset` (see formset_save)."""
        return {
            "create": lambda obj, by, **m2m: audited_save(obj, by=by, reason="added", **m2m),
            "update": lambda obj, by, **m2m: audited_save(obj, by=by, reason="edited", **m2m),
            "delete": lambda obj, by: audited_delete(obj, by=by, reason="removed"),
        }

    def save_model(self, request, obj, form, change):
        self.save_object(request, obj, form, change, **form_m2m(form))

    def delete_model(self, request, obj):
        self.delete_object(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_object(request, obj)

    def save_related(self, request, form, formsets, change):
        # The form's many-to-many values were saved by save_model, in the same history row.
        for formset in formsets:
            self.save_formset(request, form, formset, change)

    def save_formset(self, request, form, formset, change):
        formset_save(formset, by=request.user, **self.inline_services(formset))


class VersionedInlineMixin:
    """For admins and inlines of `editing.models.Versioned` models: the form carries the version it
    was loaded at (hidden) and refuses a stale save, keeping what the editor typed."""

    form = VersionedModelForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if "version" in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "version"]}), *rest]

    def get_readonly_fields(self, request, obj=None):
        return [name for name in super().get_readonly_fields(request, obj) if name != "version"]


class VersionedAdminMixin(VersionedInlineMixin, AuditedAdminMixin):
    """A ModelAdmin of a versioned model: a stale save gets the conflict page (field by field, who
    saved what when, beside the editor's own input)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and getattr(request, "reverting_history", False):
            # Reverting starts from an old version's fields but must carry the current version
            # number, or the lock would take the revert for someone else's concurrent edit.
            obj.version = type(obj)._base_manager.values_list("version", flat=True).get(pk=obj.pk)
        return super().get_form(request, obj, change, **kwargs)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.reverting_history = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["version_conflict"] = getattr(context["adminform"].form, "conflict", ())
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except VersionConflict as conflict:
            # Two saves raced past the form's check (SQLite has no row locks), or a row deleted
            # inline was changed meanwhile: nothing was written; say what and show the page again.
            self.message_user(request, " ".join(conflict.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


def formset_save(
    formset,
    *,
    by,
    create: Callable,
    update: Callable,
    delete: Callable,
    order: Callable | None = None,
) -> None:
    """Save an admin inline formset through services, never directly.

    `create(obj, by=…, **m2m)`, `update(obj, by=…, **m2m)` and `delete(obj, by=…)`; each form's
    many-to-many values are passed as keywords so they land in the same history row. Updates and
    deletes are version-checked by the services (the inline form carries the row's version)."""
    saved = formset.save(commit=False)  # sets new/changed/deleted_objects for the admin's log entry
    forms_by_obj = {id(form.instance): form for form in formset.forms}
    for obj in formset.deleted_objects:
        delete(obj, by=by)
    for obj in sorted(saved, key=order) if order else saved:
        (update if obj.pk else create)(obj, by=by, **form_m2m(forms_by_obj[id(obj)]))
