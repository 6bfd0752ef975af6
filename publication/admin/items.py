"""The publication panel and filter on the evidence item admin.

evidence may not import publication, so this subclasses whichever evidence item admin is registered
when it runs (recommendations' tagging admin: publication comes after recommendations and before
workbench in INSTALLED_APPS, and workbench subclasses this one in turn) and registers it in its place."""

from contextvars import ContextVar

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from evidence import privacy
from evidence.models import EvidenceItem
from publication import selectors
from publication.models import PublicationDecision


class PublicationFilter(admin.SimpleListFilter):
    title = "publication"
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("public", "On the public pages"),
            ("withheld", "Withheld"),
            ("undecided", "No decision yet"),
            ("review", "Redaction needs review"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "public":
            return queryset.filter(pk__in=selectors.published_items().values("pk"))
        if value == "withheld":
            return queryset.filter(publication_decision__outcome=PublicationDecision.Outcome.WITHHOLD)
        if value == "undecided":
            return queryset.filter(publication_decision__isnull=True)
        if value == "review":
            return queryset.filter(pk__in=selectors.redactions_needing_review().values("item_id"))
        return queryset


# Who is looking at the change form (readonly field callables get only the object).
_viewer: ContextVar = ContextVar("publication_panel_viewer", default=None)
RegisteredEvidenceItemAdmin = type(admin.site.get_model_admin(EvidenceItem))


class PublicationEvidenceItemAdmin(RegisteredEvidenceItemAdmin):
    def get_list_filter(self, request):
        return [*super().get_list_filter(request), PublicationFilter]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        token = _viewer.set(request.user)  # the panel below is shown to this user
        try:
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()  # while the viewer is known
            return response
        finally:
            _viewer.reset(token)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "publication_panel"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None or not request.user.has_perm("publication.view_publicationdecision"):
            return fieldsets
        titles = [title for title, _ in fieldsets]
        at = titles.index("Record") if "Record" in titles else len(fieldsets)
        return [*fieldsets[:at], ("Publication", {"fields": ["publication_panel"]}), *fieldsets[at:]]

    @admin.display(description="Publication")
    def publication_panel(self, item):
        """The decision, and (for those who manage redactions) the redactions with their reasons."""
        if not item.pk:
            return "—"
        return format_html("{}{}", self._decision_html(item), self._redactions_html(item))

    def _decision_html(self, item):
        decision = PublicationDecision.objects.filter(item=item).select_related("decided_by").first()
        user = _viewer.get()
        if decision is None:
            text = format_html("<p>{}</p>", "No publication decision yet: not published.")
            if user.has_perm("publication.add_publicationdecision"):
                url = reverse("admin:publication_publicationdecision_add") + f"?item={item.pk}"
                text += format_html('<p><a href="{}">Decide…</a></p>', url)
            return text
        public = selectors.published_items().filter(pk=item.pk).exists()
        return format_html(
            '<p><a href="{}">{}</a>{} — {}, {}. {}</p><p>{}</p>',
            reverse("admin:publication_publicationdecision_change", args=[decision.pk]),
            decision.get_outcome_display(),
            " (chair override of the submitter's request)" if decision.overrides_request else "",
            decision.decided_by or "—",
            f"{timezone.localtime(decision.decided_at):%d %b %Y %H:%M}",
            format_html(
                '<a href="{}">On the public pages</a>.',
                reverse("publication:published_detail", args=[item.reference]),
            )
            if public
            else "Not on the public pages.",
            decision.reason,
        )

    def _redactions_html(self, item):
        user = _viewer.get()
        if not user.has_perm("publication.view_redaction"):
            return ""
        redactions = list(item.redactions.select_related("reason", "answer__question"))
        show_text = privacy.can_see_body(user, item)
        rows = format_html_join(
            "",
            '<li><a href="{}">{}</a>: {}{}{}</li>',
            (
                (
                    reverse("admin:publication_redaction_change", args=[r.pk]),
                    f"answer {r.answer.question.code}" if r.answer_id else "body",
                    r.reason,
                    f" — “{r.quoted_text[:80]}”" if show_text else "",
                    format_html(" <strong>{}</strong>", "needs review") if r.needs_review else "",
                )
                for r in redactions
            ),
        )
        add = ""
        if user.has_perm("publication.add_redaction"):
            url = reverse("admin:publication_redaction_add") + f"?item={item.pk}"
            add = format_html('<p><a href="{}">Redact a passage…</a></p>', url)
        if not redactions:
            return format_html("<p>No redactions.</p>{}", add)
        return format_html("<p>Redactions:</p><ul>{}</ul>{}", rows, add)


admin.site.unregister(EvidenceItem)
admin.site.register(EvidenceItem, PublicationEvidenceItemAdmin)
