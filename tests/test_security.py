"""The security review's findings, tried as an attacker would (issue 12, points 3, 4, 6, 7, 9)."""

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, make_password
from django.core import mail
from django.urls import reverse

from assignments.models import User
from directive_tracker import settings as project_settings
from directive_tracker.logs import redact

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def fail_login(client, username, address, *, forwarded=None):
    extra = {"REMOTE_ADDR": address}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(LOGIN, {"username": username, "password": "sai-mat-khau"}, **extra)


# Headers ----------------------------------------------------------------------------------------


def test_every_page_has_a_content_security_policy_without_inline_script(client):
    policy = client.get(LOGIN)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy


def test_no_template_has_an_inline_script_or_style_attribute():
    templates = Path(settings.BASE_DIR) / "templates"
    for path in templates.rglob("*.html"):
        if path.parts[-2] == "emails":
            continue  # read by mail programs, never under the site's policy
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path
        assert not re.search(r"\son\w+=\"", text), path
        assert ' style="' not in text and "<style" not in text, path


def test_pages_of_a_logged_in_user_and_downloads_are_not_cached(client, ubnd_staff):
    client.force_login(ubnd_staff)
    assert client.get(reverse("home"))["Cache-Control"] == "private, no-store"


def test_a_request_with_an_api_token_is_not_cached_either(client):
    response = client.get(LOGIN, HTTP_AUTHORIZATION="Token abc")
    assert response["Cache-Control"] == "private, no-store"


