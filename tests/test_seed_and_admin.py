import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from assignments.models import Membership, User

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_one_user_per_role_and_staff_of_bodies(directive, capsys, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "mật-khẩu-demo")
    call_command("seed_demo")
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {"staff", "board", "committee", "admin"}
    phuquoc = User.objects.get(username="phuquoc")
    assert set(phuquoc.bodies.values_list("code", flat=True)) == {
        "thanh-uy-phu-quoc",
        "thanh-uy-ha-tien",
    }
    assert User.objects.get(username="quantri").is_superuser
    assert phuquoc.check_password("mật-khẩu-demo")
    assert "mật-khẩu-demo" not in capsys.readouterr().out


def test_seed_demo_prints_a_generated_password_that_works(directive, capsys, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("seed_demo")
    out = capsys.readouterr().out
    password = out.strip().splitlines()[-1].rsplit(": ", 1)[1]
    assert User.objects.get(username="bantuyengiao").check_password(password)


def test_seed_demo_twice_changes_nothing(directive, capsys, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "mot-mat-khau")
    call_command("seed_demo")
    before = (User.objects.count(), Membership.objects.count())
    monkeypatch.setenv("DEMO_PASSWORD", "mat-khau-khac")
    call_command("seed_demo")
    assert (User.objects.count(), Membership.objects.count()) == before
    assert User.objects.get(username="ubnd").check_password("mot-mat-khau")
    assert "already exist" in capsys.readouterr().out


def test_seed_demo_needs_the_directive_first(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="load_directive"):
        call_command("seed_demo")
    assert not User.objects.exists()


ADMIN_PAGES = [
    "assignments_directive",
    "assignments_body",
    "assignments_assignment",
    "assignments_duty",
    "assignments_task",
    "assignments_indicator",
    "assignments_user",
    "assignments_membership",
    "assignments_documentreference",
    "reports_reportingperiod",
    "reports_progressreport",
    "reports_notification",
    "reports_progressentry",
    "reports_indicatorfigure",
    "reports_evidence",
    "reports_chase",
    "reports_summary",
    "reports_summaryhighlight",
    "reports_reminder",
]


@pytest.mark.parametrize("model", ADMIN_PAGES)
def test_the_admin_lists_every_model_in_vietnamese_with_search(model, client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse(f"admin:{model}_changelist"), {"q": "Kiên Giang"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'lang="vi"' in page
    assert "Tìm" in page


def test_the_admin_filters_tasks_by_role(client, admin_user, directive):
    client.force_login(admin_user)
    response = client.get(reverse("admin:assignments_task_changelist"), {"role": "coordinating"})
    assert response.context["cl"].result_count == 5  # assignment 1: Sở TTTT on its five duties
    assert "phối hợp" in response.content.decode()


def test_the_admin_index_names_the_apps_in_vietnamese(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Văn bản chỉ đạo và nhiệm vụ" in page
    assert "Quản trị hệ thống theo dõi văn bản chỉ đạo" in page


@pytest.mark.parametrize("role", ["board", "committee", "ubnd_staff"])
def test_other_roles_cannot_enter_the_admin(role, request, client):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_logins_are_throttled_after_repeated_failures(client, ubnd_staff):
    url = reverse("login")
    for _ in range(settings.AXES_ACCOUNT_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": "ubnd", "password": "sai"})
        assert response.status_code == 200
        assert "Vui lòng điền vào Tên đăng nhập và mật khẩu chính xác" in response.content.decode()
    assert client.post(url, {"username": "ubnd", "password": "sai"}).status_code == 429
    # Locked out: even the right password is refused until the cool-off ends.
    response = client.post(url, {"username": "ubnd", "password": "mật-khẩu-thử-2026"})
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()


def test_the_login_form_logs_a_user_in(client, ubnd_staff):
    response = client.post(reverse("login"), {"username": "ubnd", "password": "mật-khẩu-thử-2026"})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_logout_is_a_post_and_ends_the_session(client, ubnd_staff):
    client.force_login(ubnd_staff)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("EVIDENCE_MAX_MB", "hai mươi", "EVIDENCE_MAX_MB must be a whole number"),
        ("EVIDENCE_MAX_MB", "0", "EVIDENCE_MAX_MB must be at least 1"),
        ("DATABASE_URL", "khong-phai-url", ""),
    ],
)
def test_a_malformed_setting_stops_the_process_with_its_name(variable, value, message, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "VAR_DIR": str(tmp_path), variable: value}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**env, "DJANGO_SETTINGS_MODULE": "directive_tracker.settings"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_a_name_reads_family_name_first(directive, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "mot-mat-khau")
    call_command("seed_demo")
    assert str(User.objects.get(username="bantuyengiao")) == "Nguyễn Văn Tuyên"
    assert str(User(username="khongten")) == "khongten"


def test_django_still_refuses_the_orm_inside_an_event_loop():
    """The browser tests, which run first, lift this check for their own package only."""
    import asyncio

    from django.core.exceptions import SynchronousOnlyOperation

    async def query():
        return User.objects.count()

    with pytest.raises(SynchronousOnlyOperation):
        asyncio.run(query())
