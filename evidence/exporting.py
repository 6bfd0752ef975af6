"""The base of every django-import-export resource: formula-escaped cells, access-logged reveals."""

from import_export import resources

from evidence.privacy import access_log_record
from justice_wp.exporting import escape_formula


class SafeModelResource(resources.ModelResource):
    """ModelResource whose every exported text cell goes through escape_formula, and which records in
    the access log the confidential data it wrote (rows call `reveal`; `export` logs once per kind)."""

    def __init__(self, user=None, request=None, log_path: str = "", **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.request = request
        self.log_path = log_path
        self._revealed: dict[str, set[int]] = {}

    def reveal(self, what: str, pk: int) -> None:
        """Note that this export includes confidential data of object `pk` (`what`: its model label)."""
        self._revealed.setdefault(what, set()).add(pk)

    def export(self, *args, **kwargs):
        dataset = super().export(*args, **kwargs)
        for what, ids in sorted(self._revealed.items()):
            access_log_record(
                user=self.user,
                action="export",
                what=what,
                object_ids=ids,
                request=self.request,
                path=self.log_path,
            )
        self._revealed = {}
        return dataset

    def export_resource(self, instance, selected_fields=None, **kwargs):
        return [
            escape_formula(value) for value in super().export_resource(instance, selected_fields, **kwargs)
        ]

    def get_export_headers(self, selected_fields=None):
        return [escape_formula(header) for header in super().get_export_headers(selected_fields)]
