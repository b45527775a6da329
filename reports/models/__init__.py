from .evidence import Evidence
from .notifications import Notification
from .periods import ReportingPeriod
from .progress import IndicatorFigure, ProgressEntry, ProgressReport
from .summaries import Summary

__all__ = [
    "Evidence",
    "IndicatorFigure",
    "Notification",
    "ProgressEntry",
    "ProgressReport",
    "ReportingPeriod",
    "Summary",
]
