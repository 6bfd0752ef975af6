from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from evidence.attachments import attachment_download

admin.site.site_header = "Outsourcing and Administrative Justice Working Party"
admin.site.site_title = "justice-wp"
admin.site.index_title = "Evidence, meetings and recommendations"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False), name="dashboard"),
    path("meetings/", include("meetings.urls")),
    path("recommendations/", include("recommendations.urls")),
    path(getattr(settings, "ADMIN_URL", "admin/"), admin.site.urls),
    # Uploaded files, only for users allowed to read the evidence they belong to.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:name>", attachment_download, name="attachment"),
]
