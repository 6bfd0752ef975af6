"""The evidence admin as dual coding extends it: the "Assign for dual coding…" action, and on an
assigned item a coder sees only their own codes (the shared themes of the item and its excerpts are
left off the item and excerpt pages) until both coders have finished."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse

from coding import selectors, services
from coding.forms import AssignForm
from evidence.models import EvidenceItem, Excerpt

RegisteredEvidenceItemAdmin = type(admin.site.get_model_admin(EvidenceItem))
RegisteredExcerptAdmin = type(admin.site.get_model_admin(Excerpt))


def coder_view(request, item):
    """selectors.coder_view, once per request and item (the admin asks for fieldsets several times)."""
    cache = request.__dict__.setdefault("_coder_views", {})
    if item.pk not in cache:
        cache[item.pk] = selectors.coder_view(item, request.user)
    return cache[item.pk]


def _masked_view(request, item):
    view = coder_view(request, item) if item is not None else None
    return view if view is not None and view.hides_shared else None


class DualCodingEvidenceItemAdmin(RegisteredEvidenceItemAdmin):
    actions = [*RegisteredEvidenceItemAdmin.actions, "assign_dual_coding"]

    def has_assign_dual_coding_permission(self, request) -> bool:
        return request.user.has_perm("coding.add_dualcodingassignment")

    @admin.action(description="Assign for dual coding…", permissions=["assign_dual_coding"])
    def assign_dual_coding(self, request, queryset):
        form = AssignForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            try:
                created = services.assignment_create(items=queryset, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    f"{len(created)} item(s) assigned to {form.cleaned_data['coder_a']} and "
                    f"{form.cleaned_data['coder_b']} for dual coding.",
                    messages.SUCCESS,
                )
                return None
        return TemplateResponse(
            request,
            "admin/coding/assign.html",
            {
                **self.admin_site.each_context(request),
                "title": "Assign for dual coding",
                "items": queryset,
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if _masked_view(request, obj) is None:
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "themes"]})
            for name, options in fieldsets
        ]

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if _masked_view(request, obj) is not None:
            for inline in inlines:
                if inline.model is Excerpt:
                    inline.fields = [f for f in inline.fields if f != "theme_list"]
        return inlines

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["dual_coding"] = coder_view(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)


class DualCodingExcerptAdmin(RegisteredExcerptAdmin):
    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and _masked_view(request, obj.item) is not None:
            return [f for f in fields if f != "themes"]
        return fields


admin.site.unregister(EvidenceItem)
admin.site.register(EvidenceItem, DualCodingEvidenceItemAdmin)
admin.site.unregister(Excerpt)
admin.site.register(Excerpt, DualCodingExcerptAdmin)
