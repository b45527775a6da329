"""Lists that grow with the years are read one page at a time (issue 14): the reminders and the
summaries index, newest first, with links to the newer and older pages."""

import pytest
from django.urls import reverse

from assignments.models import User
from reports.models import Reminder, ReportingPeriod
from reports.paging import page_number
from reports.scale.generate import seed_scale
from reports.selectors.reminders import REMINDERS_PER_PAGE
from reports.selectors.summaries import SUMMARY_INDEX_PER_PAGE

from .test_scale import FIVE_YEARS

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_client(client):
    seed_scale(scale=FIVE_YEARS, seed=3, password="mật-khẩu")
    client.force_login(User.objects.filter(role=User.Role.BOARD).first())
    return client


def test_the_reminders_come_newest_first_a_page_at_a_time(board_client):
    newest = list(Reminder.objects.order_by("-created_at", "-pk").values_list("pk", flat=True))
    first = board_client.get(reverse("reports:reminder_list")).context["page"]
    assert [row["id"] for row in first.object_list] == newest[:REMINDERS_PER_PAGE]
    assert first.has_next and not first.has_previous
    second = board_client.get(reverse("reports:reminder_list"), {"page": 2})
    assert [row["id"] for row in second.context["page"].object_list] == newest[
        REMINDERS_PER_PAGE : 2 * REMINDERS_PER_PAGE
    ]
    assert 'href="?page=1"' in second.content.decode()
    assert 'href="?page=3"' in second.content.decode()


def test_the_summaries_index_lists_the_latest_periods_first_a_page_at_a_time(board_client):
    periods = list(ReportingPeriod.objects.order_by("-ends_on", "kind", "pk"))
    assert len(periods) > SUMMARY_INDEX_PER_PAGE
    page = board_client.get(reverse("reports:summary_index")).context["page"]
    assert [p.pk for p in page.object_list] == [p.pk for p in periods[:SUMMARY_INDEX_PER_PAGE]]
    last = board_client.get(reverse("reports:summary_index"), {"page": 2}).context["page"]
    assert [p.pk for p in last.object_list] == [p.pk for p in periods[SUMMARY_INDEX_PER_PAGE:]]
    assert not last.has_next
    issued = [s for p in last.object_list for s in p.visible_summaries]
    assert issued and all(s.reference for s in issued)


@pytest.mark.parametrize("value, expected", [(None, 1), ("abc", 1), ("-3", 1), ("0", 1), ("4", 4)])
def test_a_page_number_that_is_not_a_positive_number_is_the_first_page(value, expected):
    assert page_number(value) == expected
