"""A body's record over the periods, and the ranking of bodies for a year (board, committee)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from reports.access import overseer_required
from reports.exports import ranking_xlsx
from reports.selectors.records import body_ranking, body_record, ranking_years


def _year(request, name: str, *, default: int | None, choices: list[int] | None) -> int | None:
    """A year from the query string (one of the choices, when given); a bad one is said so and
    replaced by the default."""
    value = request.GET.get(name, "").strip()
    if not value:
        return default
    if value.isdigit() and len(value) == 4 and (choices is None or int(value) in choices):
        return int(value)
    messages.warning(
        request,
        _("“%(value)s” is not a year with reporting periods; it was ignored.") % {"value": value},
    )
    return default


def _ranking_year(request, years: list[int]) -> int:
    today = timezone.localdate()
    # The latest year whose periods are all past is the one a year-end assessment looks at.
    default = next((y for y in years if y < today.year), years[0] if years else today.year)
    return _year(request, "year", default=default, choices=years)


@login_required
@overseer_required
def body_record_view(request, pk: int):
    first_year = _year(request, "from", default=None, choices=None)
    last_year = _year(request, "to", default=None, choices=None)
    if first_year and last_year and first_year > last_year:
        messages.warning(request, _("The span ended before it began; the two years were swapped."))
        first_year, last_year = last_year, first_year
    record = body_record(
        body_id=pk, first_year=first_year, last_year=last_year, page=request.GET.get("page")
    )
    if record is None:
        raise Http404
    # The pages of periods keep the span chosen.
    span = urlencode({k: v for k, v in (("from", first_year), ("to", last_year)) if v})
    return render(
        request,
        "reports/body_record.html",
        {"record": record, "page_query": f"?{span}&page=" if span else "?page="},
    )


@login_required
@overseer_required
def body_ranking_view(request):
    years = ranking_years()
    year = _ranking_year(request, years)
    rows = body_ranking(year=year)
    return render(
        request, "reports/body_ranking.html", {"year": year, "years": years, "rows": rows}
    )


@login_required
@overseer_required
def body_ranking_export(request):
    years = ranking_years()
    year = _ranking_year(request, years)
    return ranking_xlsx(year=year, rows=body_ranking(year=year))
