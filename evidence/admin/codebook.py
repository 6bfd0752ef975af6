from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.html import format_html

from editing.admin import VersionedAdminMixin, VersionedInlineMixin
from evidence.admin.codebook_exchange import CodebookExchangeAdminMixin
from evidence.admin.history import PrivateHistoryAdmin
from evidence.models import Survey, SurveyQuestion, Theme
from evidence.theme_services import theme_merge, theme_merge_preview, theme_split


class ThemeMergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Theme.objects.select_related("parent"),
        label="Merge into",
        help_text="The theme that stays. The selected themes' coding moves to it and they are deleted.",
    )


class ThemeSplitForm(forms.Form):
    source = forms.ModelChoiceField(
        queryset=Theme.objects.select_related("parent"),
        label="Theme to split",
        help_text="The selected excerpts lose this theme and get the new one; everything else keeps it.",
    )
    name = forms.CharField(max_length=120, label="New theme", help_text="Created beside the theme split.")


@admin.action(description="Move selected excerpts to a new theme (split)…", permissions=["split"])
def split_to_new_theme(modeladmin, request, queryset):
    form = ThemeSplitForm(request.POST if "apply" in request.POST else None)
    form.fields["source"].queryset = (
        Theme.objects.filter(excerpts__in=queryset).distinct().select_related("parent")
    )
    if form.is_bound and form.is_valid():
        try:
            new = theme_split(
                source=form.cleaned_data["source"],
                excerpts=queryset.prefetch_related("themes"),
                name=form.cleaned_data["name"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            modeladmin.message_user(
                request, f"Created “{new}” and moved the selected excerpts to it.", messages.SUCCESS
            )
            return None
    return TemplateResponse(
        request,
        "admin/evidence/theme_split.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": "Split a theme",
            "excerpts": queryset.select_related("item"),
            "form": form,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


@admin.register(Theme)
class ThemeAdmin(VersionedAdminMixin, CodebookExchangeAdminMixin, PrivateHistoryAdmin):
    list_display = ["name", "parent", "swatch", "order"]
    list_select_related = ["parent"]
    list_editable = ["order"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge_selected"]

    @admin.action(description="Merge selected themes into another…", permissions=["change", "delete"])
    def merge_selected(self, request, queryset):
        """Choose the theme that stays → see what will move → confirm."""
        form = ThemeMergeForm(request.POST if "target" in request.POST else None)
        previews = []
        if form.is_bound and form.is_valid():
            target = form.cleaned_data["target"]
            sources = [theme for theme in queryset.select_related("parent") if theme.pk != target.pk]
            previews = [theme_merge_preview(source=source, target=target) for source in sources]
            if "apply" in request.POST and previews and all(preview.ok for preview in previews):
                try:
                    for source in sources:
                        theme_merge(source=source, target=target, by=request.user)
                except ValidationError as error:
                    self.message_user(request, " ".join(error.messages), messages.ERROR)
                    return None
                names = ", ".join(f"“{source}”" for source in sources)
                self.message_user(request, f"Merged {names} into “{target}”.", messages.SUCCESS)
                return None
        return TemplateResponse(
            request,
            "admin/evidence/theme_merge.html",
            {
                **self.admin_site.each_context(request),
                "title": "Merge themes",
                "themes": queryset.select_related("parent"),
                "form": form,
                "previews": previews,
                "can_apply": bool(previews) and all(preview.ok for preview in previews),
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.display(description="Colour")
    def swatch(self, theme):
        return format_html(
            '<span style="display:inline-block;width:1.2em;height:1.2em;background:{};'
            'border:1px solid #999;vertical-align:middle"></span> {}',
            theme.colour,
            theme.colour,
        )


class SurveyQuestionInline(VersionedInlineMixin, admin.TabularInline):
    model = SurveyQuestion
    extra = 0
    fields = ["order", "code", "text", "theme"]
    autocomplete_fields = ["theme"]


@admin.register(Survey)
class SurveyAdmin(VersionedAdminMixin, PrivateHistoryAdmin):
    list_display = ["name", "slug", "opens_on", "closes_on"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SurveyQuestionInline]


@admin.register(SurveyQuestion)
class SurveyQuestionAdmin(VersionedAdminMixin, PrivateHistoryAdmin):
    list_display = ["code", "survey", "text", "theme"]
    list_filter = ["survey"]
    list_select_related = ["survey", "theme"]
    search_fields = ["code", "text"]
