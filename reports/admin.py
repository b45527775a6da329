from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import IndicatorFigure, Notification, ProgressEntry, ProgressReport, ReportingPeriod


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "year", "data_cutoff", "body_due", "summary_due"]
    list_filter = ["directive", "kind", "year"]
    search_fields = ["directive__summary", "year"]


class ProgressEntryInline(admin.StackedInline):
    model = ProgressEntry
    extra = 0
    readonly_fields = ["duty"]


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    list_display = ["body", "period", "state", "submitted_at", "reviewed_at"]
    list_filter = ["state", "period__directive", "period", "body__parent"]
    search_fields = ["body__name", "review_comment"]
    list_select_related = ["body", "period__directive"]
    inlines = [ProgressEntryInline]


@admin.register(ProgressEntry)
class ProgressEntryAdmin(SimpleHistoryAdmin):
    list_display = ["report", "duty", "status"]
    list_filter = ["status", "report__period"]
    search_fields = ["results", "difficulties", "proposals", "report__body__name"]


@admin.register(IndicatorFigure)
class IndicatorFigureAdmin(SimpleHistoryAdmin):
    list_display = ["entry", "indicator", "value"]
    list_filter = ["indicator"]
    search_fields = ["indicator__name", "entry__report__body__name"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "kind", "created_at", "read_at"]
    list_filter = ["kind", "read_at"]
    search_fields = ["title", "message", "user__username"]
