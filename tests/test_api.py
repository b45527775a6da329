"""The REST API: reading under the pages' rules, filters, pagination, ETags, the body's write
with its version check and history, keys that no longer work, and the rate limit.

Rate counts live in the shared cache (Redis under CI) and are never cleared here: each test's
clients are new keys, so their counts start from nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from api.models import APIClient
from reports.models import ProgressReport
from reports.selectors.progress import report_history

from .factories_api import auth, make_client, ubnd_report
from .factories_progress import add_indicator, open_report

pytestmark = pytest.mark.django_db


def _entries(report, **fields):
    return [
        {
            "duty": entry.duty_id,
            "status": "in_progress_on_time",
            "results": f"Đã triển khai nội dung {entry.duty.label}.",
            "figures": [{"indicator": i.pk, "value": 4} for i in entry.duty.indicators.all()],
            **fields,
        }
        for entry in report.entries.select_related("duty__assignment").prefetch_related(
            "duty__indicators"
        )
    ]


def test_a_body_client_reads_its_own_report_with_entries_and_figures(directive, client):
    report = ubnd_report()
    add_indicator(report)
    _client, key = make_client(bodies=["bcsd-ubnd"])
    response = client.get(reverse("api:report-detail", args=[report.pk]), **auth(key))
    assert response.status_code == 200
    data = response.json()
    assert data["body"] == report.body_id
    assert data["state"] == "not_reported"
    assert len(data["entries"]) == report.entries.count()
    assert {"duty", "duty_label", "status", "results", "figures"} <= set(data["entries"][0])


def test_lists_show_only_what_the_rules_let_the_principal_see(directive, client):
    ubnd = ubnd_report()
    open_report(body_code="thanh-uy-rach-gia")
    _c, body_key = make_client("UBND", bodies=["bcsd-ubnd"])
    _c, all_key = make_client("Board system", read_all=True)
    url = reverse("api:report-list")
    own = client.get(url, **auth(body_key)).json()
    own_ids = {item["id"] for item in own["results"]}
    assert ubnd.pk in own_ids
    assert own_ids == set(
        ProgressReport.objects.filter(body=ubnd.body).values_list("pk", flat=True)
    )
    every = client.get(url, {"page_size": 200}, **auth(all_key)).json()
    assert every["count"] == ProgressReport.objects.count() > 1


def test_filters_by_directive_period_body_and_state_and_refuses_a_bad_value(directive, client):
    report = ubnd_report()
    _c, key = make_client(read_all=True)
    url = reverse("api:report-list")
    by_body = client.get(url, {"body": report.body_id, "period": report.period_id}, **auth(key))
    assert [item["id"] for item in by_body.json()["results"]] == [report.pk]
    by_directive = client.get(url, {"directive": directive.pk, "state": "draft"}, **auth(key))
    assert by_directive.json()["count"] == 0
    assert client.get(url, {"state": "lost"}, **auth(key)).status_code == 400
    assert client.get(url, {"body": "x"}, **auth(key)).status_code == 400


def test_pages_hold_page_size_items_with_a_link_to_the_next(directive, client):
    _c, key = make_client(read_all=True)
    url = reverse("api:duty-list")
    first = client.get(url, {"page_size": 2}, **auth(key)).json()
    assert len(first["results"]) == 2
    assert first["count"] > 2
    second = client.get(first["next"], **auth(key)).json()
    assert {d["id"] for d in second["results"]}.isdisjoint({d["id"] for d in first["results"]})


def test_an_unchanged_read_answers_304_to_its_etag_and_200_once_it_changes(
    directive, client, ubnd_staff
):
    report = ubnd_report()
    _c, key = make_client(bodies=["bcsd-ubnd"])
    url = reverse("api:report-detail", args=[report.pk])
    first = client.get(url, **auth(key))
    etag = first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag, **auth(key))
    assert again.status_code == 304
    assert again.content == b""
    client.post(
        reverse("api:report-draft", args=[report.pk]),
        {"version": 0, "entries": [{"duty": report.entries.first().duty_id, "results": "Mới"}]},
        content_type="application/json",
        **auth(key),
    )
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag, **auth(key))
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_a_body_client_saves_and_sends_through_the_services_marked_in_the_history(
    directive, client
):
    report = ubnd_report()
    add_indicator(report)
    _c, key = make_client("Hệ thống iOffice", bodies=["bcsd-ubnd"])
    draft = client.post(
        reverse("api:report-draft", args=[report.pk]),
        {"version": 0, "entries": _entries(report)},
        content_type="application/json",
        **auth(key),
    )
    assert draft.status_code == 200, draft.json()
    assert draft.json()["state"] == "draft"
    sent = client.post(
        reverse("api:report-submit", args=[report.pk]),
        {"version": draft.json()["version"]},
        content_type="application/json",
        **auth(key),
    )
    assert sent.status_code == 200, sent.json()
    report.refresh_from_db()
    assert report.state == ProgressReport.State.SUBMITTED
    assert report.entries.filter(figures__value=4).exists()
    with translation.override("en"):
        actions = [str(step.action) for step in report_history(report=report)]
    assert actions[0] == "Submitted the report (via API: Hệ thống iOffice)"
    assert actions[-1] == "Saved the draft (via API: Hệ thống iOffice)"
    history = client.get(reverse("api:report-history", args=[report.pk]), **auth(key)).json()
    assert history[0]["reason"] == "submitted; via API: Hệ thống iOffice"


def test_a_write_from_a_stale_version_is_refused_with_409_and_writes_nothing(
    directive, client, ubnd_staff
):
    report = ubnd_report()
    duty = report.entries.first().duty_id
    _c, key = make_client(bodies=["bcsd-ubnd"])
    url = reverse("api:report-draft", args=[report.pk])
    body = {"version": 0, "entries": [{"duty": duty, "results": "Bản của hệ thống A"}]}
    assert client.post(url, body, content_type="application/json", **auth(key)).status_code == 200
    body["entries"][0]["results"] = "Bản của hệ thống B, soạn từ phiên bản cũ"
    stale = client.post(url, body, content_type="application/json", **auth(key))
    assert stale.status_code == 409
    assert stale.json()["code"] == "conflict"
    assert stale.json()["version"] == 1
    assert report.entries.get(duty_id=duty).results == "Bản của hệ thống A"


def test_an_incomplete_submit_is_422_with_errors_per_duty_and_kept_as_a_draft(directive, client):
    report = ubnd_report()
    _c, key = make_client(bodies=["bcsd-ubnd"])
    response = client.post(
        reverse("api:report-submit", args=[report.pk]),
        {"version": 0},
        content_type="application/json",
        **auth(key),
    )
    assert response.status_code == 422
    assert str(report.entries.first().duty_id) in response.json()["errors"]
    report.refresh_from_db()
    assert report.state == ProgressReport.State.DRAFT


def test_a_bad_value_is_400_naming_the_field(directive, client):
    report = ubnd_report()
    _c, key = make_client(bodies=["bcsd-ubnd"])
    response = client.post(
        reverse("api:report-draft", args=[report.pk]),
        {"version": 0, "entries": [{"duty": report.entries.first().duty_id, "status": "xong"}]},
        content_type="application/json",
        **auth(key),
    )
    assert response.status_code == 400
    assert "status" in response.json()["entries"]["0"]


def test_a_revoked_key_is_401_and_an_unknown_one_too(directive, client):
    api_client, key = make_client(read_all=True)
    url = reverse("api:directive-list")
    assert client.get(url, **auth(key)).status_code == 200
    api_client.revoked = True
    api_client.save()
    revoked = client.get(url, **auth(key))
    assert revoked.status_code == 401
    assert revoked["WWW-Authenticate"] == "Api-Key"
    assert client.get(url, **auth(key[:-2] + "zz")).status_code == 401


def test_the_last_use_is_recorded(directive, client):
    api_client, key = make_client(read_all=True)
    client.get(reverse("api:body-list"), **auth(key))
    api_client.refresh_from_db()
    assert api_client.last_used_at is not None


def test_a_client_over_its_rate_limit_gets_429_and_others_are_unaffected(directive, client):
    _c, key = make_client("Nhanh", read_all=True, rate=3)
    _c, other = make_client("Khác", read_all=True, rate=3)
    url = reverse("api:body-list")
    answers = [client.get(url, **auth(key)).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert client.get(url, **auth(other)).status_code == 200


def test_the_rate_is_counted_in_the_shared_cache_not_in_process_memory(settings):
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend in (
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    )


def test_a_session_user_of_the_body_writes_too_and_the_board_may_not(
    directive, client, ubnd_staff, board
):
    report = ubnd_report()
    url = reverse("api:report-draft", args=[report.pk])
    client.force_login(board)
    assert client.post(url, {"version": 0}, content_type="application/json").status_code == 403
    client.force_login(ubnd_staff)
    assert client.post(url, {"version": 0}, content_type="application/json").status_code == 200
    assert APIClient.objects.count() == 0


def test_a_page_of_reports_costs_the_same_queries_however_many_it_holds(directive, client):
    _c, key = make_client(read_all=True)
    ubnd_report()
    assert ProgressReport.objects.count() > 10
    url = reverse("api:report-list")

    def queries(page_size):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {"page_size": page_size}, **auth(key))
        assert len(response.json()["results"]) == min(page_size, ProgressReport.objects.count())
        return len(captured)

    queries(1)  # the first request of the minute also records the client's last use
    assert queries(200) == queries(1)
