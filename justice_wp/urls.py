from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from evidence.attachments import attachment_download
from justice_wp import dashboard
from justice_wp.health import healthz
from recommendations.report import views as report_views

admin.site.site_header = "Outsourcing and Administrative Justice Working Party"
admin.site.site_title = "justice-wp"
admin.site.index_title = "Evidence, meetings and recommendations"

ADMIN_URL = getattr(settings, "ADMIN_URL", "admin/")

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("meetings/", include("meetings.urls")),
    path("recommendations/", include("recommendations.urls")),
    path("accounts/", include("people.urls")),
    # Public pages (no login): published evidence, redacted (publication.selectors.published_items).
    path("evidence/published/", include("publication.urls")),
    # Report pages live under the admin (staff login, admin look) but are plain views, not a ModelAdmin.
    path(
        f"{ADMIN_URL}recommendations/report/preview/",
        admin.site.admin_view(report_views.preview),
        name="recommendations_report_preview",
    ),
    path(
        f"{ADMIN_URL}recommendations/report/docx/",
        admin.site.admin_view(report_views.docx),
        name="recommendations_report_docx",
    ),
    path(getattr(settings, "ADMIN_URL", "admin/"), admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # Uploaded files, only for users allowed to read the evidence they belong to.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:name>", attachment_download, name="attachment"),
]
