"""Two board members issue the same draft at the same moment, on real PostgreSQL connections."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from reports.models import Summary
from reports.services.summaries import summary_assemble, summary_issue

from .factories_summaries import period_with_reports


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_issues_leave_one_number(directive, board, admin_user):
    data = period_with_reports(directive)
    draft = summary_assemble(period=data.period, user=board)
    barrier = threading.Barrier(2)
    outcomes = {}

    def issue(user, number):
        try:
            summary = Summary.objects.get(pk=draft.pk)
            barrier.wait()
            summary_issue(
                summary=summary, user=user, number=number, issued_on=datetime.date(2026, 7, 5)
            )
            outcomes[number] = "issued"
        except ValidationError:
            outcomes[number] = "refused"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=issue, args=(board, "12")),
        threading.Thread(target=issue, args=(admin_user, "13")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["issued", "refused"]
    winner = next(number for number, outcome in outcomes.items() if outcome == "issued")
    stored = Summary.objects.get(pk=draft.pk)
    assert (stored.state, stored.number) == (Summary.State.ISSUED, winner)
    assert stored.history.filter(state=Summary.State.ISSUED).count() == 1
