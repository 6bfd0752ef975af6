from django.urls import path

from recommendations import views
from recommendations.implementation import views as implementation_views

app_name = "recommendations"

urlpatterns: list = [
    path("matrix/", views.matrix, name="matrix"),
    path("matrix.csv", views.matrix_csv, name="matrix_csv"),
    path("progress/", implementation_views.progress, name="progress"),
]
