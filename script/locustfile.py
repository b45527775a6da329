"""The load test's people (script/loadtest runs it): body staff and board members, logged in,
with 1–3 s of thought between pages.

Staff open the home page, their report form, save drafts and read their notifications; the board
reads the dashboard, downloads its exports and an issued summary's Word and Excel files. Every
draft save the server acknowledged (a redirect back to the form) is written, with the text it
saved, to $LOADTEST_ACKS when the run ends, so the script can look for each one in the database.
Response times and failures of everything but the logins go to $LOADTEST_SUMMARY.
"""

import itertools
import json
import os
import re
import statistics
from html.parser import HTMLParser

from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("SCALE_PASSWORD", "do-hieu-nang-2026")
STAFF_NAMES = itertools.count()
BOARD_NAMES = itertools.cycle(["bantuyengiao1", "bantuyengiao2"])
ACKNOWLEDGED: list[dict] = []
TIMINGS: list[float] = []
FAILURES: list[str] = []

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
RESULTS_FIELD = re.compile(r'name="(d\d+_results)"')
EDIT_LINK = re.compile(r'href="(/reports/\d+/edit/)"')
DASHBOARD_LINK = re.compile(r'href="(/reports/summaries/\d+/)"')


class FormFields(HTMLParser):
    """What a browser would post of the report form (#report-form): every named field with its
    current value (file inputs and buttons left out), so that a save changes only the field the
    person typed in and keeps the rest of the report as it was."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._in_form = False
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_form = attrs.get("id") == "report-form"
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("file", "submit", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields[name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def form_fields(page: str) -> dict[str, str]:
    parser = FormFields()
    parser.feed(page)
    return parser.fields


@events.request.add_listener
def _record(request_type, name, response_time, exception, **kwargs):
    if name == "login":
        return
    TIMINGS.append(response_time)
    if exception:
        FAILURES.append(f"{request_type} {name}: {exception}")


@events.quitting.add_listener
def _write_results(environment, **kwargs):
    ordered = sorted(TIMINGS)
    summary = {
        "requests": len(ordered),
        "failures": len(FAILURES),
        "p50_ms": round(statistics.median(ordered)) if ordered else None,
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))]) if ordered else None,
        "max_ms": round(ordered[-1]) if ordered else None,
        "failure_examples": FAILURES[:5],
        "acknowledged_saves": len(ACKNOWLEDGED),
    }
    with open(os.environ.get("LOADTEST_SUMMARY", "loadtest-summary.json"), "w") as out:
        json.dump(summary, out, ensure_ascii=False, indent=1)
    with open(os.environ.get("LOADTEST_ACKS", "loadtest-acks.json"), "w") as out:
        json.dump(ACKNOWLEDGED, out, ensure_ascii=False)


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login")
        token = CSRF.search(page.text).group(1)
        with self.client.post(
            "/accounts/login/",
            data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login of {self.username} refused ({response.status_code})")


class BodyStaff(Person):
    weight = 4

    def on_start(self):
        self.username = f"canbo{next(STAFF_NAMES):02d}"
        super().on_start()
        home = self.client.get("/", name="home")
        link = EDIT_LINK.search(home.text)
        self.form_url = link.group(1) if link else None
        self.saves = 0

    @task(3)
    def home(self):
        self.client.get("/", name="home")

    @task(3)
    def report_form(self):
        if self.form_url:
            self.client.get(self.form_url, name="report form")

    @task(2)
    def save_draft(self):
        if not self.form_url:
            return
        form = self.client.get(self.form_url, name="report form")
        field = RESULTS_FIELD.search(form.text)
        if not field or not VERSION.search(form.text):
            return  # sent meanwhile: nothing to edit
        self.saves += 1
        text = (
            f"Kết quả đo tải {self.username} lần {self.saves}: "
            f"đã rà soát {self.saves * 7} tài khoản."
        )
        with self.client.post(
            self.form_url,
            data={**form_fields(form.text), field.group(1): text, "save": "1"},
            name="draft save",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                ACKNOWLEDGED.append({"url": self.form_url, "field": field.group(1), "text": text})
            else:
                response.failure(f"draft not saved ({response.status_code})")

    @task(1)
    def notifications(self):
        self.client.get("/reports/notifications/", name="notifications")


class BoardMember(Person):
    weight = 1

    def on_start(self):
        self.username = next(BOARD_NAMES)
        super().on_start()
        index = self.client.get("/reports/summaries/", name="summaries")
        link = DASHBOARD_LINK.search(index.text)
        self.summary_url = link.group(1) if link else None

    @task(3)
    def dashboard(self):
        self.client.get("/reports/dashboard/", name="dashboard")

    @task(1)
    def home(self):
        self.client.get("/", name="home")

    @task(1)
    def exports(self):
        self.client.get("/reports/dashboard/export.xlsx", name="dashboard export")
        self.client.get("/reports/dashboard/export.csv", name="dashboard export")

    @task(1)
    def summary_downloads(self):
        if self.summary_url:
            self.client.get(self.summary_url + "download.docx", name="summary download")
            self.client.get(self.summary_url + "download.xlsx", name="summary download")