def test_check_deploy_is_clean_in_production_settings(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x" * 20 + "-production-key-with-enough-variety-0123456789",
        "SECURE_COOKIES": "true",
        "BEHIND_HTTPS_PROXY": "true",
        "ALLOWED_HOSTS": "theodoi.example.vn",
        "VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_hsts_is_sent_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get(LOGIN, secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client.get(LOGIN)


# Login throttling -------------------------------------------------------------------------------


def test_a_stranger_cannot_lock_a_colleague_out(client, ubnd_staff):
    for _ in range(settings.AXES_ACCOUNT_FAILURE_LIMIT):
        fail_login(client, "ubnd", "203.0.113.9")
    assert fail_login(client, "ubnd", "203.0.113.9").status_code == 429
    # The owner, from the office's own address, still logs in.
    response = client.post(
        LOGIN, {"username": "ubnd", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )
    assert response.status_code == 302


def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(client, ubnd_staff, settings):
    settings.BEHIND_HTTPS_PROXY = True
    for _ in range(settings.AXES_ACCOUNT_FAILURE_LIMIT):
        fail_login(client, "ubnd", "127.0.0.1", forwarded="203.0.113.9")
    # Everyone comes through the proxy's address; only the attacker's client address is locked.
    assert fail_login(client, "ubnd", "127.0.0.1", forwarded="203.0.113.9").status_code == 429
    response = client.post(
        LOGIN,
        {"username": "ubnd", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.0.0.7",
    )
    assert response.status_code == 302


def test_a_client_cannot_choose_its_address_with_the_header(client, ubnd_staff, settings):
    settings.BEHIND_HTTPS_PROXY = True
    # Straight to the app (not from the proxy): the header is ignored, the real address counts.
    for number in range(settings.AXES_ACCOUNT_FAILURE_LIMIT):
        fail_login(client, "ubnd", "203.0.113.9", forwarded=f"10.9.9.{number}")
    assert fail_login(client, "ubnd", "203.0.113.9", forwarded="10.9.9.99").status_code == 429
    # A forged first hop before the proxy's own entry does not move the count either.
    settings.AXES_ACCOUNT_FAILURE_LIMIT = 100
    assert fail_login(client, "x", "127.0.0.1", forwarded="10.0.0.1, 198.51.100.4").status_code
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.filter(ip_address="198.51.100.4").exists()
    assert not AccessAttempt.objects.filter(ip_address="10.0.0.1").exists()


def test_spraying_one_password_over_many_accounts_is_stopped(client, directive, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    for number in range(7):
        assert fail_login(client, f"nguoi{number}", "198.51.100.4").status_code == 200
    # The eighth failure, on an eighth account, spends the address's allowance.
    assert fail_login(client, "nguoi7", "198.51.100.4").status_code == 429
    # A ninth account, never tried, is refused from that address, and says for how long.
    UserFactory(username="nguoimoi")
    response = client.post(
        LOGIN, {"username": "nguoimoi", "password": PASSWORD}, REMOTE_ADDR="198.51.100.4"
    )
    assert response.status_code == 429
    assert f"{settings.AXES_COOLOFF_MINUTES} phút" in response.content.decode()
    # Another address is not affected.
    response = client.post(
        LOGIN, {"username": "nguoimoi", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "username", ["a" * 256, "ubnd\x00", "\x00", "ubnd\x1b", "ệ" * 151, "' OR 1=1 --"]
)
@pytest.mark.parametrize("password", ["p\x00" * 300, "a plain wrong password"])
def test_no_login_input_causes_a_server_error(client, ubnd_staff, username, password):
    # With a well-formed password the name reaches the login throttle's table: a name longer
    # than the form allows must be refused before (it was a 500 on PostgreSQL).
    response = client.post(LOGIN, {"username": username, "password": password})
    assert response.status_code in (200, 429)


@pytest.mark.parametrize(
    "old_hasher", ["pbkdf2_sha256", Argon2PasswordHasher()], ids=["pbkdf2", "django-argon2"]
)
def test_passwords_are_hashed_with_owasp_argon2_and_old_hashes_upgraded(
    client, directive, settings, old_hasher
):
    settings.PASSWORD_HASHERS = [
        "directive_tracker.hashers.OwaspArgon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    user = UserFactory(username="cu")
    old = make_password(PASSWORD, hasher=old_hasher)
    User.objects.filter(pk=user.pk).update(password=old)
    response = client.post(LOGIN, {"username": "cu", "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password != old
    # The settings the project runs with, not the fast hasher the other tests use.
    assert settings.PASSWORD_HASHERS[0] == project_settings.PASSWORD_HASHERS[0]
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password(PASSWORD, user.password)


def test_a_session_ends_after_a_working_day_without_use(client, ubnd_staff):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    client.force_login(ubnd_staff)
    client.session.set_expiry(1)  # as if the day had passed since the last request
    session = client.session
    session.set_expiry(-1)
    session.save()
    assert client.get(reverse("home")).status_code == 302


def test_using_the_app_moves_the_end_of_the_session(client, ubnd_staff):
    from directive_tracker.middleware import SESSION_REFRESHED_KEY

    client.force_login(ubnd_staff)
    session = client.session
    session[SESSION_REFRESHED_KEY] = 0  # last pushed back long ago
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 8 * 3600


@pytest.mark.parametrize("change", ["deactivated", "deleted"])
def test_a_session_of_a_deactivated_or_deleted_user_signs_in_no_one(client, ubnd_staff, change):
    client.force_login(ubnd_staff)
    assert client.get(reverse("home")).status_code == 200
    if change == "deactivated":
        User.objects.filter(pk=ubnd_staff.pk).update(is_active=False)
    else:
        ubnd_staff.delete()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_a_changed_password_ends_the_other_sessions(client, ubnd_staff):
    client.force_login(ubnd_staff)
    ubnd_staff.set_password("Mat-khau-khac-2026!")
    ubnd_staff.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


# Passwords --------------------------------------------------------------------------------------


def test_a_user_changes_the_password(client, ubnd_staff):
    client.force_login(ubnd_staff)
    page = client.get(reverse("password_change"))
    assert "Đổi mật khẩu" in page.content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Mat-khau-moi-2026!",
            "new_password2": "Mat-khau-moi-2026!",
        },
    )
    assert response.status_code == 302
    ubnd_staff.refresh_from_db()
    assert ubnd_staff.check_password("Mat-khau-moi-2026!")


def _link_in(message) -> str:
    return re.search(r"https?://\S+/accounts/reset/\S+/", message.body).group(0)


def test_a_forgotten_password_is_reset_by_e_mail(client, ubnd_staff):
    ubnd_staff.email = "ubnd@example.vn"
    ubnd_staff.save()
    response = client.post(reverse("password_reset"), {"email": "ubnd@example.vn"})
    assert response.status_code == 302
    (message,) = mail.outbox
    link = _link_in(message)
    page = client.get(link, follow=True)
    assert "Chọn mật khẩu" in page.content.decode()
    response = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "Mat-khau-moi-2026!", "new_password2": "Mat-khau-moi-2026!"},
    )
    assert response.status_code == 302
    ubnd_staff.refresh_from_db()
    assert ubnd_staff.check_password("Mat-khau-moi-2026!")


def test_an_administrator_creates_a_user_who_chooses_the_password(
    client, admin_user, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:assignments_user_add"),
            {
                "username": "canbomoi",
                "first_name": "Lan",
                "last_name": "Trần Thị",
                "email": "lan@example.vn",
                "role": User.Role.BODY_STAFF,
                "membership_set-TOTAL_FORMS": "0",
                "membership_set-INITIAL_FORMS": "0",
                "_save": "Lưu",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="canbomoi")
    assert not user.has_usable_password()
    (message,) = mail.outbox
    assert message.to == ["lan@example.vn"] and "canbomoi" in message.body
    client.logout()
    page = client.get(_link_in(message), follow=True)
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "Mat-khau-cua-Lan-1", "new_password2": "Mat-khau-cua-Lan-1"},
    )
    user.refresh_from_db()
    assert user.check_password("Mat-khau-cua-Lan-1")


# Error pages and logs ---------------------------------------------------------------------------


def test_a_missing_page_is_in_the_site_layout_with_a_way_home(client, ubnd_staff, settings):
    settings.DEBUG = False
    client.force_login(ubnd_staff)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy trang" in page and 'href="/"' in page and "navbar" in page


def test_a_refused_page_is_in_vietnamese_and_logged_in_one_line(client, ubnd_staff, caplog):
    client.force_login(ubnd_staff)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("admin:index").replace("admin/", "reports/dashboard/"))
    assert response.status_code == 403
    assert "Bạn không được mở trang này" in response.content.decode()
    handler = logging.getLogger().handlers[0]
    lines = [handler.format(record) for record in caplog.records if record.status_code == 403]
    for record in caplog.records:
        for log_filter in handler.filters:
            log_filter.filter(record)
    lines = [handler.format(record) for record in caplog.records if record.status_code == 403]
    assert lines and all("\n" not in line and "Traceback" not in line for line in lines)
    assert f"(user {ubnd_staff.pk})" in lines[0]


def test_a_csrf_failure_says_what_to_do(ubnd_staff):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ubnd_staff)
    response = strict.post(reverse("logout"))
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()


def test_a_server_error_page_is_in_the_layout_without_the_database():
    from directive_tracker.errors import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in response.content.decode()


def test_json_logs_carry_the_request_id_of_the_response(client, settings):
    import io

    from pythonjsonlogger.json import JsonFormatter

    from directive_tracker.logs import RequestIdFilter

    formatter = settings.LOGGING["formatters"]["json"]
    assert formatter["()"] == "pythonjsonlogger.json.JsonFormatter"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        JsonFormatter(fmt=formatter["fmt"], rename_fields=formatter["rename_fields"])
    )
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get("/khong-co-trang-nay/?password=Hunter2")
    finally:
        logger.removeHandler(handler)
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert records, "nothing was logged"
    record = records[-1]
    assert record["request_id"] == response["X-Request-ID"]
    assert record["level"] == "WARNING" and "/khong-co-trang-nay/" in record["message"]


def test_an_incoming_request_id_is_kept_only_when_it_looks_like_one(client):
    assert client.get(LOGIN, HTTP_X_REQUEST_ID="abcd-1234-efgh")["X-Request-ID"] == (
        "abcd-1234-efgh"
    )
    forged = client.get(LOGIN, HTTP_X_REQUEST_ID="x\ninjected line")["X-Request-ID"]
    assert "\n" not in forged and len(forged) == 32


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ("Not Found: /accounts/reset/MQ/cd3k2z-a1b2c3d4e5f6/", "cd3k2z-a1b2c3d4e5f6"),
        ("login failed password=Hunter2&username=ubnd", "Hunter2"),
        ("broker redis://:s3cr3t@127.0.0.1:6379/0 down", "s3cr3t"),
        ("smtp+tls://user:p%40ss@mail.example:587 refused", "p%40ss"),
    ],
)
def test_no_secret_reaches_a_log_line(line, secret):
    assert secret not in redact(line)
