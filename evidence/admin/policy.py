"""The privacy policy (evidence.privacy) as every admin applies it.

Every registered admin of the project derives from `PolicyAdmin` (or, with history,
`evidence.admin.history.PrivateHistoryAdmin`), and every admin with an export from `PolicyExportMixin`:
tests/justice_wp/test_member_lookups.py checks both and walks every changelist and export as a member.
The admin asks the policy which lookups, search fields and sort columns a user may use; it never
decides that itself."""

from django.contrib import admin
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP
from django.template.response import TemplateResponse
from import_export.admin import ExportMixin

from editing.display import QuickActionCheckboxMixin
from evidence import privacy
from justice_wp.exporting import SafeExportAdminMixin


class ListAddressRefused(DisallowedModelAdminLookup):
    """The address asks a list (or its export) for a filter it does not offer this user."""


class PolicyChangeList(ChangeList):
    """A changelist (and django-import-export's export queryset, built from it) that refuses lookups
    and sort columns the policy does not allow, naming the parameter in the refusal."""

    def __init__(self, request, *args, **kwargs):
        self.user = request.user
        super().__init__(request, *args, **kwargs)

    def get_filters(self, request):
        for key, values in self.get_filters_params().items():
            if not all(self.model_admin.lookup_allowed(key, value, request) for value in values):
                raise ListAddressRefused(
                    f"You cannot filter {self.opts.verbose_name_plural} by “{key}”. "
                    "Use the filters beside the list; remove the rest from the address."
                )
        return super().get_filters(request)

    def get_queryset(self, request, exclude_parameters=None):
        try:
            return super().get_queryset(request, exclude_parameters)
        except IncorrectLookupParameters as error:
            raise ListAddressRefused(self._explain(request)) from error

    def _explain(self, request) -> str:
        """Which parameter of the address the list could not use, and what to do."""
        names = privacy.offered_lookups(self.model, self.list_filter, self.date_hierarchy)
        for key in self.get_filters_params():
            if key in names:
                continue
            try:
                self.model._meta.get_field(key.split(LOOKUP_SEP)[0])
            except FieldDoesNotExist:
                return (
                    f"“{key}” is not a filter of the {self.opts.verbose_name_plural} list. "
                    "Remove it from the address; to export, choose the file format on the export page."
                )
        return (
            f"The {self.opts.verbose_name_plural} list cannot use the filter values in this address "
            "(a date or number in the wrong form?). Start again from the list's own filters."
        )

    def get_ordering_field(self, field_name):
        order = super().get_ordering_field(field_name)
        if isinstance(order, str) and not privacy.path_visible(self.user, self.model, order):
            return None
        return order


def _refusal(request, model_admin, error: DisallowedModelAdminLookup) -> TemplateResponse:
    return TemplateResponse(
        request,
        "admin/evidence/list_address_refused.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": "This filter is not available",
            "message": str(error),
            "opts": model_admin.model._meta,
        },
        status=400,
    )


class PolicyAdminMixin(QuickActionCheckboxMixin):
    """lookup_allowed, list filters, search fields and sort columns as the policy decides them."""

    # Lookups that other pages link to (dashboard figures, the meetings list) beyond the list filters.
    # Still refused to members when they reach personal data or confidential text.
    link_lookups: tuple[str, ...] = ()

    def lookup_allowed(self, lookup, value, request):
        offered = privacy.offered_lookups(
            self.model, self.get_list_filter(request), self.date_hierarchy, self.link_lookups
        )
        return privacy.lookup_allowed(request.user, self.model, lookup, offered) and super().lookup_allowed(
            lookup, value, request
        )

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        return [
            entry
            for entry in filters
            if isinstance(entry, type) or privacy.path_visible(request.user, self.model, _filter_path(entry))
        ]

    def get_search_fields(self, request):
        return privacy.searchable_fields(request.user, self.model, super().get_search_fields(request))

    def get_sortable_by(self, request):
        return [
            column
            for column in super().get_sortable_by(request)
            if not isinstance(order := self._column_order(column), str)
            or privacy.path_visible(request.user, self.model, order)
        ]

    def _column_order(self, column):
        if callable(column):
            return getattr(column, "admin_order_field", None)
        try:
            return self.model._meta.get_field(column).name
        except FieldDoesNotExist:
            attr = getattr(self, column, None) or getattr(self.model, column, None)
            return getattr(getattr(attr, "fget", attr), "admin_order_field", None)

    def get_changelist(self, request, **kwargs):
        return PolicyChangeList

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except DisallowedModelAdminLookup as error:
            return _refusal(request, self, error)


def _filter_path(entry) -> str:
    return entry[0] if isinstance(entry, list | tuple) else entry


class ReadOnlyAdminMixin:
    """For admins of rows written only by services: nobody adds, edits or deletes them here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PolicyAdmin(PolicyAdminMixin, admin.ModelAdmin):
    """Base of every admin of a model without history."""


class PolicyExportMixin(SafeExportAdminMixin, ExportMixin):
    """django-import-export's Export through our safe resources, taking the list's filters as the
    policy allows them: a refused or unknown filter is a clear 400 page, not a server error."""

    def export_action(self, request):
        try:
            return super().export_action(request)
        except DisallowedModelAdminLookup as error:
            return _refusal(request, self, error)
