from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from core.access import may
from core.generic_views import ObjectListView
from core.months import requested_month
from indicators import charts, selectors
from indicators.filters import IndicatorFilterSet
from indicators.models import MonthlyValue
from indicators.selectors import CHANGE_HISTORY_PERMISSION, value_history
from indicators.tables import IndicatorTable


class IndicatorListView(ObjectListView):
    queryset = selectors.catalogue_queryset()
    filterset_class = IndicatorFilterSet
    table_class = IndicatorTable
    title = "Indicators"
    permission_required = "indicators.view_indicator"


@login_required
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(
        selectors.catalogue_queryset().restrict(request.user, "view"), pk=pk
    )
    history = selectors.indicator_history(
        indicator=indicator,
        month=selectors.reporting_month(asked=requested_month(request)),
        values=MonthlyValue.objects.restrict(request.user, "view"),
    )
    chart = charts.trend_chart(
        indicator=indicator,
        months=history.chart_months,
        values=history.chart_values,
        provisional=history.chart_provisional,
        target=history.target,
        benchmarks=history.benchmarks,
        size=(900, 280),
    )
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "history": history,
            "chart": mark_safe(chart.svg),  # pygal's SVG; its texts are escaped by pygal
            "chart_key": chart.key,
            "title": indicator.ref,
            # The change history is the performance team's, not read at all for others.
            "changes": value_history(indicator=indicator, user=request.user)
            if may(request.user, CHANGE_HISTORY_PERMISSION)
            else None,
        },
    )
