from django.contrib import admin
from django.utils.html import format_html

from evidence.admin.history import PrivateHistoryAdmin
from evidence.admin.policy import PolicyAdmin
from evidence.models import Survey, SurveyQuestion, Theme


@admin.register(Theme)
class ThemeAdmin(PrivateHistoryAdmin):
    list_display = ["name", "parent", "swatch", "order"]
    list_select_related = ["parent"]
    list_editable = ["order"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description="Colour")
    def swatch(self, theme):
        return format_html(
            '<span style="display:inline-block;width:1.2em;height:1.2em;background:{};'
            'border:1px solid #999;vertical-align:middle"></span> {}',
            theme.colour,
            theme.colour,
        )


class SurveyQuestionInline(admin.TabularInline):
    model = SurveyQuestion
    extra = 0
    fields = ["order", "code", "text", "theme"]
    autocomplete_fields = ["theme"]


@admin.register(Survey)
class SurveyAdmin(PolicyAdmin):
    list_display = ["name", "slug", "opens_on", "closes_on"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SurveyQuestionInline]


@admin.register(SurveyQuestion)
class SurveyQuestionAdmin(PolicyAdmin):
    list_display = ["code", "survey", "text", "theme"]
    list_filter = ["survey"]
    list_select_related = ["survey", "theme"]
    search_fields = ["code", "text"]
