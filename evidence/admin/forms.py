from django import forms
from django.core.exceptions import ValidationError

from editing.forms import VersionedModelForm
from evidence import documents, workflow
from evidence.models import EvidenceItem, ExclusionReason


class EvidenceItemForm(VersionedModelForm):
    """The admin form, plus an optional workflow step taken when the item is saved."""

    move_to = forms.ChoiceField(
        label="Move to status",
        required=False,
        help_text="Optional: take the next workflow step when you save.",
    )
    move_exclusion_reason = forms.ModelChoiceField(
        label="Exclusion reason",
        queryset=ExclusionReason.objects.filter(active=True),
        required=False,
        help_text="Required when excluding.",
    )
    move_reason = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Recorded in the item's history; required for a reason such as “Other”.",
    )

    class Meta:
        model = EvidenceItem
        fields = [
            "title",
            "kind",
            "survey",
            "external_id",
            "submitter",
            "received_on",
            "confidentiality",
            "summary",
            "body",
            "source_url",
            "attachment",
            "themes",
            "sectors",
            "public_bodies",
            "providers",
            "meeting",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.status if self.instance.pk else EvidenceItem.Status.RECEIVED
        targets = workflow.allowed_targets(current)
        self.fields["move_to"].choices = [("", "— stay as it is —")] + [
            (status.value, status.label) for status in EvidenceItem.Status if status in targets
        ]

    def _post_clean(self):
        """After the model's own checks (type, size, content), read the document's text, so a
        damaged or encrypted file is an error on the attachment field rather than a failed save."""
        super()._post_clean()
        self.document = None
        if "attachment" in self.errors:
            return
        try:
            self.document = documents.document_for_item(self.instance)
        except ValidationError as error:
            self.add_error("attachment", error)

    def clean(self):
        cleaned = super().clean()
        move_to = cleaned.get("move_to")
        if move_to:
            current = self.instance.status if self.instance.pk else EvidenceItem.Status.RECEIVED
            try:
                workflow.check(
                    current,
                    move_to,
                    reason=cleaned.get("move_reason", ""),
                    exclusion_reason=cleaned.get("move_exclusion_reason"),
                )
            except ValidationError as error:
                field = {
                    "reason_required": "move_reason",
                    "exclusion_reason_required": "move_exclusion_reason",
                }
                self.add_error(field.get(error.code, "move_to"), error)
        return cleaned


class ExclusionForm(forms.Form):
    exclusion_reason = forms.ModelChoiceField(
        label="Reason",
        queryset=ExclusionReason.objects.filter(active=True),
        help_text="Why these items are not evidence. The list is kept under Admin › Exclusion reasons.",
    )
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Recorded on each item; required for a reason such as “Other”.",
    )

    def clean(self):
        cleaned = super().clean()
        reason = cleaned.get("exclusion_reason")
        if reason is not None and reason.needs_note and not cleaned.get("note", "").strip():
            self.add_error("note", f"Say why: the reason “{reason}” needs a note.")
        return cleaned
