from django.contrib import admin
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from justice_wp.exporting import SafeExportAdminMixin
from recommendations.models import Chapter, EvidenceLink, Recommendation
from recommendations.resources import RecommendationResource


@admin.register(Chapter)
class ChapterAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "order"]
    search_fields = ["title"]


class EvidenceLinkInline(admin.TabularInline):
    model = EvidenceLink
    extra = 0
    fields = ["evidence", "excerpt", "stance", "strength", "note", "tagged_by", "tagged_at"]
    readonly_fields = ["tagged_by", "tagged_at"]
    autocomplete_fields = ["evidence", "excerpt"]


@admin.register(Recommendation)
class RecommendationAdmin(SafeExportAdminMixin, ExportMixin, SimpleHistoryAdmin):
    resource_classes = [RecommendationResource]
    list_display = ["number", "title", "chapter", "status", "lead_member"]
    list_filter = ["status", "chapter"]
    list_select_related = ["chapter", "lead_member"]
    search_fields = ["number", "title", "text"]
    autocomplete_fields = ["target_stakeholders"]
    inlines = [EvidenceLinkInline]
