from django.contrib import admin
from django.db.models import Q
from django.urls import path
from django.views.decorators.http import require_POST

from coding import views
from coding.models import DualCodingAssignment
from editing.admin import AuditedAdminMixin
from evidence.admin.history import PrivateHistoryAdmin
from evidence.admin.policy import ReadOnlyAdminMixin


@admin.register(DualCodingAssignment)
class DualCodingAssignmentAdmin(ReadOnlyAdminMixin, AuditedAdminMixin, PrivateHistoryAdmin):
    """Written only by the dual-coding services: assigned from the evidence list, coded on the reader
    page, resolved from the conflict queue. Coders see only their own assignments here."""

    change_list_template = "admin/coding/dualcodingassignment/change_list.html"
    list_display = ["item", "coder_a", "coder_b", "status_label", "assigned_by", "assigned_at", "resolved_by"]
    list_select_related = ["item", "coder_a", "coder_b", "assigned_by", "resolved_by"]
    fields = [
        "item",
        "coder_a",
        "coder_b",
        "assigned_by",
        "assigned_at",
        "a_finished_at",
        "b_finished_at",
        "resolved_by",
        "resolved_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.has_perm(views.RESOLVE_PERM):
            return queryset
        return queryset.filter(Q(coder_a=request.user) | Q(coder_b=request.user))

    @admin.display(description="Status")
    def status_label(self, assignment):
        return assignment.status

    def get_urls(self):
        def wrap(view, *decorators, with_id=False):
            def bound(request, object_id=None):
                return view(request, self, object_id) if with_id else view(request, self)

            for decorator in decorators:
                bound = decorator(bound)
            return self.admin_site.admin_view(bound)

        return [
            path("conflicts/", wrap(views.conflict_queue), name="coding_dualcodingassignment_conflicts"),
            path("agreement/", wrap(views.agreement), name="coding_dualcodingassignment_agreement"),
            path(
                "<path:object_id>/resolve/",
                wrap(views.resolve, with_id=True),
                name="coding_dualcodingassignment_resolve",
            ),
            path(
                "<path:object_id>/code/",
                wrap(views.code, require_POST, with_id=True),
                name="coding_dualcodingassignment_code",
            ),
            path(
                "<path:object_id>/finish/",
                wrap(views.finish, require_POST, with_id=True),
                name="coding_dualcodingassignment_finish",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra = {"may_resolve": request.user.has_perm(views.RESOLVE_PERM)}
        return super().changelist_view(request, {**(extra_context or {}), **extra})
