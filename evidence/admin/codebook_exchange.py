"""Admin › Themes: export the codebook (CSV, REFI-QDA .qdc) and import one (upload → preview →
confirm). The preview page carries the file back in a hidden field, so the confirm request may
land on any app server and re-checks the file against the codebook as it is then."""

import base64
import binascii

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from evidence.codebook_exchange import (
    codebook_csv,
    codebook_import,
    codebook_plan,
    codebook_qdc,
    read_csv,
    read_qdc,
)

MAX_BYTES = 1024 * 1024


class CodebookUploadForm(forms.Form):
    file = forms.FileField(
        help_text="A codebook as CSV (name, parent, description, colour) or REFI-QDA .qdc."
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError("The file is over 1 MB: a codebook is much smaller. Is it the right file?")
        return upload


def _rows(name: str, content: bytes):
    return read_qdc(content) if name.lower().endswith((".qdc", ".xml")) else read_csv(content)


class CodebookExchangeAdminMixin:
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("export.csv", view(self.codebook_csv_view), name="evidence_theme_export_csv"),
            path("export.qdc", view(self.codebook_qdc_view), name="evidence_theme_export_qdc"),
            path("import/", view(self.codebook_import_view), name="evidence_theme_import"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        can_import = request.user.has_perms(["evidence.add_theme", "evidence.change_theme"])
        return super().changelist_view(request, {**(extra_context or {}), "can_import_codebook": can_import})

    def _download(self, request, content, content_type: str, filename: str) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def codebook_csv_view(self, request):
        return self._download(request, "\ufeff" + codebook_csv(), "text/csv; charset=utf-8", "codebook.csv")

    def codebook_qdc_view(self, request):
        return self._download(request, codebook_qdc(), "application/xml", "codebook.qdc")

    def codebook_import_view(self, request):
        if not request.user.has_perms(["evidence.add_theme", "evidence.change_theme"]):
            raise PermissionDenied
        form, plan, refused, name, encoded = CodebookUploadForm(), None, "", "", ""
        if request.method == "POST" and "content" in request.POST:
            name = request.POST.get("filename", "")
            try:
                content = base64.b64decode(request.POST["content"], validate=True)
            except (binascii.Error, ValueError):
                content = b""
        elif request.method == "POST":
            form = CodebookUploadForm(request.POST, request.FILES)
            content = form.cleaned_data["file"].read() if form.is_valid() else None
            name = form.cleaned_data["file"].name if form.is_valid() else ""
        else:
            content = None
        if content is not None:
            try:
                plan = codebook_plan(_rows(name, content))
            except ValidationError as error:
                refused = " ".join(error.messages)
            encoded = base64.b64encode(content).decode()
            if plan is not None and plan.ok and "confirm" in request.POST:
                codebook_import(plan=plan, by=request.user)
                self.message_user(
                    request,
                    f"Codebook imported: {len(plan.create)} theme(s) created, {len(plan.update)} updated, "
                    f"{len(plan.unchanged)} already as in the file.",
                    messages.SUCCESS,
                )
                return redirect("admin:evidence_theme_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "Import a codebook",
            "opts": self.model._meta,
            "form": form,
            "plan": plan,
            "refused": refused,
            "filename": name,
            "content": encoded,
        }
        return TemplateResponse(request, "admin/evidence/theme/import.html", context)
