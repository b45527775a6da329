"""The API's JSON shapes. Reads mirror the models; the one write is a body's report."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assignments.models import Assignment, Body, Directive, Duty, Indicator, Task
from reports.documents import FORMATS
from reports.models import (
    Evidence,
    IndicatorFigure,
    ProgressEntry,
    ProgressReport,
    ReportingPeriod,
    Summary,
)


class DirectiveSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(
        read_only=True, help_text=_("Number and symbol, e.g. 12-CV/TU.")
    )

    class Meta:
        model = Directive
        fields = [
            "id",
            "reference",
            "number",
            "symbol",
            "date",
            "issuer",
            "place",
            "summary",
            "monitoring_body",
        ]


class AssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assignment
        fields = ["id", "directive", "number", "text"]


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "name", "unit"]


class DutySerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True, help_text=_("“1.2” for the second duty of 1."))
    directive = serializers.IntegerField(source="assignment.directive_id", read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Duty
        fields = ["id", "directive", "assignment", "number", "label", "text", "indicators"]


class BodySerializer(serializers.ModelSerializer):
    class Meta:
        model = Body
        fields = ["id", "code", "name", "name_en", "parent", "email", "is_active"]


class TaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = Task
        fields = ["id", "duty", "body", "role"]


class PeriodSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = ReportingPeriod
        fields = [
            "id",
            "directive",
            "kind",
            "year",
            "label",
            "starts_on",
            "ends_on",
            "data_cutoff",
            "body_due",
            "summary_due",
        ]


class FigureSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorFigure
        fields = ["indicator", "value"]


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "original_name", "content_type", "size", "uploaded_at"]


class EntrySerializer(serializers.ModelSerializer):
    duty_label = serializers.CharField(source="duty.label", read_only=True)
    figures = FigureSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressEntry
        fields = [
            "duty",
            "duty_label",
            "status",
            "results",
            "difficulties",
            "proposals",
            "figures",
            "evidence",
        ]


class ReportSerializer(serializers.ModelSerializer):
    is_late = serializers.BooleanField(
        read_only=True, help_text=_("Sent after the due date, or still unsent past it.")
    )

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "period",
            "body",
            "state",
            "version",
            "submitted_at",
            "reviewed_at",
            "review_comment",
            "updated_at",
            "is_late",
        ]


class ReportDetailSerializer(ReportSerializer):
    entries = EntrySerializer(many=True, read_only=True)

    class Meta(ReportSerializer.Meta):
        fields = ReportSerializer.Meta.fields + ["entries"]


class ChangeSerializer(serializers.Serializer):
    label = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()


class HistoryStepSerializer(serializers.Serializer):
    when = serializers.DateTimeField()
    user = serializers.SerializerMethodField()
    action = serializers.CharField()
    reason = serializers.CharField(help_text=_("The recorded change reason, e.g. “submitted”."))
    changes = ChangeSerializer(many=True)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_user(self, step) -> str | None:
        return str(step.user) if step.user else None


class SummarySerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True, help_text=_("e.g. 12-BC/BTGTU."))
    downloads = serializers.SerializerMethodField(
        help_text=_("Where to download the document as Word, PDF and the Excel annex.")
    )

    class Meta:
        model = Summary
        fields = [
            "id",
            "period",
            "version",
            "state",
            "number",
            "reference",
            "issued_on",
            "issued_at",
            "title",
            "downloads",
        ]

    @extend_schema_field(
        serializers.DictField(child=serializers.URLField(), help_text=_("Format → URL."))
    )
    def get_downloads(self, summary) -> dict:
        request = self.context.get("request")
        links = {}
        for fmt in FORMATS:
            path = reverse("api:summary-download", kwargs={"pk": summary.pk, "fmt": fmt})
            links[fmt] = request.build_absolute_uri(path) if request else path
        return links


# --- The body's write ----------------------------------------------------------------------------


class FigureWriteSerializer(serializers.Serializer):
    indicator = serializers.IntegerField()
    value = serializers.IntegerField(
        min_value=0, allow_null=True, help_text=_("null clears the figure.")
    )


class EntryWriteSerializer(serializers.Serializer):
    duty = serializers.IntegerField(help_text=_("The duty's id."))
    status = serializers.ChoiceField(
        choices=ProgressEntry.Status.choices, required=False, allow_blank=True
    )
    results = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    difficulties = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    proposals = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    figures = FigureWriteSerializer(many=True, required=False)


class ReportWriteSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=0,
        help_text=_(
            "The report's version you read. If someone saved since, the answer is 409 and "
            "nothing is written."
        ),
    )
    entries = EntryWriteSerializer(many=True, required=False)


class ProblemSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(required=False)
    version = serializers.IntegerField(required=False)
    errors = serializers.DictField(required=False)
