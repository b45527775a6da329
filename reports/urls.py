from django.urls import path

from .views import reminders as reminder_views

app_name = "reports"

urlpatterns = [
    # The reminder job's status for the board and administrators (issue 6).
    path("reminders/", reminder_views.reminder_list, name="reminder_list"),
]
