"""The correspondence log and the opt-outs: records written by correspondence.services only."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from correspondence.models import Correspondence, OptOut
from evidence import privacy
from evidence.admin.policy import PolicyAdmin, ReadOnlyAdminMixin


def _submitter_link(submitter):
    url = reverse("admin:evidence_submitter_change", args=[submitter.pk])
    return format_html('<a href="{}">{}</a>', url, submitter)


class SubmitterAccessLogMixin:
    """Listing (or opening) protected submitters' correspondence is viewing their identity: logged
    as such. `submitter_of(row)` says whose a row is."""

    def submitter_of(self, row):
        return row.submitter

    def _log_view(self, request, rows) -> None:
        submitters = [self.submitter_of(row) for row in rows]
        protected = [s.pk for s in submitters if privacy.is_confidential_submitter(s)]
        privacy.access_log_record(
            user=request.user, action="view", what="evidence.submitter", object_ids=protected, request=request
        )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            self._log_view(request, changelist.result_list)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        original = getattr(response, "context_data", {}).get("original")
        if original is not None and request.method == "GET":
            self._log_view(request, [original])
        return response


@admin.register(Correspondence)
class CorrespondenceAdmin(SubmitterAccessLogMixin, ReadOnlyAdminMixin, PolicyAdmin):
    list_display = ["queued_at", "submitter_link", "kind", "template_name", "subject", "status", "queued_by"]
    list_filter = ["kind", "email__status"]
    list_select_related = ["submitter", "email", "queued_by"]
    search_fields = ["submitter__name", "submitter__email", "=submitter__id", "email__subject"]
    date_hierarchy = "queued_at"
    show_full_result_count = False
    fields = [
        "submitter_link",
        "kind",
        "item",
        "template_name",
        "subject",
        "status",
        "queued_at",
        "queued_by",
        "email_link",
    ]
    readonly_fields = fields

    @admin.display(description="Submitter", ordering="submitter__name")
    def submitter_link(self, row):
        return _submitter_link(row.submitter)

    @admin.display(description="Subject")
    def subject(self, row):
        return row.email.subject if row.email_id else "—"

    @admin.display(description="Email")
    def email_link(self, row):
        if not row.email_id:
            return "—"
        return format_html(
            '<a href="{}">open in the outbox</a>',
            reverse("admin:post_office_email_change", args=[row.email_id]),
        )


@admin.register(OptOut)
class OptOutAdmin(SubmitterAccessLogMixin, ReadOnlyAdminMixin, PolicyAdmin):
    list_display = ["submitter_link", "recorded_at", "recorded_by", "reason", "lifted_at", "lifted_by"]
    list_filter = [("lifted_at", admin.EmptyFieldListFilter)]
    list_select_related = ["submitter", "recorded_by", "lifted_by"]
    search_fields = ["submitter__name", "submitter__email", "=submitter__id"]
    show_full_result_count = False

    @admin.display(description="Submitter", ordering="submitter__name")
    def submitter_link(self, row):
        return _submitter_link(row.submitter)
