from django.contrib import admin, messages
from django.utils import timezone

from editing.admin import VersionedAdminMixin
from editing.display import truncated
from evidence.admin.history import PrivateHistoryAdmin
from meetings import services
from meetings.admin.inlines import people_queryset
from meetings.models import ActionPoint


class ProgressFilter(admin.SimpleListFilter):
    title = "progress"
    parameter_name = "progress"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue"), ("open", "Open"), ("done", "Done")]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.filter(done=False, due__lt=timezone.localdate())
        if self.value() == "open":
            return queryset.filter(done=False)
        if self.value() == "done":
            return queryset.filter(done=True)
        return queryset


@admin.register(ActionPoint)
class ActionPointAdmin(VersionedAdminMixin, PrivateHistoryAdmin):
    list_display = ["__str__", "short_meeting", "owner", "due", "overdue", "done", "short_recommendation"]
    list_filter = [ProgressFilter, "owner"]
    link_lookups = ("done__exact", "due__lt")  # the dashboard's overdue actions
    list_select_related = ["meeting", "owner", "recommendation"]
    search_fields = ["text", "meeting__title"]
    autocomplete_fields = ["meeting", "recommendation"]
    readonly_fields = ["done_at"]
    fields = ["meeting", "text", "owner", "due", "done", "done_at", "recommendation"]
    actions = ["mark_done"]

    @admin.display(description="Meeting", ordering="meeting__starts_at")
    def short_meeting(self, action):
        return truncated(action.meeting, 30)

    @admin.display(description="Recommendation", ordering="recommendation__number")
    def short_recommendation(self, action):
        return "—" if action.recommendation_id is None else truncated(action.recommendation, 30)

    @admin.display(boolean=True, description="Overdue", ordering="due")
    def overdue(self, action):
        return action.is_overdue

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "owner":
            kwargs["queryset"] = people_queryset()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_object(self, request, obj, form, change, **m2m):
        services.action_point_save(action=obj, by=request.user)

    def delete_object(self, request, obj):
        services.meeting_part_delete(obj=obj, by=request.user)

    @admin.action(description="Mark selected as done", permissions=["change"])
    def mark_done(self, request, queryset):
        completed = 0
        for action in queryset.filter(done=False):
            services.action_point_complete(action=action, by=request.user)
            completed += 1
        self.message_user(request, f"{completed} action point(s) marked as done.", messages.SUCCESS)
