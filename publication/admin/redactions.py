"""Redactions: spans of an item's text left out of what is published, with the "needs review" list."""

from django.contrib import admin

from editing.admin import VersionedAdminMixin
from evidence.admin.history import PrivateHistoryAdmin
from publication import services
from publication.admin.forms import RedactionForm
from publication.models import Redaction


class NeedsReviewFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("needed", "Needs review"), ("ok", "Anchored")]

    def queryset(self, request, queryset):
        if self.value() == "needed":
            return queryset.filter(needs_review=True)
        if self.value() == "ok":
            return queryset.filter(needs_review=False)
        return queryset


@admin.register(Redaction)
class RedactionAdmin(VersionedAdminMixin, PrivateHistoryAdmin):
    form = RedactionForm
    list_display = ["item", "where", "reason", "needs_review", "created_by", "created_at"]
    list_select_related = ["item", "reason", "answer__question", "created_by"]
    list_filter = [NeedsReviewFilter, "reason"]
    search_fields = ["item__reference"]
    autocomplete_fields = ["item"]
    fields = [
        "item",
        "quoted_text",
        "occurrence",
        "reason",
        "note",
        "where",
        "needs_review",
        "created_by",
        "created_at",
    ]
    readonly_fields = ["where", "needs_review", "created_by", "created_at"]
    show_full_result_count = False

    @admin.display(description="Where")
    def where(self, redaction):
        if not redaction.pk:
            return "— (found when saved: the body first, then the survey answers)"
        if redaction.answer_id:
            return f"Answer to {redaction.answer.question.code}, characters {redaction.start}–{redaction.end}"
        return f"Body, characters {redaction.start}–{redaction.end}"

    def save_object(self, request, obj, form, change, **m2m):
        services.redaction_save(redaction=obj, by=request.user)

    def delete_object(self, request, obj):
        services.redaction_delete(redaction=obj, by=request.user)
