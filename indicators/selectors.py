"""Reads of the catalogue and the monthly values, in a constant number of queries."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Case, Prefetch, QuerySet, TextField, Value, When

from indicators import calculations
from indicators.calculations import ComputedColumns, Preferred, add_months
from indicators.models import Benchmark, Indicator, MonthlyValue, Target, financial_year_of

SHOWN_MONTHS = 13  # the dataset shows the month and the twelve before it
HISTORY_MONTHS = 25  # enough for a year-on-year change on each of the shown months


@dataclass(frozen=True)
class MonthCell:
    month: date
    value: Decimal | None
    present: bool  # a row exists (the value may still be missing)


@dataclass(frozen=True)
class DatasetLine:
    """One indicator's line of the month's dataset, with every computed column."""

    indicator: Indicator
    month: date
    cells: list[MonthCell]  # the shown months, oldest first
    computed: ComputedColumns
    benchmarks: dict[str, Benchmark]  # latest per group
    target: Target | None
    commentary: str
    series: dict[date, Decimal | None]

    @property
    def value(self) -> Decimal | None:
        return self.series.get(self.month)


def month_window(month: date, count: int) -> list[date]:
    """``count`` months ending at ``month``, oldest first."""
    return [add_months(month, offset) for offset in range(1 - count, 1)]


def latest_benchmarks(benchmarks: Iterable[Benchmark]) -> dict[str, Benchmark]:
    """The most recent benchmark of each group (benchmarks come ordered newest year first)."""
    latest: dict[str, Benchmark] = {}
    for benchmark in benchmarks:
        latest.setdefault(benchmark.group, benchmark)
    return latest


def target_for(targets: Iterable[Target], month: date) -> Target | None:
    year = financial_year_of(month)
    return next((target for target in targets if target.financial_year == year), None)


def catalogue_queryset() -> QuerySet[Indicator]:
    return Indicator.objects.select_related("area", "owner", "reporter", "companion")


def month_dataset(
    *, month: date, indicators: QuerySet[Indicator] | None = None, months: int = SHOWN_MONTHS
) -> list[DatasetLine]:
    """Every active indicator's line for ``month``: five queries whatever their number.

    ``indicators`` narrows the set (e.g. one owner's); it is still filtered to those
    active in ``month``.
    """
    base = indicators if indicators is not None else Indicator.objects.all()
    window = month_window(month, months + 12)
    chosen = (
        base.active_in(month)
        .select_related("area", "owner", "reporter", "companion")
        .prefetch_related(
            Prefetch("benchmarks", queryset=Benchmark.objects.order_by("group", "-year")),
            "targets",
        )
    )
    chosen = list(chosen)
    # Plain tuples, and the commentary of the month only: a worklist reads 37 months of
    # every line, and model instances and old commentaries would cost more than the rest.
    values = MonthlyValue.objects.filter(
        indicator__in=[indicator.pk for indicator in chosen],
        month__gte=window[0],
        month__lte=month,
    ).values_list(
        "indicator_id",
        "month",
        "value",
        Case(When(month=month, then="commentary"), default=Value(""), output_field=TextField()),
    )
    series: dict[int, dict[date, Decimal | None]] = defaultdict(dict)
    commentaries: dict[int, str] = {}
    for indicator_id, row_month, value, commentary in values:
        series[indicator_id][row_month] = value
        if row_month == month:
            commentaries[indicator_id] = commentary
    return [
        _line(
            indicator,
            month=month,
            series=series[indicator.pk],
            commentary=commentaries.get(indicator.pk, ""),
            months=months,
        )
        for indicator in chosen
    ]


def _line(
    indicator: Indicator,
    *,
    month: date,
    series: dict[date, Decimal | None],
    commentary: str,
    months: int,
) -> DatasetLine:
    target = target_for(indicator.targets.all(), month)
    computed = calculations.compute(
        series=series,
        month=month,
        preferred=Preferred(indicator.preferred_direction),
        target=target.value if target else None,
        tolerance_pct=target.rag_tolerance if target else calculations.DEFAULT_TOLERANCE_PCT,
    )
    return DatasetLine(
        indicator=indicator,
        month=month,
        cells=[
            MonthCell(month=m, value=series.get(m), present=m in series)
            for m in month_window(month, months)
        ],
        computed=computed,
        benchmarks=latest_benchmarks(indicator.benchmarks.all()),
        target=target,
        commentary=commentary,
        series=series,
    )


@dataclass(frozen=True)
class HistoryRow:
    month: date
    value: Decimal | None
    computed: ComputedColumns
    commentary: str
    state: str


@dataclass(frozen=True)
class IndicatorHistory:
    """An indicator's recent months with their computed columns, for its page."""

    indicator: Indicator
    month: date
    rows: list[HistoryRow]  # newest first
    chart_months: list[date]
    chart_values: list[Decimal | None]
    benchmarks: dict[str, Benchmark]
    target: Target | None
    targets: list[Target]  # every year's, for the page to list without reading them again


def latest_month() -> date | None:
    """The newest month that has any value: what pages show when no month is asked for."""
    newest = MonthlyValue.objects.order_by("-month").values_list("month", flat=True).first()
    return newest


def indicator_history(
    *,
    indicator: Indicator,
    month: date,
    values: QuerySet[MonthlyValue],
    months: int = SHOWN_MONTHS,
    chart_months: int = 25,
) -> IndicatorHistory:
    """The last ``months`` months with computed columns and ``chart_months`` for the chart,
    from ``values`` - the monthly values the reader may see (``MonthlyValue.restrict``)."""
    first = add_months(month, 1 - max(months + 12, chart_months))
    rows = {
        row.month: row
        for row in values.filter(indicator=indicator, month__gte=first, month__lte=month)
    }
    series = {row_month: row.value for row_month, row in rows.items()}
    targets = list(indicator.targets.all())
    preferred = Preferred(indicator.preferred_direction)

    def history_row(row_month: date) -> HistoryRow:
        target = target_for(targets, row_month)
        row = rows.get(row_month)
        return HistoryRow(
            month=row_month,
            value=series.get(row_month),
            computed=calculations.compute(
                series=series,
                month=row_month,
                preferred=preferred,
                target=target.value if target else None,
                tolerance_pct=(
                    target.rag_tolerance if target else calculations.DEFAULT_TOLERANCE_PCT
                ),
            ),
            commentary=row.commentary if row else "",
            state=row.get_state_display() if row else "",
        )

    window = month_window(month, chart_months)
    return IndicatorHistory(
        indicator=indicator,
        month=month,
        rows=[history_row(m) for m in reversed(month_window(month, months))],
        chart_months=window,
        chart_values=[series.get(m) for m in window],
        benchmarks=latest_benchmarks(indicator.benchmarks.order_by("group", "-year")),
        target=target_for(targets, month),
        targets=targets,
    )
