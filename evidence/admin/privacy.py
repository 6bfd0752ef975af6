"""Admin pieces that keep submitter identity and confidential text from users who may not see them.

`SubmitterPrivacyMixin` goes on any ModelAdmin whose model has a `submitter` foreign key;
`protect_history_views()` hardens django-simple-history's views for every admin (see README
"Privacy and security")."""

import dataclasses
from functools import reduce
from operator import or_

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils.text import smart_split, unescape_string_literal
from simple_history.admin import SimpleHistoryAdmin

from evidence import privacy
from evidence.models import AccessLogEntry, ErasureRecord, EvidenceItem, Excerpt, Submitter
from evidence.search import fulltext_available

# Fields holding confidential text, hidden from users without confidential access.
CONFIDENTIAL_FIELDS = {EvidenceItem: ("body", "attachment")}
# Read-only fields quoting confidential text, replaced for those users by a version without quotes.
CONFIDENTIAL_SUBSTITUTES = {"cited_by": "cited_by_public"}


class SubmitterPrivacyMixin:
    """Members see `public_name` instead of the submitter, cannot search by submitter, and do not see
    the confidential fields of confidential items. Users who can see identity are access-logged."""

    identity_search_prefix = "submitter__"
    confidential_inlines: tuple = ()

    def get_queryset(self, request):
        # The change view checks whether the submitter is protected: fetch them with the object.
        # The changelist applies list_select_related only to a queryset without select_related,
        # so it is added here too (else each row fetches its survey and organisation).
        related = self.list_select_related
        if related is True:
            return super().get_queryset(request).select_related()
        return super().get_queryset(request).select_related("submitter", *(related or ()))

    def _may_see(self, request) -> bool:
        return privacy.can_see_identity(request.user)

    @admin.display(description="Submitter")
    def submitter_public(self, obj):
        return obj.submitter.public_name if obj.submitter_id else "—"

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if self._may_see(request):
            return fields
        hidden = set(CONFIDENTIAL_FIELDS.get(self.model, ()))
        return [f for f in fields if not f.startswith(self.identity_search_prefix) and f not in hidden]

    def get_search_results(self, request, queryset, search_term):
        """For users without confidential access, confidential text fields are searched only in
        items that are not confidential (each word must appear, as in the admin's own search)."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        searched = super().get_search_fields(request)
        hidden = [f for f in CONFIDENTIAL_FIELDS.get(self.model, ()) if f in searched]
        if not search_term or not hidden or self._may_see(request) or fulltext_available():
            # Full-text search (PostgreSQL) already searched the readable text only.
            return results, may_have_duplicates
        condition = Q()
        for word in smart_split(search_term):
            if word[0] in "\"'" and word[-1] == word[0]:
                word = unescape_string_literal(word)
            condition &= reduce(or_, (Q(**{f"{field}__icontains": word}) for field in hidden))
        readable = queryset.exclude(confidentiality=EvidenceItem.Confidentiality.CONFIDENTIAL)
        return results | readable.filter(condition), may_have_duplicates

    def get_list_display(self, request):
        fields = super().get_list_display(request)
        if self._may_see(request):
            return fields
        return [f for f in fields if f != "submitter_label"] + ["submitter_public"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self._may_see(request):
            return fieldsets
        hidden = (
            set(CONFIDENTIAL_FIELDS.get(self.model, ()))
            if not privacy.can_see_body(request.user, obj)
            else set()
        )
        cleaned = []
        for name, options in fieldsets:
            fields = []
            for field in options["fields"]:
                if field == "submitter":
                    fields.append("submitter_public")
                elif hidden and field in CONFIDENTIAL_SUBSTITUTES:
                    fields.append(CONFIDENTIAL_SUBSTITUTES[field])
                elif field not in hidden:
                    fields.append(field)
            if fields:
                cleaned.append((name, {**options, "fields": fields}))
        return cleaned

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self._may_see(request):
            return fields
        substitutes = [name for field, name in CONFIDENTIAL_SUBSTITUTES.items() if field in fields]
        return [*fields, "submitter_public", *substitutes]

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if obj is None or privacy.can_see_body(request.user, obj):
            return inlines
        return [inline for inline in inlines if type(inline) not in self.confidential_inlines]

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None and self._may_see(request):
            protected = [
                o.submitter_id
                for o in changelist.result_list
                if privacy.is_confidential_submitter(o.submitter)
            ]
            privacy.access_log_record(
                user=request.user,
                action="view",
                what="evidence.submitter",
                object_ids=protected,
                request=request,
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = getattr(response, "context_data", {}).get("original")
        if obj is not None and request.method == "GET" and self._may_see(request):
            if privacy.is_confidential_submitter(obj.submitter):
                privacy.access_log_record(
                    user=request.user,
                    action="view",
                    what="evidence.submitter",
                    object_ids=[obj.submitter_id],
                    request=request,
                )
            if obj.confidentiality == EvidenceItem.Confidentiality.CONFIDENTIAL:
                label = obj._meta.label_lower
                privacy.access_log_record(
                    user=request.user, action="view", what=label, object_ids=[obj.pk], request=request
                )
        return response


class ConfidentialExcerptMixin:
    """For the excerpt admin: excerpts of confidential evidence quote its body, so users who may not
    read the body do not find them (lists, search, autocomplete, change page) nor their history."""

    def get_queryset(self, request):
        return privacy.readable_excerpts(request.user, super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Saving an excerpt checks its quote against the item's body: offered a confidential item,
        # the form's answers would spell the hidden body out.
        if db_field.name == "item" and not privacy.can_see_confidential(request.user):
            kwargs["queryset"] = EvidenceItem.objects.exclude(
                confidentiality=EvidenceItem.Confidentiality.CONFIDENTIAL
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _check_readable(self, request, object_id) -> None:
        # simple-history falls back to the history rows when get_queryset hides the object.
        item = EvidenceItem.objects.filter(excerpts__pk=object_id).only("confidentiality").first()
        if item is not None and not privacy.can_see_body(request.user, item):
            raise PermissionDenied

    def history_view(self, request, object_id, extra_context=None):
        self._check_readable(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_readable(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


class ExcerptLabelMixin:
    """For admins showing an `excerpt` foreign key (evidence links): users who may not read
    confidential evidence see `privacy.excerpt_label` instead of the quote, in lists, read-only
    fields and the selected value of the excerpt widget."""

    @admin.display(description="Excerpt")
    def excerpt_public(self, obj):
        return privacy.excerpt_label(None, obj.excerpt)

    def _swap_excerpt(self, request, names):
        if privacy.can_see_confidential(request.user):
            return names
        return [("excerpt_public" if name == "excerpt" else name) for name in names]

    def get_list_display(self, request):
        return self._swap_excerpt(request, super().get_list_display(request))

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if "excerpt" in super().get_readonly_fields(request, obj):
            return self._swap_excerpt(request, fields)
        return fields

    def get_readonly_fields(self, request, obj=None):
        return self._swap_excerpt(request, list(super().get_readonly_fields(request, obj)))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "excerpt" and field is not None:
            field.label_from_instance = lambda excerpt: privacy.excerpt_label(request.user, excerpt)
        return field


def _hidden_history_fields(request, model) -> set[str]:
    if privacy.can_see_identity(request.user):
        return set()
    hidden = set(CONFIDENTIAL_FIELDS.get(model, ()))
    for field in model._meta.get_fields():
        if isinstance(field, models.ForeignKey) and field.related_model is Submitter:
            hidden.add(field.name)
    if model is Submitter:
        hidden |= {field.name for field in model._meta.concrete_fields}
    return hidden


def _holds_identity(model) -> bool:
    return model is Submitter or any(
        isinstance(field, models.ForeignKey) and field.related_model is Submitter
        for field in model._meta.get_fields()
    )


def _relabel_excerpts(request, delta):
    """A changed excerpt shows as its quote: for users who may not read confidential evidence, a quote
    from it shows as `privacy.excerpt_label` instead."""
    if privacy.can_see_confidential(request.user):
        return delta

    def label(value):
        return privacy.excerpt_label(request.user, value) if isinstance(value, Excerpt) else value

    changes = [
        dataclasses.replace(change, old=label(change.old), new=label(change.new)) for change in delta.changes
    ]
    return dataclasses.replace(delta, changes=changes)


def protect_history_views() -> None:
    """django-simple-history (3.13) saves a POST to the history form ("revert") for any user who may
    *view* the object, and shows foreign-key values in history diffs. For every SimpleHistoryAdmin:
    the history form needs change permission (and identity access when the model holds a submitter),
    and diffs leave out submitter and confidential fields for users without identity access."""
    if getattr(SimpleHistoryAdmin, "_privacy_protected", False):
        return
    original_form_view = SimpleHistoryAdmin.history_form_view

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and not self.has_change_permission(request, obj):
            raise PermissionDenied
        if _holds_identity(self.model) and not privacy.can_see_identity(request.user):
            raise PermissionDenied
        return original_form_view(self, request, object_id, version_id, extra_context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        hidden = _hidden_history_fields(request, self.model)
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = _relabel_excerpts(
                    request,
                    previous.diff_against(
                        current, excluded_fields=hidden, foreign_keys_are_objs=foreign_keys_are_objs
                    ),
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

    SimpleHistoryAdmin.history_form_view = history_form_view
    SimpleHistoryAdmin.set_history_delta_changes = set_history_delta_changes
    SimpleHistoryAdmin._privacy_protected = True


class ReadOnlyAdmin(admin.ModelAdmin):
    """Append-only records: nobody adds, edits or deletes them through the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action", "what", "object_ids", "path"]
    list_filter = ["action", "what"]
    list_select_related = ["user"]
    search_fields = ["user__username", "what", "path"]
    date_hierarchy = "at"
    show_full_result_count = False


@admin.register(ErasureRecord)
class ErasureRecordAdmin(ReadOnlyAdmin):
    list_display = ["submitter_id", "reason", "erased_at", "erased_by", "reapplied_at"]
    list_filter = ["reason"]
    list_select_related = ["erased_by"]
    search_fields = ["=submitter_id"]
