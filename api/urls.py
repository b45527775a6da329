from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter(use_regex_path=False)
router.register("directives", views.DirectiveViewSet, basename="directive")
router.register("assignments", views.AssignmentViewSet, basename="assignment")
router.register("duties", views.DutyViewSet, basename="duty")
router.register("bodies", views.BodyViewSet, basename="body")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("periods", views.PeriodViewSet, basename="period")
router.register("reports", views.ReportViewSet, basename="report")
router.register("summaries", views.SummaryViewSet, basename="summary")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # A page for people: the sign-in page, not a 401, for a visitor without a session.
    path(
        "docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    path("calendar/", views.calendar_subscribe, name="calendar_subscribe"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
