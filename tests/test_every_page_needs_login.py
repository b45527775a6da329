"""A sweep over every URL of the application: no page or action answers an anonymous visitor,
except the login page, the language switch, the health check and the password reset. The API
answers 401 (its clients are programs, not people to send to a login page), and a calendar feed,
whose secret address is its only credential, answers 404 to a made-up one."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# Resetting a forgotten password is for people who cannot log in.
PASSWORD_RESET = {
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
PUBLIC = {"login", "set_language", "healthz"} | PASSWORD_RESET
SAMPLE_KWARGS = {"fmt": "docx", "token": "made-up-token"}
# API endpoints for programs; their pages for people (docs, calendar subscription) are not here.
API_PAGES_FOR_PEOPLE = {"api:docs", "api:calendar_subscribe"}
SECRET_ADDRESS = {"api:calendar_feed"}


def _named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def _url(name, pattern):
    kwargs = {key: SAMPLE_KWARGS.get(key, 1) for key in pattern.pattern.regex.groupindex}
    return reverse(name, kwargs=kwargs)


ROUTES = sorted(
    (name, _url(name, pattern))
    for name, pattern in _named_patterns()
    if name not in PUBLIC and name != "logout"
)


def test_the_sweep_finds_the_pages_of_every_feature():
    names = {name for name, _ in ROUTES}
    for expected in [
        "home",
        "assignments:directive_detail",
        "reports:report_edit",
        "reports:dashboard",
        "reports:report_return",
        "reports:chase_late",
        "reports:summary_download",
        "reports:summary_issue",
        "reports:notification_list",
        "reports:reminder_list",
        "reports:evidence_download",
        "search",
        "help",
        "help_role",
        "reports:body_record",
        "reports:body_ranking_export",
        "api:report-list",
        "api:report-submit",
        "api:schema",
        "api:docs",
        "api:calendar_feed",
    ]:
        assert expected in names


@pytest.mark.parametrize(("name", "url"), ROUTES, ids=[name for name, _ in ROUTES])
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_anonymous_visitor_is_sent_to_login(name, url, method, client):
    response = getattr(client, method)(url)
    if response.status_code == 405:
        return  # this method is not one the view answers at all
    if name in SECRET_ADDRESS:
        assert response.status_code == 404, (name, method, response.status_code)
        return
    if name.startswith("api:") and name not in API_PAGES_FOR_PEOPLE:
        assert response.status_code == 401, (name, method, response.status_code)
        assert response["WWW-Authenticate"] == "Api-Key"
        return
    assert response.status_code == 302, (name, method, response.status_code)
    assert response.url.startswith(reverse("login"))
