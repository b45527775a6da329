# The outbox keeps its model in its own package; importing it here registers it with the app.
from ..outbox.models import OutgoingEmail  # noqa: E402
from .chases import Chase
from .evidence import Evidence
from .notifications import Notification
from .periods import ReportingPeriod
from .progress import IndicatorFigure, ProgressEntry, ProgressReport
from .reminders import JobHeartbeat, Reminder
from .summaries import Summary, SummaryFile, SummaryHighlight

__all__ = [
    "Chase",
    "Evidence",
    "IndicatorFigure",
    "JobHeartbeat",
    "Notification",
    "OutgoingEmail",
    "ProgressEntry",
    "ProgressReport",
    "Reminder",
    "ReportingPeriod",
    "Summary",
    "SummaryFile",
    "SummaryHighlight",
]
