"""The pages `benchmark_pages` measures, and how it measures them.

Each page is requested through Django's test Client (the whole middleware stack, no network) as
a user of its role: warm-up requests first, then repeated timed ones; the SQL queries are counted
on one more, untimed, request. The login page (a view with no query) is requested before each
timed request of every page, and the page's median is divided by the median of those login
requests, so a figure means the same on a busy machine and on an idle one, and when the machine's
speed drifts during the run.

To measure a new page, add it to PAGES: a name, the role that reads it, and a function from the
`Fixtures` (the objects the seed made) to its URL.
"""

import datetime
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assignments.models import Directive, User

from ..models import ProgressReport, ReportingPeriod, Summary
from .generate import LAST_YEAR, SCALES

MINIMAL = "login"
INTERLEAVED_BLOCK = 5


class QueryCounter:
    """Counts the SQL statements run inside it (with no cap, unlike CaptureQueriesContext)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        return self._wrapper.__exit__(*exc)

    def __len__(self):
        return self.count


@dataclass
class Fixtures:
    """The objects the pages are measured on: the busiest body's current report (every duty of
    the latest directive), one of its accepted reports, the latest directive's period on the
    dashboard, an issued summary."""

    users: dict[str, User]
    open_report: ProgressReport
    sent_report: ProgressReport
    period: ReportingPeriod
    summary: Summary

    @classmethod
    def find(cls) -> "Fixtures":
        def first_user(role):
            user = User.objects.filter(role=role, is_active=True).order_by("pk").first()
            if user is None:
                raise LookupError(f"no active user with the role {role!r}: run seed_scale first")
            return user

        directive = Directive.objects.order_by("-date", "pk").first()
        busiest = (
            ProgressReport.objects.filter(period__directive=directive)
            .values("body")
            .annotate(entries=Count("entries"))
            .order_by("-entries", "body")
            .first()
        )
        if directive is None or busiest is None:
            raise LookupError("no directive with reports: run seed_scale first")
        body_id = busiest["body"]
        reports = ProgressReport.objects.filter(period__directive=directive, body_id=body_id)
        staff = User.objects.filter(bodies=body_id, role=User.Role.BODY_STAFF).order_by("pk")
        open_report = (
            reports.filter(state__in=ProgressReport.OUTSTANDING_STATES)
            .order_by("-period__ends_on")
            .first()
        )
        sent_report = (
            reports.filter(state=ProgressReport.State.ACCEPTED).order_by("-period__ends_on").first()
        )
        summary = (
            Summary.objects.filter(state=Summary.State.ISSUED, period__directive=directive)
            .order_by("-period__ends_on", "-version")
            .first()
        )
        if None in (open_report, sent_report, summary) or not staff.exists():
            raise LookupError("the latest directive lacks a report or a summary: run seed_scale")
        return cls(
            users={
                "staff": staff.first(),
                "board": first_user(User.Role.BOARD),
                "committee": first_user(User.Role.COMMITTEE),
            },
            open_report=open_report,
            sent_report=sent_report,
            period=sent_report.period,
            summary=summary,
        )


@dataclass(frozen=True)
class Page:
    name: str
    role: str  # "anonymous", "staff", "board" or "committee"
    url: Callable[[Fixtures], str]

    @property
    def label(self) -> str:
        """The page and its role, "dashboard:board"; just "login" for the login page."""
        return self.name if self.role == "anonymous" else f"{self.name}:{self.role}"


def _dashboard(f: Fixtures, name="reports:dashboard", **kwargs) -> str:
    return reverse(name, kwargs=kwargs) + f"?period={f.period.pk}"


PAGES: list[Page] = [
    Page(MINIMAL, "anonymous", lambda f: reverse("login")),
    Page("home", "staff", lambda f: reverse("home")),
    Page("report_form", "staff", lambda f: reverse("reports:report_edit", args=[f.open_report.pk])),
    Page(
        "report_page", "staff", lambda f: reverse("reports:report_detail", args=[f.sent_report.pk])
    ),
    Page("notifications", "staff", lambda f: reverse("reports:notification_list")),
    Page("home", "board", lambda f: reverse("home")),
    Page("dashboard", "board", _dashboard),
    Page("report_list", "board", lambda f: _dashboard(f, "reports:report_list")),
    Page("export_csv", "board", lambda f: _dashboard(f, "reports:dashboard_export", fmt="csv")),
    Page("export_xlsx", "board", lambda f: _dashboard(f, "reports:dashboard_export", fmt="xlsx")),
    Page(
        "report_page", "board", lambda f: reverse("reports:report_detail", args=[f.sent_report.pk])
    ),
    Page("summaries", "board", lambda f: reverse("reports:summary_index")),
    Page("summary", "board", lambda f: reverse("reports:summary_detail", args=[f.summary.pk])),
    Page("notifications", "board", lambda f: reverse("reports:notification_list")),
    Page("reminders", "board", lambda f: reverse("reports:reminder_list")),
    Page("home", "committee", lambda f: reverse("home")),
    Page("dashboard", "committee", _dashboard),
    Page("summaries", "committee", lambda f: reverse("reports:summary_index")),
    Page("summary", "committee", lambda f: reverse("reports:summary_detail", args=[f.summary.pk])),
    Page(
        "body_record",
        "board",
        lambda f: reverse("reports:body_record", args=[f.open_report.body_id]),
    ),
    Page("body_ranking", "board", lambda f: reverse("reports:body_ranking")),
    Page("search", "staff", lambda f: reverse("search") + "?q=ra+soat"),
    # The board may read every body's reports: a common word matches ten times as many.
    Page("search", "board", lambda f: reverse("search") + "?q=ra+soat"),
]


@dataclass
class Measurement:
    name: str
    queries: int
    timings_ms: list[float] = field(default_factory=list)
    # The login page's timings taken between this page's (empty for the login page itself).
    minimal_ms: list[float] = field(default_factory=list)
    bytes: int = 0
    status: int = 200
    extra: dict = field(default_factory=dict)

    @property
    def p50(self) -> float:
        return statistics.median(self.timings_ms)

    @property
    def minimal_p50(self) -> float | None:
        return statistics.median(self.minimal_ms) if self.minimal_ms else None

    @property
    def p95(self) -> float:
        ordered = sorted(self.timings_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def scale_name() -> str:
    """Which seed_scale size the database looks like, from its directives and periods."""
    directives = Directive.objects.count()
    first = ReportingPeriod.objects.order_by("year").values_list("year", flat=True).first()
    for scale in SCALES.values():
        if directives == scale.directives and first == scale.first_year:
            return scale.name
    return f"custom ({directives} directives, from {first})"


def database_name() -> str:
    vendor = connection.vendor
    if vendor == "postgresql":
        return f"postgresql {connection.pg_version // 10000}"
    if vendor == "sqlite":
        import sqlite3

        return f"sqlite {sqlite3.sqlite_version}"
    return vendor


def _host() -> str:
    hosts = [h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"]
    return hosts[0] if hosts else "localhost"


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _timed_get(client: Client, url: str) -> float:
    start = time.perf_counter()
    _body(client.get(url))
    return (time.perf_counter() - start) * 1000


def measure_page(
    client: Client,
    url: str,
    *,
    name: str,
    runs: int,
    warmup: int,
    minimal: tuple[Client, str] | None = None,
) -> Measurement:
    """With `minimal` (the login page's client and URL), the page's timed requests alternate with
    the login page's in blocks of a few, and the page's ratio is to the login requests of its own
    minute: on a shared machine the speed drifts by half over a run, which a login median taken
    once, at the start, would put into every page's ratio. In blocks, not one by one, so that the
    login page is timed warm, not each time just after a large page has filled the caches."""

    def get():
        response = client.get(url)
        return response, _body(response)

    for _ in range(warmup):
        get()
    with QueryCounter() as queries:
        response, body = get()
    measurement = Measurement(
        name=name, queries=len(queries), bytes=len(body), status=response.status_code
    )
    for block_start in range(0, runs, INTERLEAVED_BLOCK):
        block = range(min(INTERLEAVED_BLOCK, runs - block_start))
        if minimal is not None:
            measurement.minimal_ms.extend(_timed_get(*minimal) for _ in block)
        measurement.timings_ms.extend(_timed_get(client, url) for _ in block)
    return measurement


def clients_for(fixtures: Fixtures) -> dict[str, Client]:
    clients = {"anonymous": Client(HTTP_HOST=_host())}
    for role, user in fixtures.users.items():
        clients[role] = Client(HTTP_HOST=_host())
        clients[role].force_login(user)
    return clients


def measure_pages(*, runs: int, warmup: int, only: set[str] | None = None) -> list[Measurement]:
    fixtures = Fixtures.find()
    clients = clients_for(fixtures)
    # Its own client, so that the login page's cookies never touch the signed-in ones.
    minimal = (Client(HTTP_HOST=_host()), reverse("login"))
    results = []
    for page in PAGES:
        name = page.label
        if only and page.name != MINIMAL and page.name not in only and name not in only:
            continue
        results.append(
            measure_page(
                clients[page.role],
                page.url(fixtures),
                name=name,
                runs=runs,
                warmup=warmup,
                minimal=None if name == MINIMAL else minimal,
            )
        )
    return results


class _Rollback(Exception):
    pass


def measure_reminder_scan(*, now: datetime.datetime) -> list[Measurement]:
    """The first scan at `now` (it claims whatever fell due) and a repeat one right after, in a
    transaction that is rolled back, so the database is left as it was. Nothing is sent: the
    claims are what is measured, the e-mails are the worker's."""
    from ..services.reminders import reminders_scan

    results = []
    try:
        with transaction.atomic():
            for name in ("reminder_scan_first", "reminder_scan_repeat"):
                with QueryCounter() as queries:
                    start = time.perf_counter()
                    result = reminders_scan(now=now, dispatch=lambda reminder_id: None)
                    elapsed = (time.perf_counter() - start) * 1000
                results.append(
                    Measurement(
                        name=name,
                        queries=len(queries),
                        timings_ms=[elapsed],
                        extra={"claimed": len(getattr(result, "claimed", []) or [])},
                    )
                )
            raise _Rollback
    except _Rollback:
        pass
    return results


def default_scan_time() -> datetime.datetime:
    """The morning the bodies' reports of the seed's open period fall due."""
    return timezone.make_aware(datetime.datetime(LAST_YEAR, 12, 15, 8, 0))
