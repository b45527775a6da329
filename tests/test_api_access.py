"""The API's access matrix: every endpoint, for every role and every kind of API client.

The endpoints are enumerated from the URL resolver, so a new endpoint without an expectation
here fails test_every_api_endpoint_has_expectations.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assignments.models import Duty, Task

from .factories_api import auth, issued_summary, make_client, ubnd_report

pytestmark = pytest.mark.django_db

PRINCIPALS = [
    "anonymous",
    "ubnd_staff",
    "rachgia_staff",
    "board",
    "committee",
    "admin_user",
    "client_ubnd",
    "client_read_all",
    "client_revoked",
]
PEOPLE = ["ubnd_staff", "rachgia_staff", "board", "committee", "admin_user"]
CLIENTS = ["client_ubnd", "client_read_all"]


def everyone(status):
    return {
        "anonymous": 401,
        "client_revoked": 401,
        **{who: status for who in PEOPLE + CLIENTS},
    }


def only(allowed: dict, *, otherwise: int):
    return {**everyone(otherwise), **allowed}


READ_ALL = {"board": 200, "committee": 200, "admin_user": 200, "client_read_all": 200}
UBND_REPORT_READERS = {**READ_ALL, "ubnd_staff": 200, "client_ubnd": 200}
# The write reaches the service for the body's own staff and client: 200 for a draft, 422 for
# a submit (the empty report is incomplete); the board and read-all clients read, never write.
WRITERS = {"ubnd_staff", "client_ubnd"}
PAGE_FOR_PEOPLE = {
    "anonymous": 302,
    "client_revoked": 302,
    "client_ubnd": 302,
    "client_read_all": 302,
    **{who: 200 for who in PEOPLE},
}

# name -> (method, expected status by principal)
EXPECTATIONS = {
    "api:directive-list": ("get", everyone(200)),
    "api:directive-detail": ("get", everyone(200)),
    "api:assignment-list": ("get", everyone(200)),
    "api:assignment-detail": ("get", everyone(200)),
    "api:duty-list": ("get", everyone(200)),
    "api:duty-detail": ("get", everyone(200)),
    "api:body-list": ("get", everyone(200)),
    "api:body-detail": ("get", everyone(200)),
    "api:task-list": ("get", everyone(200)),
    "api:task-detail": ("get", everyone(200)),
    "api:period-list": ("get", everyone(200)),
    "api:period-detail": ("get", everyone(200)),
    "api:period-export": ("get", only(READ_ALL, otherwise=403)),
    "api:report-list": ("get", everyone(200)),
    "api:report-detail": ("get", only(UBND_REPORT_READERS, otherwise=404)),
    "api:report-history": ("get", only(UBND_REPORT_READERS, otherwise=404)),
    "api:report-draft": (
        "post",
        only(
            {**dict.fromkeys(UBND_REPORT_READERS, 403), **dict.fromkeys(WRITERS, 200)},
            otherwise=404,
        ),
    ),
    "api:report-submit": (
        "post",
        only(
            {**dict.fromkeys(UBND_REPORT_READERS, 403), **dict.fromkeys(WRITERS, 422)},
            otherwise=404,
        ),
    ),
    "api:summary-list": ("get", everyone(200)),
    "api:summary-detail": ("get", only(READ_ALL, otherwise=404)),
    "api:summary-download": ("get", only(READ_ALL, otherwise=404)),
    "api:schema": ("get", everyone(200)),
    "api:docs": ("get", PAGE_FOR_PEOPLE),
    "api:calendar_subscribe": ("get", PAGE_FOR_PEOPLE),
    # The address is the credential: whoever asks, a made-up one is not found (the feed itself:
    # tests/test_calendar_feed.py).
    "api:calendar_feed": ("get", dict.fromkeys(PRINCIPALS, 404)),
}


def _api_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _api_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace.startswith("api:"):
            yield f"{namespace}{pattern.name}", pattern


API_ROUTES = dict(_api_names())


def test_every_api_endpoint_has_expectations():
    assert set(API_ROUTES) == set(EXPECTATIONS)
    for name, (_method, by_principal) in EXPECTATIONS.items():
        assert set(by_principal) == set(PRINCIPALS), name


@pytest.fixture
def world(directive, board):
    report = ubnd_report()
    duty = Duty.objects.filter(assignment__directive=directive).first()
    return {
        "report": report,
        "summary": issued_summary(report.period, board),
        "period": report.period,
        "directive": directive,
        "body": report.body,
        "assignment": duty.assignment,
        "duty": duty,
        "task": Task.objects.filter(duty=duty).first(),
    }


def _url(name, world):
    kind = name.removeprefix("api:").split("-")[0]
    kwargs = {}
    for key in API_ROUTES[name].pattern.converters:
        if key == "fmt":
            kwargs[key] = "xlsx"
        elif key == "token":
            kwargs[key] = "made-up-token"
        else:
            kwargs[key] = world[kind].pk
    return reverse(name, kwargs=kwargs)


def _request(client, principal, method, url, world, request):
    client.logout()
    headers = {}
    if principal.startswith("client_"):
        bodies = ("bcsd-ubnd",) if principal == "client_ubnd" else ()
        _obj, key = make_client(
            principal,
            bodies=bodies,
            read_all=principal == "client_read_all",
            revoked=principal == "client_revoked",
        )
        headers = auth(key)
    elif principal != "anonymous":
        client.force_login(request.getfixturevalue(principal))
    world["report"].refresh_from_db()
    data = {"version": world["report"].version} if method == "post" else None
    return getattr(client, method)(url, data=data, content_type="application/json", **headers)


# One test per endpoint, every principal in turn: the data is made once per endpoint.
@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_api_access(name, world, client, request):
    method, by_principal = EXPECTATIONS[name]
    url = _url(name, world)
    answers = {
        principal: _request(client, principal, method, url, world, request).status_code
        for principal in PRINCIPALS
    }
    assert answers == by_principal
