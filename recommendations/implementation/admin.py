"""Admin for implementation tracking (registered when recommendations.admin is imported)."""

import datetime

from django.contrib import admin
from django.db.models import Max, Min, Q
from django.utils import timezone

from editing.admin import VersionedAdminMixin, VersionedInlineMixin
from editing.forms import VersionedModelForm
from evidence.admin.history import PrivateHistoryAdmin
from recommendations.implementation import services
from recommendations.implementation.selectors import response_state_q
from recommendations.models import ImplementationStatus, OutreachEntry


class FollowUpFilter(admin.SimpleListFilter):
    title = "follow-up"
    parameter_name = "follow_up"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue"), ("week", "Due in the next 7 days"), ("open", "Open")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        prefix = "" if queryset.model is OutreachEntry else "outreach__"
        open_ = Q(**{f"{prefix}follow_up_done": False, f"{prefix}follow_up_on__isnull": False})
        if self.value() == "overdue":
            return queryset.filter(open_, **{f"{prefix}follow_up_on__lt": today}).distinct()
        if self.value() == "week":
            return queryset.filter(
                open_,
                **{f"{prefix}follow_up_on__range": (today, today + datetime.timedelta(days=7))},
            ).distinct()
        if self.value() == "open":
            return queryset.filter(open_).distinct()
        return queryset


class ResponseFilter(admin.SimpleListFilter):
    title = "response"
    parameter_name = "response"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("due_soon", "Due soon"),
            ("received", "Received"),
            ("not_requested", "Not requested"),
        ]

    def queryset(self, request, queryset):
        if self.value() in dict(self.lookups(request, None)):
            return queryset.filter(response_state_q(self.value(), today=timezone.localdate()))
        return queryset


class ImplementationStatusForm(VersionedModelForm):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("recommendation") and cleaned.get("stakeholder"):
            services.implementation_validate(
                implementation=ImplementationStatus(
                    recommendation=cleaned["recommendation"], stakeholder=cleaned["stakeholder"]
                )
            )
        return cleaned


OUTREACH_SERVICES = {
    "create": lambda entry, by: services.outreach_record(entry=entry, by=by),
    "update": lambda entry, by: services.outreach_update(entry=entry, by=by),
    "delete": lambda entry, by: services.outreach_delete(entry=entry, by=by),
    # Oldest first: recording a contact closes the open follow-ups before it.
    "order": lambda entry: entry.date,
}


class OutreachInline(VersionedInlineMixin, admin.StackedInline):
    model = OutreachEntry
    extra = 1
    fields = [("date", "channel"), "summary", "next_step", ("follow_up_on", "follow_up_done")]
    ordering = ["-date", "-id"]


@admin.register(ImplementationStatus)
class ImplementationStatusAdmin(VersionedAdminMixin, PrivateHistoryAdmin):
    form = ImplementationStatusForm
    list_display = [
        "recommendation_number",
        "recommendation_title",
        "stakeholder",
        "status",
        "progress_label",
        "last_contact",
        "next_follow_up",
        "response",
    ]
    list_display_links = ["recommendation_number", "recommendation_title"]
    list_filter = ["status", ResponseFilter, FollowUpFilter, "stakeholder__kind", "recommendation__chapter"]
    list_select_related = ["recommendation", "stakeholder"]
    search_fields = ["recommendation__number", "recommendation__title", "stakeholder__name"]
    autocomplete_fields = ["recommendation", "stakeholder"]
    readonly_fields = ["updated_by", "updated_at", "response_requested_on"]
    fieldsets = [
        (None, {"fields": ["recommendation", "stakeholder", ("status", "progress"), "notes"]}),
        (
            "Response to the published report",
            {
                "fields": [
                    ("response_requested_on", "response_due"),
                    "response_received_on",
                    "response_summary",
                ]
            },
        ),
        (None, {"fields": [("updated_by", "updated_at")]}),
    ]
    inlines = [OutreachInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                last_contact_on=Max("outreach__date"),
                next_follow_up_on=Min(
                    "outreach__follow_up_on",
                    filter=Q(outreach__follow_up_done=False, outreach__follow_up_on__isnull=False),
                ),
            )
        )

    @admin.display(description="No.", ordering="recommendation__number")
    def recommendation_number(self, obj):
        return obj.recommendation.number

    @admin.display(description="Recommendation", ordering="recommendation__title")
    def recommendation_title(self, obj):
        return obj.recommendation.title

    @admin.display(description="Progress", ordering="progress")
    def progress_label(self, obj):
        return f"{obj.progress}%"

    @admin.display(description="Last contact", ordering="last_contact_on")
    def last_contact(self, obj):
        return obj.last_contact_on or "—"

    @admin.display(description="Next follow-up", ordering="next_follow_up_on")
    def next_follow_up(self, obj):
        if obj.next_follow_up_on is None:
            return "—"
        overdue = " (overdue)" if obj.next_follow_up_on < timezone.localdate() else ""
        return f"{obj.next_follow_up_on:%d %b %Y}{overdue}"

    @admin.display(description="Response", ordering="response_due")
    def response(self, obj):
        if obj.response_received_on:
            return f"Received {obj.response_received_on:%d %b %Y}"
        if obj.response_due is None:
            return "—"
        return f"Due {obj.response_due:%d %b %Y}{' (overdue)' if obj.response_overdue else ''}"

    def save_object(self, request, obj, form, change, **m2m):
        services.implementation_save(implementation=obj, by=request.user)

    def inline_services(self, formset):
        return OUTREACH_SERVICES


@admin.register(OutreachEntry)
class OutreachEntryAdmin(VersionedAdminMixin, PrivateHistoryAdmin):
    list_display = ["date", "recommendation", "stakeholder", "channel", "summary", "next_step", "follow_up"]
    list_filter = [FollowUpFilter, "channel", "implementation__stakeholder__kind"]
    list_select_related = ["implementation__recommendation", "implementation__stakeholder"]
    search_fields = [
        "summary",
        "next_step",
        "implementation__stakeholder__name",
        "implementation__recommendation__number",
    ]
    autocomplete_fields = ["implementation"]
    date_hierarchy = "date"
    fields = [
        "implementation",
        ("date", "channel"),
        "summary",
        "next_step",
        ("follow_up_on", "follow_up_done"),
    ]

    @admin.display(description="Recommendation", ordering="implementation__recommendation__number")
    def recommendation(self, entry):
        return entry.implementation.recommendation.number

    @admin.display(description="Stakeholder", ordering="implementation__stakeholder__name")
    def stakeholder(self, entry):
        return entry.implementation.stakeholder.name

    @admin.display(description="Follow-up", ordering="follow_up_on")
    def follow_up(self, entry):
        if not entry.follow_up_on:
            return "—"
        if entry.follow_up_done:
            return f"{entry.follow_up_on:%d %b %Y} (done)"
        return f"{entry.follow_up_on:%d %b %Y}{' (overdue)' if entry.follow_up_overdue else ''}"

    def save_object(self, request, obj, form, change, **m2m):
        if change:
            services.outreach_update(entry=obj, by=request.user)
        else:
            services.outreach_record(entry=obj, by=request.user)

    def delete_object(self, request, obj):
        services.outreach_delete(entry=obj, by=request.user)
