from django.contrib import admin

from editing.admin import VersionedAdminMixin
from editing.display import truncated
from evidence.admin.filters import ThemeFilter
from evidence.admin.history import PrivateHistoryAdmin
from evidence.admin.privacy import ExcerptLabelMixin
from recommendations import services
from recommendations.admin.forms import EvidenceLinkForm
from recommendations.models import EvidenceLink


class RecommendationFilter(admin.RelatedFieldListFilter):
    def field_choices(self, field, request, model_admin):
        return [(rec.pk, str(rec)) for rec in field.related_model.objects.only("number", "title")]


@admin.register(EvidenceLink)
class EvidenceLinkAdmin(VersionedAdminMixin, ExcerptLabelMixin, PrivateHistoryAdmin):
    """The list the traceability matrix links into (filtered by recommendation, stance, theme, kind)."""

    form = EvidenceLinkForm
    list_display = [
        "short_recommendation",
        "short_evidence",
        "excerpt",
        "stance",
        "strength",
        "tagged_by",
        "tagged_at",
    ]
    list_filter = [
        "stance",
        "strength",
        ("recommendation", RecommendationFilter),
        ("evidence__themes", ThemeFilter),
        "evidence__kind",
    ]
    list_select_related = ["recommendation", "evidence", "excerpt__item", "tagged_by"]
    search_fields = ["recommendation__number", "recommendation__title", "evidence__reference", "note"]
    autocomplete_fields = ["recommendation", "evidence", "excerpt"]
    fields = ["recommendation", "evidence", "excerpt", "stance", "strength", "note", "tagged_by", "tagged_at"]
    readonly_fields = ["tagged_by", "tagged_at"]
    show_full_result_count = False

    @admin.display(description="Recommendation", ordering="recommendation__number")
    def short_recommendation(self, link):
        return truncated(link.recommendation, 40)

    @admin.display(description="Evidence", ordering="evidence__reference")
    def short_evidence(self, link):
        return truncated(link.evidence, 40)

    def save_object(self, request, obj, form, change, **m2m):
        if change:
            services.evidence_link_update(link=obj, by=request.user)
        else:
            services.evidence_link_create(link=obj, by=request.user)

    def delete_object(self, request, obj):
        services.evidence_link_delete(link=obj, by=request.user)
