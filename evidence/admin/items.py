from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from editing.admin import VersionedAdminMixin, VersionedInlineMixin
from editing.display import truncated
from evidence import services
from evidence.admin.batches import ImportBatchFilter, batch_items_url
from evidence.admin.bulk import BulkEditAdminMixin
from evidence.admin.dates import with_skip_scan_dates
from evidence.admin.documents import DocumentUploadAdminMixin, MissingTextFilter, report_document
from evidence.admin.filters import ThemeFilter
from evidence.admin.forms import EvidenceItemForm, ExclusionForm
from evidence.admin.history import PrivateHistoryAdmin
from evidence.admin.importing import SurveyImportAdminMixin
from evidence.admin.intake import IntakeOptionsAdminMixin
from evidence.admin.item_display import ItemDisplayMixin
from evidence.admin.pagination import EstimatedCountPaginator
from evidence.admin.picker import EvidencePickerMixin
from evidence.admin.policy import PolicyExportMixin
from evidence.admin.privacy import SubmitterPrivacyMixin
from evidence.admin.search import FullTextSearchMixin
from evidence.models import EvidenceItem, Excerpt, SurveyAnswer
from evidence.resources import EvidenceItemResource

Status = EvidenceItem.Status
LATE_TITLE = "Received after the call-for-evidence deadline"


