from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from justice_wp.health import healthz

admin.site.site_header = "Outsourcing and Administrative Justice Working Party"
admin.site.site_title = "justice-wp"
admin.site.index_title = "Evidence, meetings and recommendations"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False), name="dashboard"),
    path("meetings/", include("meetings.urls")),
    path("recommendations/", include("recommendations.urls")),
    path(getattr(settings, "ADMIN_URL", "admin/"), admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
