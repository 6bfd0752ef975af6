"""Excerpts: the passages of evidence members cite (quotes are checked against their item)."""

from django.contrib import admin

from editing.admin import VersionedAdminMixin
from editing.display import truncated
from evidence import services
from evidence.admin.codebook import split_to_new_theme
from evidence.admin.filters import ThemeFilter
from evidence.admin.history import PrivateHistoryAdmin
from evidence.admin.privacy import ConfidentialExcerptMixin
from evidence.models import Excerpt


@admin.register(Excerpt)
class ExcerptAdmin(VersionedAdminMixin, ConfidentialExcerptMixin, PrivateHistoryAdmin):
    list_display = ["__str__", "short_item", "page", "created_by", "created_at"]
    list_select_related = ["item", "created_by"]
    list_filter = [("themes", ThemeFilter)]
    search_fields = ["quote", "note", "item__reference", "item__title"]
    autocomplete_fields = ["item", "themes"]
    readonly_fields = ["start_offset", "end_offset", "created_by", "created_at"]
    show_full_result_count = False
    actions = [split_to_new_theme]

    @admin.display(description="Item", ordering="item__reference")
    def short_item(self, excerpt):
        return truncated(excerpt.item, 40)

    def has_split_permission(self, request) -> bool:
        """Splitting creates a theme: the codebook is the secretariat's and the chair's."""
        return request.user.has_perm("evidence.add_theme") and request.user.has_perm(
            "evidence.change_excerpt"
        )

    def save_object(self, request, obj, form, change, **m2m):
        if change:
            services.excerpt_update(excerpt=obj, by=request.user, **m2m)
        else:
            services.excerpt_create(excerpt=obj, by=request.user, **m2m)

    def delete_object(self, request, obj):
        services.excerpt_delete(excerpt=obj, by=request.user)
