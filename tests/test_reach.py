"""Every message reaches someone, names the body and the period, and opens the body's report
(issue 11, points 1–3 and 10)."""

import datetime
import json
import re
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assignments.loading import DirectiveFileError, check_directive_data, directive_load
from assignments.models import Body
from reports.models import Chase, Notification, OutgoingEmail, ProgressReport, Reminder
from reports.services.chase import chase_body
from reports.services.periods import reports_open
from reports.services.reminders import reminder_deliver, reminders_scan
from reports.services.review import report_return

from .factories import PeriodFactory, UserFactory

pytestmark = pytest.mark.django_db

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def period(directive):
    period = PeriodFactory(directive=directive, year=2026)
    reports_open(period=period)
    return period


@pytest.fixture
def phu_quoc(directive):
    body = Body.objects.get(code="thanh-uy-phu-quoc")
    body.email = "vanphong@phuquoc.example.invalid"
    body.save()
    return body


def body(code: str) -> Body:
    return Body.objects.get(code=code)


def report_of(period, body) -> ProgressReport:
    return ProgressReport.objects.get(period=period, body=body)


def link_in(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def test_a_chase_reaches_the_staff_and_the_office_e_mail(
    period, phu_quoc, board, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://testserver"
    staff = UserFactory(bodies=[phu_quoc])
    with django_capture_on_commit_callbacks(execute=True):
        chase = chase_body(period=period, body=phu_quoc, user=board)
    assert chase.reached
    [message] = mail.outbox
    assert set(message.to) == {staff.email, "vanphong@phuquoc.example.invalid"}
    assert "Thành ủy Phú Quốc – 6 tháng đầu năm 2026" in message.subject
    assert link_in(message) == reverse("reports:report_edit", args=[report_of(period, phu_quoc).pk])
    notice = Notification.objects.get(user=staff)
    assert "Thành ủy Phú Quốc – 6 tháng đầu năm 2026" in notice.title
    assert notice.url == link_in(message)


def test_a_body_with_only_an_office_e_mail_is_reached(
    period, phu_quoc, board, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        chase = chase_body(period=period, body=phu_quoc, user=board)
    assert chase.reached
    assert [m.to for m in mail.outbox] == [["vanphong@phuquoc.example.invalid"]]


def test_a_body_nobody_reaches_is_recorded_as_not_reached(period, board):
    chase = chase_body(period=period, body=body("thanh-uy-ha-tien"), user=board)
    assert chase.reached is False
    assert not OutgoingEmail.objects.exists()
    assert Chase.objects.get().reached is False


def test_chasing_all_late_bodies_names_those_nobody_reaches_with_a_link_to_fix_each(
    client, period, phu_quoc, board, ubnd_staff, directive
):
    client.force_login(board)
    client.post(reverse("reports:chase_late", args=[period.pk]))
    html = client.get(f"{reverse('reports:dashboard')}?period={period.pk}").content.decode()
    # Reached: Ban cán sự đảng UBND by a staff account, Phú Quốc by its office e-mail.
    assert "Đã đôn đốc 2 cơ quan, đơn vị quá hạn" in html
    assert "23 cơ quan, đơn vị chưa có người nhận" in html
    ha_tien = body("thanh-uy-ha-tien")
    assert reverse("admin:assignments_body_change", args=[ha_tien.pk]) in html
    assert reverse("admin:assignments_body_change", args=[phu_quoc.pk]) not in html


def test_the_late_list_marks_the_bodies_nobody_reaches(client, period, phu_quoc, board, ubnd_staff):
    client.force_login(board)
    html = client.get(f"{reverse('reports:dashboard')}?period={period.pk}").content.decode()
    late = html[
        html.index('id="late-bodies"') : html.index("</table>", html.index('id="late-bodies"'))
    ]
    rows = {
        re.search(r'<a href="[^"]*">([^<]+)</a>', row).group(1): "unreachable" in row
        for row in re.findall(r"<tr>(.*?)</tr>", late, re.S)
        if "<a href" in row
    }
    assert rows["Thành ủy Hà Tiên"] is True
    assert rows["Thành ủy Phú Quốc"] is False
    assert rows["Ban cán sự đảng Ủy ban nhân dân tỉnh"] is False


def test_a_review_notice_reaches_the_office_e_mail_and_opens_the_form(
    period, phu_quoc, board, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://testserver"
    report = report_of(period, phu_quoc)
    ProgressReport.objects.filter(pk=report.pk).update(
        state="submitted", submitted_at=timezone.now()
    )
    report.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        report_return(report=report, user=board, comment="Bổ sung số liệu.")
    [message] = mail.outbox
    assert message.to == ["vanphong@phuquoc.example.invalid"]
    assert "Thành ủy Phú Quốc – 6 tháng đầu năm 2026" in message.subject
    assert link_in(message) == reverse("reports:report_edit", args=[report.pk])


def test_a_person_of_two_bodies_gets_two_notices_each_naming_its_body(
    period, board, directive, django_capture_on_commit_callbacks
):
    ha_tien, phu_quoc = body("thanh-uy-ha-tien"), body("thanh-uy-phu-quoc")
    person = UserFactory(bodies=[ha_tien, phu_quoc])
    with django_capture_on_commit_callbacks(execute=True):
        chase_body(period=period, body=ha_tien, user=board)
        chase_body(period=period, body=phu_quoc, user=board)
    titles = sorted(Notification.objects.filter(user=person).values_list("title", flat=True))
    assert len(titles) == 2 and titles[0] != titles[1]
    assert "Thành ủy Hà Tiên" in titles[0] and "Thành ủy Phú Quốc" in titles[1]
    urls = set(Notification.objects.filter(user=person).values_list("url", flat=True))
    assert urls == {
        reverse("reports:report_edit", args=[report_of(period, b).pk]) for b in (ha_tien, phu_quoc)
    }
    assert sorted(
        " ".join(m.subject for m in mail.outbox).count(n) for n in ("Hà Tiên", "Phú Quốc")
    ) == [1, 1]


def test_a_bodys_reminder_reaches_its_office_e_mail_and_opens_its_form(
    period, phu_quoc, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://testserver"
    with django_capture_on_commit_callbacks(execute=True):
        reminders_scan(now=datetime.datetime(2026, 6, 16, 8, tzinfo=HCM))
    reminder = Reminder.objects.get(body=phu_quoc)
    assert reminder.state == "sent"
    [message] = [m for m in mail.outbox if "vanphong@phuquoc.example.invalid" in m.to]
    assert "Thành ủy Phú Quốc" in message.subject and "6 tháng đầu năm 2026" in message.subject
    assert link_in(message) == reverse("reports:report_edit", args=[report_of(period, phu_quoc).pk])


def test_the_boards_reminder_opens_the_periods_summary(
    period, board, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://testserver"
    with django_capture_on_commit_callbacks(execute=True):
        reminders_scan(now=datetime.datetime(2026, 6, 20, 8, tzinfo=HCM))
    [message] = [m for m in mail.outbox if board.email in m.to]
    assert link_in(message) == reverse("reports:summary_period", args=[period.pk])


def test_a_reminder_with_nobody_to_receive_it_is_unreachable_not_sent(period):
    reminders_scan(now=datetime.datetime(2026, 6, 16, 8, tzinfo=HCM), dispatch=lambda pk: None)
    reminder = Reminder.objects.get(body=body("thanh-uy-ha-tien"))
    assert reminder_deliver(reminder_id=reminder.pk) is True
    reminder.refresh_from_db()
    assert reminder.state == Reminder.State.UNREACHABLE
    assert not OutgoingEmail.objects.filter(body=reminder.body).exists()


# The office e-mail in the directive file ---------------------------------------------------------


def test_the_office_e_mail_is_loaded_from_the_directive_file(directive):
    from assignments.loading import SHIPPED_DIRECTIVE

    data = json.loads(SHIPPED_DIRECTIVE.read_text())
    data["bodies"][0]["email"] = "vanphong@ubnd.example.invalid"
    check_directive_data(data)
    directive_load(data=data)
    assert body(data["bodies"][0]["code"]).email == "vanphong@ubnd.example.invalid"


def test_the_shipped_file_leaves_the_office_e_mails_empty(directive):
    assert not Body.objects.exclude(email="").exists()


def test_a_malformed_office_e_mail_in_the_file_is_refused_with_its_place(directive):
    from assignments.loading import SHIPPED_DIRECTIVE

    data = json.loads(SHIPPED_DIRECTIVE.read_text())
    data["bodies"][1]["email"] = "not an address"
    with pytest.raises(DirectiveFileError, match=r"bodies\[1\]\.email"):
        check_directive_data(data)
