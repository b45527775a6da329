"""The pages work under their own Content-Security-Policy: nothing the app serves is refused."""

import pytest
from django.urls import reverse

from tests.factories_summaries import period_with_reports

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_and_the_report_form_run_under_the_policy(
    new_page, board, ubnd_staff, directive
):
    data = period_with_reports(directive)
    refused = []
    for user, url in [
        (board, f"{reverse('reports:dashboard')}?period={data.period.pk}"),
        (ubnd_staff, reverse("home")),
        (board, reverse("reports:report_detail", args=[data.reports["sotttt"].pk])),
    ]:
        page = new_page(user, enforce_csp=True)
        page.on(
            "console",
            lambda message, url=url: (
                refused.append(f"{url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        response = page.goto(url)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    assert refused == []


def test_the_chart_is_drawn_under_the_policy(new_page, board, directive):
    data = period_with_reports(directive)
    page = new_page(board, enforce_csp=True)
    page.goto(f"{reverse('reports:dashboard')}?period={data.period.pk}")
    page.wait_for_load_state("networkidle")
    assert page.locator("canvas").count() >= 1
    assert page.locator("canvas").first.bounding_box()["height"] > 0
