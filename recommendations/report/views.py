"""Admin pages for the report: the HTML preview and the Word download (wrapped in admin_view)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse

from recommendations.report import build_docx, report_data
from recommendations.report.html import annex_context

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _data(request):
    if not request.user.has_perm("recommendations.view_recommendation"):
        raise PermissionDenied
    return report_data(draft=request.GET.get("draft") == "1")


def preview(request):
    data = _data(request)
    return TemplateResponse(
        request,
        "admin/recommendations/report_preview.html",
        {
            **admin.site.each_context(request),
            "title": "Report preview (draft)" if data.draft else "Report preview",
            **annex_context(data),
        },
    )


def docx(request):
    data = _data(request)
    name = f"oaj-report-{data.generated_on:%Y-%m-%d}{'-DRAFT' if data.draft else ''}.docx"
    response = HttpResponse(build_docx(data), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
