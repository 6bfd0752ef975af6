"""django-import-export resources for exporting recommendations and their evidence links."""

from import_export.fields import Field

from evidence import privacy
from evidence.exporting import SafeModelResource
from people.labels import person_label
from recommendations.models import EvidenceLink, Recommendation


class RecommendationResource(SafeModelResource):
    chapter = Field(attribute="chapter__number", column_name="chapter")
    status = Field(attribute="get_status_display", column_name="status")
    lead_member = Field(column_name="lead_member")
    target_stakeholders = Field(column_name="target_stakeholders")
    evidence = Field(column_name="evidence")

    class Meta:
        model = Recommendation
        fields = [
            "number",
            "title",
            "chapter",
            "status",
            "text",
            "rationale",
            "target_stakeholders",
            "lead_member",
            "evidence",
            "version",
            "updated_at",
        ]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("chapter", "lead_member").prefetch_related(
            "target_stakeholders", "links__evidence"
        )

    def dehydrate_lead_member(self, recommendation):
        return person_label(recommendation.lead_member) if recommendation.lead_member_id else ""

    def dehydrate_target_stakeholders(self, recommendation):
        return "; ".join(org.name for org in recommendation.target_stakeholders.all())

    def dehydrate_evidence(self, recommendation):
        return "; ".join(
            f"{link.evidence.reference} ({link.get_stance_display().lower()})"
            for link in recommendation.links.all()
        )


class EvidenceLinkResource(SafeModelResource):
    recommendation = Field(attribute="recommendation__number", column_name="recommendation")
    evidence = Field(attribute="evidence__reference", column_name="evidence")
    excerpt = Field(column_name="excerpt")
    stance = Field(attribute="get_stance_display", column_name="stance")
    tagged_by = Field(column_name="tagged_by")

    class Meta:
        model = EvidenceLink
        fields = [
            "recommendation",
            "evidence",
            "excerpt",
            "stance",
            "strength",
            "note",
            "tagged_by",
            "tagged_at",
        ]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("recommendation", "evidence", "excerpt__item", "tagged_by")

    def __init__(self, user=None, show_confidential: bool | None = None, **kwargs):
        super().__init__(user=user, **kwargs)
        self.show_confidential = (
            privacy.can_see_confidential(user) if show_confidential is None else show_confidential
        )

    def dehydrate_tagged_by(self, link):
        return person_label(link.tagged_by) if link.tagged_by_id else ""

    def dehydrate_excerpt(self, link):
        if not link.excerpt_id:
            return ""
        item = link.excerpt.item
        if privacy.can_see_body(None, item):
            return link.excerpt.quote
        if self.show_confidential:
            self.reveal("evidence.evidenceitem", item.pk)
            return link.excerpt.quote
        return privacy.CONFIDENTIAL_EXCERPT
