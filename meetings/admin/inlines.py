from django.contrib import admin
from django.contrib.auth import get_user_model

from editing.admin import VersionedInlineMixin
from evidence.privacy import can_see_identity
from meetings.admin.inline_widgets import FastStackedInline, FastTabularInline
from meetings.models import ActionPoint, AgendaItem, Attendance, Decision, ExternalAttendee
from meetings.models.attendees import PROTECTED_LABEL


def people_queryset():
    # Members of the working party are the staff accounts; the list is short enough for a <select>.
    return get_user_model().objects.filter(is_active=True, is_staff=True).order_by("username")


class _PeopleSelectMixin:
    people_fields: tuple[str, ...] = ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.people_fields:
            kwargs["queryset"] = people_queryset()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AgendaItemInline(VersionedInlineMixin, FastStackedInline):
    model = AgendaItem
    extra = 0
    fields = [("order", "title", "presenter"), "evidence", "recommendations", "notes"]
    autocomplete_fields = ["evidence", "recommendations"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("evidence", "recommendations")


class AttendanceInline(VersionedInlineMixin, _PeopleSelectMixin, FastTabularInline):
    model = Attendance
    extra = 0
    fields = ["member", "status"]
    people_fields = shared_select_fields = ("member",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")


class ActionPointInline(VersionedInlineMixin, _PeopleSelectMixin, FastTabularInline):
    model = ActionPoint
    extra = 0
    fields = ["text", "owner", "due", "done", "recommendation"]
    autocomplete_fields = ["recommendation"]
    people_fields = shared_select_fields = ("owner",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recommendation")


class DecisionInline(VersionedInlineMixin, FastTabularInline):
    model = Decision
    extra = 0
    fields = ["text", "outcome", "recommendation"]
    autocomplete_fields = ["recommendation"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recommendation")


class ExternalAttendeeInline(VersionedInlineMixin, FastTabularInline):
    """Witnesses, observers and guests without accounts. Whoever may not see submitters' identities
    (members) gets a read-only list in which a protected witness is only "Protected witness"."""

    model = ExternalAttendee
    extra = 0
    fields = ["name", "organisation", "role", "attended", "protected"]
    masked_fields = ["shown_name", "shown_organisation", "role", "attended"]

    def get_fields(self, request, obj=None):
        return self.fields if can_see_identity(request.user) else self.masked_fields

    def get_readonly_fields(self, request, obj=None):
        if can_see_identity(request.user):
            return super().get_readonly_fields(request, obj)
        return self.masked_fields

    def has_add_permission(self, request, obj=None):
        return can_see_identity(request.user) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return can_see_identity(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return can_see_identity(request.user) and super().has_delete_permission(request, obj)

    @admin.display(description="Name")
    def shown_name(self, attendee):
        return PROTECTED_LABEL if attendee.protected else attendee.name

    @admin.display(description="Organisation")
    def shown_organisation(self, attendee):
        return "—" if attendee.protected else attendee.organisation or "—"
