"""Two board members editing one draft: the later save is refused and keeps its text."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports.services.summaries import summary_assemble, summary_update

from .factories_summaries import period_with_reports

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(directive, board):
    return summary_assemble(period=period_with_reports(directive).period, user=board)


def _form_values(client, url):
    form = client.get(url).context["form"]
    return {name: form.initial.get(name, "") for name in form.fields}


def test_a_save_made_after_another_is_refused(draft, board):
    summary_update(summary=draft, user=board, values={"direction": "Lần một"}, expected_revision=0)
    with pytest.raises(ValidationError) as error:
        summary_update(
            summary=draft, user=board, values={"direction": "Lần hai"}, expected_revision=0
        )
    assert error.value.code == "conflict"
    draft.refresh_from_db()
    assert (draft.direction, draft.revision) == ("Lần một", 1)


def test_the_later_editor_keeps_their_text_and_can_then_save_it(client, board, draft):
    from tests.factories import UserFactory

    second = UserFactory(username="bantuyengiao2", role=board.role)
    url = reverse("reports:summary_edit", args=[draft.pk])
    client.force_login(board)
    first_values = _form_values(client, url)
    client.force_login(second)
    second_values = _form_values(client, url)

    client.force_login(board)
    first_values["direction"] = "Hướng của người thứ nhất"
    assert client.post(url, first_values).status_code == 302

    client.force_login(second)
    second_values["direction"] = "Hướng của người thứ hai"
    response = client.post(url, second_values)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Người khác đã lưu bản nháp này sau khi bạn mở" in page
    assert "Hướng của người thứ hai" in page
    draft.refresh_from_db()
    assert draft.direction == "Hướng của người thứ nhất"

    # Saving again from the re-rendered form knowingly keeps the second person's text.
    again = {name: response.context["form"][name].value() or "" for name in second_values}
    assert client.post(url, again).status_code == 302
    draft.refresh_from_db()
    assert draft.direction == "Hướng của người thứ hai"
