"""Publication decisions (one per item) and the managed list of redaction reasons."""

from django.contrib import admin
from django.db.models import Count

from editing.admin import AuditedAdminMixin, VersionedAdminMixin
from evidence.admin.history import PrivateHistoryAdmin
from evidence.admin.policy import PolicyAdmin
from publication import services
from publication.admin.forms import PublicationDecisionForm
from publication.models import PublicationDecision, RedactionReason


@admin.register(PublicationDecision)
class PublicationDecisionAdmin(VersionedAdminMixin, PrivateHistoryAdmin):
    form = PublicationDecisionForm
    list_display = ["item", "outcome", "overrides_request", "decided_by", "decided_at"]
    list_select_related = ["item", "decided_by"]
    list_filter = ["outcome", "overrides_request"]
    search_fields = ["item__reference", "item__title"]
    autocomplete_fields = ["item"]
    fields = ["item", "outcome", "reason", "overrides_request", "decided_by", "decided_at"]
    readonly_fields = ["overrides_request", "decided_by", "decided_at"]
    show_full_result_count = False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_object(self, request, obj, form, change, **m2m):
        services.decision_record(decision=obj, by=request.user)

    def delete_object(self, request, obj):
        services.decision_delete(decision=obj, by=request.user)


@admin.register(RedactionReason)
class RedactionReasonAdmin(AuditedAdminMixin, PolicyAdmin):
    list_display = ["name", "needs_note", "active", "order", "redaction_count"]
    list_filter = ["active"]
    search_fields = ["name"]
    fields = ["name", "description", "needs_note", "order", "active"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(uses=Count("redactions"))

    @admin.display(description="Redactions", ordering="uses")
    def redaction_count(self, reason):
        return reason.uses
