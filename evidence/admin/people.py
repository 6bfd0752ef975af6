from django.contrib import admin
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from evidence.models import Organisation, Sector, Submitter
from evidence.resources import SubmitterResource
from justice_wp.exporting import SafeExportAdminMixin


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Submitter)
class SubmitterAdmin(SafeExportAdminMixin, ExportMixin, SimpleHistoryAdmin):
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
        ("Retention", {"fields": ["retention_until", "erased_at", "created_at", "notes"]}),
    ]
