"""The erasure review list: places an erasure flagged for a person to check (evidence.erasure_review)."""

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from editing.admin import AuditedAdminMixin
from evidence.admin.policy import PolicyAdmin
from evidence.erasure_review import erasure_review_resolve
from evidence.models import ErasureReview


class ResolvedFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", "To review"), ("resolved", "Resolved")]

    def queryset(self, request, queryset):
        if self.value() in ("open", "resolved"):
            return queryset.filter(resolved_at__isnull=self.value() == "open")
        return queryset


@admin.register(ErasureReview)
class ErasureReviewAdmin(AuditedAdminMixin, PolicyAdmin):
    list_display = ["__str__", "reason", "flagged_at", "open_link", "resolved_at", "resolved_by"]
    list_filter = [ResolvedFilter, "reason"]
    list_select_related = ["content_type", "resolved_by"]
    search_fields = ["=submitter_id"]
    fields = [
        "submitter_id",
        "open_link",
        "field",
        "reason",
        "flagged_at",
        "resolution",
        "resolved_at",
        "resolved_by",
    ]
    readonly_fields = [
        "submitter_id",
        "open_link",
        "field",
        "reason",
        "flagged_at",
        "resolved_at",
        "resolved_by",
    ]

    @admin.display(description="Where")
    def open_link(self, review):
        """The object's page, or the past version's, where the text can be read and corrected."""
        info = (review.content_type.app_label, review.content_type.model)
        try:
            if review.history_id:
                url = reverse(
                    "admin:{}_{}_simple_history".format(*info), args=[review.object_id, review.history_id]
                )
            else:
                url = reverse("admin:{}_{}_change".format(*info), args=[review.object_id])
        except NoReverseMatch:
            return f"{review.content_type.model} #{review.object_id}"
        return format_html('<a href="{}">open</a>', url)

    def has_add_permission(self, request):
        return False  # flags come from erasures only

    def has_delete_permission(self, request, obj=None):
        return False  # resolving keeps the record of who checked what

    def save_object(self, request, obj, form, change, **m2m):
        erasure_review_resolve(review=obj, resolution=form.cleaned_data["resolution"], by=request.user)
