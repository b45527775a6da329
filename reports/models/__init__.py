from .chases import Chase
from .evidence import Evidence
from .notifications import Notification
from .periods import ReportingPeriod
from .progress import IndicatorFigure, ProgressEntry, ProgressReport
from .reminders import JobHeartbeat, Reminder
from .summaries import Summary, SummaryHighlight

__all__ = [
    "Chase",
    "Evidence",
    "IndicatorFigure",
    "JobHeartbeat",
    "Notification",
    "ProgressEntry",
    "ProgressReport",
    "Reminder",
    "ReportingPeriod",
    "Summary",
    "SummaryHighlight",
]
