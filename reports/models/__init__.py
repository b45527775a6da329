from .notifications import Notification
from .periods import ReportingPeriod
from .progress import IndicatorFigure, ProgressEntry, ProgressReport

__all__ = [
    "IndicatorFigure",
    "Notification",
    "ProgressEntry",
    "ProgressReport",
    "ReportingPeriod",
]
