from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q

from editing.admin import AuditedAdminMixin, VersionedAdminMixin
from evidence.admin.history import PrivateHistoryAdmin
from evidence.admin.policy import PolicyExportMixin
from recommendations import services, workflow
from recommendations.admin.forms import RecommendationForm
from recommendations.admin.link_inlines import NewLinkInline, TaggedLinkInline
from recommendations.admin.views import WorkflowAndDiffViews
from recommendations.models import Chapter, EvidenceLink, Recommendation, RecommendationTransition
from recommendations.resources import RecommendationResource
from recommendations.selectors import Stance

Status = Recommendation.Status
LISTS_WITH_COUNTS = ("recommendations_recommendation_changelist", "recommendations_recommendation_export")


@admin.register(Chapter)
class ChapterAdmin(AuditedAdminMixin, PrivateHistoryAdmin):
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
class RecommendationAdmin(VersionedAdminMixin, WorkflowAndDiffViews, PolicyExportMixin, PrivateHistoryAdmin):
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
    link_lookups = ("id__in", "lead_member__id__exact")  # dashboard: thin evidence, "yours"
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
        # The export takes the list's sort order, which may be one of these columns.
        if match and match.url_name in LISTS_WITH_COUNTS:
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

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if (
            obj is not None
            and obj.status in services.LOCKED_STATUSES
            and self.has_approve_permission(request)
        ):
            fieldsets = [
                (name, {**options, "fields": [*options["fields"], "amend_reason"]})
                if name == "Wording"
                else (name, options)
                for name, options in fieldsets
            ]
        return fieldsets

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, TaggedLinkInline) and obj is not None and obj.pk:
            kwargs["queryset"] = inline.shown(kwargs["queryset"], request, obj, prefix)
        return kwargs

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        return form

    def save_object(self, request, obj, form, change, **m2m):
        if change:
            services.recommendation_update(
                recommendation=obj,
                by=request.user,
                amend_reason=form.cleaned_data.get("amend_reason", ""),
                **m2m,
            )
        else:
            services.recommendation_create(recommendation=obj, by=request.user, **m2m)

    def delete_object(self, request, obj):
        services.recommendation_delete(recommendation=obj, by=request.user)

    def inline_services(self, formset):
        if formset.model is not EvidenceLink:
            return super().inline_services(formset)
        return {
            "create": lambda link, by: services.evidence_link_create(link=link, by=by),
            "update": lambda link, by: services.evidence_link_update(link=link, by=by),
            "delete": lambda link, by: services.evidence_link_delete(link=link, by=by),
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["transition_targets"] = workflow.targets_for(obj.status, request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)
