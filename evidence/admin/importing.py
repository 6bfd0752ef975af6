"""Admin "Import survey responses": upload → preview (mapping, counts, every error) → confirm.

The upload is kept in the database (ImportUpload) between preview and confirm, so any app server can
handle the confirm request. Only users who may add evidence items (secretariat, chair) can import."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path

from evidence import import_services, privacy, services
from evidence.admin.batches import batch_items_url
from evidence.importing import ImportRefused, cache
from evidence.importing.columns import ROLE_LABELS
from evidence.intake import intake_options
from evidence.models import ImportBatch, ImportUpload, Survey
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
            ImportUpload.objects.select_related("survey").defer("content", "plan_cache", "preview_cache"),
            pk=upload_id,
            uploaded_by=request.user,
        )
        if request.method == "POST" and "cancel" in request.POST:
            import_upload_discard(upload=upload)
            self.message_user(request, "Import cancelled; the uploaded file was deleted.", messages.INFO)
            return redirect("admin:evidence_evidenceitem_changelist")
        if request.method == "POST" and "create_questions" in request.POST:
            return self._create_questions(request, upload)
        try:
            if request.method == "POST" and "confirm" in request.POST:
                plan = self._checked_plan(request, upload, cache_field="plan_cache")
                if plan.ok:
                    with transaction.atomic():
                        services.survey_responses_write(plan=plan, by=request.user)
                        written = plan.batch.items.select_related("submitter") if plan.batch else []
                        notes = intake_apply(request, written)
                    return self._imported(request, upload, plan, notes)
            plan = self._checked_plan(request, upload, cache_field="preview_cache")
        except ImportRefused as error:
            import_upload_discard(upload=upload)  # it can never be imported: keep no personal data
            return TemplateResponse(
                request,
                "admin/evidence/evidenceitem/import_preview.html",
                self._context(request, "Import survey responses", upload=upload, refused=str(error)),
            )
        return TemplateResponse(
            request,
            "admin/evidence/evidenceitem/import_preview.html",
            self._context(
                request,
                "Check the import" if plan.ok else "Fix the file and upload it again",
                upload=upload,
                plan=plan,
                roles=[(ROLE_LABELS[role], column) for role, column in plan.columns.roles.items()],
                questions=_questions_beside_columns(upload.survey, plan),
                can_add_questions=request.user.has_perm("evidence.add_surveyquestion"),
                intake_options=intake_options(request.user),
                # The submitter as members will see them: the preview must not teach otherwise.
                samples=[(response, _as_members_see(response.submitter)) for response in plan.responses],
                earlier_imports=ImportBatch.objects.filter(sha256=plan.sha256, undone_at__isnull=True)
                .select_related("imported_by")
                .order_by("imported_at")[:3],
            ),
        )

    def _create_questions(self, request, upload: ImportUpload):
        """Add the ticked columns as questions of the upload's survey, then check the file again."""
        if not request.user.has_perm("evidence.add_surveyquestion"):
            raise PermissionDenied
        summary = self._checked_plan(request, upload, cache_field="preview_cache")
        ticked = set(request.POST.getlist("new_question"))
        columns = [column for column in summary.columns.unknown if str(column.index) in ticked]
        if not columns:
            self.message_user(request, "Tick the columns to add as questions.", messages.WARNING)
        else:
            added = import_services.survey_questions_add(
                survey=upload.survey, texts=[column.header for column in columns], by=request.user
            )
            ImportUpload.objects.filter(pk=upload.pk).update(plan_cache=None, preview_cache=None)
            self.message_user(
                request,
                f"Added {len(added)} question(s) to “{upload.survey}”: "
                + ", ".join(question.code for question in added)
                + ". The file has been checked again against them.",
                messages.SUCCESS,
            )
        return redirect("admin:evidence_evidenceitem_import_survey_preview", upload_id=upload.pk)

    @staticmethod
    def _checked_plan(request, upload: ImportUpload, *, cache_field: str):
        """The upload's whole plan (plan_cache) or its preview summary (preview_cache): from the cache,
        or read and checked once and both cached."""
        stored = ImportUpload.objects.filter(pk=upload.pk).values_list(cache_field, flat=True).first()
        plan = cache.load(stored)
        if plan is None:
            content = ImportUpload.objects.filter(pk=upload.pk).values_list("content", flat=True).get()
            plan = services.survey_responses_plan(
                survey=upload.survey, content=bytes(content), filename=upload.filename, by=request.user
            )
            summary = plan.summary()
            ImportUpload.objects.filter(pk=upload.pk).update(
                plan_cache=cache.dump(plan), preview_cache=cache.dump(summary)
            )
            plan = plan if cache_field == "plan_cache" else summary
        return plan

    def _imported(self, request, upload: ImportUpload, plan, notes=()):
        upload.delete()
        skipped = (
            f"; {len(plan.already_imported)} already imported were skipped" if plan.already_imported else ""
        )
        self.message_user(
            request, f"Imported {plan.written} response(s) into “{upload.survey}”{skipped}.", messages.SUCCESS
        )
        for note in notes:
            self.message_user(request, note, messages.INFO)
        return redirect(batch_items_url(plan.batch.pk))


def intake_apply(request, items) -> list[str]:
    """Apply the intake options (evidence.intake) ticked on the form to the items just written."""
    items = list(items)
    notes = [
        option.apply(items=items, by=request.user)
        for option in intake_options(request.user)
        if request.POST.get(option.name) and items
    ]
    return [note for note in notes if note]


def _questions_beside_columns(survey, plan) -> list:
    """The survey's questions, each with the file's column answering it (or None)."""
    column_of = {question.pk: column for column, question in plan.columns.questions}
    return [(question, column_of.get(question.pk)) for question in survey.questions.all()]


def _as_members_see(submitter) -> str:
    if submitter is None:
        return "no respondent details given"
    return privacy.submitter_label(None, submitter)
