"""Admin "Import survey responses": upload → preview (mapping, counts, every error) → confirm.

The upload is kept in the database (ImportUpload) between preview and confirm, so any app server can
handle the confirm request. Only users who may add evidence items (secretariat, chair) can import."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse

from evidence import services
from evidence.importing import ImportRefused
from evidence.importing.columns import ROLE_LABELS
from evidence.models import ImportUpload, Survey
from evidence.uploads import import_upload_discard, import_uploads_purge
from justice_wp.exporting import SafeExportAdminMixin


class SurveyImportForm(forms.Form):
    survey = forms.ModelChoiceField(
        queryset=Survey.objects.all(), help_text="The survey these responses answer."
    )
    file = forms.FileField(
        help_text="The survey tool's export: CSV (UTF-8 or Windows) or Excel .xlsx, one row per response."
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.EVIDENCE_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}; the import limit is {filesizeformat(limit)}. "
                "Split it into smaller files."
            )
        return upload


class SurveyImportAdminMixin(SafeExportAdminMixin):
    """Adds the import button and its views to the evidence item admin."""

    def has_survey_import_permission(self, request) -> bool:
        return request.user.has_perm("evidence.add_evidenceitem")

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_survey_import_permission": (self.has_survey_import_permission(request)),
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import-survey/", view(self.survey_import_view), name="evidence_evidenceitem_import_survey"),
            path(
                "import-survey/<int:upload_id>/",
                view(self.survey_import_preview_view),
                name="evidence_evidenceitem_import_survey_preview",
            ),
            *super().get_urls(),
        ]

    def _context(self, request, title: str, **extra):
        return {**self.admin_site.each_context(request), "title": title, "opts": self.model._meta, **extra}

    def survey_import_view(self, request):
        if not self.has_survey_import_permission(request):
            raise PermissionDenied
        form = SurveyImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            import_uploads_purge()
            upload = form.cleaned_data["file"]
            stored = ImportUpload.objects.create(
                survey=form.cleaned_data["survey"],
                filename=upload.name[:255],
                content=upload.read(),
                uploaded_by=request.user,
            )
            return redirect("admin:evidence_evidenceitem_import_survey_preview", upload_id=stored.pk)
        return TemplateResponse(
            request,
            "admin/evidence/evidenceitem/import_upload.html",
            self._context(request, "Import survey responses", form=form),
        )

    def survey_import_preview_view(self, request, upload_id: int):
        if not self.has_survey_import_permission(request):
            raise PermissionDenied
        upload = get_object_or_404(
            ImportUpload.objects.select_related("survey"), pk=upload_id, uploaded_by=request.user
        )
        if request.method == "POST" and "cancel" in request.POST:
            import_upload_discard(upload=upload)
            self.message_user(request, "Import cancelled; the uploaded file was deleted.", messages.INFO)
            return redirect("admin:evidence_evidenceitem_changelist")
        confirm = request.method == "POST" and "confirm" in request.POST
        try:
            plan = services.survey_responses_import(
                survey=upload.survey,
                content=bytes(upload.content),
                filename=upload.filename,
                by=request.user,
                dry_run=not confirm,
            )
        except ImportRefused as error:
            import_upload_discard(upload=upload)  # it can never be imported: keep no personal data
            return TemplateResponse(
                request,
                "admin/evidence/evidenceitem/import_preview.html",
                self._context(request, "Import survey responses", upload=upload, refused=str(error)),
            )
        if confirm and plan.ok:
            upload.delete()
            skipped = (
                f"; {len(plan.already_imported)} already imported were skipped"
                if plan.already_imported
                else ""
            )
            self.message_user(
                request,
                f"Imported {plan.written} response(s) into “{upload.survey}”{skipped}.",
                messages.SUCCESS,
            )
            return redirect(
                f"{reverse('admin:evidence_evidenceitem_changelist')}?survey__id__exact={upload.survey_id}"
            )
        if not (plan.ok and plan.responses):
            import_upload_discard(upload=upload)  # nothing to confirm: a fixed file comes as a new upload
        return TemplateResponse(
            request,
            "admin/evidence/evidenceitem/import_preview.html",
            self._context(
                request,
                "Check the import" if plan.ok else "Fix the file and upload it again",
                upload=upload,
                plan=plan,
                roles=[(ROLE_LABELS[role], column) for role, column in plan.columns.roles.items()],
            ),
        )
