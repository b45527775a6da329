from django.urls import path

from .views import dashboard as dashboard_views
from .views import notifications as notification_views
from .views import progress as progress_views
from .views import records as record_views
from .views import reminders as reminder_views
from .views import summaries as summary_views

app_name = "reports"

urlpatterns = [
    # A body's progress report, its evidence files, and the duties' indicators (issue 3).
    path("<int:pk>/", progress_views.report_detail, name="report_detail"),
    path("<int:pk>/edit/", progress_views.report_edit, name="report_edit"),
    path("evidence/<int:pk>/", progress_views.evidence_download, name="evidence_download"),
    # The board marks a passage of an entry for the periodic summary (issue 10).
    path("entries/<int:pk>/highlight/", progress_views.entry_highlight, name="entry_highlight"),
    path(
        "directives/<int:directive_pk>/indicators/",
        progress_views.indicator_list,
        name="indicator_list",
    ),
    path(
        "duties/<int:duty_pk>/indicators/new/",
        progress_views.indicator_create_view,
        name="indicator_create",
    ),
    path("indicators/<int:pk>/", progress_views.indicator_update_view, name="indicator_update"),
    path(
        "indicators/<int:pk>/delete/",
        progress_views.indicator_delete_view,
        name="indicator_delete",
    ),
    # The reminder job's status for the board and administrators (issue 6).
    path("reminders/", reminder_views.reminder_list, name="reminder_list"),
    # The board's dashboard, reviewing and chasing (issue 4).
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path(
        "dashboard/export.<str:fmt>",
        dashboard_views.dashboard_export,
        name="dashboard_export",
    ),
    path("list/", dashboard_views.report_list, name="report_list"),
    path("<int:pk>/accept/", dashboard_views.report_accept_view, name="report_accept"),
    path("<int:pk>/return/", dashboard_views.report_return_view, name="report_return"),
    path(
        "periods/<int:period_pk>/chase/<int:body_pk>/",
        dashboard_views.chase_body_view,
        name="chase_body",
    ),
    path(
        "periods/<int:period_pk>/chase-late/",
        dashboard_views.chase_late_view,
        name="chase_late",
    ),
    path("notifications/", notification_views.notification_list, name="notification_list"),
    path(
        "notifications/<int:pk>/read/",
        notification_views.notification_read,
        name="notification_read",
    ),
    path(
        "notifications/read-all/",
        notification_views.notification_read_all,
        name="notification_read_all",
    ),
    # Each body's record over the periods, and the year's ranking (issue 13).
    path("bodies/", record_views.body_ranking_view, name="body_ranking"),
    path("bodies/ranking.xlsx", record_views.body_ranking_export, name="body_ranking_export"),
    path("bodies/<int:pk>/", record_views.body_record_view, name="body_record"),
    # The periodic summary: assemble, edit, issue, download (issue 5).
    path("summaries/", summary_views.summary_index, name="summary_index"),
    path(
        "summaries/periods/<int:period_pk>/",
        summary_views.summary_period,
        name="summary_period",
    ),
    path(
        "summaries/periods/<int:period_pk>/assemble/",
        summary_views.summary_assemble_view,
        name="summary_assemble",
    ),
    path("summaries/<int:pk>/", summary_views.summary_detail, name="summary_detail"),
    path("summaries/<int:pk>/edit/", summary_views.summary_edit, name="summary_edit"),
    path("summaries/<int:pk>/issue/", summary_views.summary_issue_view, name="summary_issue"),
    path(
        "summaries/<int:pk>/new-version/",
        summary_views.summary_new_version_view,
        name="summary_new_version",
    ),
    path(
        "summaries/<int:pk>/download.<str:fmt>",
        summary_views.summary_download,
        name="summary_download",
    ),
]
