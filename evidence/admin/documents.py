"""Documents as evidence in the admin: "Upload documents" (several files → one item each), the note
on items whose attachment gave no text, and the messages after an attachment is read."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from evidence import documents, services
from evidence.admin.widgets import use_autocomplete
from evidence.models import EvidenceItem, Submitter, Theme
from evidence.validators import validate_not_future


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            raise ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class DocumentUploadForm(forms.Form):
    files = MultipleFileField(
        label="Documents",
        help_text="PDF, Word (.docx), OpenDocument (.odt) or plain text; several at once. Each becomes "
        "an evidence item titled after its file name, with the document's text as its body.",
    )
    kind = forms.ChoiceField(
        choices=[c for c in EvidenceItem.Kind.choices if c[0] != EvidenceItem.Kind.SURVEY_RESPONSE],
        initial=EvidenceItem.Kind.WRITTEN_SUBMISSION,
    )
    received_on = forms.DateField(
        initial=timezone.localdate,
        validators=[validate_not_future],
        help_text="The day the documents arrived.",
    )
    confidentiality = forms.ChoiceField(
        choices=EvidenceItem.Confidentiality.choices, initial=EvidenceItem.Confidentiality.ANONYMISED
    )
    submitter = forms.ModelChoiceField(
        queryset=Submitter.objects.filter(erased_at__isnull=True),
        required=False,
        help_text="Optional: who sent all of these (leave empty and set it on each item otherwise).",
    )
    themes = forms.ModelMultipleChoiceField(queryset=Theme.objects.all(), required=False)

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        use_autocomplete(self, admin_site, "submitter", "themes")

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        limit = settings.EVIDENCE_DOCUMENT_MAX_FILES
        if len(uploads) > limit:
            raise ValidationError(f"{len(uploads)} files chosen; upload at most {limit} at a time.")
        read, errors, pages = [], [], 0
        attachment = EvidenceItem._meta.get_field("attachment")
        for upload in uploads:
            probe = EvidenceItem(attachment=upload)
            try:
                attachment.run_validators(probe.attachment)
                # One request reads at most EVIDENCE_DOCUMENT_MAX_PAGES pages, however many files.
                budget = settings.EVIDENCE_DOCUMENT_MAX_PAGES - pages
                document = documents.document_text(probe.attachment, max_pages=budget)
                pages += document.pages or 0
                read.append((upload, document))
            except ValidationError as error:
                errors.append(ValidationError(f"{upload.name}: {' '.join(error.messages)}"))
        if errors:
            raise ValidationError(errors)
        return read

    def template_item(self) -> EvidenceItem:
        data = self.cleaned_data
        return EvidenceItem(
            kind=data["kind"],
            received_on=data["received_on"],
            confidentiality=data["confidentiality"],
            submitter=data["submitter"],
        )


class MissingTextFilter(admin.SimpleListFilter):
    """Items whose attachment gave no text and nobody has written any: the transcripts to do."""

    title = "text"
    parameter_name = "text"

    def lookups(self, request, model_admin):
        if not model_admin.has_change_permission(request):
            return []
        return [("missing", "Attachment without text")]

    def queryset(self, request, queryset):
        if self.value() != "missing" or not self.lookup_choices:
            return queryset
        return queryset.exclude(attachment="").filter(Q(body="") & Q(summary=""))


def report_document(modeladmin, request, item, document, *, typed_body: bool) -> None:
    """Tell the user what reading the attachment gave (nothing when nothing was read)."""
    if document is None:
        return
    if document.note:
        modeladmin.message_user(request, f"{item.reference}: {document.note}", messages.WARNING)
    if document.text and typed_body:
        modeladmin.message_user(
            request,
            f"{item.reference}: the text you typed was kept; empty the body and save to use the "
            "document's text instead.",
            messages.INFO,
        )


class DocumentUploadAdminMixin:
    """Adds "Upload documents" to the evidence item admin, and the no-text note to the item page."""

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_document_upload_permission": self.has_add_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "upload-documents/",
                self.admin_site.admin_view(self.document_upload_view),
                name="evidence_evidenceitem_upload_documents",
            ),
            *super().get_urls(),
        ]

    def get_fieldsets(self, request, obj=None):
        """The note is a to-do for whoever can edit the item; others have nothing to act on."""
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_change_permission(request, obj):
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "document_note"]})
            for name, options in fieldsets
        ]

    @admin.display(description="Text of the attachment")
    def document_note(self, item):
        return documents.missing_text_note(item) or "—"

    def document_upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = DocumentUploadForm(request.POST or None, request.FILES or None, admin_site=self.admin_site)
        if request.method == "POST" and form.is_valid():
            try:
                items = services.evidence_log_documents(
                    uploads=form.cleaned_data["files"],
                    template=form.template_item(),
                    by=request.user,
                    themes=form.cleaned_data["themes"],
                )
            except ValidationError as error:
                form.add_error(None, error)
                return self._document_upload_page(request, form)
            self.message_user(
                request,
                f"Logged {len(items)} document(s) as evidence: {', '.join(i.reference for i in items)}.",
                messages.SUCCESS,
            )
            for item, (_, document) in zip(items, form.cleaned_data["files"], strict=True):
                report_document(self, request, item, document, typed_body=False)
            ids = ",".join(str(item.pk) for item in items)
            return redirect(f"{reverse('admin:evidence_evidenceitem_changelist')}?id__in={ids}")
        return self._document_upload_page(request, form)

    def _document_upload_page(self, request, form):
        context = {
            **self.admin_site.each_context(request),
            "title": "Upload documents as evidence",
            "opts": self.model._meta,
            "form": form,
            "media": self.media + form.media,
            "max_files": settings.EVIDENCE_DOCUMENT_MAX_FILES,
            "max_pages": settings.EVIDENCE_DOCUMENT_MAX_PAGES,
        }
        return TemplateResponse(request, "admin/evidence/evidenceitem/document_upload.html", context)
