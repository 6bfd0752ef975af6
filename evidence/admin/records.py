"""Append-only records of who looked at and who erased personal data."""

from django.contrib import admin

from evidence.admin.policy import PolicyAdmin
from evidence.models import AccessLogEntry, ErasureRecord


class ReadOnlyAdmin(PolicyAdmin):
    """Append-only records: nobody adds, edits or deletes them through the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action", "what", "object_ids", "path"]
    list_filter = ["action", "what"]
    list_select_related = ["user"]
    search_fields = ["user__username", "what", "path"]
    date_hierarchy = "at"
    show_full_result_count = False


@admin.register(ErasureRecord)
class ErasureRecordAdmin(ReadOnlyAdmin):
    list_display = ["submitter_id", "reason", "erased_at", "erased_by", "reapplied_at"]
    list_filter = ["reason"]
    list_select_related = ["erased_by"]
    search_fields = ["=submitter_id"]
