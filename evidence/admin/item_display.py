"""What the evidence item page shows besides the fields themselves (issue 20): no empty workflow
controls for those who cannot move the item, no empty survey answers table on items that are not
survey responses, and no machine-made ids presented as if they meant something."""

from django.contrib import admin

from evidence.models import EvidenceItem

MOVE_FIELDS = ("move_to", "move_exclusion_reason", "move_reason")
GENERATED_PREFIX = "auto-"  # evidence/importing/planning.py: rows without a response id


def is_generated(external_id: str) -> bool:
    return external_id.startswith(GENERATED_PREFIX)


class ItemDisplayMixin:
    survey_answer_inline: type | None = None

    def _external_id_readonly(self, request, obj) -> bool:
        if obj is None:
            return False
        return is_generated(obj.external_id) or not self.has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        drop = set() if obj is None or self.has_change_permission(request, obj) else set(MOVE_FIELDS)
        swap = self._external_id_readonly(request, obj)
        cleaned = []
        for name, options in fieldsets:
            fields = [
                ("external_id_shown" if swap and field == "external_id" else field)
                for field in options["fields"]
                if field not in drop
            ]
            if fields:
                cleaned.append((name, {**options, "fields": fields}))
        return cleaned

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "external_id_shown"] if self._external_id_readonly(request, obj) else fields

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if obj is not None and obj.survey_id is None and obj.kind != EvidenceItem.Kind.SURVEY_RESPONSE:
            return [inline for inline in inlines if type(inline) is not self.survey_answer_inline]
        return inlines

    @admin.display(description="External id")
    def external_id_shown(self, item):
        if not item.external_id:
            return "— (none)"
        if is_generated(item.external_id):
            return "Generated on import (the survey file had no response id)"
        return item.external_id
