from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("calendar.ics", views.calendar_ics, name="calendar"),
    path("<int:pk>.ics", views.meeting_ics, name="meeting_ics"),
]
