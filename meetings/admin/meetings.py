from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from editing.admin import VersionedAdminMixin
from evidence.admin.filters import ThemeFilter
from evidence.admin.history import PrivateHistoryAdmin
from evidence.models import EvidenceItem
from meetings import services
from meetings.admin.inlines import (
    ActionPointInline,
    AgendaItemInline,
    AttendanceInline,
    DecisionInline,
    ExternalAttendeeInline,
)
from meetings.calendar import feed_token
from meetings.models import ActionPoint, AgendaItem, Attendance, Decision, ExternalAttendee, Meeting

SAVE_SERVICES = {
    AgendaItem: lambda obj, by, **m2m: services.agenda_item_save(item=obj, by=by, **m2m),
    Attendance: lambda obj, by: services.attendance_save(attendance=obj, by=by),
    ActionPoint: lambda obj, by: services.action_point_save(action=obj, by=by),
    Decision: lambda obj, by: services.decision_save(decision=obj, by=by),
    ExternalAttendee: lambda obj, by: services.external_attendee_save(attendee=obj, by=by),
}


class WhenFilter(admin.SimpleListFilter):
    title = "when"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", "Upcoming"), ("past", "Past")]

    def queryset(self, request, queryset):
        # A meeting in progress is still upcoming: it has not finished yet.
        if self.value() == "upcoming":
            return queryset.filter(ends_at__gte=timezone.now())
        if self.value() == "past":
            return queryset.filter(ends_at__lt=timezone.now())
        return queryset


def evidence_changelist_url(meeting: Meeting) -> str:
    return reverse("admin:evidence_evidenceitem_changelist") + f"?meeting__id__exact={meeting.pk}"


@admin.register(Meeting)
class MeetingAdmin(VersionedAdminMixin, PrivateHistoryAdmin):
    list_display = ["title", "starts_at", "ends_at", "format", "status", "evidence_link", "calendar_link"]
    list_filter = [WhenFilter, "status", "format", ("theme", ThemeFilter)]
    list_select_related = ["theme"]
    search_fields = ["title", "location", "agenda_notes", "minutes"]
    date_hierarchy = "starts_at"
    show_full_result_count = False
    autocomplete_fields = ["theme"]
    readonly_fields = ["evidence_link", "calendar_link"]
    fieldsets = [
        (None, {"fields": ["title", "theme", ("starts_at", "ends_at"), "format", "status"]}),
        ("Where", {"fields": ["location", "join_link"]}),
        ("Papers", {"fields": ["agenda_notes", "minutes", "evidence_link", "calendar_link"]}),
    ]
    inlines = [AgendaItemInline, AttendanceInline, ExternalAttendeeInline, ActionPointInline, DecisionInline]
    actions = ["mark_held"]

    def get_queryset(self, request):
        # A subquery, not a join: the changelist's count and date-hierarchy queries stay plain.
        presented = (
            EvidenceItem.objects.filter(meeting=OuterRef("pk"))
            .order_by()
            .values("meeting")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(evidence_count=Coalesce(Subquery(presented, output_field=IntegerField()), 0))
        )

    @admin.display(description="Evidence presented", ordering="evidence_count")
    def evidence_link(self, meeting):
        if meeting.pk is None:
            return "—"
        count = meeting.evidence_count
        return format_html(
            '<a href="{}">{} evidence item{}</a>',
            evidence_changelist_url(meeting),
            count,
            "" if count == 1 else "s",
        )

    @admin.display(description="Calendar")
    def calendar_link(self, meeting):
        if meeting.pk is None:
            return "—"
        url = reverse("meetings:meeting_ics", args=[meeting.pk])
        return format_html('<a href="{}">Add to calendar (.ics)</a>', url)

    def changelist_view(self, request, extra_context=None):
        feed = request.build_absolute_uri(reverse("meetings:calendar")) + f"?token={feed_token(request.user)}"
        return super().changelist_view(request, {**(extra_context or {}), "calendar_feed_url": feed})

    def save_object(self, request, obj, form, change, **m2m):
        services.meeting_save(meeting=obj, by=request.user)

    def inline_services(self, formset):
        save = SAVE_SERVICES[formset.model]
        return {
            "create": save,
            "update": save,
            "delete": lambda obj, by: services.meeting_part_delete(obj=obj, by=by),
        }

    @admin.action(description="Mark selected as held", permissions=["change"])
    def mark_held(self, request, queryset):
        held = 0
        for meeting in queryset:
            try:
                services.meeting_mark_held(meeting=meeting, by=request.user)
                held += 1
            except ValidationError as error:
                self.message_user(request, f"{meeting}: {' '.join(error.messages)}", messages.ERROR)
        if held:
            self.message_user(request, f"{held} meeting(s) marked as held.", messages.SUCCESS)
