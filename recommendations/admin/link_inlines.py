"""The recommendation page's evidence links. A recommendation at national scale carries thousands, and a
form row per link made its page slow: the page edits the newest LINKS_SHOWN in place, sums up all of
them by stance, and links to the full list (filterable, paginated) for the rest."""

from django.contrib import admin
from django.urls import reverse

from editing.admin import VersionedInlineMixin
from evidence.admin.picker import EvidencePickerWidget
from evidence.admin.privacy import ExcerptLabelMixin
from recommendations.admin.forms import EvidenceLinkForm
from recommendations.models import EvidenceLink
from recommendations.selectors import link_summary

# Each row is a form of widgets rendered from templates: 20 rows took 200 ms of a member's page.
LINKS_SHOWN = 10
NEWEST_FIRST = ("-tagged_at", "-pk")


class TaggedLinkInline(VersionedInlineMixin, ExcerptLabelMixin, admin.TabularInline):
    """Links already made: evidence shown as text (an autocomplete per row would cost a query each)."""

    model = EvidenceLink
    form = EvidenceLinkForm
    extra = 0
    fields = ["evidence", "excerpt", "stance", "strength", "note", "tagged_by", "tagged_at"]
    readonly_fields = ["evidence", "excerpt", "tagged_by", "tagged_at"]
    verbose_name_plural = "Evidence tagged to this recommendation"
    template = "admin/recommendations/recommendation/tagged_links.html"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("recommendation", "evidence", "excerpt__item", "tagged_by")
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None and obj.pk:
            formset.summary = link_summary(recommendation=obj)
            formset.summary["shown"] = min(formset.summary["total"], LINKS_SHOWN)
            links = reverse("admin:recommendations_evidencelink_changelist")
            formset.all_links_url = f"{links}?recommendation__id__exact={obj.pk}"
        return formset

    def shown(self, queryset, request, obj, prefix):
        """The links the page edits: on a save, those its form was built with (others may have been
        tagged since, and would shift "the newest"); otherwise the newest LINKS_SHOWN."""
        if request.method == "POST":
            initial = request.POST.get(f"{prefix}-INITIAL_FORMS", "")
            count = min(int(initial), LINKS_SHOWN) if initial.isdigit() else 0
            posted = (request.POST.get(f"{prefix}-{index}-id", "") for index in range(count))
            return queryset.filter(pk__in=[int(pk) for pk in posted if pk.isdigit()]).order_by(*NEWEST_FIRST)
        newest = queryset.filter(recommendation=obj).order_by(*NEWEST_FIRST).values("pk")[:LINKS_SHOWN]
        return queryset.filter(pk__in=newest).order_by(*NEWEST_FIRST)


class NewLinkInline(VersionedInlineMixin, ExcerptLabelMixin, admin.TabularInline):
    model = EvidenceLink
    form = EvidenceLinkForm
    extra = 1
    fields = ["evidence", "excerpt", "stance", "strength", "note"]
    autocomplete_fields = ["evidence", "excerpt"]
    verbose_name = "evidence link"
    verbose_name_plural = "Tag more evidence (choose an item, or just an excerpt of it)"

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "evidence":
            kwargs["widget"] = EvidencePickerWidget(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
