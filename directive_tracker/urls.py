from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from directive_tracker import forms, views
from reports.search.views import search_page
from reports.views.health import healthz
from reports.views.help import help_index, help_role

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=forms.LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Password change (logged in) and reset by e-mail, with the templates in
    # templates/registration/; the reset link is also how a new account chooses its password.
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(form_class=forms.PasswordChangeForm),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=forms.PasswordResetForm),
        name="password_reset",
    ),
    path(
        "accounts/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=forms.SetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path(
        "",
        include(
            (
                [path("directives/<int:pk>/", views.directive_detail, name="directive_detail")],
                "assignments",
            )
        ),
    ),
    path("reports/", include("reports.urls")),
    path("signatures/", include("signatures.urls")),
    path("search/", search_page, name="search"),
    path("help/", help_index, name="help"),
    path("help/<str:role>/", help_role, name="help_role"),
    path("api/", include("api.urls")),
    # For the host's monitoring: the database and the reminder job (no login).
    path("healthz", healthz, name="healthz"),
]

handler400 = "directive_tracker.errors.bad_request"
handler403 = "directive_tracker.errors.permission_denied"
handler404 = "directive_tracker.errors.page_not_found"
handler500 = "directive_tracker.errors.server_error"
