"""Tagging from the evidence side: the recommendations app extends the evidence item admin.

evidence may not import recommendations (an import-linter contract, docs/architecture.md), so the
evidence item admin knows nothing of tagging: this module subclasses it with the "Tag selected evidence
to recommendation…" action and the "Cited by" panel, and registers the subclass in its place."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from evidence import privacy
from evidence.admin.items import EvidenceItemAdmin
from evidence.admin.picker import evidence_label, with_first_answers
from evidence.models import EvidenceItem
from evidence.text import clip
from recommendations import selectors, services
from recommendations.admin.forms import TagEvidenceForm
from recommendations.models import EvidenceLink

STRENGTH = {1: "weak", 2: "moderate", 3: "strong"}


class EvidenceTaggingMixin:
    """Adds the "Tag selected evidence to recommendation…" action and the "Cited by" field."""

    def has_tag_permission(self, request):
        return request.user.has_perm("recommendations.add_evidencelink")

    @admin.action(description="Tag selected evidence to recommendation…", permissions=["tag"])
    def tag_to_recommendation(self, request, queryset):
        form = TagEvidenceForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            recommendation = form.cleaned_data["recommendation"]
            try:
                created, skipped = services.evidence_tag(
                    items=queryset,
                    recommendation=recommendation,
                    stance=form.cleaned_data["stance"],
                    strength=form.cleaned_data["strength"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return None
            stance = EvidenceLink.Stance(form.cleaned_data["stance"]).label.lower()
            self.message_user(
                request,
                f"{len(created)} item(s) tagged to {recommendation.number} ({stance}).",
                messages.SUCCESS,
            )
            if skipped:
                self.message_user(
                    request,
                    f"Already tagged to {recommendation.number}, left as they were: "
                    + ", ".join(item.reference for item in skipped),
                    messages.WARNING,
                )
            return None
        return TemplateResponse(
            request,
            "admin/recommendations/tag_evidence.html",
            {
                **self.admin_site.each_context(request),
                "title": "Tag evidence to a recommendation",
                "items": queryset,
                "labels": [evidence_label(request.user, item) for item in with_first_answers(queryset)],
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.display(description="Cited by")
    def cited_by(self, item):
        return self._cited_by(item, quotes=True)

    @admin.display(description="Cited by")
    def cited_by_public(self, item):
        """For users who may not read confidential evidence: a confidential item's quotes are its body."""
        return self._cited_by(item, quotes=privacy.can_see_body(None, item))

    def _cited_by(self, item, *, quotes: bool):
        if not item.pk:
            return "—"
        links = list(selectors.citing_links(item=item))
        if not links:
            return "Not yet tagged to any recommendation."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{} {}</a> – {}, {}{}</li>',
                (
                    (
                        reverse("admin:recommendations_recommendation_change", args=[link.recommendation_id]),
                        link.recommendation.number,
                        link.recommendation.title,
                        link.get_stance_display().lower(),
                        STRENGTH.get(link.strength, link.strength),
                        _excerpt_note(link, quotes),
                    )
                    for link in links
                ),
            ),
        )


def _excerpt_note(link, quotes: bool) -> str:
    if not link.excerpt_id:
        return ""
    return f" (excerpt: “{clip(link.excerpt.quote, 60)}”)" if quotes else " (excerpt hidden: confidential)"


def _with_panel(fieldsets, panel, *, before: str):
    titles = [title for title, _ in fieldsets]
    at = titles.index(before) if before in titles else len(fieldsets)
    return [*fieldsets[:at], panel, *fieldsets[at:]]


class TaggingEvidenceItemAdmin(EvidenceTaggingMixin, EvidenceItemAdmin):
    actions = [*EvidenceItemAdmin.actions, "tag_to_recommendation"]
    readonly_fields = [*EvidenceItemAdmin.readonly_fields, "cited_by"]
    fieldsets = _with_panel(
        EvidenceItemAdmin.fieldsets, ("Recommendations", {"fields": ["cited_by"]}), before="Record"
    )


admin.site.unregister(EvidenceItem)
admin.site.register(EvidenceItem, TaggingEvidenceItemAdmin)
