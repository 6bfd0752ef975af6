"""Append-only records of who looked at and who erased personal data."""

from django.contrib import admin

from evidence.admin.policy import PolicyAdmin, ReadOnlyAdminMixin
from evidence.models import AccessLogEntry, ErasureRecord


class ReadOnlyAdmin(ReadOnlyAdminMixin, PolicyAdmin):
    """Append-only records: nobody adds, edits or deletes them through the admin."""


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
