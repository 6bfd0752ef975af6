"""People: the Chair invites, edits, re-invites and deactivates accounts here. Superusers are not
listed and cannot be opened; nothing here can grant more than one of the three roles."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch

from editing.admin import AuditedAdminMixin
from evidence.admin.policy import PolicyAdmin
from people import services
from people.forms import PersonForm
from people.models import Person, PersonEvent


class RoleFilter(admin.SimpleListFilter):
    title = "role"
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [(role, role) for role in ("Member", "Secretariat", "Chair")]

    def queryset(self, request, queryset):
        if self.value() in {"Member", "Secretariat", "Chair"}:
            return queryset.filter(groups__name=self.value())
        return queryset


class PersonEventInline(admin.TabularInline):
    model = PersonEvent
    fk_name = "person"
    extra = 0
    fields = ["at", "action", "detail", "by"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "account history"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


def _site_url(request) -> str:
    return request.build_absolute_uri("/")


@admin.register(Person)
class PersonAdmin(AuditedAdminMixin, PolicyAdmin):
    form = PersonForm
    list_display = ["username", "full_name", "email", "role", "state", "last_login"]
    list_filter = [RoleFilter, "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    ordering = ["last_name", "first_name", "username"]
    readonly_fields = ["username", "state", "last_login", "date_joined"]
    inlines = [PersonEventInline]
    actions = ["resend_invitation", "deactivate_selected", "reactivate_selected"]

    def get_fields(self, request, obj=None):
        if obj is None:  # the invitation
            return ["email", "first_name", "last_name", "role"]
        return ["username", "first_name", "last_name", "email", "role", "state", "last_login", "date_joined"]

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    def get_queryset(self, request):
        # Superusers are out of reach: not listed, and their pages are "not found".
        return super().get_queryset(request).filter(is_superuser=False).prefetch_related(Prefetch("groups"))

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: history and authorship stay attached

    @admin.display(description="Name", ordering="last_name")
    def full_name(self, person):
        return person.get_full_name() or "—"

    @admin.display(description="Role")
    def role(self, person):
        return services.person_role(person) or "—"

    @admin.display(description="Account")
    def state(self, person):
        if not person.is_active:
            return "Deactivated"
        return "Invited (no password yet)" if person.invitation_pending else "Active"

    def save_object(self, request, obj, form, change, **m2m):
        role = form.cleaned_data["role"]
        if change:
            services.person_update(person=obj, role=role, by=request.user)
        else:
            services.person_invite(person=obj, role=role, by=request.user, site_url=_site_url(request))

    def save_related(self, request, form, formsets, change):
        pass  # the role is set by the service; the history inline is read-only

    def _each(self, request, queryset, write, done: str):
        count = 0
        for person in queryset:
            try:
                write(person)
                count += 1
            except (ValidationError, PermissionDenied) as error:
                text = " ".join(getattr(error, "messages", [str(error)]))
                self.message_user(request, f"{person.username}: {text}", messages.ERROR)
        if count:
            self.message_user(request, f"{count} {done}.", messages.SUCCESS)

    @admin.action(description="Send the invitation again", permissions=["change"])
    def resend_invitation(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda p: services.invitation_resend(person=p, by=request.user, site_url=_site_url(request)),
            "invitation(s) sent again",
        )

    @admin.action(description="Deactivate selected people (ends their sessions)", permissions=["change"])
    def deactivate_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda p: services.person_deactivate(person=p, by=request.user),
            "person(s) deactivated",
        )

    @admin.action(description="Reactivate selected people", permissions=["change"])
    def reactivate_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda p: services.person_reactivate(person=p, by=request.user),
            "person(s) reactivated",
        )
