"""The workbench extends whichever evidence item admin is registered (evidence's own, as extended by
other apps) with the reader page, the "Unread by me" filter and links to the reader."""

from django.contrib import admin
from django.urls import path
from django.utils.functional import lazy
from django.views.decorators.http import require_POST

from evidence.models import EvidenceItem
from workbench import duplicate_views, duplicates, selectors, suggestion_views, views


class UnreadFilter(admin.SimpleListFilter):
    title = "read by me"
    parameter_name = "read"

    def lookups(self, request, model_admin):
        # Counted when the filter is shown, not when the changelist only filters (exports).
        unread_label = lazy(lambda: f"Unread by me ({selectors.unread_count(request.user)})", str)()
        return [("no", unread_label), ("yes", "Read by me")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(~selectors.read_by(request.user))
        if self.value() == "yes":
            return queryset.filter(selectors.read_by(request.user))
        return queryset


class PossibleDuplicatesFilter(admin.SimpleListFilter):
    title = "duplicates"
    parameter_name = "duplicates"

    def lookups(self, request, model_admin):
        return [("possible", "Possible duplicates")]

    def queryset(self, request, queryset):
        if self.value() == "possible":
            return duplicates.with_possible_duplicates(queryset, request.user)
        return queryset


RegisteredEvidenceItemAdmin = type(admin.site.get_model_admin(EvidenceItem))


class WorkbenchEvidenceItemAdmin(RegisteredEvidenceItemAdmin):
    change_form_template = "admin/workbench/evidenceitem_change_form.html"

    def get_urls(self):
        def wrap(view, *decorators):
            def bound(request, object_id):
                return view(request, self, object_id)

            for decorator in decorators:
                bound = decorator(bound)
            return self.admin_site.admin_view(bound)

        return [
            path("<path:object_id>/code/", wrap(views.reader), name="evidence_evidenceitem_code"),
            path(
                "<path:object_id>/code/unread/",
                wrap(views.mark_unread, require_POST),
                name="evidence_evidenceitem_code_unread",
            ),
            path(
                "<path:object_id>/code/duplicate/",
                wrap(duplicate_views.decide, require_POST),
                name="evidence_evidenceitem_code_duplicate",
            ),
            path(
                "<path:object_id>/code/accept/",
                wrap(suggestion_views.accept, require_POST),
                name="evidence_evidenceitem_code_accept",
            ),
            path(
                "<path:object_id>/code/exclude-duplicate/",
                wrap(duplicate_views.exclude, require_POST),
                name="evidence_evidenceitem_code_exclude",
            ),
            *super().get_urls(),
        ]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), UnreadFilter, PossibleDuplicatesFilter]

    def get_list_display(self, request):
        params = selectors.queue_params(request.GET)

        @admin.display(description="Reader")
        def reader(item):
            return views.reader_link(item, params)

        return [*super().get_list_display(request), reader]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["duplicates"] = duplicates.duplicates_of(obj, request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)


admin.site.unregister(EvidenceItem)
admin.site.register(EvidenceItem, WorkbenchEvidenceItemAdmin)
