from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .models import IndicatorFigure, Notification, ProgressEntry, ProgressReport, ReportingPeriod
from .models.chases import Chase
from .models.evidence import Evidence
from .models.reminders import JobHeartbeat, Reminder
from .models.summaries import Summary, SummaryHighlight
from .outbox.models import OutgoingEmail
from .outbox.services import outbox_send_again
from .services.periods import reports_open
from .services.reminders import reminder_retry


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "year", "data_cutoff", "body_due", "summary_due"]
    list_filter = ["directive", "kind", "year"]
    search_fields = ["directive__summary", "year"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The same opening as `setup_periods`: a period never exists without its reports. Its
        # reports are keyed to the period, not its dates, so new dates keep them.
        opened = reports_open(period=obj)
        if opened:
            self.message_user(
                request,
                ngettext(
                    "%(count)d report was opened for this period.",
                    "%(count)d reports were opened for this period.",
                    len(opened),
                )
                % {"count": len(opened)},
            )


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
    # Kept by report_submit and report_return alone: the record and the ranking count them.
    readonly_fields = ["first_sent_at", "times_returned"]
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


@admin.register(Chase)
class ChaseAdmin(admin.ModelAdmin):
    list_display = ["body", "period", "chased_on", "chased_by", "created_at"]
    list_filter = ["period", "chased_on"]
    search_fields = ["body__name"]
    list_select_related = ["body", "period__directive", "chased_by"]
    date_hierarchy = "chased_on"


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "kind", "created_at", "read_at"]
    list_filter = ["kind", "read_at"]
    search_fields = ["title", "message", "user__username"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """The reminder job's record: what was claimed, sent or failed, and why."""

    list_display = [
        "kind",
        "body",
        "period",
        "occasion",
        "state",
        "attempts",
        "sent_at",
        "last_error",
    ]
    list_filter = ["state", "kind", "period"]
    search_fields = ["body__name", "last_error", "emailed_to"]
    list_select_related = ["body", "period__directive"]
    date_hierarchy = "created_at"
    actions = ["send_again"]

    def get_readonly_fields(self, request, obj=None):
        # Editing the record would defeat it: the job alone writes it.
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the failed reminders again"))
    def send_again(self, request, queryset):
        failed = list(queryset.filter(state=Reminder.State.FAILED))
        for reminder in failed:
            reminder_retry(reminder=reminder)
        self.message_user(
            request,
            ngettext(
                "%(count)d failed reminder will be sent again.",
                "%(count)d failed reminders will be sent again.",
                len(failed),
            )
            % {"count": len(failed)},
        )


@admin.register(JobHeartbeat)
class JobHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "last_started_at", "last_completed_at", "last_outcome"]
    readonly_fields = ["name", "last_started_at", "last_completed_at", "last_outcome"]

    def has_add_permission(self, request):
        return False


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    """Evidence is uploaded through the report form, which checks its type; here it is read."""

    list_display = ["original_name", "entry", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_select_related = [
        "entry__report__body",
        "entry__report__period",
        "entry__duty",
        "uploaded_by",
    ]
    search_fields = ["original_name", "entry__report__body__name"]
    readonly_fields = [
        "entry",
        "file",
        "original_name",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(Summary)
class SummaryAdmin(SimpleHistoryAdmin):
    """Read only: summaries are assembled, edited and issued through their pages, whose services
    keep an issued version frozen."""

    list_display = ["period", "version", "state", "number", "issued_on", "issued_by"]
    list_filter = ["state", "period__directive", "period"]
    search_fields = ["number", "title"]
    list_select_related = ["period__directive", "issued_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SummaryHighlight)
class SummaryHighlightAdmin(SimpleHistoryAdmin):
    """The passages the board marked for the summary; marked and unmarked on the report's page."""

    list_display = ["entry", "field", "excerpt", "marked_by", "marked_at"]
    list_filter = ["field", "entry__report__period"]
    list_select_related = [
        "entry__report__body",
        "entry__report__period",
        "entry__duty",
        "marked_by",
    ]
    raw_id_fields = ["entry", "marked_by"]
    search_fields = ["excerpt", "entry__report__body__name"]


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """The outbox: every e-mail the application sent or is still trying to send."""

    list_display = ["subject", "kind", "body", "state", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["state", "kind"]
    search_fields = ["subject", "recipients", "last_error", "body__name"]
    list_select_related = ["body"]
    date_hierarchy = "created_at"
    actions = ["send_again"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Try the failed e-mails again"))
    def send_again(self, request, queryset):
        count = sum(
            outbox_send_again(email=email)
            for email in queryset.filter(state=OutgoingEmail.State.FAILED)
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d failed e-mail will be tried again.",
                "%(count)d failed e-mails will be tried again.",
                count,
            )
            % {"count": count},
        )
