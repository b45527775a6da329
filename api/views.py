"""The API (/api/v1/) and the calendar feed. Views are thin: reads through api.access and the
reports selectors, the one write through reports.services.progress."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from reports.documents import FORMATS
from reports.downloads import summary_file_response
from reports.selectors.progress import report_history
from reports.services.progress import (
    EntryInput,
    ReportConflict,
    ReportIncomplete,
    ReportNotEditable,
    report_save_draft,
    report_submit,
)

from . import access, serializers
from .calendars import calendar_build, calendar_feed_for, calendar_feed_renew
from .exports import period_export
from .models import APIClient, CalendarFeed

# --- Shared behaviour ----------------------------------------------------------------------------


class ConditionalMixin:
    # An ETag on every successful read; If-None-Match with the same tag is answered 304. (A
    # comment, not a docstring: drf-spectacular would print a docstring as every description.)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            set_response_etag(response)
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response


def _int_param(request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValidationError({name: _("Give a whole number (an id).")}) from None


def _filter_params(*names: str):
    descriptions = {
        "directive": gettext_lazy("Only what belongs to this directive (id)."),
        "period": gettext_lazy("Only this reporting period (id)."),
        "body": gettext_lazy("Only this body (id)."),
        "state": gettext_lazy("Only reports in this state."),
    }
    return [
        OpenApiParameter(
            name,
            OpenApiTypes.STR if name == "state" else OpenApiTypes.INT,
            description=descriptions[name],
        )
        for name in names
    ]


class ReadViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    lookup_value_converter = "int"
    # query parameter -> field it filters on
    filters: dict[str, str] = {}

    def filter_queryset(self, queryset):
        for param, field in self.filters.items():
            if param == "state":
                continue
            value = _int_param(self.request, param)
            if value is not None:
                queryset = queryset.filter(**{field: value})
        return queryset


# --- Reads ---------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("List the directives")),
    retrieve=extend_schema(summary=gettext_lazy("One directive")),
)
class DirectiveViewSet(ReadViewSet):
    serializer_class = serializers.DirectiveSerializer

    def get_queryset(self):
        return access.directives_visible_to(self.request.user).order_by("-date", "pk")


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("List the assignments"), parameters=_filter_params("directive")
    ),
    retrieve=extend_schema(summary=gettext_lazy("One assignment")),
)
class AssignmentViewSet(ReadViewSet):
    serializer_class = serializers.AssignmentSerializer
    filters = {"directive": "directive_id"}

    def get_queryset(self):
        from assignments.models import Assignment

        directives = access.directives_visible_to(self.request.user)
        return Assignment.objects.filter(directive__in=directives).order_by("directive", "number")


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("List the duties, with their indicators"),
        parameters=_filter_params("directive"),
    ),
    retrieve=extend_schema(summary=gettext_lazy("One duty")),
)
class DutyViewSet(ReadViewSet):
    serializer_class = serializers.DutySerializer
    filters = {"directive": "assignment__directive_id"}

    def get_queryset(self):
        from assignments.models import Duty

        directives = access.directives_visible_to(self.request.user)
        return (
            Duty.objects.filter(assignment__directive__in=directives)
            .select_related("assignment")
            .prefetch_related("indicators")
            .order_by("assignment__directive", "assignment__number", "number")
        )


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("List the bodies")),
    retrieve=extend_schema(summary=gettext_lazy("One body")),
)
class BodyViewSet(ReadViewSet):
    serializer_class = serializers.BodySerializer

    def get_queryset(self):
        return access.bodies_visible_to(self.request.user).order_by("sort_order", "name")


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("List the tasks: one duty for one body, in its role"),
        parameters=_filter_params("directive", "body"),
    ),
    retrieve=extend_schema(summary=gettext_lazy("One task")),
)
class TaskViewSet(ReadViewSet):
    serializer_class = serializers.TaskSerializer
    filters = {"directive": "duty__assignment__directive_id", "body": "body_id"}

    def get_queryset(self):
        return access.tasks_visible_to(self.request.user).order_by("duty", "-role", "body")


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("List the reporting periods"), parameters=_filter_params("directive")
    ),
    retrieve=extend_schema(summary=gettext_lazy("One reporting period")),
)
class PeriodViewSet(ReadViewSet):
    serializer_class = serializers.PeriodSerializer
    filters = {"directive": "directive_id"}

    def get_queryset(self):
        return access.periods_visible_to(self.request.user).order_by("directive", "ends_on", "kind")

    @extend_schema(
        summary=gettext_lazy("The period as JSON for the central task system"),
        description=gettext_lazy(
            "The directive, its assignments, duties and tasks, each body's report with "
            "statuses, results and figures, and the issued summary's reference (README, "
            "“Period export”). For those who read every body."
        ),
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["get"])
    def export(self, request, pk=None):
        access.check_may_export(request.user)
        return Response(period_export(period=self.get_object()))


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("List the progress reports you may see"),
        parameters=_filter_params("directive", "period", "body", "state"),
    ),
    retrieve=extend_schema(summary=gettext_lazy("One report with its entries and figures")),
)
class ReportViewSet(ReadViewSet):
    filters = {"directive": "period__directive_id", "period": "period_id", "body": "body_id"}

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ReportDetailSerializer
        if self.action in ("draft", "submit"):
            return serializers.ReportWriteSerializer
        return serializers.ReportSerializer

    def get_queryset(self):
        reports = access.api_reports_visible_to(self.request.user).select_related("period")
        if self.action == "retrieve":
            reports = reports.prefetch_related(
                "entries__duty__assignment", "entries__figures", "entries__evidence"
            )
        return reports.order_by("period", "body__sort_order", "body__name")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        state = self.request.query_params.get("state")
        if state:
            from reports.models import ProgressReport

            if state not in ProgressReport.State.values:
                raise ValidationError(
                    {
                        "state": _("Choose one of: %(states)s.")
                        % {"states": ", ".join(ProgressReport.State.values)}
                    }
                )
            queryset = queryset.filter(state=state)
        return queryset

    @extend_schema(
        summary=gettext_lazy("The report's history: who changed what, and when"),
        responses=serializers.HistoryStepSerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        steps = report_history(report=self.get_object())
        return Response(serializers.HistoryStepSerializer(steps, many=True).data)

    def _write(self, request, pk, service):
        report = access.get_report_for_write(request.user, pk)
        form = serializers.ReportWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        entries = {}
        for item in form.validated_data.get("entries", []):
            entries[item["duty"]] = EntryInput(
                status=item.get("status"),
                results=item.get("results"),
                difficulties=item.get("difficulties"),
                proposals=item.get("proposals"),
                figures={f["indicator"]: f["value"] for f in item.get("figures", [])},
            )
        # A client's write is recorded under its name; a person's under their own account.
        client = request.auth if isinstance(request.auth, APIClient) else None
        user = None if client else request.user
        via = client.name if client else ""
        try:
            saved = service(
                report=report,
                user=user,
                entries=entries,
                expected_version=form.validated_data["version"],
                via=via,
            )
        except ReportConflict as exc:
            return Response(
                {"detail": str(exc), "code": "conflict", "version": exc.report.version},
                status=status.HTTP_409_CONFLICT,
            )
        except ReportNotEditable as exc:
            return Response(
                {"detail": str(exc), "code": "not_editable", "version": exc.report.version},
                status=status.HTTP_409_CONFLICT,
            )
        except ReportIncomplete as exc:
            return Response(
                {
                    "detail": str(exc),
                    "code": "incomplete",
                    "version": exc.report.version,
                    "errors": {str(duty): fields for duty, fields in exc.errors.items()},
                },
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.messages) from exc
        return Response(serializers.ReportSerializer(saved).data)

    write_responses = {
        200: serializers.ReportSerializer,
        400: OpenApiResponse(description=gettext_lazy("A value is not acceptable.")),
        403: OpenApiResponse(description=gettext_lazy("Not your body's report.")),
        409: OpenApiResponse(
            serializers.ProblemSerializer,
            description=gettext_lazy(
                "Someone saved the report since the version you sent, or it was sent and is "
                "no longer editable. Nothing was written; read it again."
            ),
        ),
    }

    @extend_schema(
        summary=gettext_lazy("Save the body's report as a draft"),
        description=gettext_lazy(
            "The same save as the report page, with the same checks and history (marked “via "
            "API: <client name>”). Only the fields you send change."
        ),
        request=serializers.ReportWriteSerializer,
        responses=write_responses,
    )
    @action(detail=True, methods=["post"])
    def draft(self, request, pk=None):
        return self._write(request, pk, report_save_draft)

    @extend_schema(
        summary=gettext_lazy("Save and send the body's report to the board"),
        description=gettext_lazy(
            "Saves what you send, then sends the report if it is complete. If something is "
            "missing the answer is 422 with the errors per duty, and what you sent is kept as "
            "a draft."
        ),
        request=serializers.ReportWriteSerializer,
        responses={
            **write_responses,
            422: OpenApiResponse(
                serializers.ProblemSerializer,
                description=gettext_lazy("Incomplete: saved as a draft, not sent."),
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._write(request, pk, report_submit)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("List the periodic summaries you may see"),
        parameters=_filter_params("directive", "period"),
    ),
    retrieve=extend_schema(summary=gettext_lazy("One periodic summary")),
)
class SummaryViewSet(ReadViewSet):
    serializer_class = serializers.SummarySerializer
    filters = {"directive": "period__directive_id", "period": "period_id"}

    def get_queryset(self):
        return access.api_summaries_visible_to(self.request.user).order_by("period", "-version")

    @extend_schema(
        summary=gettext_lazy("Download the summary: docx, pdf or xlsx (the annex)"),
        parameters=[
            OpenApiParameter("fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(FORMATS))
        ],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"], url_path="download/<str:fmt>")
    def download(self, request, pk=None, fmt=None):
        summary = self.get_object()
        if fmt not in FORMATS:
            raise NotFound
        return summary_file_response(summary, fmt)


# --- Calendar feeds ------------------------------------------------------------------------------


def calendar_feed(request, token: str):
    """The .ics of the person whose secret token this is; the token is the only credential, so an
    unknown or renewed one is a 404 like any other wrong address."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        raise Http404
    CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=timezone.now())
    response = HttpResponse(
        calendar_build(user=feed.user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="han-bao-cao.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def calendar_subscribe(request):
    if request.method == "POST":
        calendar_feed_renew(user=request.user)
        return redirect("api:calendar_subscribe")
    feed = calendar_feed_for(user=request.user)
    url = request.build_absolute_uri(reverse("api:calendar_feed", args=[feed.token]))
    context = {"feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]}
    return render(request, "api/calendar_subscribe.html", context)
