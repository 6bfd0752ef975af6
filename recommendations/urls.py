from django.urls import path

from recommendations import progress, views

app_name = "recommendations"

urlpatterns: list = [
    path("matrix/", views.matrix, name="matrix"),
    path("matrix.csv", views.matrix_csv, name="matrix_csv"),
    path("progress/", progress.progress, name="progress"),
]
