"""Admin forms whose validation is the services' own (the chair-override rule, locating a span), so a
refused decision or redaction is an error on the form, never a server error."""

from django.core.exceptions import ValidationError

from editing.forms import VersionedModelForm
from publication import services
from publication.models import RedactionReason


class PublicationDecisionForm(VersionedModelForm):
    user = None  # set by the admin's get_form

    def _post_clean(self):
        super()._post_clean()
        if self.errors or not self.instance.item_id:
            return
        try:
            services.decision_check(
                item=self.instance.item,
                outcome=self.instance.outcome,
                reason=self.instance.reason,
                by=self.user,
            )
        except ValidationError as error:
            self._update_errors(error)


class RedactionForm(VersionedModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "reason" in self.fields:
            current = self.instance.reason_id if self.instance.pk else None
            self.fields["reason"].queryset = RedactionReason.objects.filter(active=True) | (
                RedactionReason.objects.filter(pk=current)
            )

    def _post_clean(self):
        super()._post_clean()
        if self.errors or not self.instance.item_id:
            return
        try:
            services.redaction_validate(redaction=self.instance)
        except ValidationError as error:
            self._update_errors(error)
