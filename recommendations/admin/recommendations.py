from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from evidence.admin.picker import EvidencePickerWidget
from evidence.admin.privacy import ExcerptLabelMixin
from justice_wp.exporting import SafeExportAdminMixin
from recommendations import services, workflow
from recommendations.admin.forms import EvidenceLinkForm, RecommendationForm
from recommendations.admin.views import WorkflowAndDiffViews
from recommendations.models import Chapter, EvidenceLink, Recommendation, RecommendationTransition
from recommendations.resources import RecommendationResource
from recommendations.selectors import Stance

Status = Recommendation.Status


@admin.register(Chapter)
class ChapterAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "order"]
    search_fields = ["title"]


class TransitionInline(admin.TabularInline):
    model = RecommendationTransition
    extra = 0
    fields = ["from_status", "to_status", "by", "at", "reason"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "Workflow steps"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recommendation", "by")


class TaggedLinkInline(ExcerptLabelMixin, admin.TabularInline):
    """Links already made: evidence shown as text (an autocomplete per row would cost a query each)."""

    model = EvidenceLink
    form = EvidenceLinkForm
    extra = 0
    fields = ["evidence", "excerpt", "stance", "strength", "note", "tagged_by", "tagged_at"]
    readonly_fields = ["evidence", "excerpt", "tagged_by", "tagged_at"]
    verbose_name_plural = "Evidence tagged to this recommendation"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("recommendation", "evidence", "excerpt__item", "tagged_by")
        )


class NewLinkInline(ExcerptLabelMixin, admin.TabularInline):
    model = EvidenceLink
    form = EvidenceLinkForm
    extra = 1
    fields = ["evidence", "excerpt", "stance", "strength", "note"]
    autocomplete_fields = ["evidence", "excerpt"]
    verbose_name = "new evidence link"
    verbose_name_plural = "Tag more evidence (choose an item, or just an excerpt of it)"

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "evidence":
            kwargs["widget"] = EvidencePickerWidget(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _transition_action(target: str):
    def action(modeladmin, request, queryset):
        moved = 0
        for recommendation in queryset:
            try:
                services.recommendation_transition(recommendation=recommendation, to=target, by=request.user)
                moved += 1
            except ValidationError as error:
                modeladmin.message_user(
                    request, f"{recommendation.number}: {' '.join(error.messages)}", messages.ERROR
                )
        if moved:
            modeladmin.message_user(
                request, f"{moved} recommendation(s) moved to {Status(target).label}.", messages.SUCCESS
            )

    action.__name__ = f"move_to_{target}"
    permission = "approve" if target in workflow.CHAIR_ONLY else "change"
    return admin.action(description=f"Move selected to {Status(target).label}", permissions=[permission])(
        action
    )


@admin.register(Recommendation)
class RecommendationAdmin(WorkflowAndDiffViews, SafeExportAdminMixin, ExportMixin, SimpleHistoryAdmin):
    resource_classes = [RecommendationResource]
    form = RecommendationForm
    list_display = [
        "number",
        "title",
        "status",
        "lead_member",
        "supporting",
        "contradicting",
        "context",
    ]
    list_display_links = ["number", "title"]
    list_filter = ["status", "chapter"]
    list_select_related = ["chapter", "lead_member"]
    search_fields = ["number", "title", "text"]
    show_full_result_count = False
    autocomplete_fields = ["target_stakeholders"]
    readonly_fields = ["status", "created_at", "updated_at"]
    inlines = [TaggedLinkInline, NewLinkInline, TransitionInline]
    history_list_display = ["text_changes"]
    actions = [
        _transition_action(target)
        for target in (
            Status.DRAFT,
            Status.UNDER_DISCUSSION,
            Status.AGREED,
            Status.IN_REPORT,
            Status.PUBLISHED,
        )
    ]
    fieldsets = [
        (None, {"fields": ["number", "title", "chapter", "status", "version"]}),
        ("Wording", {"fields": ["text", "rationale"]}),
        ("People", {"fields": ["target_stakeholders", "lead_member"]}),
        ("Record", {"classes": ["collapse"], "fields": ["created_at", "updated_at"]}),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "lead_member":
            kwargs["queryset"] = db_field.related_model.objects.filter(is_active=True, is_staff=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_approve_permission(self, request):
        return request.user.has_perm(workflow.APPROVE_PERMISSION)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        match = request.resolver_match
        if match and match.url_name == "recommendations_recommendation_changelist":
            queryset = queryset.annotate(
                supporting=Count("links__evidence", filter=Q(links__stance=Stance.SUPPORTS), distinct=True),
                contradicting=Count(
                    "links__evidence", filter=Q(links__stance=Stance.CONTRADICTS), distinct=True
                ),
                context=Count("links__evidence", filter=Q(links__stance=Stance.CONTEXT), distinct=True),
            )
        return queryset

    @admin.display(description="Supporting", ordering="supporting")
    def supporting(self, recommendation):
        return recommendation.supporting

    @admin.display(description="Contradicting", ordering="contradicting")
    def contradicting(self, recommendation):
        return recommendation.contradicting

    @admin.display(description="Context", ordering="context")
    def context(self, recommendation):
        return recommendation.context

    # Saving ---------------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change:
            services.recommendation_update(
                recommendation=obj, by=request.user, expected_version=form.cleaned_data["version"]
            )
        else:
            services.recommendation_create(recommendation=obj, by=request.user)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.reverting_recommendation = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and getattr(request, "reverting_recommendation", False):
            # Reverting starts from an old version's fields but must carry the current version
            # number, or the lock would take the revert for someone else's concurrent edit.
            obj.version = Recommendation.objects.values_list("version", flat=True).get(pk=obj.pk)
        return super().get_form(request, obj, change, **kwargs)

    def delete_model(self, request, obj):
        services.recommendation_delete(recommendation=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for recommendation in queryset:
            services.recommendation_delete(recommendation=recommendation, by=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not EvidenceLink:
            return super().save_formset(request, form, formset, change)
        links = formset.save(commit=False)
        for link in formset.deleted_objects:
            services.evidence_link_delete(link=link, by=request.user)
        for link in links:
            if link.pk:
                services.evidence_link_update(link=link, by=request.user)
            else:
                services.evidence_link_create(link=link, by=request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.VersionConflict as conflict:
            # Only reached when two saves race past the form's check (SQLite has no row locks).
            self.message_user(request, " ".join(conflict.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["transition_targets"] = workflow.targets_for(obj.status, request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)
