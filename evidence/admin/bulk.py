"""The evidence list's "Edit selected…" action: one intermediate form, then a summary of what changed."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse

from evidence.admin.widgets import use_autocomplete
from evidence.bulk_edit import (
    ADD,
    CHOICES,
    RELATIONS,
    REMOVE,
    SET,
    BulkChanges,
    edit_token,
    evidence_bulk_edit,
)
from evidence.models import EvidenceItem, Organisation, Sector, Theme

# Every changed item is validated and saved with its history row inside one transaction.
MAX_ITEMS = 500
MODES = [("", "Leave as they are"), (ADD, "Add"), (REMOVE, "Remove"), (SET, "Replace with")]
QUERYSETS = {
    "themes": Theme.objects.select_related("parent"),
    "sectors": Sector.objects.all(),
    "public_bodies": Organisation.objects.all(),
    "providers": Organisation.objects.all(),
}


class BulkEditForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "Leave as it is"), *EvidenceItem.Kind.choices], required=False)
    confidentiality = forms.ChoiceField(
        choices=[("", "Leave as it is"), *EvidenceItem.Confidentiality.choices], required=False
    )
    seen = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        for name in RELATIONS:
            label = EvidenceItem._meta.get_field(name).verbose_name
            self.fields[f"{name}_mode"] = forms.ChoiceField(
                label=label.capitalize(), choices=MODES, required=False
            )
            self.fields[name] = forms.ModelMultipleChoiceField(
                QUERYSETS[name], required=False, label=f"{label.capitalize()} to add, remove or use"
            )
        use_autocomplete(self, admin_site, *RELATIONS)

    def clean(self):
        cleaned = super().clean()
        for name in RELATIONS:
            mode, chosen = cleaned.get(f"{name}_mode"), cleaned.get(name)
            if mode in (ADD, REMOVE) and not chosen:
                self.add_error(
                    name, f"Choose the {self.fields[name].label.split(' to ')[0].lower()} to {mode}."
                )
        if not any(cleaned.get(name) for name in CHOICES) and not any(
            cleaned.get(f"{name}_mode") for name in RELATIONS
        ):
            raise ValidationError("Choose at least one change to make.")
        return cleaned

    def clean_seen(self):
        try:
            return {
                int(pk): token
                for pk, token in (pair.split("=", 1) for pair in self.cleaned_data["seen"].split())
            }
        except ValueError:
            raise ValidationError("The form is damaged; select the items and open it again.") from None

    def changes(self) -> BulkChanges:
        data = self.cleaned_data
        return BulkChanges(
            kind=data["kind"],
            confidentiality=data["confidentiality"],
            relations={
                name: (data[f"{name}_mode"], data[name] or ()) for name in RELATIONS if data[f"{name}_mode"]
            },
        )


def _seen(items) -> str:
    return " ".join(f"{item.pk}={edit_token(item)}" for item in items)


class BulkEditAdminMixin:
    @admin.action(description="Edit selected (codes, kind, confidentiality)…", permissions=["change"])
    def bulk_edit(self, request, queryset):
        if queryset.count() > MAX_ITEMS:
            self.message_user(
                request,
                f"Select at most {MAX_ITEMS} items to edit at a time (filter the list first).",
                messages.ERROR,
            )
            return None
        items = list(queryset.order_by("reference").prefetch_related("themes__parent"))
        applying = "apply" in request.POST
        form = BulkEditForm(request.POST if applying else None, admin_site=self.admin_site)
        if applying and form.is_valid():
            try:
                changed = evidence_bulk_edit(
                    item_ids=[item.pk for item in items],
                    seen=form.cleaned_data["seen"],
                    changes=form.changes(),
                    by=request.user,
                )
            except ValidationError as error:
                data = request.POST.copy()
                data["seen"] = _seen(items)  # as they are now, so applying again can succeed
                form = BulkEditForm(data, admin_site=self.admin_site)
                form.is_valid()
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    f"Changed {len(changed)} of {len(items)} selected item(s); "
                    f"{len(items) - len(changed)} already as asked.",
                    messages.SUCCESS,
                )
                return TemplateResponse(
                    request,
                    "admin/evidence/evidenceitem/bulk_edit_done.html",
                    self._bulk_context(request, "What changed", changed=changed),
                )
        elif not applying:
            form.initial["seen"] = _seen(items)
        return TemplateResponse(
            request,
            "admin/evidence/evidenceitem/bulk_edit.html",
            self._bulk_context(request, f"Edit {len(items)} evidence item(s)", items=items, form=form),
        )

    def _bulk_context(self, request, title: str, **extra):
        form = extra.get("form")
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "media": self.media + form.media if form else self.media,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            **extra,
        }
