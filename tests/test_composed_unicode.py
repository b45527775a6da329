"""Whatever the keyboard sent, what is stored is composed Vietnamese (NFC)."""

import unicodedata

import pytest
from django.urls import reverse

from assignments.models import Body
from reports.models import Evidence, ProgressEntry

from .factories import PeriodFactory
from .factories_dashboard import report_in_state
from .factories_progress import open_report, upload
from .test_progress_views import edit_url, first_duty, form_data

pytestmark = pytest.mark.django_db

TYPED = "Đã rà soát 120 tài khoản; xử lý nghiêm những hành vi vi phạm."
DECOMPOSED = unicodedata.normalize("NFD", TYPED)


def test_the_decomposed_text_really_differs():
    assert DECOMPOSED != TYPED and len(DECOMPOSED) > len(TYPED)


def test_a_report_typed_decomposed_is_stored_composed_with_its_file_name(client, ubnd_staff):
    report = open_report()
    duty = first_duty(report)
    client.force_login(ubnd_staff)
    data = form_data(report, fill=False, save="1")
    data[f"d{duty}_results"] = DECOMPOSED
    data[f"d{duty}_files"] = upload(unicodedata.normalize("NFD", "biên-bản-kiểm-tra.pdf"))
    assert client.post(edit_url(report), data).status_code == 302
    assert ProgressEntry.objects.get(report=report, duty_id=duty).results == TYPED
    assert Evidence.objects.get().original_name == "biên-bản-kiểm-tra.pdf"


def test_a_review_comment_typed_decomposed_is_stored_composed(client, board, directive):
    report = report_in_state(
        period=PeriodFactory(directive=directive, year=2026),
        body=Body.objects.get(code="bcsd-ubnd"),
        state="submitted",
    )
    client.force_login(board)
    client.post(reverse("reports:report_return", args=[report.pk]), {"comment": DECOMPOSED})
    report.refresh_from_db()
    assert report.review_comment == TYPED


def test_the_admin_stores_a_body_name_composed(client, admin_user, directive):
    body = Body.objects.get(code="so-tttt")
    client.force_login(admin_user)
    url = reverse("admin:assignments_body_change", args=[body.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(
        name=unicodedata.normalize("NFD", "Sở Văn hóa và Thông tin"), parent="", is_active="on"
    )
    assert client.post(url, data).status_code == 302
    body.refresh_from_db()
    assert body.name == "Sở Văn hóa và Thông tin"
