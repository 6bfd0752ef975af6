from django.urls import path

from recommendations import progress

app_name = "recommendations"

urlpatterns: list = [
    path("progress/", progress.progress, name="progress"),
]
