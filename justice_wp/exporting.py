"""The one place exports are made safe for spreadsheets; every resource derives from SafeModelResource.

A cell starting with = + - @ (or a tab / carriage return, which Excel strips before looking) is run
as a formula when the file is opened ("CSV injection"). We prefix such text with ' so it shows as
text. django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only handles "=" (and
deletes it, changing the data), so it is turned off in settings and this is used instead."""

from import_export import resources
from import_export.formats import base_formats

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


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
        from evidence.privacy import access_log_record

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


class SafeExportAdminMixin:
    """Admin export in CSV (UTF-8 with BOM), XLSX or JSON through our resources, which are given
    the requesting user (to decide whose identities they may see)."""

    formats = [base_formats.CSV, base_formats.XLSX, base_formats.JSON]
    to_encoding = "utf-8-sig"

    def get_export_resource_kwargs(self, request, **kwargs):
        return {
            **super().get_export_resource_kwargs(request, **kwargs),
            "user": request.user,
            "request": request,
        }


def export_bytes(resource, queryset, file_format: str) -> bytes:
    """Export through a resource to csv (UTF-8 with BOM, so Excel shows £ and “ ” right), xlsx or json."""
    dataset = resource.export(queryset=queryset)
    if file_format == "csv":
        return dataset.export("csv").encode("utf-8-sig")
    if file_format == "json":
        return dataset.export("json").encode()
    if file_format == "xlsx":
        return dataset.export("xlsx")
    raise ValueError(f"Unknown export format {file_format!r}; use csv, xlsx or json.")
