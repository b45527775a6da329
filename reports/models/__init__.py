from .chases import Chase
from .evidence import Evidence
from .notifications import Notification
from .periods import ReportingPeriod
from .progress import IndicatorFigure, ProgressEntry, ProgressReport
from .summaries import Summary

__all__ = [
    "Chase",
    "Evidence",
    "IndicatorFigure",
    "Notification",
    "ProgressEntry",
    "ProgressReport",
    "ReportingPeriod",
    "Summary",
]
