"""Admin forms that carry the version they were loaded at and show a conflict instead of overwriting."""

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.forms.models import model_to_dict

from editing.conflicts import FieldChange, display, fingerprint, last_changed_by, submitted_value
from editing.services import conflict_message


@dataclass(frozen=True)
class VersionToken:
    """The version a page was loaded at; after a conflict, also the version (`base`) its edits
    started from; and fingerprints of the values the editor started from (`prints`)."""

    version: int
    base: int
    prints: dict = field(default_factory=dict, compare=False)

    def __str__(self) -> str:
        prints = ",".join(f"{name}={digest}" for name, digest in self.prints.items())
        return f"{self.version}:{self.base}:{prints}"

    @classmethod
    def parse(cls, value: str) -> "VersionToken":
        version, _, rest = str(value).partition(":")
        base, _, prints = rest.partition(":")
        pairs = (item.partition("=") for item in prints.split(",") if item)
        return cls(int(version), int(base or version), {name: digest for name, _, digest in pairs})


class VersionField(forms.Field):
    """Hidden; never user input, so never "changed"."""

    widget = forms.HiddenInput

    def to_python(self, value):
        if value in (None, "") or isinstance(value, VersionToken):
            return value or None
        try:
            return VersionToken.parse(value)
        except ValueError:
            raise ValidationError("This form is damaged: reload the page and try again.") from None

    def prepare_value(self, value):
        return "" if value is None else str(value)

    def has_changed(self, initial, data):
        return False


class VersionedModelForm(forms.ModelForm):
    """Refuses a save made from a stale copy with the changes saved since (`self.conflict`), keeping
    what the editor typed; the save after that applies only the fields this editor changed."""

    conflict: list = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" not in self.fields:
            return
        self.fields["version"] = VersionField(required=False)
        if self.instance.pk is not None:
            prints = {
                name: fingerprint(self._model_field(name), self.initial.get(name)) for name in self._edited()
            }
            version = self.instance.version
            self.initial["version"] = VersionToken(version, version, prints)

    def _model_field(self, name):
        return self._meta.model._meta.get_field(name)

    def _edited(self) -> list[str]:
        names = {f.name for f in self._meta.model._meta.get_fields() if f.concrete and not f.primary_key}
        return [name for name in self.fields if name in names and name != "version"]

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
        names = [name for name in self._edited() if name in token.prints]
        stored = model_to_dict(model._base_manager.get(pk=self.instance.pk), fields=names)
        theirs = [
            name
            for name in names
            if fingerprint(self._model_field(name), stored.get(name)) != token.prints[name]
        ]
        yours = {
            name
            for name in names
            if name in cleaned and fingerprint(self._model_field(name), cleaned[name]) != token.prints[name]
        }
        if current != token.version and (theirs or not token.prints):
            self.conflict = self._changes(model, token, theirs, stored, cleaned, yours)
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = str(VersionToken(current, token.base, token.prints))
            raise ValidationError(
                conflict_message(obj=self.instance, changes=self.conflict), code="version_conflict"
            )
        cleaned["version"] = current
        # Saved meanwhile (or saving again after a conflict): what this editor left alone keeps
        # the other's change.
        for name in names:
            if name in cleaned and name not in yours:
                del cleaned[name]
        return cleaned

    def _changes(self, model, token, theirs, stored, cleaned, yours) -> list[FieldChange]:
        records = last_changed_by(model, self.instance.pk, token.base, theirs)
        changes = []
        for name in theirs:
            model_field = self._model_field(name)
            record = records.get(name)
            changes.append(
                FieldChange(
                    name=name,
                    label=str(model_field.verbose_name).capitalize(),
                    theirs=display(model_field, submitted_value(model_field, stored.get(name))),
                    saved_by=str(record.history_user or "someone") if record else "someone",
                    saved_at=record.history_date if record else None,
                    yours=display(model_field, submitted_value(model_field, cleaned[name]))
                    if name in cleaned
                    else None,
                    you_changed=name in yours,
                )
            )
        return changes
