"""Admin › Import batches: every confirmed survey import, its items, and undo (while nothing has been done
with them). Batches are written only by the import and changed only by undo."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from evidence import import_services
from evidence.admin.history import PrivateHistoryAdmin
from evidence.admin.policy import ReadOnlyAdminMixin
from evidence.models import ImportBatch


def batch_items_url(batch_id: int) -> str:
    return (
        f"{reverse('admin:evidence_evidenceitem_changelist')}?{ImportBatchFilter.parameter_name}={batch_id}"
    )


class ImportBatchFilter(admin.SimpleListFilter):
    """The items of one batch (where "Import" and a batch's "items" link land). Offers only the chosen
    batch, so the evidence list costs no query for it until one is chosen."""

    title = "import batch"
    parameter_name = "import_batch__id__exact"

    def lookups(self, request, model_admin):
        value = self.value()
        batch = ImportBatch.objects.filter(pk=value).first() if value and value.isdigit() else None
        return [(str(batch.pk), str(batch))] if batch else []

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(import_batch_id=int(value))
        return queryset


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdminMixin, PrivateHistoryAdmin):
    list_display = [
        "file_name",
        "survey",
        "imported_by",
        "imported_at",
        "responses",
        "skipped",
        "items",
        "state",
    ]
    list_select_related = ["survey", "imported_by", "undone_by"]
    list_filter = ["survey"]
    search_fields = ["file_name", "sha256"]
    date_hierarchy = "imported_at"
    fields = [
        ("file_name", "survey"),
        "sha256",
        ("imported_by", "imported_at"),
        ("responses", "skipped", "new_submitters", "new_organisations"),
        "items",
        ("undone_by", "undone_at"),
    ]
    readonly_fields = [name for row in fields for name in ([row] if isinstance(row, str) else row)]

    def get_queryset(self, request):
        # The created-row id lists (tens of thousands for a big file) are only read by undo.
        return super().get_queryset(request).defer("created_submitter_ids", "created_organisation_ids")

    def has_undo_permission(self, request) -> bool:
        return request.user.has_perm("evidence.delete_evidenceitem")

    @admin.display(description="Items")
    def items(self, batch):
        if batch.undone_at:
            return "— (undone)"
        return format_html('<a href="{}">{} item(s)</a>', batch_items_url(batch.pk), batch.responses)

    @admin.display(description="State")
    def state(self, batch):
        return "Undone" if batch.undone_at else "Imported"

    def get_urls(self):
        view = self.admin_site.admin_view(self.undo_view)
        return [path("<int:batch_id>/undo/", view, name="evidence_importbatch_undo"), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "has_undo_permission": self.has_undo_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def undo_view(self, request, batch_id: int):
        if not self.has_undo_permission(request):
            raise PermissionDenied
        batch = get_object_or_404(ImportBatch.objects.select_related("survey"), pk=batch_id)
        if request.method == "POST":
            try:
                import_services.import_batch_undo(batch=batch, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.log_change(request, batch, f"Import undone: {batch.responses} item(s) removed.")
                self.message_user(
                    request,
                    f"Undone: the {batch.responses} item(s) imported from “{batch.file_name}” were removed.",
                    messages.SUCCESS,
                )
            return redirect("admin:evidence_importbatch_change", batch.pk)
        return TemplateResponse(
            request,
            "admin/evidence/importbatch/undo.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Undo the import of {batch.file_name}?",
                "opts": self.model._meta,
                "batch": batch,
                "refusals": import_services.import_batch_undo_refusals(batch),
            },
        )
