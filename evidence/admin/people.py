from django.contrib import admin, messages
from django.template.response import TemplateResponse

from editing.admin import AuditedAdminMixin, VersionedAdminMixin
from evidence import services
from evidence.admin.history import PrivateHistoryAdmin
from evidence.admin.policy import PolicyExportMixin
from evidence.admin.privacy import SubmitterAccessLogMixin
from evidence.models import ErasureRecord, Organisation, Sector, Submitter
from evidence.privacy_services import retention_due, submitter_erase
from evidence.resources import SubmitterResource
from evidence.retention import retention_default


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdminMixin, PrivateHistoryAdmin):
    list_display = ["name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Sector)
class SectorAdmin(AuditedAdminMixin, PrivateHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Submitter)
class SubmitterAdmin(SubmitterAccessLogMixin, VersionedAdminMixin, PolicyExportMixin, PrivateHistoryAdmin):
    resource_classes = [SubmitterResource]
    list_display = [
        "__str__",
        "email",
        "organisation",
        "role",
        "experience",
        "anonymity_requested",
        "consent_to_publish",
        "vulnerable",
        "retention_until",
    ]
    list_filter = ["role", "experience", "anonymity_requested", "consent_to_publish", "vulnerable"]
    list_select_related = ["organisation"]
    search_fields = ["name", "email", "organisation__name"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["erased_at", "created_at"]
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["name", "email", "phone", "organisation", "role", "experience"]}),
        ("Consent and care", {"fields": ["anonymity_requested", "consent_to_publish", "vulnerable"]}),
        (
            "Retention",
            {
                "fields": ["retention_until", "erased_at", "created_at", "notes"],
                "description": "New submitters are kept until EVIDENCE_RETENTION_YEARS after the report "
                "(or after the day they are logged, if later); left blank, that date is filled in. "
                "Past the date, apply_retention erases their personal data.",
            },
        ),
    ]

    actions = ["erase_selected", "erase_past_retention"]

    def get_changeform_initial_data(self, request):
        return {"retention_until": retention_default(), **super().get_changeform_initial_data(request)}

    def save_object(self, request, obj, form, change, **m2m):
        if change:
            super().save_object(request, obj, form, change, **m2m)
        else:
            services.submitter_create(submitter=obj, by=request.user)

    def submitter_of(self, submitter):
        return submitter

    @admin.action(
        description="Erase personal data of selected submitters (asks to confirm)", permissions=["delete"]
    )
    def erase_selected(self, request, queryset):
        if "apply" not in request.POST:
            return TemplateResponse(
                request,
                "admin/evidence/erase_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "Erase submitters' personal data",
                    "submitters": queryset,
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        erased = [submitter_erase(submitter=s, by=request.user).submitter_id for s in queryset]
        self.message_user(
            request,
            f"{len(erased)} submitter(s) erased; their evidence is kept, anonymised.",
            messages.SUCCESS,
        )
        return None

    @admin.action(description="Erase selected submitters past their retention date", permissions=["delete"])
    def erase_past_retention(self, request, queryset):
        due = list(retention_due().filter(pk__in=queryset.values("pk")))
        for submitter in due:
            submitter_erase(submitter=submitter, by=request.user, reason=ErasureRecord.Reason.RETENTION)
        skipped = queryset.count() - len(due)
        self.message_user(
            request,
            f"{len(due)} submitter(s) past their retention date erased; {skipped} not yet due or erased.",
            messages.SUCCESS,
        )
