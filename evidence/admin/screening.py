"""The managed list of exclusion reasons, each with the number of items excluded for it."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html

from editing.admin import AuditedAdminMixin
from evidence.admin.policy import PolicyAdmin
from evidence.models import ExclusionReason


@admin.register(ExclusionReason)
class ExclusionReasonAdmin(AuditedAdminMixin, PolicyAdmin):
    list_display = ["name", "needs_note", "active", "order", "excluded_items"]
    list_editable = ["order"]
    list_filter = ["active"]
    search_fields = ["name"]
    fields = ["name", "description", "needs_note", "order", "active"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_count=Count("items"))

    @admin.display(description="Items excluded", ordering="item_count")
    def excluded_items(self, reason):
        url = reverse("admin:evidence_evidenceitem_changelist")
        return format_html(
            '<a href="{}?exclusion_reason__id__exact={}">{}</a>', url, reason.pk, reason.item_count
        )
