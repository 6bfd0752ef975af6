"""The recommendation admin's own pages: a workflow step with its reason, and word diffs of history."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from recommendations import services
from recommendations.admin.forms import TransitionForm
from recommendations.diff import word_diff
from recommendations.models import Recommendation
from recommendations.selectors import DIFFED_FIELDS, display_value

Status = Recommendation.Status
TEXT_FIELDS = ["title", "text", "rationale"]


class WorkflowAndDiffViews:
    """Mixed into RecommendationAdmin: /<pk>/transition/ and /<pk>/history/<id>/diff/."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        own = [
            path(
                "<path:object_id>/transition/",
                self.admin_site.admin_view(self.transition_view),
                name="{}_{}_transition".format(*info),
            ),
            path(
                "<path:object_id>/history/<int:history_id>/diff/",
                self.admin_site.admin_view(self.history_diff_view),
                name="{}_{}_history_diff".format(*info),
            ),
        ]
        return own + super().get_urls()

    def transition_view(self, request, object_id):
        recommendation = get_object_or_404(Recommendation.objects.select_related("chapter"), pk=object_id)
        if not self.has_change_permission(request, recommendation):
            raise PermissionDenied
        form = TransitionForm(
            request.POST or None,
            initial={"to": request.GET.get("to")},
            recommendation=recommendation,
            user=request.user,
        )
        if request.method == "POST" and form.is_valid():
            target = form.cleaned_data["to"]
            try:
                services.recommendation_transition(
                    recommendation=recommendation,
                    to=target,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.add_error("reason" if error.code == "reason_required" else None, error)
            else:
                self.message_user(
                    request, f"{recommendation.number} is now {Status(target).label}.", messages.SUCCESS
                )
                return HttpResponseRedirect(
                    reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
                )
        return TemplateResponse(
            request,
            "admin/recommendations/recommendation/transition.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Move recommendation {recommendation.number}",
                "recommendation": recommendation,
                "form": form,
                "opts": self.opts,
            },
        )

    @admin.display(description="Text changes")
    def text_changes(self, record):
        url = reverse(
            "admin:recommendations_recommendation_history_diff", args=[record.id, record.history_id]
        )
        return format_html('<a href="{}">Show diff</a>', url)

    def history_diff_view(self, request, object_id, history_id):
        record = get_object_or_404(
            Recommendation.history.select_related("chapter", "lead_member", "history_user"),
            id=object_id,
            history_id=history_id,
        )
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        previous = record.prev_record
        text_diffs, other_changes = [], []
        if previous is not None:
            delta = record.diff_against(previous, included_fields=DIFFED_FIELDS)
            for change in delta.changes:
                label = Recommendation._meta.get_field(change.field).verbose_name.capitalize()
                old, new = display_value(previous, change.field), display_value(record, change.field)
                if change.field in TEXT_FIELDS:
                    text_diffs.append((label, word_diff(old, new)))
                else:
                    other_changes.append((label, old, new))
        return TemplateResponse(
            request,
            "admin/recommendations/recommendation/history_diff.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Changes to {record.number} saved {record.history_date:%d %b %Y %H:%M}",
                "record": record,
                "previous": previous,
                "text_diffs": text_diffs,
                "other_changes": other_changes,
                "opts": self.opts,
                "object_id": object_id,
            },
        )
