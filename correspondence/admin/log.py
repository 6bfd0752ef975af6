"""The correspondence log and the opt-outs: records written by correspondence.services only."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from correspondence.models import Correspondence, OptOut
from evidence.admin.policy import PolicyAdmin, ReadOnlyAdminMixin
from evidence.admin.privacy import SubmitterAccessLogMixin


def _submitter_link(submitter):
    url = reverse("admin:evidence_submitter_change", args=[submitter.pk])
    return format_html('<a href="{}">{}</a>', url, submitter)


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
