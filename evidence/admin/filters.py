from django.contrib import admin

from evidence.models import Theme


class ThemeFilter(admin.RelatedFieldListFilter):
    """Theme choices with their parents fetched in the same query (labels show the parent)."""

    def field_choices(self, field, request, model_admin):
        return [(theme.pk, str(theme)) for theme in Theme.objects.select_related("parent")]
