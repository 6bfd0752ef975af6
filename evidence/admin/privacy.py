"""Admin pieces that show submitters and confidential text as the privacy policy allows.

`SubmitterPrivacyMixin` goes on any ModelAdmin whose model has a `submitter` foreign key; which
lookups, search fields and sort columns a user may use is decided for every admin by
evidence.admin.policy, and history pages by evidence.admin.history (see README "Privacy and security")."""

from functools import reduce
from operator import or_

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.text import smart_split, unescape_string_literal

from editing.display import truncated
from evidence import privacy
from evidence.models import EvidenceItem
from evidence.search import fulltext_available

# Read-only fields quoting confidential text, replaced for those users by a version without quotes.
CONFIDENTIAL_SUBSTITUTES = {"cited_by": "cited_by_public"}
CONFIDENTIAL_NOTE = (
    "Hidden: confidential. The full text, attachment, survey answers and excerpts of confidential "
    "evidence are shown only to the Secretariat and the Chair."
)


class SubmitterAccessLogMixin:
    """Listing or opening rows that show protected submitters is viewing their identity: logged as such
    (ids only). `submitter_of(row)` says whose a row is."""

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


class SubmitterPrivacyMixin:
    """Members see `public_name` instead of the submitter, cannot search by submitter, and do not see
    the confidential fields of confidential items. Users who can see identity are access-logged."""

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
        return truncated(privacy.submitter_label(None, obj.submitter, obj), 30)

    def get_search_results(self, request, queryset, search_term):
        """The policy leaves confidential text fields out of members' searches; here they are
        searched again, in items that are not confidential (each word must appear, as in the admin's
        own search)."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        hidden = [f for f in privacy.CONFIDENTIAL_TEXT.get(self.model, ()) if f in self.search_fields]
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
            set(privacy.CONFIDENTIAL_TEXT.get(self.model, ()))
            if not privacy.can_see_body(request.user, obj)
            else set()
        )
        cleaned, noted = [], False
        for name, options in fieldsets:
            fields = []
            for field in options["fields"]:
                if field == "submitter":
                    fields.append("submitter_public")
                elif hidden and field in CONFIDENTIAL_SUBSTITUTES:
                    fields.append(CONFIDENTIAL_SUBSTITUTES[field])
                elif field not in hidden:
                    fields.append(field)
                elif not noted:  # where the withheld text would be, say so
                    fields.append("confidential_note")
                    noted = True
            if fields:
                cleaned.append((name, {**options, "fields": fields}))
        return cleaned

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self._may_see(request):
            return fields
        substitutes = [name for field, name in CONFIDENTIAL_SUBSTITUTES.items() if field in fields]
        return [*fields, "submitter_public", "confidential_note", *substitutes]

    @admin.display(description="Hidden")
    def confidential_note(self, obj):
        return CONFIDENTIAL_NOTE

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
