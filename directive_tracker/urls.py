from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from assignments import views as assignment_views
from reports.search.views import search_page
from reports.views.health import healthz
from reports.views.help import help_index, help_role

urlpatterns = [
    path("", assignment_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("assignments.urls")),
    path("reports/", include("reports.urls")),
    path("signatures/", include("signatures.urls")),
    path("search/", search_page, name="search"),
    path("help/", help_index, name="help"),
    path("help/<str:role>/", help_role, name="help_role"),
    path("api/", include("api.urls")),
    # For the host's monitoring: the database and the reminder job (no login).
    path("healthz", healthz, name="healthz"),
]
