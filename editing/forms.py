"""Admin forms that carry the version they were loaded at and show a conflict instead of overwriting."""

from dataclasses import dataclass, replace

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection

from editing.conflicts import changes_since, display, submitted_value
from editing.services import conflict_message


@dataclass(frozen=True)
class VersionToken:
    """The version a form was loaded at and, after a conflict, the version its edits started from."""

    version: int
    base: int

    def __str__(self) -> str:
        return str(self.version) if self.base == self.version else f"{self.version}:{self.base}"


class VersionField(forms.Field):
    """Hidden `version` (or `version:base` after a conflict); never user input, so never "changed"."""

    widget = forms.HiddenInput

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, VersionToken):
            return value
        try:
            version, _, base = str(value).partition(":")
            return VersionToken(int(version), int(base or version))
        except ValueError:
            raise ValidationError("This form is damaged: reload the page and try again.") from None

    def prepare_value(self, value):
        return str(value) if value is not None else ""

    def has_changed(self, initial, data):
        return False


class VersionedModelForm(forms.ModelForm):
    """Refuses a save made from a stale copy with the changes saved since (`self.conflict`), keeping
    what the editor typed; the save after that applies only the fields this editor changed."""

    conflict: list = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            self.fields["version"] = VersionField(required=False)

    def clean(self):
        cleaned = super().clean()
        token = cleaned.get("version")
        if self.instance.pk is None or token is None:
            if "version" in cleaned:
                cleaned["version"] = 1
            return cleaned
        cleaned["version"] = token.version
        model = type(self.instance)
        rows = model._base_manager.filter(pk=self.instance.pk)
        if connection.in_atomic_block:
            # The admin's transaction: a second editor waits here for the first to commit.
            rows = rows.select_for_update()
        current = rows.values_list("version", flat=True).get()
        if current == token.version == token.base:
            return cleaned
        changes, base = changes_since(model, self.instance.pk, token.base)
        yours = self._changed_by_you(model, cleaned, base)
        if current != token.version and (changes or not base):
            self.conflict = [
                replace(
                    change, yours=self._yours(model, change.name, cleaned), you_changed=change.name in yours
                )
                for change in changes
            ]
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = str(VersionToken(current, token.base))
            raise ValidationError(
                conflict_message(obj=self.instance, changes=changes), code="version_conflict"
            )
        cleaned["version"] = current
        if base:
            # Saved meanwhile (or saving again after a conflict): what this editor left alone keeps
            # the other's change.
            for name in [name for name in base if name in cleaned and name not in yours]:
                del cleaned[name]
        return cleaned

    def _changed_by_you(self, model, cleaned, base: dict) -> set[str]:
        if not base:
            return set(cleaned)
        return {
            name
            for name, value in cleaned.items()
            if name in base and submitted_value(model._meta.get_field(name), value) != base[name]
        }

    def _yours(self, model, name: str, cleaned: dict) -> str | None:
        if name not in cleaned:
            return None
        field = model._meta.get_field(name)
        return display(field, submitted_value(field, cleaned[name]))
