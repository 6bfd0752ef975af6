from django.contrib.auth import get_user_model

from editing.admin import VersionedInlineMixin
from meetings.admin.inline_widgets import FastStackedInline, FastTabularInline
from meetings.models import ActionPoint, AgendaItem, Attendance, Decision


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
