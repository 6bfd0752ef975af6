"""The one place exports are made safe for spreadsheets: escape_formula, used by every resource
(through evidence.exporting.SafeModelResource) and every CSV we write ourselves. The one module of
the project package the apps may import (docs/architecture.md): it imports no app.

A cell starting with = + - @ (or a tab / carriage return, which Excel strips before looking) is run
as a formula when the file is opened ("CSV injection"). We prefix such text with ' so it shows as
text. django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only handles "=" (and
deletes it, changing the data), so it is turned off in settings and this is used instead."""

from import_export.formats import base_formats

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


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
