"""The moments other apps act on, announced by the report and summary services inside the
transaction that made the change.

The connected-systems app (`api/`: webhooks) and the signed-copy app (`signatures/`: the office's
seal) listen from their `AppConfig.ready()`. Reports never imports them, so those apps depend on
reports and not the other way round. A listener that writes rows writes them in the announcing
transaction, so its outbox row is committed with the change or not at all.
"""

from django.dispatch import Signal

REPORT_SENT = "report.sent"
REPORT_ACCEPTED = "report.accepted"
REPORT_RETURNED = "report.returned"
SUMMARY_ISSUED = "summary.issued"

# Sent with `event` (one of the names above) and `report` or `summary`.
happened = Signal()


def announce(*, event: str, report=None, summary=None) -> None:
    happened.send(sender=announce, event=event, report=report, summary=summary)
