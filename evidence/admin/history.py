"""The history pages every admin with history uses: `PrivateHistoryAdmin`.

django-simple-history (3.13) saves a POST to the history form ("revert") for any user who may *view*
the object, and shows every changed field's old and new values in the history list. Here: reverting
needs change permission (and identity access when the model points at a submitter); each change lists
the fields that changed, old → new, with many-to-many changes as "+ added, − removed", leaving out
what the privacy policy hides from the user (evidence.privacy.hidden_fields)."""

import dataclasses

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import ForeignKey, ManyToManyField
from django.utils.html import conditional_escape
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from evidence import privacy
from evidence.admin.policy import PolicyAdminMixin
from evidence.models import EvidenceItem, Excerpt, Submitter


def holds_identity(model) -> bool:
    return model is Submitter or any(
        isinstance(field, ForeignKey) and field.related_model is Submitter
        for field in model._meta.get_fields()
    )


class PolicyHistoryContextHelper(HistoricalRecordContextHelper):
    """One change of the history list, as the policy lets `user` see it."""

    def __init__(self, model, historical_record, *, user, hidden: set[str]):
        super().__init__(model, historical_record)
        self.user = user
        self.hidden = hidden

    def context_for_delta_changes(self, delta):
        context = []
        for change in delta.changes:
            if change.field in self.hidden:
                continue
            field = self.model._meta.get_field(change.field)
            if isinstance(field, ManyToManyField):
                context.append(self._m2m_change(field, change))
            else:
                context.append(super().context_for_delta_changes(_only(delta, change))[0])
        return context

    def _m2m_change(self, field, change) -> dict:
        old, new = (self.prepare_delta_change_value(change, value) for value in (change.old, change.new))
        old_keys, new_keys = {obj.pk for obj in old}, {obj.pk for obj in new}
        added = [str(obj) for obj in new if obj.pk not in old_keys]
        removed = [str(obj) for obj in old if obj.pk not in new_keys]
        parts = [f"+ {name}" for name in added] + [f"− {name}" for name in removed]
        return {
            "field": capfirst(field.verbose_name),
            "old": "",
            "new": "",
            "m2m": conditional_escape(", ".join(parts)),
        }

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if field.choices and not isinstance(value, list):
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, Excerpt):
            # A quote from confidential evidence is its body.
            return privacy.excerpt_label(self.user, value)
        return value


def _only(delta, change):
    return dataclasses.replace(delta, changes=[change])


class PrivateHistoryAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    """Base of every admin whose model has history (tested over the admin registry)."""

    object_history_list_template = "admin/evidence/history_list.html"

    def history_view(self, request, object_id, extra_context=None):
        # The helper is made per history record without the object: the fields to hide are worked
        # out once for the request, from the live evidence the object belongs to.
        request.history_hidden_fields = privacy.hidden_fields(
            request.user, self.model, self._evidence_of(request, unquote(object_id))
        )
        return super().history_view(request, object_id, extra_context)

    def _evidence_of(self, request, object_id) -> EvidenceItem | None:
        if privacy.can_see_identity(request.user) or self.model not in privacy.CONFIDENTIAL_TEXT:
            return None
        if self.model is EvidenceItem:
            return EvidenceItem.objects.filter(pk=object_id).only("confidentiality").first()
        item_field = next(
            f for f in self.model._meta.get_fields() if f.is_relation and f.related_model is EvidenceItem
        )
        return (
            EvidenceItem.objects.filter(**{f"{item_field.remote_field.name}__pk": object_id})
            .only("confidentiality")
            .first()
        )

    def get_historical_record_context_helper(self, request, historical_record):
        hidden = getattr(request, "history_hidden_fields", None)
        if hidden is None:
            hidden = privacy.hidden_fields(request.user, self.model)
        return PolicyHistoryContextHelper(self.model, historical_record, user=request.user, hidden=hidden)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and not self.has_change_permission(request, obj):
            raise PermissionDenied
        if holds_identity(self.model) and not privacy.can_see_identity(request.user):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
