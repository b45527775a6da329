"""Whatever is typed or forged into any form or query of the site, the answer is never a 500.

Every form of each main page is found in the page itself (so a new form is fuzzed without
touching this file), and posted with generated values: control characters, NUL, very long text,
numbers too large for a database integer, impossible dates, nothing at all.
"""

import re

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assignments.models import Body
from reports.models import ProgressReport
from reports.services.summaries import summary_assemble

from .factories import UserFactory
from .factories_summaries import period_with_reports

pytestmark = pytest.mark.django_db

NASTY = st.sampled_from(
    [
        "",
        "\x00",
        "Báo cáo\x00",
        "\x1b[31m",
        "a" * 256,
        "Đ" * 30_000,
        "99999999999999999999",
        "-1",
        "1.5",
        "2026-02-30",
        "31/12/2026",
        "../../etc/passwd",
        "<script>alert(1)</script>",
        "e\u0302\u0323",
    ]
)
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)
VALUE = st.one_of(NASTY, TEXT, st.integers().map(str))
FIELD_NAME = re.compile(r'<(?:input|textarea|select)\b[^>]*\bname="([^"]+)"')
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)
SKIPPED_ACTIONS = ("/accounts/logout/",)


def post_forms(page_html: str, page_url: str) -> list[tuple[str, list[str]]]:
    """(action, field names) of every POST form of the page, CSRF token and files left out."""
    forms = []
    for attributes, body in FORM.findall(page_html):
        if 'method="post"' not in attributes.lower():
            continue
        action = re.search(r'action="([^"]*)"', attributes)
        url = (action.group(1) if action and action.group(1) else page_url).replace("&amp;", "&")
        if url.startswith(SKIPPED_ACTIONS):
            continue
        names = sorted(
            {
                name
                for name in FIELD_NAME.findall(body)
                if name != "csrfmiddlewaretoken" and not name.endswith("_files")
            }
        )
        forms.append((url, names))
    return forms


@pytest.fixture
def site(directive, board):
    data = period_with_reports(directive)
    summary = summary_assemble(period=data.period, user=board)
    returned = ProgressReport.objects.get(period=data.period, state=ProgressReport.State.RETURNED)
    submitted = ProgressReport.objects.get(period=data.period, state=ProgressReport.State.SUBMITTED)
    staff = UserFactory(username="baokg", bodies=[Body.objects.get(pk=returned.body_id)])
    return {
        "board": [
            reverse("reports:report_detail", args=[submitted.pk]),
            f"{reverse('reports:dashboard')}?period={data.period.pk}",
            reverse("reports:summary_edit", args=[summary.pk]),
            reverse("reports:indicator_list", args=[directive.pk]),
        ],
        "staff": [
            reverse("reports:report_edit", args=[returned.pk]),
            reverse("password_change"),
            reverse("reports:notification_list"),
        ],
        "anonymous": [reverse("login"), reverse("password_reset")],
        "users": {"board": board, "staff": staff},
    }


FUZZ = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


@FUZZ
@given(data=st.data())
def test_no_form_answers_a_server_error(client, site, data):
    # Each example starts from the same data: a post that succeeds (a passage marked, a report
    # returned) changes the forms on the page, and hypothesis must find the same forms when it
    # replays an example.
    with transaction.atomic():
        _post_every_form(client, site, data)
        transaction.set_rollback(True)


def _post_every_form(client, site, data):
    for role in ("anonymous", "staff", "board"):
        client.logout()
        if role != "anonymous":
            client.force_login(site["users"][role])
        for page in site[role]:
            response = client.get(page)
            assert response.status_code == 200, page
            forms = post_forms(response.content.decode(), page)
            assert forms or role == "anonymous", f"no form found on {page}"
            for action, names in forms:
                values = data.draw(st.fixed_dictionaries({name: VALUE for name in names}))
                answer = client.post(action, values)
                assert answer.status_code < 500, (action, values)


@FUZZ
@given(
    query=st.dictionaries(
        st.sampled_from(["period", "assignment", "group", "state", "format", "page"]),
        VALUE,
        max_size=4,
    )
)
def test_no_query_string_answers_a_server_error(client, site, query):
    client.force_login(site["users"]["board"])
    for url in (reverse("reports:dashboard"), reverse("reports:report_list")):
        response = client.get(url, query)
        assert response.status_code < 500, (url, query)
