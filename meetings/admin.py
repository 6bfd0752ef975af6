from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from meetings.models import Meeting


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "starts_at", "ends_at", "format", "status"]
    list_filter = ["status", "format"]
    search_fields = ["title", "location"]
    date_hierarchy = "starts_at"
