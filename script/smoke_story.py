"""The production smoke run's story, over HTTP only (script/smoke starts the servers).

Usage: smoke_story.py BASE_URL MAIL_DIR PASSWORD. Each step prints what it did; the first
failure stops the run with the step's name and exit status 1.
"""

import datetime
import html
import http.cookiejar
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

BASE, MAIL_DIR, PASSWORD = sys.argv[1].rstrip("/"), Path(sys.argv[2]), sys.argv[3]
# The smallest PDF the content check accepts as evidence.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Failed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failed(message)


class Browser:
    """A cookie jar, CSRF tokens from the cookie, no automatic redirects (to see them)."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def csrf(self):
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, method, path, data=None, files=None):
        url = path if path.startswith("http") else BASE + path
        headers = {"X-CSRFToken": self.csrf(), "Referer": BASE + "/"}
        body = None
        if method == "POST":
            fields = {"csrfmiddlewaretoken": self.csrf(), **(data or {})}
            if files:
                boundary = uuid.uuid4().hex
                parts = []
                for name, value in fields.items():
                    for item in value if isinstance(value, list) else [value]:
                        parts.append(
                            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                            f"\r\n\r\n{item}\r\n".encode()
                        )
                for name, (filename, content) in files.items():
                    parts.append(
                        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                        f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
                        + content
                        + b"\r\n"
                    )
                body = b"".join(parts) + f"--{boundary}--\r\n".encode()
                headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
            else:
                body = urllib.parse.urlencode(fields, doseq=True).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        content = response.read()
        return response.status, response.headers, content

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, data=None, files=None):
        return self.request("POST", path, data, files)

    def login(self, username):
        self.get("/accounts/login/")
        status, headers, _ = self.post(
            "/accounts/login/", {"username": username, "password": PASSWORD}
        )
        check(status == 302, f"{username} could not log in ({status})")


def page(browser, path, expect=200):
    status, headers, content = browser.get(path)
    check(status == expect, f"GET {path} answered {status}")
    return content.decode()


def report_form_data(text):
    """Every duty answered: a status, what was done, a figure for each indicator."""
    form = re.search(r'<form[^>]*id="report-form".*?</form>', text, re.S).group(0)
    data = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        # Checkboxes are the "remove this file" ticks: left unticked.
        if name and value and 'type="checkbox"' not in tag:
            if name.group(1) != "csrfmiddlewaretoken":
                data[name.group(1)] = html.unescape(value.group(1))
    for select in re.finditer(r'<select[^>]*name="([^"]+)"(.*?)</select>', form, re.S):
        values = [v for v in re.findall(r'<option value="([^"]*)"', select.group(2)) if v]
        data[select.group(1)] = values[0]
    for name in re.findall(r'<textarea[^>]*name="([^"]+)"', form):
        data[name] = "Đã triển khai, kiểm tra trên hệ thống sản xuất thử."
    for name in re.findall(r'<input[^>]*type="number"[^>]*name="([^"]+)"', form):
        data[name] = "3"
    for name in re.findall(r'<input[^>]*name="([^"]+)"[^>]*type="number"', form):
        data[name] = "3"
    files = re.findall(r'<input[^>]*type="file"[^>]*name="([^"]+)"', form) + re.findall(
        r'<input[^>]*name="([^"]+)"[^>]*type="file"', form
    )
    return data, files


def hidden_version(text, action):
    form = re.search(rf'action="{re.escape(action)}".*?</form>', text, re.S).group(0)
    return re.search(r'name="version" value="(\d+)"', form).group(1)


def story():
    steps = []

    def step(name):
        steps.append(name)
        print(f"-- {name}", flush=True)

    step("health check answers 200 once the beat has scanned")
    anonymous = Browser()
    for _ in range(60):
        status, _, body = anonymous.get("/healthz")
        if status == 200:
            break
        time.sleep(2)
    check(status == 200, f"/healthz stayed {status}: {body[:500]!r}")

    step("a body's staff log in and find their report")
    staff = Browser()
    staff.login("ubnd")
    home = page(staff, "/")
    edit_url = re.search(r'href="(/reports/\d+/edit/)"', home)
    check(edit_url, "no report to fill in on the home page")
    edit_url = edit_url.group(1)
    report_url = edit_url.removesuffix("edit/")

    step("save a draft with an evidence file")
    data, file_fields = report_form_data(page(staff, edit_url))
    check(file_fields, "the form has no evidence field")
    status, headers, _ = staff.post(edit_url, data, files={file_fields[0]: ("bien-ban.pdf", PDF)})
    check(status == 302, f"saving the draft answered {status}")

    step("send the report")
    data, _ = report_form_data(page(staff, edit_url))
    status, _, body = staff.post(edit_url, {**data, "submit": "1"}, files={})
    check(status == 302, f"sending answered {status}: {body[:300]!r}")
    check("cache-control" in {k.lower() for k in headers}, "no Cache-Control on a private page")

    step("the board returns it with a comment")
    board = Browser()
    board.login("bantuyengiao")
    report_id = report_url.strip("/").split("/")[-1]
    detail = page(board, report_url)
    action = f"/reports/{report_id}/return/"
    status, _, _ = board.post(
        action, {"comment": "Bổ sung số liệu.", "version": hidden_version(detail, action)}
    )
    check(status == 302, f"returning answered {status}")

    step("the body sends it again; the board accepts it")
    data, _ = report_form_data(page(staff, edit_url))
    status, _, _ = staff.post(edit_url, {**data, "submit": "1"}, files={})
    check(status == 302, f"sending again answered {status}")
    detail = page(board, report_url)
    action = f"/reports/{report_id}/accept/"
    status, _, _ = board.post(action, {"version": hidden_version(detail, action)})
    check(status == 302, f"accepting answered {status}")
    evidence = re.search(r'href="(/reports/evidence/\d+/)"', page(board, report_url))
    check(evidence, "the accepted report lists no evidence file")
    status, headers, content = board.get(evidence.group(1))
    check(status == 200 and content == PDF, "the evidence file did not come back as sent")
    check(headers["Cache-Control"] == "private, no-store", "a download may be cached")

    step("the board chases a body that has not reported")
    dashboard = page(board, "/reports/dashboard/")
    chase = None
    for period_option in re.findall(r'<option value="(\d+)"', dashboard):
        shown = page(board, f"/reports/dashboard/?period={period_option}")
        chase = re.search(r'action="(/reports/periods/(\d+)/chase/\d+/)"', shown)
        if chase:
            break
    check(chase, "no body to chase on the dashboard")
    period_id = chase.group(2)
    status, _, _ = board.post(chase.group(1))
    check(status == 302, f"chasing answered {status}")

    step("the board assembles and issues the period's summary")
    status, headers, _ = board.post(f"/reports/summaries/periods/{period_id}/assemble/")
    check(status == 302, f"assembling answered {status}")
    edit = headers["Location"]
    summary_id = re.search(r"/summaries/(\d+)/", edit).group(1)
    issue = {"number": "12", "issued_on": datetime.date.today().isoformat()}
    status, _, body = board.post(f"/reports/summaries/{summary_id}/issue/", issue)
    check(
        status == 400 and "CV/TU" in html.unescape(body.decode()),
        f"issuing while the letter has no number answered {status}",
    )
    # The scan leaves the letter's number illegible: the administrator enters it (the admin's
    # directive page), here through the same model from the shell.
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "from assignments.models import Directive; Directive.objects.update(number='06')",
        ],
        check=True,
    )
    status, _, body = board.post(f"/reports/summaries/{summary_id}/issue/", issue)
    check(
        status == 200 and 'name="confirmed"' in body.decode(),
        f"issuing did not ask for confirmation ({status})",
    )
    status, _, body = board.post(
        f"/reports/summaries/{summary_id}/issue/", {**issue, "confirmed": "True"}
    )
    check(status == 302, f"issuing answered {status}: {body[:500]!r}")

    step("the three files download")
    expected = {
        "docx": b"PK",
        "pdf": b"%PDF",
        "xlsx": b"PK",
    }
    for fmt, magic in expected.items():
        status, headers, content = board.get(f"/reports/summaries/{summary_id}/download.{fmt}")
        check(status == 200 and content.startswith(magic), f"{fmt} download answered {status}")
        check(headers["Cache-Control"] == "private, no-store", f"the {fmt} may be cached")
        print(f"   {fmt}: {len(content)} bytes")

    step("a reminder was delivered (mail kept as files)")
    for _ in range(60):
        reminders = page(board, "/reports/reminders/")
        sent = re.search(r"(?:Đã gửi|Sent): (\d+)", reminders)
        if sent and int(sent.group(1)) > 0 and any(MAIL_DIR.glob("*.log")):
            break
        time.sleep(2)
    check(sent and int(sent.group(1)) > 0, "no reminder was sent")
    mails = sorted(MAIL_DIR.glob("*.log"))
    check(mails, "no e-mail file was written")
    print(f"   {sent.group(1)} reminder(s) sent; {len(mails)} mail file(s)")

    step("/healthz answers 200")
    status, _, _ = anonymous.get("/healthz")
    check(status == 200, f"/healthz answered {status}")
    return steps


if __name__ == "__main__":
    try:
        done = story()
    except Failed as failure:
        print(f"SMOKE FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
    print(f"Smoke run passed: {len(done)} steps.")
