from django.urls import path

from publication import views

app_name = "publication"

urlpatterns = [
    path("", views.published_list, name="published_list"),
    path("published.csv", views.published_csv, name="published_csv"),
    path("<str:reference>/", views.published_detail, name="published_detail"),
]
