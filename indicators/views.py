from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import mark_safe

from core.generic_views import ObjectListView
from indicators import charts, selectors
from indicators.filters import IndicatorFilterSet
from indicators.models import MonthlyValue
from indicators.tables import IndicatorTable
from returns.selectors import value_history


class IndicatorListView(ObjectListView):
    queryset = selectors.catalogue_queryset()
    filterset_class = IndicatorFilterSet
    table_class = IndicatorTable
    title = "Indicators"
    permission = "indicators.view_indicator"


def parse_month_text(text: str) -> date | None:
    """``YYYY-MM`` as the first day of that month; None when it is not one."""
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


def parse_month(text: str | None) -> date | None:
    """A ``?month=YYYY-MM`` parameter as a month; None when absent, 404 when malformed."""
    if not text:
        return None
    month = parse_month_text(text)
    if month is None:
        raise Http404("That month is not in the form YYYY-MM.")
    return month


def reporting_month(request: HttpRequest) -> date:
    """The month a page shows: ``?month=YYYY-MM``, else the newest with data, else last month."""
    asked = parse_month(request.GET.get("month"))
    if asked:
        return asked
    newest = selectors.latest_month()
    if newest:
        return newest
    today = timezone.localdate().replace(day=1)
    return date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)


@login_required
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(
        selectors.catalogue_queryset().restrict(request.user, "view"), pk=pk
    )
    history = selectors.indicator_history(
        indicator=indicator,
        month=reporting_month(request),
        values=MonthlyValue.objects.restrict(request.user, "view"),
    )
    chart = charts.trend_chart(
        title=f"{indicator.ref}: last {len(history.chart_months)} months",
        months=history.chart_months,
        values=history.chart_values,
        benchmarks=history.benchmarks,
        target=history.target,
    )
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "history": history,
            "chart": mark_safe(chart),
            "title": indicator.ref,
            "changes": value_history(indicator=indicator, user=request.user),
        },
    )