class LateFilter(admin.SimpleListFilter):
    title = "late"
    parameter_name = "late"

    def lookups(self, request, model_admin):
        return [("yes", f"After {settings.EVIDENCE_DEADLINE:%-d %b %Y}"), ("no", "On time")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(received_on__gt=settings.EVIDENCE_DEADLINE)
        if self.value() == "no":
            return queryset.filter(received_on__lte=settings.EVIDENCE_DEADLINE)
        return queryset


EXCERPT_SERVICES = {
    "create": lambda excerpt, by, **m2m: services.excerpt_create(excerpt=excerpt, by=by, **m2m),
    "update": lambda excerpt, by, **m2m: services.excerpt_update(excerpt=excerpt, by=by, **m2m),
    "delete": lambda excerpt, by: services.excerpt_delete(excerpt=excerpt, by=by),
}


class ExcerptInline(VersionedInlineMixin, admin.StackedInline):
    """Quotes are edited here; their themes on the excerpt's own page (one widget query per form
    would make this page slower with every excerpt)."""

    model = Excerpt
    extra = 0
    fields = ["quote", "page", "note", "theme_list"]
    readonly_fields = ["theme_list"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("item").prefetch_related("themes__parent")

    @admin.display(description="Themes")
    def theme_list(self, excerpt):
        return ", ".join(str(theme) for theme in excerpt.themes.all()) or "—"


class SurveyAnswerInline(admin.TabularInline):
    model = SurveyAnswer
    extra = 0
    fields = ["question", "answer"]
    readonly_fields = ["question", "answer"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question")


def _transition_selected(modeladmin, request, queryset, target: str, **why) -> None:
    """Move each selected item through the service; report refusals item by item."""
    moved = 0
    for item in queryset:
        try:
            services.evidence_transition(item=item, to=target, by=request.user, **why)
            moved += 1
        except ValidationError as error:
            modeladmin.message_user(request, f"{item.reference}: {' '.join(error.messages)}", messages.ERROR)
    if moved:
        modeladmin.message_user(
            request, f"{moved} item(s) moved to {Status(target).label}.", messages.SUCCESS
        )


def _transition_action(target: str, description: str):
    def action(modeladmin, request, queryset):
        _transition_selected(modeladmin, request, queryset, target)

    action.__name__ = f"mark_{target}"
    return admin.action(description=description, permissions=["change"])(action)


@admin.register(EvidenceItem)
class EvidenceItemAdmin(
    VersionedAdminMixin,
    ItemDisplayMixin,
    EvidencePickerMixin,
    SubmitterPrivacyMixin,
    SurveyImportAdminMixin,
    DocumentUploadAdminMixin,
    IntakeOptionsAdminMixin,
    BulkEditAdminMixin,
    FullTextSearchMixin,
    PolicyExportMixin,
    PrivateHistoryAdmin,
):
    form = EvidenceItemForm
    confidential_inlines = (ExcerptInline, SurveyAnswerInline)
    survey_answer_inline = SurveyAnswerInline
    resource_classes = [EvidenceItemResource]
    import_export_change_list_template = "admin/evidence/evidenceitem/change_list_import_export.html"
    list_display = [
        "reference",
        "short_title",
        "kind",
        "status",
        "received_on",
        "late",
        "short_survey",
        "submitter_label",
        "confidentiality",
    ]
    list_display_links = ["reference", "short_title"]
    list_filter = [
        "kind",
        "status",
        "exclusion_reason",
        "survey",
        ("themes", ThemeFilter),
        LateFilter,
        "confidentiality",
        MissingTextFilter,
    ]
    link_lookups = ("meeting__id__exact",)  # "Evidence presented" on the meetings list
    list_select_related = ["survey", "submitter", "submitter__organisation"]
    search_fields = ["reference", "title", "summary", "body", "submitter__name", "submitter__email"]
    date_hierarchy = "received_on"
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    list_per_page = 50
    autocomplete_fields = ["submitter", "themes", "sectors", "public_bodies", "providers", "meeting"]
    readonly_fields = [
        "reference",
        "status",
        "exclusion_reason",
        "status_reason",
        "created_by",
        "created_at",
        "updated_at",
    ]
    readonly_fields += ["document_note", "import_batch_link"]
    inlines = [ExcerptInline, SurveyAnswerInline]
    actions = [
        _transition_action(Status.TRIAGED, "Mark selected as triaged"),
        _transition_action(Status.REVIEWED, "Mark selected as reviewed"),
        _transition_action(Status.CITED, "Mark selected as cited"),
        "exclude_selected",
        "bulk_edit",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "reference",
                    "title",
                    "kind",
                    "survey",
                    "external_id",
                    "submitter",
                    "received_on",
                    "confidentiality",
                ]
            },
        ),
        ("Content", {"fields": ["summary", "body", "source_url", "attachment", "document_note"]}),
        ("Coding", {"fields": ["themes", "sectors", "public_bodies", "providers", "meeting"]}),
        (
            "Workflow",
            {
                "fields": [
                    "status",
                    "exclusion_reason",
                    "status_reason",
                    "move_to",
                    "move_exclusion_reason",
                    "move_reason",
                ]
            },
        ),
        ("Record", {"fields": ["import_batch_link", "created_by", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return with_skip_scan_dates(super().get_queryset(request))

    def get_list_filter(self, request):
        """Batches are named by file names: the filter is for those who may see the batches."""
        if request.user.has_perm("evidence.view_importbatch"):
            return [*self.list_filter, ImportBatchFilter]
        return self.list_filter

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.has_perm("evidence.view_importbatch"):
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "import_batch_link"]})
            for name, options in fieldsets
        ]

    @admin.display(description="Import batch")
    def import_batch_link(self, item):
        if item.import_batch_id is None:
            return "— (not imported)"
        return format_html(
            '<a href="{}">{}</a> (<a href="{}">all its items</a>)',
            reverse("admin:evidence_importbatch_change", args=[item.import_batch_id]),
            item.import_batch,
            batch_items_url(item.import_batch_id),
        )

    @admin.display(description="Late", ordering="received_on")
    def late(self, item):
        # A warning word, never a success tick: lateness is not an achievement (issue 20).
        if item.is_late:
            return format_html('<strong class="late-marker" title="{}">Late</strong>', LATE_TITLE)
        return ""

    @admin.display(description="Title", ordering="title")
    def short_title(self, item):
        return truncated(item.title)

    @admin.display(description="Survey", ordering="survey__name")
    def short_survey(self, item):
        return "—" if item.survey_id is None else truncated(item.survey.name, 24)

    @admin.display(description="Submitter", ordering="submitter__name")
    def submitter_label(self, item):
        if item.submitter_id is None:
            return "—"
        return truncated(item.submitter, 30)

    def save_object(self, request, obj, form, change, **m2m):
        typed_body = obj.body.strip()
        if change:
            services.evidence_update(item=obj, by=request.user, document=form.document, **m2m)
        else:
            services.evidence_log(item=obj, by=request.user, document=form.document, **m2m)
            self.intake_apply(request, obj, form)
        report_document(self, request, obj, form.document, typed_body=bool(typed_body))
        if form.cleaned_data.get("move_to"):
            services.evidence_transition(
                item=obj,
                to=form.cleaned_data["move_to"],
                by=request.user,
                reason=form.cleaned_data.get("move_reason", ""),
                exclusion_reason=form.cleaned_data.get("move_exclusion_reason"),
            )

    def inline_services(self, formset):
        if formset.model is not Excerpt:
            return super().inline_services(formset)
        return EXCERPT_SERVICES

    @admin.action(description="Exclude selected (asks for a reason)", permissions=["change"])
    def exclude_selected(self, request, queryset):
        form = ExclusionForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            _transition_selected(
                self,
                request,
                queryset,
                Status.EXCLUDED,
                exclusion_reason=form.cleaned_data["exclusion_reason"],
                reason=form.cleaned_data["note"],
            )
            return None
        return TemplateResponse(
            request,
            "admin/evidence/exclude_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": "Exclude evidence items",
                "items": queryset,
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
