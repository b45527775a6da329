"""The board's other pages get the same checks as the main ones: axe-core and a phone's width."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import check_page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "url_name, kwargs",
    [
        ("reports:report_list", {}),
        ("reports:summary_index", {}),
        ("reports:reminder_list", {}),
        ("reports:indicator_list", {"directive_pk": None}),
    ],
)
def test_the_board_s_other_pages_are_accessible_and_fit_a_phone(
    url_name, kwargs, board_page, periods
):
    if "directive_pk" in kwargs:
        kwargs = {"directive_pk": periods.current.directive.pk}
    url = reverse(url_name, kwargs=kwargs)
    if url_name == "reports:report_list":
        url += f"?period={periods.late.pk}&state=late"
    response = board_page.goto(url)
    assert response.status == 200
    expect(board_page.get_by_role("heading", level=1)).to_be_visible()
    check_page(board_page)
